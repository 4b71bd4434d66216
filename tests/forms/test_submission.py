"""Review, submission by the focal point, locking, late replies, reopening and stale forms."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from questionnaire.models import Answer, AuditEvent, Response, utcnow
from tests.factories import bases_from, cluster_url, fill_required, q_of


def test_review_lists_missing_required_questions_with_links(client, login, make_user, small):
    login(make_user("expert"))
    page = client.get(f"/answers/{small.id}/MEX/review").get_data(as_text=True)
    assert "Required questions still unanswered (2)" in page
    assert f'/section/A#question-{q_of(small, "crim").id}' in page and "Do you have agreements?" in page


def test_the_focal_point_submits_after_confirming_and_the_reply_is_locked(client, login, make_user, small, db):
    focal = make_user("focal_point", name="Ana")
    login(focal)
    fill_required(client, small)
    review = client.get(f"/answers/{small.id}/MEX/review").get_data(as_text=True)
    assert "Every required question is answered." in review and "Submit the reply" in review
    confirm = client.get(f"/answers/{small.id}/MEX/submit").get_data(as_text=True)
    assert "Yes, submit the reply" in confirm
    response = client.post(f"/answers/{small.id}/MEX/submit")
    assert response.headers["Location"].endswith(f"/answers/{small.id}/MEX/receipt")
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Reply submitted" in receipt and "Ana" in receipt and "Late" not in receipt
    reply = db.scalar(select(Response))
    assert reply.status == "submitted" and reply.submitted_by_id == focal.id
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "response.submitted"))
    assert event.details["after"] == {"status": "submitted"} and event.details["late"] is False

    # Locked: the page is read-only and a crafted post changes nothing.
    page = client.get(cluster_url(small, code="A")).get_data(as_text=True)
    assert "has been submitted" in page and "disabled" in page and 'name="csrf_token"' not in page
    law = q_of(small, "crim.law")
    refused = client.post(cluster_url(small, code="A"), data={f"q_{law.id}": "Changed after submission"})
    assert refused.status_code == 409 and "Changed after submission" in refused.get_data(as_text=True)
    assert client.post(cluster_url(small, code="A", suffix="/autosave"), data={f"q_{law.id}": "x"}).status_code == 409
    db.expire_all()
    assert db.scalar(select(Answer.value).where(Answer.question_id == law.id)) == "Act 5"
    assert client.post(f"/answers/{small.id}/MEX/submit").status_code == 302  # refused, back to review
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "response.submitted").offset(1)) is None


def test_an_expert_cannot_submit_and_sees_the_reply_is_ready_for_the_focal_point(client, login, make_user, small, db):
    login(make_user("expert"))
    fill_required(client, small)
    assert "ready for the focal point" in client.get(f"/answers/{small.id}/MEX/review").get_data(as_text=True)
    assert client.get(f"/answers/{small.id}/MEX/submit").status_code == 403
    assert client.post(f"/answers/{small.id}/MEX/submit").status_code == 403
    assert db.scalar(select(Response.status)) == "draft"


def test_a_focal_point_cannot_submit_with_required_answers_missing(client, login, make_user, small, db):
    login(make_user("focal_point"))
    client.post(cluster_url(small, code="B"), data={f"q_{q_of(small, 'agree').id}": "bi"})
    response = client.post(f"/answers/{small.id}/MEX/submit", follow_redirects=True)
    assert re.search(r"\b1 required question is still unanswered|\b\d+ required questions are still unanswered", response.get_data(as_text=True))
    assert db.scalar(select(Response.status)) == "draft"


def test_a_submission_after_the_deadline_is_marked_late(client, login, make_user, small, db):
    login(make_user("focal_point"))
    fill_required(client, small)
    small.deadline = utcnow() - timedelta(days=1)
    db.commit()
    receipt = client.post(f"/answers/{small.id}/MEX/submit", follow_redirects=True).get_data(as_text=True)
    assert "Late" in receipt and "after the deadline" in receipt


def test_an_unsubmitted_reply_is_late_once_the_deadline_has_passed(client, login, make_user, small, db):
    login(make_user("expert"))
    review = f"/answers/{small.id}/MEX/review"
    assert "badge-late" not in client.get(review).get_data(as_text=True)
    small.deadline = utcnow() - timedelta(days=1)
    db.commit()
    assert "badge-late" in client.get(review).get_data(as_text=True)


def test_a_reopened_reply_can_be_changed_and_a_stale_form_does_not_overwrite_newer_answers(app, client, login, make_user, small, db):
    focal, secretariat, expert = make_user("focal_point"), make_user("secretariat"), make_user("expert")
    login(focal)
    fill_required(client, small)
    stale = bases_from(client.get(cluster_url(small, code="A")).get_data(as_text=True))
    client.post(f"/answers/{small.id}/MEX/submit")
    staff = login(secretariat, on=app.test_client())
    assert staff.post(f"/answers/{small.id}/MEX/reopen", data={"reason": "Please add the 2024 law"}).status_code == 302
    assert db.scalar(select(AuditEvent.id).where(AuditEvent.action == "response.reopened")) is not None
    law, cases = q_of(small, "crim.law"), q_of(small, "cases")
    other = login(expert, on=app.test_client())
    other.post(cluster_url(small, code="A"), data={**stale, f"q_{q_of(small, 'crim').id}": "yes", f"q_{law.id}": "Act 5, as amended"})
    # The focal point's form from before the submission is posted after reopening.
    response = client.post(cluster_url(small, code="A"), data={**stale, f"q_{q_of(small, 'crim').id}": "yes", f"q_{law.id}": "Act 6", f"q_{cases.id}": "2"})
    assert response.status_code == 409 and "Act 5, as amended" in response.get_data(as_text=True)
    db.expire_all()
    assert db.scalar(select(Answer.value).where(Answer.question_id == law.id)) == "Act 5, as amended"
    assert db.scalar(select(Answer.value).where(Answer.question_id == cases.id)) == 2
    done = client.post(f"/answers/{small.id}/MEX/submit", follow_redirects=True).get_data(as_text=True)
    assert "Reply submitted" in done, done[done.find("flashes"):][:700]


def test_only_the_secretariat_reopens_a_submitted_reply(app, client, login, make_user, small, fresh_db):
    focal = make_user("focal_point")
    login(focal)
    fill_required(client, small)
    assert client.post(f"/answers/{small.id}/MEX/submit").status_code == 302
    for role in ("focal_point", "expert", "reviewer"):
        person = client if role == "focal_point" else login(make_user(role), on=app.test_client())
        assert person.post(f"/answers/{small.id}/MEX/reopen", data={"reason": "Let me change it"}).status_code == 403
    db = fresh_db()
    assert db.scalar(select(Response.status)) == "submitted"
    assert db.scalar(select(AuditEvent.id).where(AuditEvent.action == "response.reopened")) is None
