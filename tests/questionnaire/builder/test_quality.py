"""Quality warnings ("short, precise and focused") and the coverage matrix, on plain documents."""
from __future__ import annotations

import copy

import pytest

from questionnaire.instruments import SOM_PROTOCOL
from questionnaire.builder.quality import CitingQuestion, QualityWarning, coverage_matrix, document_warnings
from questionnaire.seed import som_definition

REVIEWABLE = [article.number for article in SOM_PROTOCOL.reviewable]


def question(key: str, text: str = "Has your country criminalized smuggling?", provisions=("art. 6 (1) (a)",),
             kind: str = "yes_no", number: str = "1") -> dict:
    return {"key": key, "number": number, "text": text, "guidance": "", "kind": kind, "required": False,
            "provisions": list(provisions), "options": {}, "show_if": None}


def document(*clusters: dict) -> dict:
    return {"format": "saq-definition", "format_version": 1, "slug": "t", "title": "T",
            "instrument": SOM_PROTOCOL.name, "version": 1, "languages": ["en"], "clusters": list(clusters)}


def cluster(code: str, *questions: dict) -> dict:
    return {"code": code, "title": f"Cluster {code}", "description": "", "questions": list(questions)}


def covering_every_article() -> dict:
    """A document citing every reviewable article, so that only the warning under test remains."""
    return document(cluster("A", question("all", provisions=[f"art. {n}" for n in REVIEWABLE])))


def warnings_at(doc: dict, place: str) -> list[str]:
    return [w.message for w in document_warnings(doc) if w.place == place]


def test_the_shipped_questionnaire_is_short_precise_and_covers_every_article():
    warnings = document_warnings(som_definition())
    assert [w for w in warnings if "words" in w.message or "more than one" in w.message] == []
    assert [w for w in warnings if w.place == "instrument"] == []
    assert [w for w in warnings if w.place.endswith(".provisions")] == []  # the intro note needs none


def test_a_clean_document_has_no_warning():
    assert document_warnings(covering_every_article()) == []


def test_a_question_over_forty_words_is_flagged_with_its_word_count():
    doc = covering_every_article()
    doc["clusters"][0]["questions"].append(question("long", "Does " + "word " * 40 + "apply?"))
    (message,) = warnings_at(doc, "clusters[0].questions[1].text")
    assert "long has 42 words" in message and "40" in message
    doc["clusters"][0]["questions"][1]["text"] = "Does " + "word " * 38 + "apply?"  # 40 words exactly
    assert warnings_at(doc, "clusters[0].questions[1].text") == []


@pytest.mark.parametrize(
    ("text", "flagged"),
    (
        ("Has your country criminalized smuggling? Are there penalties?", True),
        ("Does the law cover attempts and/or does it cover participation?", True),
        ("Is there a central authority and/or describe how requests are handled.", True),
        ("Cite the applicable laws and/or regulations.", False),
        ("Has your country criminalized smuggling by land, sea and air?", False),
    ),
)
def test_more_than_one_question_in_one_text(text, flagged):
    doc = covering_every_article()
    doc["clusters"][0]["questions"].append(question("two", text))
    messages = warnings_at(doc, "clusters[0].questions[1].text")
    assert bool(messages) is flagged
    if flagged:
        assert "two asks more than one question" in messages[0]


def test_a_question_citing_no_provision_is_flagged_but_a_note_is_not():
    doc = covering_every_article()
    doc["clusters"][0]["questions"] += [
        question("bare", provisions=()),
        question("intro", "Answer for the law in force. Is it clear? Good?", provisions=(), kind="note"),
    ]
    assert warnings_at(doc, "clusters[0].questions[1].provisions") == [
        "bare cites no provision; tie every question to an article it reviews"
    ]
    assert [w for w in document_warnings(doc) if "questions[2]" in w.place] == []


def test_a_cluster_without_questions_is_flagged():
    doc = covering_every_article()
    doc["clusters"].append(cluster("EMPTY"))
    assert warnings_at(doc, "clusters[1]") == ["cluster EMPTY has no question; add questions or remove it"]


def test_every_reviewable_article_no_question_cites_is_named_with_its_title():
    doc = document(cluster("I", question("a", provisions=["art. 6 (1) (a)", "art. 3 (a)"])))
    messages = warnings_at(doc, "instrument")
    assert len(messages) == len(REVIEWABLE) - 2
    assert "no question cites article 16 (Protection and assistance measures)" in messages
    assert not any("article 6 " in m or "article 3 " in m for m in messages)
    assert "no question cites article 19 (Saving clause)" in messages  # reviewed for non-refoulement
    assert not any("article 20 " in m or "article 25 " in m for m in messages)  # final clauses are not reviewed


def test_warnings_read_as_place_colon_message_and_survive_a_broken_document():
    warning = QualityWarning("clusters[0]", "cluster X has no question")
    assert str(warning) == "clusters[0]: cluster X has no question"
    broken = {"instrument": "unknown", "clusters": [None, {"questions": [None, {"text": 3, "provisions": "x"}]}]}
    assert [w.place for w in document_warnings(broken)] == [
        "clusters[0]", "clusters[1].questions[0].provisions", "clusters[1].questions[1].provisions"
    ]
    assert document_warnings("not a document") == []  # type: ignore[arg-type]


def test_coverage_matrix_places_each_citing_question_under_its_article_and_cluster():
    doc = document(
        cluster("I", question("a", provisions=["art. 6 (1) (a)", "art. 6 (1) (b)", "art. 3 (a)"], number="1"),
                question("b", provisions=["art. 6 (2)"], number="2")),
        cluster("II", question("c", provisions=["art. 16 (4)", "art. 6"], number="7")),
    )
    matrix = coverage_matrix(doc)
    assert matrix.clusters == ("I", "II") and matrix.cluster_titles == ("Cluster I", "Cluster II")
    assert [row.number for row in matrix.rows] == REVIEWABLE
    assert matrix.cell(6, "I") == (CitingQuestion("a", "1"), CitingQuestion("b", "2"))  # "a" once
    assert matrix.cell(6, "II") == (("c", "7"),)
    assert matrix.cell(16, "I") == () and matrix.cell(16, "II") == (("c", "7"),)
    row16 = next(row for row in matrix.rows if row.number == 16)
    assert (row16.title, row16.default_cluster) == ("Protection and assistance measures", "II")
    assert [article.number for article in matrix.uncited] == [n for n in REVIEWABLE if n not in (3, 6, 16)]
    with pytest.raises(KeyError):
        matrix.cell(20, "I")  # final clauses are not reviewed


def test_coverage_matrix_of_the_shipped_questionnaire_cites_every_article_mostly_in_its_default_cluster():
    matrix = coverage_matrix(som_definition())
    assert matrix.uncited == ()
    for row in matrix.rows:
        assert row.cells[matrix.clusters.index(row.default_cluster)], f"article {row.number}"


def test_coverage_matrix_does_not_change_the_document():
    doc = som_definition()
    before = copy.deepcopy(doc)
    coverage_matrix(doc)
    document_warnings(doc)
    assert doc == before
