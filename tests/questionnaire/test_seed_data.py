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


def numbered_questions():
    """The questions a State answers in any case: every question but notes and follow-ups."""
    return [q for _, q in all_questions() if q["kind"] != "note" and not q["show_if"]]


def test_short_precise_and_focused():
    questions = [q for _, q in all_questions()]
    assert 30 <= len(numbered_questions()) <= 60
    assert all(q["number"].isdigit() for q in numbered_questions())
    for question in questions:
        assert len(question["text"].split()) <= 40, question["key"]
        assert question["text"].count("?") <= 1, question["key"]
        assert "and/or" not in question["text"], question["key"]
    assert len({q["key"] for q in questions}) == len(questions)
    assert all(q["key"].startswith("som.") for q in questions)


def test_no_quality_warning_and_full_coverage():
    from questionnaire.builder.quality import coverage_matrix, document_warnings

    assert document_warnings(som_definition()) == []
    assert coverage_matrix(som_definition()).uncited == ()


def test_every_reviewable_article_is_cited_and_every_question_cites_a_provision():
    cited = set()
    for _, question in all_questions():
        if question["kind"] == "note":
            continue
        assert question["provisions"], question["key"]
        provisions = [parse_provision(text) for text in question["provisions"]]
        cited |= {provision.article for provision in provisions if not provision.instrument}
    assert {article.number for article in SOM_PROTOCOL.reviewable} <= cited
    assert {4, 19} <= cited  # scope, and the saving clause with non-refoulement
    assert not cited & {20, 21, 22, 23, 24, 25}  # final clauses are not reviewed


def by_key():
    return {q["key"]: q for _, q in all_questions()}


def test_the_provisions_the_expert_found_missing_are_asked_where_they_belong():
    questions = by_key()
    expected = {
        "som.crim.smuggling": {"art. 6 (1) (a)", "art. 3 (a)", "art. 3 (b)"},
        "som.crim.documents": {"art. 6 (1) (b) (i)", "art. 6 (1) (b) (ii)", "art. 3 (c)"},
        "som.crim.benefit": {"art. 6 (1)", "art. 3 (a)", "art. 6 (4)"},
        "som.crim.scope": {"art. 4"},
        "som.crim.jurisdiction_territory": {"art. 1 (2)", "art. 1 (3)", "Convention art. 15 (1) (a)", "Convention art. 15 (1) (b)"},
        "som.crim.jurisdiction_nationals": {"art. 1 (2)", "art. 1 (3)", "Convention art. 15 (3)", "Convention art. 16 (10)"},
        "som.crim.jurisdiction_optional": {"Convention art. 15 (2) (a)", "Convention art. 15 (2) (b)"},
        "som.prev.rights": {"art. 16 (1)"},
        "som.prev.violence": {"art. 16 (2)"},
        "som.prev.technical_assistance": {"art. 14 (3)"},
        "som.prev.non_refoulement": {"art. 19 (1)"},
        "som.enf.border_cooperation": {"art. 11 (6)"},
        "som.enf.carrier_sanctions": {"art. 11 (4)"},
        "som.enf.entry_denial": {"art. 11 (5)"},
        "som.enf.statistics": {"art. 6"},
        "som.coop.sea": {"art. 3 (d)"},
        "som.coop.sea_authority": {"art. 8 (6)"},
        "som.coop.return_former_residents": {"art. 18 (2)"},
        "som.prev.training_cooperation": {"art. 14 (2)"},
    }
    for key, provisions in expected.items():
        assert provisions <= set(questions[key]["provisions"]), key
    assert "art. 6 (1)" not in questions["som.crim.jurisdiction_territory"]["provisions"]


def test_the_treatys_terms_and_purpose_element():
    questions = by_key()
    assert "procure" in questions["som.crim.smuggling"]["text"]
    assert "illegal entry" in questions["som.crim.smuggling"]["text"]
    assert "irregular" not in questions["som.crim.smuggling"]["text"]
    purpose = "in order to obtain, directly or indirectly, a financial or other material benefit"
    assert purpose in questions["som.crim.benefit"]["text"]
    for key in ("som.crim.smuggling", "som.crim.documents", "som.crim.illegal_stay"):
        assert "financial or other material benefit" in questions[key]["text"], key
    assert "humanitarian" in questions["som.crim.humanitarian"]["text"]
    assert "family members" in questions["som.crim.humanitarian"]["text"]
    assert all(word in questions["som.enf.statistics"]["text"] for word in ("investigated", "prosecuted", "convicted", "three years"))


