"""The builder's pages in plain words: problems by cluster and question, answer types by name, follow-up
rules as sentences, form errors beside their fields, refusals that say why."""
from __future__ import annotations

from datetime import timedelta

import pytest

from questionnaire import lifecycle
from questionnaire.builder.question_fields import QuestionFields
from questionnaire.builder.questions import add_question
from questionnaire.builder.structure import add_cluster, create_blank
from questionnaire.models import Question, utcnow


@pytest.fixture
def draft(db):
    """Cluster I with q1 (Yes / Yes, in part / No), q2 shown when q1 is yes or partly, and q3 without text."""
    questionnaire = create_blank(db, None, "plain", "Plain questionnaire")
    cluster = add_cluster(db, questionnaire, None, "I", "Criminalization")
    add_question(db, cluster, None, QuestionFields(key="q1", text="Is smuggling a crime?", kind="yes_partly_no",
                                                   number="1", provisions=["art. 6"], required=True))
    add_question(db, cluster, None, QuestionFields(key="q2", text="Cite the law.", kind="long_text", number="1.1",
                                                   provisions=["art. 6"], show_if={"question": "q1", "in": ["yes", "partly"]}))
    db.commit()
    return questionnaire


def test_a_problem_is_named_by_cluster_and_question_not_by_a_json_path(client, login, make_user, draft, db):
    db.get(Question, draft.clusters[0].questions[1].id).show_if = {"question": "q1", "in": ["maybe"]}
    db.commit()
    login(make_user("secretariat"))
    page = client.get(f"/builder/{draft.id}").get_data(as_text=True)
    assert "Cluster I, question 1.1 “Cite the law.”: follow-up rule &#34;maybe&#34; is not an answer" in page
    assert "clusters[0]" not in page and "questions[1]" not in page


def test_answer_types_by_name_and_follow_ups_as_sentences(client, login, make_user, draft):
    login(make_user("secretariat"))
    page = client.get(f"/builder/{draft.id}").get_data(as_text=True)
    assert "Yes / Yes, in part / No" in page and ">yes_partly_no<" not in page
    assert "Shown when question 1 is Yes or Yes, in part" in page and "∈" not in page


def test_an_empty_endorsement_form_names_each_missing_field(client, login, make_user, draft):
    login(make_user("secretariat"))
    response = client.post(f"/builder/{draft.id}/endorse", data={})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Date of endorsement: This field is required." in summary
    assert "Session of the Working Group: Choose the session" in summary
    assert page.count('class="error-message"') >= 2  # beside each field as well


def test_typing_the_add_addresses_of_an_open_questionnaire_says_the_structure_is_frozen(client, login, make_user, draft, db):
    lifecycle.endorse(db, draft, None, "Working group")
    lifecycle.adopt(db, draft, None)
    lifecycle.open_for_answers(db, draft, None, utcnow() + timedelta(days=30))
    db.commit()
    login(make_user("secretariat"))
    for path in (f"/builder/{draft.id}/clusters/new", f"/builder/{draft.id}/clusters/{draft.clusters[0].id}/questions/new"):
        page = client.get(path, follow_redirects=True).get_data(as_text=True)
        assert "This questionnaire opened for answers on" in page
        assert "its structure no longer changes; correct the wording, or start a new version." in page
        assert "Code: None" not in page and "Not a valid choice" not in page


def test_the_question_form_groups_each_option_under_the_answer_types_that_read_it(client, login, make_user, draft):
    login(make_user("secretariat"))
    page = client.get(f"/builder/{draft.id}/questions/{draft.clusters[0].questions[0].id}").get_data(as_text=True)
    assert 'data-kinds="number"' in page and 'data-kinds="number date"' in page
    assert "For answers of type: Number" in page
    group = page.split('data-kinds="links"', 1)[1].split("</fieldset>", 1)[0]
    assert 'name="max_links"' in group and 'name="min"' not in group
