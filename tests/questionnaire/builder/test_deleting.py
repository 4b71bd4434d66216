"""Nothing destroyed by one click: deletions ask first and say what goes; one working draft at a time."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from questionnaire import lifecycle
from questionnaire.builder.question_fields import QuestionFields
from questionnaire.builder.questions import add_question
from questionnaire.builder.structure import add_cluster, create_blank
from questionnaire.models import AuditEvent, Cluster, Question, Questionnaire, utcnow


@pytest.fixture
def draft(db):
    """Cluster I: q1 (Yes / Yes, in part / No); cluster II: q2, a follow-up of q1; cluster III: q3."""
    questionnaire = create_blank(db, None, "deletable", "Deletable questionnaire")
    first, second, third = (add_cluster(db, questionnaire, None, code, title)
                            for code, title in (("I", "Crime"), ("II", "Help"), ("III", "Sea")))
    add_question(db, first, None, QuestionFields(key="q1", text="Is smuggling a crime?", kind="yes_partly_no",
                                                 number="1", provisions=["art. 6"]))
    add_question(db, second, None, QuestionFields(key="q2", text="Cite the law.", kind="long_text", number="2",
                                                  provisions=["art. 6"], show_if={"question": "q1", "in": ["yes"]}))
    add_question(db, third, None, QuestionFields(key="q3", text="Any sea cases?", kind="yes_no", number="3",
                                                 provisions=["art. 8"]))
    db.commit()
    return questionnaire


def _count(db, model) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model))


def test_deleting_a_cluster_needs_the_confirmation_which_lists_its_questions(client, login, make_user, draft, db):
    login(make_user("secretariat"))
    third = draft.clusters[2]
    url = f"/builder/{draft.id}/clusters/{third.id}/delete"
    assert f'href="{url}"' in client.get(f"/builder/{draft.id}").get_data(as_text=True)
    page = client.post(url).get_data(as_text=True)  # a bare POST, as one click would send
    assert "Delete cluster III. Sea?" in page and "3 Any sea cases?" in page and "cannot be undone" in page
    assert _count(db, Cluster) == 3 and _count(db, Question) == 3
    response = client.post(url, data={"confirmed": "yes"})
    assert response.status_code == 302 and _count(db, Cluster) == 2 and _count(db, Question) == 2


def test_the_confirmation_names_follow_ups_pointing_into_what_would_go(client, login, make_user, draft, db):
    login(make_user("secretariat"))
    page = client.get(f"/builder/{draft.id}/clusters/{draft.clusters[0].id}/delete").get_data(as_text=True)
    assert "It cannot be deleted yet" in page and "2 Cite the law." in page and 'name="confirmed"' not in page
    page = client.get(f"/builder/{draft.id}/questions/{draft.clusters[0].questions[0].id}/delete").get_data(as_text=True)
    assert "Delete question 1?" in page and "2 Cite the law." in page
    client.post(f"/builder/{draft.id}/questions/{draft.clusters[0].questions[0].id}/delete", data={"confirmed": "yes"})
    assert _count(db, Question) == 3


def test_a_second_new_version_goes_to_the_existing_draft(client, login, make_user, draft, db):
    lifecycle.endorse(db, draft, None, "Working group")
    lifecycle.adopt(db, draft, None)
    lifecycle.open_for_answers(db, draft, None, utcnow() + timedelta(days=30))
    db.commit()
    login(make_user("secretariat"))
    first = client.post(f"/builder/{draft.id}/new-version")
    second = client.post(f"/builder/{draft.id}/new-version")
    assert first.headers["Location"] == second.headers["Location"]
    assert _count(db, Questionnaire) == 2
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "Version 2 is already the working draft" in page


def test_a_never_endorsed_draft_is_deleted_after_confirmation_and_recorded(client, login, make_user, draft, db):
    login(make_user("secretariat", name="A. Secretariat"))
    url = f"/builder/{draft.id}/delete"
    assert "Delete the draft Deletable questionnaire, version 1?" in client.get(url).get_data(as_text=True)
    client.post(url)
    assert _count(db, Questionnaire) == 1
    assert client.post(url, data={"confirmed": "yes"}).status_code == 302
    assert _count(db, Questionnaire) == 0 and _count(db, Question) == 0
    assert db.scalar(select(AuditEvent.action).where(AuditEvent.action == "questionnaire.delete"))
    audit = client.get("/audit/").get_data(as_text=True)
    assert "A. Secretariat deleted the draft “Deletable questionnaire”, version 1" in audit


def test_an_endorsed_questionnaire_cannot_be_deleted(client, login, make_user, draft, db):
    lifecycle.endorse(db, draft, None, "Working group")
    db.commit()
    login(make_user("secretariat"))
    client.post(f"/builder/{draft.id}/delete", data={"confirmed": "yes"})
    assert _count(db, Questionnaire) == 1
