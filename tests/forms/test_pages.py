"""CSRF, an expired session while typing, the dashboard, preview, printable reply and query counts."""
from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from forms.pages import cluster_content
from questionnaire.models import Answer, PendingPost, utcnow
from tests.conftest import PASSWORD
from tests.factories import cluster_url, q_of


def test_a_post_without_or_with_a_wrong_csrf_token_is_refused(csrf_app, client, login, make_user, small, db, csrf_token):
    login(make_user("focal_point"))
    law = q_of(small, "crim.law")
    url = cluster_url(small, code="A")
    token = csrf_token(client.get(url).data)
    assert client.post(url, data={f"q_{law.id}": "No token"}).status_code == 400
    assert client.post(url, data={f"q_{law.id}": "Wrong", "csrf_token": token[:-4] + "abcd"}).status_code == 400
    assert db.scalar(select(Answer)) is None
    assert client.post(url, data={f"q_{law.id}": "Right", "csrf_token": token}).status_code == 302


def test_text_typed_when_the_session_expired_comes_back_after_signing_in_unsaved(csrf_app, client, login, make_user, small, db, csrf_token):
    user = make_user("expert", email="bea@example.org")
    login(user)
    law = q_of(small, "crim.law")
    url = cluster_url(small, code="A")
    page = client.get(url).get_data(as_text=True)
    token = csrf_token(page)
    with client.session_transaction() as session:
        session.clear()  # the session ends while the person is typing
    keep = re.search(r'name="kept_post_token" value="([^"]+)"', page).group(1)
    response = client.post(url, data={f"q_{law.id}": "Three pages of careful text", "csrf_token": token,
                                      "kept_post_token": keep})
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login"
    next_url = parse_qs(urlsplit(response.headers["Location"]).query)["next"][0]
    assert next_url.startswith(url + "?restore=")
    assert db.scalar(select(Answer)) is None

    login_page = client.get(response.headers["Location"])
    signed_in = client.post(response.headers["Location"], data={
        "email": user.email, "password": PASSWORD, "csrf_token": csrf_token(login_page.data)})
    assert signed_in.headers["Location"] == next_url
    restored = client.get(next_url).get_data(as_text=True)
    assert "Three pages of careful text" in restored and "not saved yet" in restored
    assert db.scalar(select(Answer)) is None

    # Only the person the form was rendered for gets it back.
    login(make_user("focal_point"))
    assert "Three pages of careful text" not in client.get(next_url).get_data(as_text=True)
    assert db.scalar(select(PendingPost.path)) == url


@pytest.mark.parametrize(("left", "said"), [(timedelta(hours=5), "(1 day left)"),  # a part of a day counts as one
                                             (timedelta(days=5, hours=12), "(6 days left)"),
                                             (timedelta(hours=-5), "(passed)")])
def test_the_dashboard_counts_the_days_left_for_one_and_for_several(client, login, make_user, small, db, left, said):
    small.deadline = utcnow() + left
    db.commit()
    login(make_user("focal_point"))
    assert said in re.sub(r"\s+", " ", client.get("/answers/").get_data(as_text=True))


def test_the_review_counts_the_questions_answered_for_one_and_for_several(client, login, make_user, small):
    login(make_user("expert"))
    client.post(cluster_url(small, code="A"), data={f"q_{q_of(small, 'crim').id}": "no"})
    assert "1 question answered in all." in client.get(f"/answers/{small.id}/MEX/review").get_data(as_text=True)
    client.post(cluster_url(small, code="A"), data={f"q_{q_of(small, 'cases').id}": "3"})
    assert "2 questions answered in all." in client.get(f"/answers/{small.id}/MEX/review").get_data(as_text=True)


def test_the_dashboard_shows_deadline_status_progress_and_last_editor(client, login, make_user, small):
    login(make_user("focal_point", name="Ana"))
    crim = q_of(small, "crim")
    client.post(cluster_url(small, code="A"), data={f"q_{crim.id}": "no"})
    page = client.get("/answers/").get_data(as_text=True)
    assert "Small questionnaire small" in page and "Draft" in page
    assert "days left" in page and "by <bdi>Ana</bdi>" in page
    assert "<bdi>1</bdi> of <bdi>2</bdi>" in page  # section A: one of two visible required questions answered
    assert "Our reply" in client.get("/").get_data(as_text=True)


def test_reviewers_cannot_open_the_national_dashboard_but_can_preview(client, login, make_user, small):
    login(make_user("reviewer"))
    assert client.get("/answers/").status_code == 403
    page = client.get(f"/preview/{small.id}/B").get_data(as_text=True)
    assert "Do you have agreements?" in page and "disabled" in page and 'name="csrf_token"' not in page
    login(make_user("expert"))
    assert client.get(f"/preview/{small.id}").status_code == 403


