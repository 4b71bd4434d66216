"""The monitoring table asked for again counts only the replies changed since: each reply's progress is kept by
the worker, stamped with its response's version and the questionnaire's content revision."""
from __future__ import annotations

import re

import pytest

from questionnaire.models import Question, User
from tests.factories import cluster_url, q_of


@pytest.fixture
def replies(small, states, ana, make_user, make_reply):
    """Mexico's reply begun by Ana (1 of 3 required questions), France's by Ben (1 of 3)."""
    make_reply(small, states["MEX"], ana, {"crim": "yes"})
    make_reply(small, states["FRA"], make_user("expert", state="FRA", name="Ben"), {"crim": "no", "crim.law": "x"})


def counted(done: int, total: int) -> str:
    return f"(<bdi>{done}</bdi> of <bdi>{total}</bdi>)"


def row(page: str, iso3: str) -> str:
    start = page.index(f'id="state-{iso3}"')
    return page[start:page.index("</tr>", start)]


def table(staff, small) -> str:
    answer = staff.get(f"/monitoring/{small.id}")
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def test_the_table_asked_again_counts_no_reply_again_and_shows_the_same(staff, small, replies, count_queries):
    with count_queries() as first:
        before = table(staff, small)
    with count_queries() as again:
        after = table(staff, small)
    assert after == before
    # neither the questions' rules nor the answers are read again: only the rows the table lists
    assert not any("from answers" in statement.lower() for statement in again.statements)
    assert any("from answers" in statement.lower() for statement in first.statements)
    assert again.count < first.count


def test_a_save_shows_on_the_table_asked_again(app, staff, db, small, replies, ana, login):
    before = table(staff, small)
    assert "33%" in row(before, "MEX") and "33%" in row(before, "FRA")
    focal = login(ana, on=app.test_client())
    form_page = focal.get(cluster_url(small, code="A")).get_data(as_text=True)
    bases = dict(re.findall(r'name="(base_\d+)" value="([^"]+)"', form_page))
    saved = focal.post(cluster_url(small, code="A"), data={
        **bases, f"q_{q_of(small, 'crim').id}": "yes", f"q_{q_of(small, 'crim.law').id}": "Act 6"})
    assert saved.status_code == 302
    after = table(staff, small)
    assert "67%" in row(after, "MEX") and counted(2, 3) in row(after, "MEX")
    assert row(after, "FRA") == row(before, "FRA")


def test_a_renamed_author_shows_under_the_new_name(staff, db, small, replies):
    assert "Ben" in row(table(staff, small), "FRA")
    ben = db.query(User).filter_by(name="Ben").one()
    ben.name = "Benedikt"
    db.commit()
    assert "Benedikt" in row(table(staff, small), "FRA")


def test_a_question_made_optional_changes_every_reply_on_the_table_asked_again(staff, db, small, replies):
    assert counted(1, 3) in row(table(staff, small), "MEX")
    agree = db.get(Question, q_of(small, "agree").id)
    agree.required = False  # raises the questionnaire's content revision in the same transaction
    db.commit()
    after = table(staff, small)
    assert counted(1, 2) in row(after, "MEX") and counted(1, 2) in row(after, "FRA")
