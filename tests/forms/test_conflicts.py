"""Two people editing one reply: nothing is overwritten unseen and nothing typed is lost."""
from __future__ import annotations

import re

from sqlalchemy import select

from questionnaire.models import Answer
from tests.factories import cluster_url, q_of


def bases_from(page: str) -> dict[str, str]:
    return dict(re.findall(r'name="(base_\d+)" value="([^"]+)"', page))


def stored(db, questionnaire, key):
    db.expire_all()
    return db.scalar(select(Answer).where(Answer.question_id == q_of(questionnaire, key).id))


def test_the_second_save_of_the_same_answer_shows_both_texts_and_saves_the_other_answers(two_writers, small, db):
    law, cases = q_of(small, "crim.law"), q_of(small, "cases")
    first, second = two_writers()
    url = cluster_url(small, code="A")
    seen_by_first = bases_from(first.get(url).get_data(as_text=True))
    seen_by_second = bases_from(second.get(url).get_data(as_text=True))

    assert first.post(url, data={**seen_by_first, f"q_{law.id}": "Text by Bea"}).status_code == 302
    response = second.post(url, data={**seen_by_second, f"q_{law.id}": "Text by Carlos", f"q_{cases.id}": "7"})

    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this answer" in page
    assert "Text by Bea" in page and "Text by Carlos" in page and "by Bea" in page
    assert stored(db, small, "crim.law").value == "Text by Bea"
    assert stored(db, small, "cases").value == 7  # the other answer of the same post is saved

    # Carlos merges both texts and saves with the base the conflict page gave him.
    merged = bases_from(page)
    response = second.post(url, data={**merged, f"q_{law.id}": "Text by Bea. Text by Carlos", f"resolve_{law.id}": "mine"})
    assert response.status_code == 302
    answer = stored(db, small, "crim.law")
    assert answer.value == "Text by Bea. Text by Carlos" and answer.revision == 2


def test_choosing_the_stored_answer_keeps_it(two_writers, small, db):
    law = q_of(small, "crim.law")
    first, second = two_writers(second=("focal_point", "Carlos"))
    url = cluster_url(small, code="A")
    stale = bases_from(second.get(url).get_data(as_text=True))
    first.post(url, data={**stale, f"q_{law.id}": "Theirs"})
    page = second.post(url, data={**stale, f"q_{law.id}": "Mine"}).get_data(as_text=True)
    response = second.post(url, data={**bases_from(page), f"q_{law.id}": "Mine", f"resolve_{law.id}": "stored"})
    assert response.status_code == 302
    assert stored(db, small, "crim.law").value == "Theirs"


def test_an_untouched_answer_never_conflicts_with_someone_elses_change(two_writers, small, db):
    law, cases = q_of(small, "crim.law"), q_of(small, "cases")
    first, second = two_writers()
    url = cluster_url(small, code="A")
    stale = bases_from(second.get(url).get_data(as_text=True))
    first.post(url, data={**stale, f"q_{law.id}": "New text"})
    # The second person's whole form posts the old (empty) law text: it was not touched, so it is left alone.
    assert second.post(url, data={**stale, f"q_{law.id}": "", f"q_{cases.id}": "3"}).status_code == 302
    assert stored(db, small, "crim.law").value == "New text"
    assert stored(db, small, "cases").value == 3
