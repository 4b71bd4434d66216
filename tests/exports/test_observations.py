"""Observations: reviewers put questions to a State or keep notes; the State sees its questions beside
its answers and replies; nobody else sees them."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forms.replies import load_answers
from questionnaire.models import Answer, Observation, Response
from questionnaire.observations.service import questions_to_state
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


def test_the_csv_carries_observations_beside_each_answer_as_safe_text(client, login, make_user, db, submitted):
    import csv
    import io

    login(make_user("reviewer"))
    crim = answer_id(db, submitted, "MEX", "crim")
    observe(client, submitted, "MEX", crim, "=HYPERLINK(\"http://x\")")
    observe(client, submitted, "MEX", crim, "Closed one", kind="note")
    note = db.scalar(select(Observation).where(Observation.text == "Closed one"))
    client.post(f"/replies/observations/{note.id}/close", data={"next": "/replies/"})
    response = client.get("/exports/download.csv?questionnaire=small@1")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    header = rows[0]
    at, still_open = header.index("Observations"), header.index("Open observations")
    assert at == header.index("Answered at") + 1 and still_open == at + 1
    by_key = {(row[2], row[8]): row for row in rows[1:]}
    text = by_key["MEX", "crim"][at]
    assert text.startswith("Question to the State (open): =HYPERLINK") and "Internal note (closed): Closed one" in text
    assert by_key["MEX", "crim"][still_open] == "1"
    assert by_key["MEX", "agree"][at] == "" and by_key["MEX", "agree"][still_open] == ""
    assert by_key["NGA", "crim"][at] == ""

    login(make_user("focal_point", state="MEX"))
    client.post(f"/observations/{db.scalar(select(Observation.id).where(Observation.kind == 'question'))}/reply",
                data={"reply": "+See article 12", "next": "/"})
    login(make_user("reviewer"))
    rows = list(csv.reader(io.StringIO(client.get("/exports/download.csv?questionnaire=small@1").data.decode("utf-8-sig"))))
    text = next(row for row in rows[1:] if row[2] == "MEX" and row[8] == "crim")[at]
    assert "Reply: +See article 12" in text


@pytest.mark.parametrize("text", ["=1+2", "@SUM(A1)", "-3", "+4"])
def test_an_observation_field_that_starts_like_a_formula_gets_an_apostrophe(app, monkeypatch, text):
    """Whatever the observations' field begins with (a translated label, say), it never becomes a formula."""
    import datetime as dt
    import io

    import exports.csv_writer as writer
    from exports.loading import ExportData, ObservationRow, StateResponse

    class Question:
        id, key, number, kind, cluster_id, provisions, text, options = 1, "crim", "1", "short_text", 1, [], "Q", {}

    class Cluster:
        id, code, questions = 1, "A", [Question]

    class Version:
        slug, version = "small", 1

    when = dt.datetime(2026, 1, 1)
    response = StateResponse("MEX", "Mexico", "G", "submitted", when, {"crim": "Law"}, {"crim": ("Ana", when)}, {"crim"})
    data = ExportData(Version, [Cluster], [Question], ("A",), [response], [], when, "",
                      observations=[ObservationRow("MEX", "crim", False, "x", "R", when, True, "", "", None)])
    monkeypatch.setattr(writer, "observation_texts", lambda _data: {("MEX", "crim"): text})
    buffer = io.BytesIO()
    with app.test_request_context():
        writer.write_csv(data, buffer)
    assert buffer.getvalue().decode("utf-8-sig").splitlines()[1].split(",")[-3] == "'" + text


def _asked_and_noted(client, login, make_user, db, submitted):
    """A question (answered by the State) and an internal note on Mexico's answer to "crim.law"."""
    reviewer = make_user("reviewer")
    login(reviewer)
    law = answer_id(db, submitted, "MEX", "crim.law")
    observe(client, submitted, "MEX", law, "Which article of the Act?")
    observe(client, submitted, "MEX", law, "Weak answer, compare with 2012", kind="note")
    login(make_user("focal_point", state="MEX", email="fp2-mex@example.org"))
    question = db.scalar(select(Observation.id).where(Observation.kind == "question"))
    client.post(f"/observations/{question}/reply", data={"reply": "Article 12 of the Act.", "next": "/"})
    return reviewer


