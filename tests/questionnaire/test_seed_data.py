"""The shipped data: the SOM Protocol questionnaire and the UN member States."""
import json
from collections import Counter
from importlib import resources

from questionnaire.instruments import SOM_PROTOCOL, parse_provision
from questionnaire.models import REGIONAL_GROUPS
from questionnaire.seed import som_definition


def all_questions():
    return [(cluster["code"], q) for cluster in som_definition()["clusters"] for q in cluster["questions"]]


def test_four_clusters_in_the_mechanisms_order():
    clusters = som_definition()["clusters"]
    assert [c["code"] for c in clusters] == ["I", "II", "III", "IV"]
    assert clusters[0]["title"] == "Criminalization and jurisdiction"
    assert clusters[3]["title"].startswith("International cooperation")


def test_short_precise_and_focused():
    questions = [q for _, q in all_questions()]
    assert 30 <= len(questions) <= 60
    for question in questions:
        assert len(question["text"].split()) <= 40, question["key"]
        assert question["text"].count("?") <= 1, question["key"]
        assert "and/or" not in question["text"], question["key"]
    assert len({q["key"] for q in questions}) == len(questions)
    assert all(q["key"].startswith("som.") for q in questions)


def test_every_reviewable_article_is_cited_and_every_question_cites_a_provision():
    cited = set()
    for _, question in all_questions():
        if question["kind"] == "note":
            continue
        assert question["provisions"], question["key"]
        cited |= {parse_provision(text).article for text in question["provisions"]}
    assert {article.number for article in SOM_PROTOCOL.reviewable} <= cited
    assert not cited & {19, 20, 21, 22, 23, 24, 25}  # final clauses are not reviewed


def test_main_questions_use_the_scale_with_follow_ups_for_each_answer():
    by_key = {q["key"]: q for _, q in all_questions()}
    main = [q for q in by_key.values() if q["kind"] == "yes_partly_no"]
    assert len(main) >= 8
    for question in main:
        follow_ups = [q for q in by_key.values() if (q["show_if"] or {}).get("question") == question["key"]]
        shown_for = {value for q in follow_ups for value in q["show_if"]["in"]}
        assert {"yes", "partly", "no"} <= shown_for, question["key"]


def test_each_cluster_asks_about_challenges_and_technical_assistance():
    for cluster in som_definition()["clusters"]:
        kinds_by_suffix = {q["key"].rsplit(".", 1)[-1]: q["kind"] for q in cluster["questions"]}
        assert kinds_by_suffix.get("assistance") == "multiple_choice", cluster["code"]
        assert kinds_by_suffix.get("challenges") == "long_text", cluster["code"]


def test_every_kind_is_used_at_least_once():
    from questionnaire.kinds import KIND_NAMES

    assert {q["kind"] for _, q in all_questions()} == set(KIND_NAMES)


def test_all_193_member_states_with_codes_and_regional_groups():
    states = json.loads(resources.files("questionnaire").joinpath("data", "states.json").read_text("utf-8"))
    assert len(states) == 193
    assert len({s["iso3"] for s in states}) == 193 and len({s["name"] for s in states}) == 193
    assert all(len(s["iso3"]) == 3 and s["iso3"].isupper() for s in states)
    groups = Counter(s["regional_group"] for s in states)
    assert set(groups) == set(REGIONAL_GROUPS)
    assert groups["Latin American and Caribbean States"] == 33
    assert 140 <= sum(s["som_party"] for s in states) <= 160
