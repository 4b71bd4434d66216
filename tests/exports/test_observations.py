"""Observations: reviewers put questions to a State or keep notes; the State sees its questions beside
its answers and replies; nobody else sees them."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from questionnaire.models import Answer, Observation, Response
from tests.factories import cluster_url, q_of


@pytest.fixture
def submitted(small, states, make_user, add_response):
    add_response(small, states["MEX"], {"crim": "yes", "crim.law": "Act 5 of 2010", "agree": "bi"},
                 make_user("focal_point", state="MEX", email="fp-mex@example.org"))
    add_response(small, states["NGA"], {"crim": "no", "crim.why": "Not yet", "agree": "multi"},
                 make_user("focal_point", state="NGA", email="fp-nga@example.org"))
    return small


def answer_id(db, questionnaire, iso3, key):
    return db.scalar(select(Answer.id).join(Response).join(Response.state)
                     .where(Response.questionnaire_id == questionnaire.id, Answer.question_id == q_of(questionnaire, key).id)
                     .where(Response.state.has(iso3=iso3)))


def observe(client, questionnaire, iso3, answer, text, kind="question"):
    return client.post(f"/replies/{questionnaire.id}/{iso3}/observations",
                       data={"answer_id": answer, "kind": kind, "text": text, "next": ""})


def test_question_to_the_state_round_trip(client, login, make_user, db, submitted):
    reviewer = make_user("reviewer")
    login(reviewer)
    law = answer_id(db, submitted, "MEX", "crim.law")
    assert observe(client, submitted, "MEX", law, "Which article of the Act?").status_code == 302
    assert observe(client, submitted, "MEX", law, "Compare with the 2012 reform.", kind="note").status_code == 302
    html = client.get(f"/replies/{submitted.id}/MEX").get_data(as_text=True)
    assert "Which article of the Act?" in html and "Compare with the 2012 reform." in html

    login(make_user("focal_point", state="MEX"))
    page = client.get(cluster_url(submitted, code="A")).get_data(as_text=True)
    assert "Which article of the Act?" in page
    assert "Compare with the 2012 reform." not in page  # internal to the reviewers
    question = db.scalar(select(Observation).where(Observation.kind == "question"))
    assert client.post(f"/observations/{question.id}/reply", data={"reply": "Article 12.", "next": "/"}).status_code == 302
    question = db.scalar(select(Observation).where(Observation.kind == "question"))
    assert question.reply == "Article 12." and question.replied_by.role.value == "focal_point"
    assert db.get(Answer, law).value == "Act 5 of 2010"  # the answer stays as submitted
    assert "Article 12." in client.get(cluster_url(submitted, code="A")).get_data(as_text=True)

    login(reviewer)
    assert client.post(f"/replies/observations/{question.id}/close", data={"next": "/replies/"}).status_code == 302
    assert db.get(Observation, question.id).status.value == "closed"
    assert "Article 12." in client.get(f"/replies/{submitted.id}/questions/{q_of(submitted, 'crim.law').id}").get_data(as_text=True)


def test_other_states_never_see_an_observation(client, login, make_user, db, submitted):
    login(make_user("reviewer"))
    observe(client, submitted, "MEX", answer_id(db, submitted, "MEX", "crim"), "Only for Mexico")
    question = db.scalar(select(Observation))
    login(make_user("focal_point", state="NGA"))
    assert "Only for Mexico" not in client.get(cluster_url(submitted, iso3="NGA", code="A")).get_data(as_text=True)
    assert client.post(f"/observations/{question.id}/reply", data={"reply": "We answer"}).status_code == 404
    assert db.get(Observation, question.id).reply is None


def test_a_state_cannot_reply_to_an_internal_note(client, login, make_user, db, submitted):
    login(make_user("reviewer"))
    observe(client, submitted, "MEX", answer_id(db, submitted, "MEX", "crim"), "Internal", kind="note")
    note = db.scalar(select(Observation))
    login(make_user("focal_point", state="MEX"))
    assert client.post(f"/observations/{note.id}/reply", data={"reply": "Seen"}).status_code == 404
    assert db.get(Observation, note.id).reply is None


def test_no_observation_on_an_answer_of_another_reply_or_questionnaire(client, login, make_user, db, submitted,
                                                                       make_questionnaire, states, add_response):
    other = make_questionnaire("other")
    add_response(other, states["MEX"], {"crim": "no"}, make_user("expert", state="MEX"))
    login(make_user("reviewer"))
    assert observe(client, submitted, "MEX", answer_id(db, other, "MEX", "crim"), "Wrong one").status_code == 404
    assert observe(client, submitted, "MEX", answer_id(db, submitted, "NGA", "crim"), "Wrong State").status_code == 404
    assert db.scalar(select(Observation)) is None


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_observation_is_refused(client, login, make_user, db, submitted, text):
    login(make_user("reviewer"))
    response = observe(client, submitted, "MEX", answer_id(db, submitted, "MEX", "crim"), text)
    assert response.status_code == 302
    assert db.scalar(select(Observation)) is None
    assert "Write the observation" in client.get(f"/replies/{submitted.id}/MEX").get_data(as_text=True)


def test_national_users_neither_write_nor_close(client, login, make_user, db, submitted):
    login(make_user("focal_point", state="MEX"))
    assert observe(client, submitted, "MEX", answer_id(db, submitted, "MEX", "crim"), "Self").status_code == 403
    assert client.post("/replies/observations/1/close").status_code == 403


def test_observation_posts_need_the_csrf_token(csrf_app, login, make_user, db, submitted, csrf_token):
    client = csrf_app.test_client()
    login(make_user("reviewer"), on=client)
    crim = answer_id(db, submitted, "MEX", "crim")
    assert observe(client, submitted, "MEX", crim, "No token").status_code == 400
    token = csrf_token(client.get(f"/replies/{submitted.id}/MEX").data)
    response = client.post(f"/replies/{submitted.id}/MEX/observations",
                           data={"answer_id": crim, "kind": "question", "text": "With token", "csrf_token": token})
    assert response.status_code == 302
    assert db.scalar(select(Observation.text)) == "With token"


def _workbook(client, url):
    import io

    import openpyxl

    response = client.get(url)
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.data))


def test_workbooks_carry_observations_on_a_sheet_and_beside_the_answer(client, login, make_user, db, submitted):
    login(make_user("reviewer"))
    crim = answer_id(db, submitted, "MEX", "crim")
    observe(client, submitted, "MEX", crim, "=Which article?")
    observe(client, submitted, "MEX", crim, "Internal remark", kind="note")
    wb = _workbook(client, "/exports/download.xlsx?questionnaire=small@1")
    rows = list(wb["Observations"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[5], r[6]) for r in rows] == [("MEX", "Question to the State", "=Which article?"),
                                                 ("MEX", "Internal note", "Internal remark")]
    sheet = wb["A Criminalization"]
    headers = [cell.value for cell in sheet[1]]
    beside = headers.index("1 — observations")
    assert headers[beside - 1].startswith("1 ")
    mex = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "MEX")
    assert "=Which article?" in mex[beside] and "Internal remark" in mex[beside]
    assert sheet.cell(row=2, column=beside + 1).data_type == "s"  # text, never a formula

    login(make_user("focal_point", state="MEX"))
    wb = _workbook(client, "/exports/states/MEX/workbook?questionnaire=small&version=1")
    texts = [r[6] for r in wb["Observations"].iter_rows(min_row=2, values_only=True)]
    assert texts == ["=Which article?"]  # the State never sees internal notes
    login(make_user("focal_point", state="NGA"))
    wb = _workbook(client, "/exports/states/NGA/workbook?questionnaire=small&version=1")
    assert list(wb["Observations"].iter_rows(min_row=2, values_only=True)) == []