@pytest.mark.parametrize("page", ["review", "print"])
@pytest.mark.parametrize("role", ["focal_point", "expert"])
def test_the_state_sees_questions_and_replies_on_its_review_and_printable_pages(client, login, make_user, db,
                                                                                submitted, page, role):
    _asked_and_noted(client, login, make_user, db, submitted)
    login(make_user(role, state="MEX"))
    response = client.get(f"/answers/{submitted.id}/MEX/{page}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Which article of the Act?" in html and "Article 12 of the Act." in html
    assert "Weak answer" not in html  # internal to the reviewers
    assert 'name="reply"' not in html  # replies are written beside the answer on the answering page
    if page == "print":  # beside the answer it concerns
        block = html[html.index(f'id="question-{q_of(submitted, "crim.law").id}"'):]
        assert block.index("Act 5 of 2010") < block.index("Which article of the Act?") < block.index('class="question"')


def test_questions_to_the_state_are_found_by_the_answers_flags(client, login, make_user, db, submitted):
    """Pages read with the answers whether a question to the State stands on each (``StoredAnswer.asked``):
    the flags give the State and the reviewers the question on "crim.law", never the reviewers' note, and
    another State nothing."""
    reviewer = _asked_and_noted(client, login, make_user, db, submitted)
    mexico, nigeria = make_user("focal_point", state="MEX"), make_user("focal_point", state="NGA")
    response_id = db.scalar(select(Response.id).where(Response.questionnaire_id == submitted.id,
                                                      Response.state.has(iso3="MEX")))
    flagged = load_answers(db, [response_id])[response_id]
    assert [answer.asked for answer in flagged.values()].count(True) == 1

    def texts(found: dict[int, list[Observation]]) -> dict[int, list[str]]:
        return {question_id: [observation.text for observation in questions]
                for question_id, questions in found.items()}

    law = q_of(submitted, "crim.law").id
    for user, expected in ((mexico, {law: ["Which article of the Act?"]}),
                           (reviewer, {law: ["Which article of the Act?"]}), (nigeria, {})):
        assert texts(questions_to_state(db, user, flagged)) == expected


@pytest.mark.parametrize("page", ["review", "print"])
def test_another_state_gets_404_for_those_pages_and_sees_none_on_its_own(client, login, make_user, db, submitted, page):
    _asked_and_noted(client, login, make_user, db, submitted)
    login(make_user("focal_point", state="NGA"))
    assert client.get(f"/answers/{submitted.id}/MEX/{page}").status_code == 404
    html = client.get(f"/answers/{submitted.id}/NGA/{page}").get_data(as_text=True)
    assert "Which article" not in html and "Article 12" not in html and "Weak answer" not in html


def test_reviewers_read_questions_notes_and_replies_beside_the_answer(client, login, make_user, db, submitted):
    reviewer = _asked_and_noted(client, login, make_user, db, submitted)
    login(reviewer)
    html = client.get(f"/replies/{submitted.id}/MEX").get_data(as_text=True)
    block = html[html.index(f'id="question-{q_of(submitted, "crim.law").id}"'):]
    for text in ("Act 5 of 2010", "Which article of the Act?", "Reply of the State", "Article 12 of the Act.",
                 "Weak answer, compare with 2012"):
        assert text in block.split('class="question"')[0], text
    # the printable reply is the State's document: questions put to it and its replies, never the notes
    html = client.get(f"/answers/{submitted.id}/MEX/print").get_data(as_text=True)
    assert "Article 12 of the Act." in html and "Reply of the State" in html and "Weak answer" not in html


def test_an_over_long_observation_or_reply_is_refused_and_nothing_is_written(client, login, make_user, db, submitted):
    from questionnaire.observations.service import TEXT_LIMIT

    login(make_user("reviewer"))
    law = answer_id(db, submitted, "MEX", "crim.law")
    observe(client, submitted, "MEX", law, "x" * (TEXT_LIMIT + 1))
    assert db.scalar(select(Observation)) is None
    assert "Keep it to" in client.get(f"/replies/{submitted.id}/MEX").get_data(as_text=True)
    observe(client, submitted, "MEX", law, "y" * TEXT_LIMIT)  # exactly the limit is kept
    question = db.scalar(select(Observation))
    assert question is not None and len(question.text) == TEXT_LIMIT

    login(make_user("focal_point", state="MEX"))
    client.post(f"/observations/{question.id}/reply", data={"reply": "z" * (TEXT_LIMIT + 1), "next": "/"})
    db.expire_all()
    assert db.get(Observation, question.id).reply is None


def test_in_arabic_names_dates_and_texts_of_observations_keep_their_own_direction(client, login, make_user, db,
                                                                                submitted):
    login(make_user("reviewer", name="Demo Reviewer"))
    observe(client, submitted, "MEX", answer_id(db, submitted, "MEX", "crim.law"), "Please cite the offence.")
    page = client.get(f"/replies/{submitted.id}/MEX?lang=ar").get_data(as_text=True)
    assert "<bdi>Demo Reviewer</bdi>" in page
    assert '<p class="observation-text" dir="auto">Please cite the offence.</p>' in page
    login(make_user("focal_point", state="MEX"))
    state_page = client.get(cluster_url(submitted, code="A") + "?lang=ar").get_data(as_text=True)
    assert '<p class="observation-text" dir="auto">Please cite the offence.</p>' in state_page


def test_the_reply_page_has_no_duplicate_ids_and_saving_returns_to_the_answer(csrf_app, client, login, make_user, db,
                                                                              submitted):
    import re
    from collections import Counter

    login(make_user("reviewer"))
    law = answer_id(db, submitted, "MEX", "crim.law")
    page = client.get(f"/replies/{submitted.id}/MEX").get_data(as_text=True)
    repeated = [name for name, count in Counter(re.findall(r'\sid="([^"]+)"', page)).items() if count > 1]
    assert repeated == []
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    saved = client.post(f"/replies/{submitted.id}/MEX/observations", data={
        "csrf_token": token, "answer_id": law, "kind": "question", "text": "Which article?",
        "next": f"/replies/{submitted.id}/MEX#observations-{law}"})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"#observations-{law}")