def test_follow_ups_never_presume_failure():
    for _, question in all_questions():
        assert not question["text"].startswith("Explain why"), question["key"]


def test_keys_of_unchanged_questions_are_those_of_version_1():
    """Questions kept from version 1 keep their keys, so answers can be compared across versions."""
    kept = {
        "som.crim.intro", "som.crim.smuggling", "som.crim.smuggling.legislation", "som.crim.smuggling.links",
        "som.crim.smuggling.law_date", "som.crim.documents", "som.crim.documents.legislation", "som.crim.illegal_stay",
        "som.crim.illegal_stay.legislation", "som.crim.ancillary", "som.crim.aggravation", "som.crim.migrant_liability",
        "som.crim.migrant_liability.legislation", "som.crim.benefit", "som.crim.challenges", "som.crim.assistance",
        "som.crim.assistance_details", "som.prev.training", "som.prev.training.legislation", "som.prev.awareness",
        "som.prev.root_causes", "som.prev.rights", "som.prev.rights.legislation", "som.prev.danger",
        "som.prev.women_children", "som.prev.consular", "som.prev.challenges", "som.prev.assistance",
        "som.prev.assistance_details", "som.enf.border", "som.enf.border.legislation", "som.enf.carriers",
        "som.enf.document_security", "som.enf.document_security.legislation", "som.enf.verification",
        "som.enf.verification.authority", "som.enf.challenges", "som.enf.assistance", "som.enf.assistance_details",
        "som.coop.sea", "som.coop.sea.legislation", "som.coop.information", "som.coop.agreements", "som.coop.return",
        "som.coop.return.legislation", "som.coop.challenges", "som.coop.assistance", "som.coop.assistance_details",
    }
    assert kept <= set(by_key())
    unchanged_texts = {"som.crim.migrant_liability", "som.prev.training", "som.prev.awareness", "som.prev.root_causes",
                       "som.prev.danger", "som.prev.women_children", "som.prev.consular", "som.enf.border",
                       "som.enf.carriers", "som.enf.document_security", "som.enf.verification", "som.coop.information",
                       "som.coop.agreements", "som.coop.return", "som.crim.ancillary", "som.crim.aggravation"}
    for key in unchanged_texts:
        assert by_key()[key]["text"] == VERSION_1_TEXTS[key], key


VERSION_1_TEXTS = {
    "som.crim.migrant_liability": "Has your country ensured that migrants cannot be prosecuted for smuggling offences merely because they were the object of smuggling?",
    "som.prev.training": "Has your country given immigration and other relevant officials specialized training on preventing migrant smuggling, including the humane treatment of smuggled migrants?",
    "som.prev.awareness": "Has your country run public information campaigns about the criminal nature and dangers of migrant smuggling?",
    "som.prev.root_causes": "Has your country supported development programmes that tackle the socio-economic root causes of migrant smuggling?",
    "som.prev.danger": "Does your country give appropriate assistance to migrants whose life or safety is endangered because they were smuggled?",
    "som.prev.women_children": "Do your country's protection and assistance measures take account of the special needs of women and children?",
    "som.prev.consular": "Are detained smuggled migrants informed without delay of their right to communicate with their consular officials?",
    "som.enf.border": "Has your country strengthened its border controls to counter the smuggling of migrants?",
    "som.enf.carriers": "Does your law require commercial carriers to check that passengers hold the travel documents needed to enter the destination State?",
    "som.enf.document_security": "Has your country taken measures to make the travel and identity documents it issues hard to misuse, forge or alter?",
    "som.enf.verification": "Does your country verify, at another State's request and within a reasonable time, whether documents issued in its name are legitimate and valid?",
    "som.coop.information": "Does your country exchange information with other States on smuggling routes, methods and the criminal groups involved?",
    "som.coop.agreements": "Has your country concluded bilateral or regional agreements against migrant smuggling?",
    "som.coop.return": "Has your country taken measures to accept, without undue delay, the return of its smuggled nationals or permanent residents?",
    "som.crim.ancillary": "Which forms of involvement in the smuggling offences are themselves criminal offences under your law?",
    "som.crim.aggravation": "Which circumstances make a smuggling offence more serious under your law?",
}


def test_the_shipped_document_is_the_next_version_of_som_protocol():
    assert som_definition()["slug"] == "som-protocol" and som_definition()["version"] == 2


