"""Every answer's history: each change kept (value, who, when, language) in the answer's transaction,
shown on the reply pages, with "changed since the last submission" after a reopening."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire.models import Answer, AnswerChange
from tests.factories import bases_from, cluster_url, fill_required, q_of


def history_of(db, question) -> list[tuple]:
    with Session(db.get_bind()) as fresh:
        return list(fresh.execute(
            select(AnswerChange.revision, AnswerChange.value, AnswerChange.changed_by_id, AnswerChange.language)
            .join(Answer, AnswerChange.answer_id == Answer.id).where(Answer.question_id == question.id)
            .order_by(AnswerChange.revision)
        ))


def test_each_change_of_an_answer_is_kept_with_who_and_language(app, client, login, make_user, small, db):
    ana, ben = make_user("focal_point", name="Ana"), make_user("expert", name="Ben")
    crim, law = q_of(small, "crim"), q_of(small, "crim.law")
    login(ana)
    client.post(cluster_url(small, code="A"), data={f"q_{crim.id}": "yes", f"q_{law.id}": "Act 5"})
    other = login(ben, on=app.test_client())
    page = other.get(cluster_url(small, code="A")).get_data(as_text=True)
    other.post(cluster_url(small, code="A"), data={**bases_from(page), f"q_{crim.id}": "yes", f"q_{law.id}": "Loi 6"})
    assert history_of(db, law) == [(1, "Act 5", ana.id, "en"), (2, "Loi 6", ben.id, "en")]
    assert history_of(db, crim) == [(1, "yes", ana.id, "en")]  # posted unchanged: no new entry

    printed = client.get(f"/answers/{small.id}/MEX/print").get_data(as_text=True)
    assert "History: 2 changes" in printed and "Act 5" in printed and "Loi 6" in printed
    assert "Ben" in printed and "English" in printed


def test_the_history_keeps_the_language_written_in(db, small, make_user):
    from forms.answers import save_answers

    ana = make_user("focal_point")
    law = q_of(small, "crim.law")
    cluster = law.cluster
    save_answers(db, small, ana.state, ana, cluster, {"crim.law": "Loi 6"}, {}, language="fr")
    db.commit()
    assert history_of(db, law) == [(1, "Loi 6", ana.id, "fr")]


def test_a_conflict_resolved_by_the_person_is_kept_in_the_history(app, client, login, make_user, small, db):
    ana, ben = make_user("focal_point", name="Ana"), make_user("expert", name="Ben")
    law = q_of(small, "crim.law")
    login(ana)
    seen = bases_from(client.get(cluster_url(small, code="A")).get_data(as_text=True))
    login(ben, on=app.test_client()).post(cluster_url(small, code="A"), data={f"q_{law.id}": "Ben's text"})
    clash = client.post(cluster_url(small, code="A"), data={**seen, f"q_{law.id}": "Ana's text"})
    assert clash.status_code == 409
    assert history_of(db, law) == [(1, "Ben's text", ben.id, "en")]  # a conflict writes nothing
    resolved = client.post(cluster_url(small, code="A"), data={**bases_from(clash.get_data(as_text=True)),
                                                               f"q_{law.id}": "Ana's and Ben's text"})
    assert resolved.status_code == 302
    assert history_of(db, law)[-1] == (2, "Ana's and Ben's text", ana.id, "en")


def test_after_a_reopening_the_reply_page_shows_what_changed_since_the_submission(app, client, login, make_user, small, db):
    focal, secretariat = make_user("focal_point"), make_user("secretariat")
    login(focal)
    fill_required(client, small)
    client.post(f"/answers/{small.id}/MEX/submit")
    review = client.get(f"/answers/{small.id}/MEX/review").get_data(as_text=True)
    assert "Changed since the last submission" not in review
    staff = login(secretariat, on=app.test_client())
    staff.post(f"/answers/{small.id}/MEX/reopen", data={"reason": "Please add the 2024 law"})
    law, crim = q_of(small, "crim.law"), q_of(small, "crim")
    page = client.get(cluster_url(small, code="A")).get_data(as_text=True)
    client.post(cluster_url(small, code="A"), data={**bases_from(page), f"q_{crim.id}": "yes", f"q_{law.id}": "Act 5 of 2024"})
    review = client.get(f"/answers/{small.id}/MEX/review").get_data(as_text=True)
    assert "Changed since the last submission (1)" in review and f"#question-{law.id}" in review
    assert f"#question-{crim.id}\"" not in review
    printed = staff.get(f"/answers/{small.id}/MEX/print").get_data(as_text=True)
    assert printed.count("Changed since the last submission") == 1
    assert "Act 5 of 2024" in printed and "History: 2 changes" in printed


def test_demo_answers_start_their_history(app, db, open_som):
    from exports.demo_answers import fill_demo_answers

    fill_demo_answers(db, open_som, 2)
    db.commit()
    with Session(db.get_bind()) as fresh:
        answers = fresh.scalar(select(Answer.id).limit(1).order_by(Answer.id))
        assert fresh.scalar(select(AnswerChange.value).where(AnswerChange.answer_id == answers)) is not None
        assert fresh.query(AnswerChange).count() == fresh.query(Answer).count() > 0
        # written in English words, and said so on every answer and its history, as a person's answers are
        assert set(fresh.scalars(select(Answer.language))) == set(fresh.scalars(select(AnswerChange.language))) == {"en"}
