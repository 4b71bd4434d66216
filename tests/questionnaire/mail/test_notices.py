"""Notices about a reply: submission, reopening with its reason, an expert's "ready"; to the right people."""
from __future__ import annotations

from sqlalchemy import select

from questionnaire.models import OutboxMessage
from tests.factories import COMPLETE, cluster_url


def _notices(inbox):
    """The messages received, without the reminders and the weekly digest the worker also sends."""
    return [m for m in inbox.messages if m["X-Questionnaire-Kind"] not in ("reminder", "digest")]


def test_a_reopening_notice_carries_the_reason_to_the_states_users_in_their_language(
        app, client, db, states, small, make_user, make_reply, login, smtp, run_worker, text_of):
    secretariat = make_user("secretariat")
    focal = make_user("focal_point", email="fp@mex.example", locale="es")
    expert = make_user("expert", email="ex@mex.example")
    make_user("focal_point", state="FRA", email="fp@fra.example")
    make_user("expert", email="gone@mex.example", active=False)
    make_reply(small, states["MEX"], focal, COMPLETE, status="submitted")
    login(secretariat)
    reason = "Complete question 24 on <migrant> protection"
    assert client.post(f"/monitoring/{small.id}/MEX/reopen", data={"reason": reason}).status_code == 302
    run_worker()
    assert sorted(m["To"] for m in _notices(smtp.inbox)) == ["ex@mex.example", "fp@mex.example"]
    to_focal = [m for m in _notices(smtp.inbox) if m["To"] == "fp@mex.example"][0]
    assert to_focal["Content-Language"] == "es" and reason in text_of(to_focal)
    assert "&lt;migrant&gt;" in text_of(to_focal, "html")  # escaped in HTML
    assert f"https://saq.example.org/answers/{small.id}/MEX/review" in text_of(to_focal)
    # shown on the State's pages until it submits again
    login(expert)
    for url in ("/answers/", f"/answers/{small.id}/MEX/review", cluster_url(small, code="A")):
        page = client.get(url).get_data(as_text=True)
        assert "&lt;migrant&gt; protection" in page, url
    login(focal)
    assert client.post(f"/answers/{small.id}/MEX/submit").status_code == 302
    assert "migrant&gt; protection" not in client.get(f"/answers/{small.id}/MEX/review").get_data(as_text=True)


def test_a_submission_sends_a_receipt_to_the_state_and_a_notice_to_the_secretariat(
        client, db, states, small, make_user, make_reply, login, smtp, run_worker, text_of):
    secretariat = make_user("secretariat", email="sec@un.example")
    focal = make_user("focal_point", email="fp@mex.example")
    make_user("expert", email="ex@mex.example")
    make_user("expert", state="FRA", email="ex@fra.example")
    make_reply(small, states["MEX"], focal, COMPLETE)
    login(focal)
    assert client.post(f"/answers/{small.id}/MEX/submit").status_code == 302
    run_worker()
    received = _notices(smtp.inbox)
    assert sorted(m["To"] for m in received) == ["ex@mex.example", "fp@mex.example", "sec@un.example"]
    assert f"/answers/{small.id}/MEX/receipt" in text_of(next(m for m in received if m["To"] == "ex@mex.example"))
    assert f"/monitoring/{small.id}" in text_of(next(m for m in received if m["To"] == secretariat.email))


def test_an_expert_tells_the_focal_point_the_reply_is_ready(
        client, db, states, small, make_user, make_reply, login):
    focal = make_user("focal_point", email="fp@mex.example")
    expert = make_user("expert", email="ex@mex.example")
    make_user("focal_point", state="FRA", email="fp@fra.example")
    make_reply(small, states["MEX"], expert, COMPLETE)
    login(expert)
    assert "Tell the focal point it is ready" in client.get(f"/answers/{small.id}/MEX/review").get_data(as_text=True)
    assert client.post(f"/answers/{small.id}/MEX/ready").status_code == 302
    assert [m.recipient for m in db.scalars(select(OutboxMessage))] == ["fp@mex.example"]
    login(focal)  # a focal point cannot, another State's expert gets 404
    client.post(f"/answers/{small.id}/MEX/ready")
    login(make_user("expert", state="FRA"))
    assert client.post(f"/answers/{small.id}/MEX/ready").status_code == 404
    assert len(db.scalars(select(OutboxMessage)).all()) == 1
