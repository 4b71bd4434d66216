"""`definition check` counts in words that read right for one and for more: 1 cluster, 2 clusters; 1 text,
2 texts; 1 more, 2 more; and its warnings begin with "Warning:" in the interface language."""
from __future__ import annotations

import json

import pytest

from questionnaire.definitions.translated import LanguageGaps
from questionnaire.seed import som_document
from tests.factories import small_document


def _check(runner, tmp_path, document: dict):
    path = tmp_path / "definition.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(args=["definition", "check", str(path)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(("clusters", "summary"), [
    (1, "one version 1: 1 cluster, 1 question — valid"),
    (2, "one version 1: 2 clusters, 2 questions — valid"),
])
def test_the_summary_counts_clusters_and_questions(runner, tmp_path, clusters, summary):
    document = small_document("one")  # each cluster with its last question (none that another one shows)
    document["clusters"] = [{**cluster, "questions": cluster["questions"][-1:]}
                            for cluster in document["clusters"][:clusters]]
    assert summary in _check(runner, tmp_path, document).splitlines()


@pytest.mark.parametrize(("total", "line"), [
    (1, "fr: 1 text translated, the only one"),
    (2, "fr: all 2 texts translated"),
])
def test_a_language_with_every_text_translated_counts_them(runner, tmp_path, monkeypatch, total, line):
    monkeypatch.setattr("questionnaire.builder.cli.document_gaps", lambda document: [LanguageGaps("fr", total)])
    assert line in _check(runner, tmp_path, small_document("one")).splitlines()


@pytest.mark.parametrize(("missing", "counted", "more"), [
    (1, "Warning: fr: 1 text of 356 not translated", None),
    (2, "Warning: fr: 2 texts of 356 not translated", None),
    (11, "Warning: fr: 11 texts of 356 not translated", "  … and 1 more (--all lists it)"),
    (12, "Warning: fr: 12 texts of 356 not translated", "  … and 2 more (--all lists them)"),
])
def test_the_texts_not_translated_are_counted(runner, tmp_path, missing, counted, more):
    document = som_document()
    questions = [question for cluster in document["clusters"] for question in cluster["questions"]]
    for question in questions[:missing]:
        del question["text"]["fr"]
    lines = _check(runner, tmp_path, document).splitlines()
    assert counted in lines
    assert [line for line in lines if line.startswith("  …")] == ([more] if more else [])


def test_a_warning_begins_with_warning_in_the_interface_language(app, runner, tmp_path, lay_words):
    lay_words({"fr": {(None, "Warning: %(message)s"): "Avertissement : %(message)s"}})
    app.config["BABEL_DEFAULT_LOCALE"] = "fr"  # a command has no reader to ask: it speaks the default language
    document = som_document()
    first = document["clusters"][0]["questions"][1]
    first["text"] = {**first["text"], "en": "Does " + "word " * 43 + "apply?"}  # a quality warning
    del first["text"]["fr"]  # and a language warning
    lines = _check(runner, tmp_path, document).splitlines()
    warnings = [line for line in lines if line.startswith("Avertissement : ")]
    assert len(warnings) == 2 and warnings[0].startswith("Avertissement : clusters[0].questions[1].text: "), lines
    assert not any(line.lower().startswith("warning") for line in lines)