def test_main_questions_use_the_scale_with_follow_ups_for_each_answer():
    questions = by_key()
    main = [q for q in questions.values() if q["kind"] == "yes_partly_no"]
    assert len(main) >= 8
    for question in main:
        follow_ups = [q for q in questions.values() if (q["show_if"] or {}).get("question") == question["key"]]
        legislation = [q for q in follow_ups if q["text"] == "Cite the applicable legislation and provisions."]
        assert [q["show_if"]["in"] for q in legislation] == [["yes", "partly"]], question["key"]
        gaps = [q for q in follow_ups if q["show_if"]["in"] == ["partly", "no"]]
        assert [q["text"] for q in gaps] == ["Which elements are not covered, and what measures are planned or under way?"], question["key"]
        assert all(q["required"] for q in legislation + gaps)


def test_yes_no_and_choice_questions_collect_legislation_or_a_description():
    questions = by_key()
    for question in questions.values():
        if question["kind"] not in ("yes_no", "single_choice") or question["show_if"]:
            continue
        follow_ups = [q for q in questions.values() if (q["show_if"] or {}).get("question") == question["key"]]
        assert any(q["kind"] == "long_text" and q["required"] for q in follow_ups), question["key"]


def test_each_cluster_asks_about_challenges_and_technical_assistance():
    for cluster in som_definition()["clusters"]:
        kinds_by_suffix = {q["key"].rsplit(".", 1)[-1]: q["kind"] for q in cluster["questions"]}
        assert kinds_by_suffix.get("assistance") == "multiple_choice", cluster["code"]
        assert kinds_by_suffix.get("challenges") == "long_text", cluster["code"]


def test_every_kind_is_used_at_least_once():
    from questionnaire.kinds import KIND_NAMES

    assert {q["kind"] for _, q in all_questions()} == set(KIND_NAMES)


def shipped_states():
    return json.loads(resources.files("questionnaire").joinpath("data", "states.json").read_text("utf-8"))


def test_all_193_member_states_with_codes_and_regional_groups():
    states = [s for s in shipped_states()["states"] if s.get("kind", "member_state") == "member_state"]
    assert len(states) == 193
    assert len({s["iso3"] for s in states}) == 193 and len({s["name"] for s in states}) == 193
    assert all(len(s["iso3"]) == 3 and s["iso3"].isupper() for s in states)
    groups = Counter(s["regional_group"] for s in states)
    assert set(groups) == set(REGIONAL_GROUPS)
    assert groups["Latin American and Caribbean States"] == 33


def test_party_status_with_its_source_and_date():
    data = shipped_states()
    assert data["som_party_as_at"] == "2024-04-26" and "United Nations Treaty Collection" in data["som_party_source"]
    party = {s["iso3"]: s["som_party"] for s in data["states"]}
    # The depositary lists 152 parties: 151 States and the European Union. The shipped list marks 156 States:
    # the five in excess cannot be told from the reference data and are named as such in som_party_note.
    assert sum(party.values()) == 157 and party["EUU"]
    assert sum(party[s["iso3"]] for s in data["states"] if s.get("kind", "member_state") == "member_state") == 156
    assert "156 States" in data["som_party_note"] and "five States in excess" in data["som_party_note"]
    for iso3 in ("IND", "SDN", "GAB", "MNG", "MEX", "NGA", "FRA", "USA", "CZE", "BHR", "JPN"):
        assert party[iso3], iso3
    for iso3 in ("BOL", "COG", "GNQ", "TCD", "CHN", "IRN", "PAK", "AND", "BTN", "THA"):
        assert not party[iso3], iso3


def test_the_european_union_is_shipped_as_an_organization_without_code_or_group():
    eu = next(s for s in shipped_states()["states"] if s["name"] == "European Union")
    assert (eu["kind"], eu["regional_group"], eu["som_party"]) == ("organization", None, True)


def test_the_loader_reads_the_shipped_party_status(db):
    from questionnaire.models import State
    from questionnaire.models.participants import parties
    from questionnaire.seed import load_states, party_list_source

    load_states(db)
    in_force = parties(db, "som")
    codes = {db.get(State, i).iso3 for i in in_force.state_ids}
    assert len(codes) == 157 and {"IND", "SDN", "EUU"} <= codes and not {"BOL", "TCD", "COG", "GNQ"} & codes
    assert party_list_source().as_at.isoformat() == "2024-04-26" and in_force.as_at.isoformat() == "2024-04-26"
    eu = db.get(State, next(i for i in in_force.state_ids if db.get(State, i).iso3 == "EUU"))
    assert (eu.kind, eu.regional_group, eu.group, eu.has_iso3) == (
        "organization", None, "Regional economic integration organization", False)
