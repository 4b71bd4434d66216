"""Invariants the database defends itself, whatever code writes to it."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from questionnaire.models import Answer, Questionnaire, QuestionnaireStatus, Response, ResponseStatus, Role, User, utcnow
from questionnaire.models.responses import ResponseLocked


def flush_fails(db, *objects):
    db.add_all(objects)
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_a_national_role_needs_a_state_and_others_have_none(db, states):
    flush_fails(db, User(email="a@example.org", name="A", password_hash="x", role="expert"))
    flush_fails(db, User(email="b@example.org", name="B", password_hash="x", role="reviewer", state=states["MEX"]))


def test_unknown_role_and_uppercase_email_are_refused(db, states):
    with pytest.raises(ValueError):
        User(email="c@example.org", name="C", password_hash="x", role="observer")
    with pytest.raises(IntegrityError):  # and by the database, whatever writes to it
        db.execute(text("INSERT INTO users (email, name, password_hash, role, active, created_at) "
                        "VALUES ('c@example.org', 'C', 'x', 'observer', true, :now)"), {"now": utcnow()})
    db.rollback()
    flush_fails(db, User(email="D@example.org", name="D", password_hash="x", role="reviewer"))


def test_roles_and_statuses_are_stored_as_their_values_and_read_back_as_enumerations(db, som, states, make_user):
    expert = make_user("expert")
    response = Response(questionnaire=som, state=states["MEX"], status="draft")
    assert response.status is ResponseStatus.DRAFT  # a value given as text becomes the member at once
    db.add(response)
    db.commit()
    stored = db.execute(text("SELECT u.role, r.status, q.status FROM users u, responses r, questionnaires q "
                             "WHERE u.id = :user AND r.id = :response AND q.id = :questionnaire"),
                        {"user": expert.id, "response": response.id, "questionnaire": som.id}).one()
    assert tuple(stored) == ("expert", "draft", "draft")
    db.expire_all()
    assert db.get(User, expert.id).role is Role.EXPERT
    assert db.get(Response, response.id).status is ResponseStatus.DRAFT
    assert db.get(Questionnaire, som.id).status is QuestionnaireStatus.DRAFT


def test_one_response_per_state_and_questionnaire(db, som, states):
    db.add(Response(questionnaire=som, state=states["MEX"]))
    db.flush()
    flush_fails(db, Response(questionnaire=som, state=states["MEX"]))


def test_submitted_status_and_submission_stamp_go_together(db, som, states):
    flush_fails(db, Response(questionnaire=som, state=states["MEX"], status="submitted"))
    flush_fails(db, Response(questionnaire=som, state=states["MEX"], status="draft", submitted_at=utcnow()))


def test_response_methods_lock_and_reopen(db, som, states, make_user):
    focal = make_user("focal_point")
    response = Response(questionnaire=som, state=states["MEX"])
    db.add(response)
    response.mark_submitted(focal, utcnow())
    db.flush()
    with pytest.raises(ResponseLocked):
        response.ensure_editable()
    with pytest.raises(ResponseLocked):
        response.mark_submitted(focal, utcnow())
    response.mark_reopened()
    db.flush()
    assert response.status == "reopened" and response.submitted_at is None
    with pytest.raises(ValueError):
        response.mark_reopened()


def test_one_answer_per_question_of_a_response(db, som, states):
    response = Response(questionnaire=som, state=states["MEX"])
    question = som.questions_in_order()[1]
    db.add_all([response, Answer(response=response, question=question, value="yes")])
    db.flush()
    flush_fails(db, Answer(response=response, question=question, value="no"))


def test_an_open_questionnaire_must_have_been_endorsed_and_adopted(db):
    flush_fails(db, Questionnaire(slug="x", title="X", instrument="Smuggling of Migrants Protocol", status="open"))
    flush_fails(
        db,
        Questionnaire(slug="y", title="Y", instrument="Smuggling of Migrants Protocol", status="open", endorsed_at=utcnow()),
    )


def test_question_keys_are_unique_within_a_questionnaire(db, som):
    from questionnaire.models import Question

    cluster = som.clusters[0]
    flush_fails(db, Question(questionnaire=som, cluster=cluster, position=99, key=som.clusters[0].questions[0].key, text="T", kind="yes_no"))
