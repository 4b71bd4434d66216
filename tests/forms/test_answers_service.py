"""The saving service with a Session, no HTTP: valid values stored, bad ones reported, conflicts kept apart."""
import pytest
from sqlalchemy import func, select

from forms.answers import AnswersRefused, base_of, save_answers
from questionnaire.models import Answer


@pytest.fixture
def cluster_a(small):
    return small.clusters[0]


def save(db, small, states, user, cluster, raw, bases=None):
    result = save_answers(db, small, states["MEX"], user, cluster, raw, bases or {})
    db.commit()
    return result


def test_valid_answers_are_stored_with_who_and_a_first_revision(db, small, states, make_user, cluster_a):
    expert = make_user("expert")
    result = save(db, small, states, expert, cluster_a, {"crim": "yes", "crim.law": "Penal Code, s. 12", "cases": "7"})
    assert result.clean and result.written == 3
    stored = {a.question.key: a for a in db.scalars(select(Answer))}
    assert stored["cases"].value == 7 and stored["crim"].value == "yes"
    assert {a.updated_by_id for a in stored.values()} == {expert.id}
    assert {a.revision for a in stored.values()} == {1}


def test_an_invalid_value_is_reported_and_the_valid_ones_of_the_same_post_are_saved(db, small, states, make_user, cluster_a):
    result = save(db, small, states, make_user("expert"), cluster_a, {"cases": "twelve", "authority": "Ministry"})
    assert set(result.errors) == {"cases"} and "number" in result.errors["cases"]
    assert [a.value for a in db.scalars(select(Answer))] == ["Ministry"]


def test_a_second_editor_working_from_an_old_revision_gets_a_conflict_not_an_overwrite(db, small, states, make_user, cluster_a):
    first, second = make_user("expert"), make_user("expert")
    save(db, small, states, first, cluster_a, {"authority": "Ministry of Justice"})
    stale_base = base_of(None)  # the second person opened the page before the first saved
    result = save(db, small, states, second, cluster_a, {"authority": "Ministry of Interior"}, {"authority": stale_base})
    assert set(result.conflicts) == {"authority"}
    assert result.conflicts["authority"].yours == "Ministry of Interior"
    stored = db.scalar(select(Answer))
    assert (stored.value, stored.revision, stored.updated_by_id) == ("Ministry of Justice", 1, first.id)


def test_saving_from_the_current_revision_moves_the_revision_on(db, small, states, make_user, cluster_a):
    user = make_user("expert")
    save(db, small, states, user, cluster_a, {"authority": "Ministry"})
    answer = db.scalar(select(Answer))
    save(db, small, states, user, cluster_a, {"authority": "Ministry of Justice"}, {"authority": base_of(answer)})
    db.refresh(answer)
    assert (answer.value, answer.revision) == ("Ministry of Justice", 2)


def test_text_of_a_hidden_follow_up_is_kept(db, small, states, make_user, cluster_a):
    save(db, small, states, make_user("expert"), cluster_a, {"crim": "no", "crim.law": "Draft law pending"})
    assert db.scalar(select(Answer.value).join(Answer.question).where(Answer.question.has(key="crim.law"))) == "Draft law pending"


def test_a_key_from_another_cluster_is_refused_and_nothing_is_written(db, small, states, make_user, cluster_a):
    with pytest.raises(AnswersRefused):
        save_answers(db, small, states["MEX"], make_user("expert"), cluster_a, {"crim": "yes", "agree": "bi"}, {})
    db.rollback()
    assert db.scalar(select(func.count()).select_from(Answer)) == 0


def test_a_submitted_reply_refuses_every_change(db, small, states, make_user, cluster_a):
    save(db, small, states, make_user("expert"), cluster_a, {"authority": "Ministry"})
    response = db.scalar(select(Answer)).response
    response.mark_submitted(make_user("focal_point"), response.updated_at)
    db.commit()
    with pytest.raises(AnswersRefused):
        save_answers(db, small, states["MEX"], make_user("expert"), cluster_a, {"authority": "Other"}, {})