def test_the_printable_reply_shows_visible_answers_as_text(client, login, make_user, small):
    login(make_user("expert"))
    crim, law, why = (q_of(small, key) for key in ("crim", "crim.law", "crim.why"))
    client.post(cluster_url(small, code="A"), data={f"q_{crim.id}": "partly", f"q_{law.id}": "Act 9", f"q_{why.id}": "Hidden"})
    page = client.get(f"/answers/{small.id}/MEX/print").get_data(as_text=True)
    assert "Yes, in part" in page and "Act 9" in page and "Hidden" not in page
    assert "print.css" in page


def test_a_response_id_of_another_state_gives_404(client, login, make_user, small, db):
    login(make_user("expert"))
    client.post(cluster_url(small, code="A"), data={f"q_{q_of(small, 'crim').id}": "yes"})
    response_id = db.scalar(select(Answer.response_id))
    assert client.get(f"/responses/{response_id}").status_code == 302
    login(make_user("expert", state="NGA"))
    assert client.get(f"/responses/{response_id}").status_code == 404


def test_a_cluster_page_runs_the_same_number_of_queries_for_5_and_40_questions(client, login, make_user, make_questionnaire, count_queries):
    login(make_user("expert"))
    counts = []
    for slug, extra in (("five", 0), ("forty", 35)):
        questionnaire = make_questionnaire(slug, extra)
        data = {f"q_{q.id}": "x" for q in questionnaire.clusters[0].questions if q.kind == "short_text"}
        client.post(cluster_url(questionnaire, code="A"), data=data)
        with count_queries() as counter:
            assert client.get(cluster_url(questionnaire, code="A")).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_saving_thirty_answers_is_one_transaction(app, client, login, make_user, make_questionnaire, db):
    from sqlalchemy import event

    questionnaire = make_questionnaire("thirty", 30)
    login(make_user("expert"))
    data = {f"q_{q.id}": f"Answer {q.key}" for q in questionnaire.clusters[0].questions if q.key.startswith("extra")}
    commits = []
    engine = app.extensions["db_engine"]
    listener = lambda connection: commits.append(1)  # noqa: E731
    event.listen(engine, "commit", listener)
    try:
        assert client.post(cluster_url(questionnaire, code="A"), data=data).status_code == 302
    finally:
        event.remove(engine, "commit", listener)
    assert len(data) == 30 and len(commits) == 1
    assert len(db.scalars(select(Answer)).all()) == 30


def test_a_wording_correction_on_an_open_questionnaire_shows_on_the_next_page_view(client, login, make_user, small, db):
    """Form classes are kept per process by structure and wording: a correction is seen at once."""
    from questionnaire.builder.question_fields import QuestionFields
    from questionnaire.builder.questions import edit_question

    login(make_user("expert"))
    url = cluster_url(small, code="A")
    assert client.get(url).status_code == 200  # builds and keeps this cluster's form class
    law = q_of(small, "crim.law")
    fields = QuestionFields.of(law)
    fields.text = "Corrected wording of the criminal law question"
    edit_question(db, law, make_user("secretariat"), fields)
    db.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Corrected wording of the criminal law question" in page


def test_an_autosave_of_a_cluster_runs_a_fixed_number_of_queries(client, login, make_user, make_questionnaire, count_queries):
    questionnaire = make_questionnaire("thirtyq", 30)
    login(make_user("expert"))
    url = cluster_url(questionnaire, code="A") + "/autosave"
    counts = []
    for round_ in range(2):
        data = {f"q_{q.id}": f"Answer {round_} {q.key}" for q in questionnaire.clusters[0].questions
                if q.key.startswith("extra")}
        with count_queries() as counter:
            assert client.post(url, data=data).status_code == 200
        counts.append(counter.count)
    assert counts[1] <= 14  # not one statement per answer or per history entry


def test_a_submitted_reply_states_the_chosen_answer_in_words(client, login, make_user, small, add_response, states):
    focal = make_user("focal_point")
    add_response(small, states["MEX"], {"crim": "partly", "topics": ["sea"]}, focal)
    login(focal)
    page = client.get(cluster_url(small, code="A")).get_data(as_text=True)
    assert "Answer given: <bdi>Yes, in part</bdi>" in page and 'class="chosen"' in page
    page = client.get(cluster_url(small, code="B")).get_data(as_text=True)
    assert "Answer given: <bdi>Sea</bdi>" in page and "No answer given." in page  # topics chosen; agreements unanswered
