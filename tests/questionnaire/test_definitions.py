"""The definition document: every problem reported with its place, nothing written unless all is valid."""
import copy
import json

import pytest
from sqlalchemy import func, select

from questionnaire.definitions import DefinitionInvalid
from questionnaire.definitions.document import dump_json, export_definition, export_document, import_document, parse_json
from questionnaire.definitions.validate import check_document
from questionnaire.models import Question, Questionnaire
from questionnaire.seed import som_definition, som_document


def minimal_document():
    return {
        "format": "saq-definition",
        "format_version": 1,
        "slug": "mini",
        "title": "Mini",
        "instrument": "Smuggling of Migrants Protocol",
        "version": 1,
        "languages": ["en"],
        "clusters": [
            {
                "code": "I",
                "title": "Criminalization and jurisdiction",
                "description": "",
                "questions": [
                    {"key": "q.main", "number": "1", "text": "Is smuggling a crime?", "guidance": "", "kind": "yes_partly_no",
                     "required": True, "provisions": ["art. 6 (1) (a)"], "options": {}, "show_if": None},
                    {"key": "q.main.explain", "number": "1.1", "text": "Please explain.", "guidance": "", "kind": "long_text",
                     "required": True, "provisions": ["art. 6 (1) (a)"], "options": {}, "show_if": {"question": "q.main", "in": ["no"]}},
                ],
            }
        ],
    }


def places(document):
    return [problem.place for problem in check_document(document)]


def test_the_shipped_som_questionnaire_and_a_minimal_document_are_valid():
    assert check_document(som_definition()) == []
    assert check_document(minimal_document()) == []


def mutate(path_and_value):
    document = minimal_document()
    target = document
    *parents, last = path_and_value[0]
    for part in parents:
        target = target[part]
    if path_and_value[1] is KeyError:
        del target[last]
    else:
        target[last] = path_and_value[1]
    return document


QUESTION = ("clusters", 0, "questions", 0)
FOLLOW_UP = ("clusters", 0, "questions", 1)


@pytest.mark.parametrize(
    ("change", "place", "words"),
    [
        ((("format",), "xlsform"), "format", "saq-definition"),
        ((("format_version",), 3), "format_version", "must be 1 or 2"),
        ((QUESTION + ("kind",), "essay"), "clusters[0].questions[0].kind", "not a question kind"),
        ((QUESTION + ("key",), KeyError), "clusters[0].questions[0].key", "is missing"),
        ((FOLLOW_UP + ("key",), "q.main"), "clusters[0].questions[1].key", "used by another question"),
        ((QUESTION + ("text",), "   "), "clusters[0].questions[0].text", "must not be empty"),
        ((QUESTION + ("provisions",), ["art. 99"]), "clusters[0].questions[0].provisions[0]", "no article 99"),
        ((QUESTION + ("provisions",), ["article six"]), "clusters[0].questions[0].provisions[0]", "not a provision"),
        ((FOLLOW_UP + ("show_if",), {"question": "q.none", "in": ["no"]}), "clusters[0].questions[1].show_if.question", "not a question before"),
        ((FOLLOW_UP + ("show_if",), {"question": "q.main", "in": ["maybe"]}), "clusters[0].questions[1].show_if.in[0]", "not an answer"),
        ((("instrument",), "Some Treaty"), "instrument", "not an instrument"),
        ((("clusters",), []), "clusters", "at least one cluster"),
        ((QUESTION + ("colour",), "red"), "clusters[0].questions[0].colour", "not a known field"),
    ],
)
def test_each_problem_is_reported_with_its_place(change, place, words):
    problems = check_document(mutate(change))
    assert any(p.place == place and words in p.message for p in problems), problems


def test_a_choices_kind_needs_two_choices():
    document = minimal_document()
    document["clusters"][0]["questions"][0].update(kind="single_choice", options={"choices": [{"value": "a", "label": "A"}]})
    document["clusters"][0]["questions"][1]["show_if"] = None
    assert any(p.place.startswith("clusters[0].questions[0].options") for p in check_document(document))


def test_a_follow_up_pointing_forward_is_refused():
    document = minimal_document()
    questions = document["clusters"][0]["questions"]
    questions.reverse()
    assert "clusters[0].questions[0].show_if.question" in places(document)


def test_every_problem_is_reported_at_once():
    document = minimal_document()
    document["format_version"] = 3
    document["clusters"][0]["questions"][0]["kind"] = "essay"
    document["clusters"][0]["questions"][1]["text"] = ""
    assert {"format_version", "clusters[0].questions[0].kind", "clusters[0].questions[1].text"} <= set(places(document))


@pytest.mark.parametrize("text", ["{not json", "", "[1, 2", b"\xff\xfe"])
def test_malformed_json_is_a_problem_not_a_crash(text):
    with pytest.raises(DefinitionInvalid) as raised:
        parse_json(text)
    assert raised.value.problems and raised.value.problems[0].message


def test_an_invalid_document_writes_nothing(db):
    document = minimal_document()
    document["clusters"][0]["questions"][1]["kind"] = "essay"
    with pytest.raises(DefinitionInvalid):
        import_document(db, document)
    assert db.scalar(select(func.count()).select_from(Questionnaire)) == 0
    assert db.scalar(select(func.count()).select_from(Question)) == 0


def test_import_creates_a_draft_then_the_next_version(db):
    first = import_document(db, minimal_document())
    second = import_document(db, minimal_document())
    assert (first.status, first.version) == ("draft", 1)
    assert (second.version, second.parent_id) == (2, first.id)
    assert [q.key for q in second.questions_in_order()] == ["q.main", "q.main.explain"]


def test_export_import_export_gives_the_same_document_but_for_the_version(db):
    original = som_document()
    first = export_definition(db, import_document(db, copy.deepcopy(original)))
    db.flush()
    second = export_definition(db, import_document(db, json.loads(dump_json(first))))
    assert first == original
    assert second["version"] == first["version"] + 1
    assert {**second, "version": first["version"]} == first


def test_a_plain_version_1_document_imports_and_exports_the_same(db):
    original = som_definition()
    assert original["format_version"] == 1 and isinstance(original["title"], str)
    questionnaire = import_document(db, copy.deepcopy(original))
    assert export_document(questionnaire) == original
    assert questionnaire.source == "en"
