"""The reviewers' page of one reply reads what it shows: its queries do not grow with the number of
answers, their observations or their history."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert, select

from questionnaire.models import Answer, AnswerChange
from tests.factories import q_of


def test_the_reply_page_runs_the_same_queries_for_3_or_23_answers_with_long_histories(
        db, make_questionnaire, states, make_user, add_response, login, count_queries):
    questionnaire = make_questionnaire("many", extra_questions=20)
    author = make_user("focal_point")
    reviewer = make_user("reviewer")
    client = login(reviewer)
    base = {"crim": "yes", "crim.law": "Act 5 of 2010", "agree": "bi"}
    add_response(questionnaire, states["MEX"], base, author)
    add_response(questionnaire, states["FRA"], {**base, **{f"extra{n}": f"Text {n}" for n in range(20)}}, author)
    answers = db.scalars(select(Answer)).all()
    db.execute(insert(AnswerChange), [
        {"answer_id": answer.id, "revision": n, "value": f"Old {n}", "language": "en",
         "changed_at": datetime(2026, 2, 1) + timedelta(minutes=n), "changed_by_id": author.id}
        for answer in answers for n in range(1, 31)
    ])
    db.commit()

    def queries(iso3: str) -> int:
        with count_queries() as counter:
            page = client.get(f"/replies/{questionnaire.id}/{iso3}")
        assert page.status_code == 200
        return counter.count

    queries("MEX")  # the first request of the session reads what later ones keep
    assert queries("MEX") == queries("FRA")
    assert "Text 19" in client.get(f"/replies/{questionnaire.id}/FRA").get_data(as_text=True)
    assert q_of(questionnaire, "extra19") is not None