def test_addresses_in_answers_are_links_dates_read_the_readers_way_and_text_stays_text(client, login, make_user, db, small, states,
                                                             add_response):
    add_response(small, states["MEX"], {
        "crim": "yes", "crim.law": "See https://sherloc.unodc.org/cld/en/law.html <script>alert(1)</script>",
        "agree": "bi", "sources": [{"title": "Penal code", "url": "https://example.org/code?a=1&b=2"}],
        "since": "2020-03-01"},
        make_user("focal_point", state="MEX"))
    login(make_user("reviewer"))
    page = client.get(f"/replies/{small.id}/MEX").get_data(as_text=True)
    assert '<a href="https://sherloc.unodc.org/cld/en/law.html"' in page
    assert '<a href="https://example.org/code?a=1&amp;b=2"' in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Mar 1, 2020" in page and "2020-03-01" not in page  # a date written the reader's way
    assert "1 mars 2020" in client.get(f"/replies/{small.id}/MEX?lang=fr").get_data(as_text=True)
    login(make_user("focal_point", state="MEX"))
    printed = client.get(f"/answers/{small.id}/MEX/print").get_data(as_text=True)
    assert '<a href="https://example.org/code?a=1&amp;b=2"' in printed and "<script>alert" not in printed
    # on paper only the words are left: each address is printed whole, never cut short
    assert ">https://sherloc.unodc.org/cld/en/law.html</a>" in printed and "...</a>" not in printed
