"""The reviewers' Replies page, a reply to read, and one question compared across States."""
from __future__ import annotations

import re

import pytest

from tests.factories import q_of


@pytest.fixture
def replies(small, states, make_user, add_response):
    """Mexico and Nigeria submitted, France still drafting."""
    add_response(small, states["MEX"], {"crim": "yes", "crim.law": "Act 5 of 2010", "agree": "bi",
                                        "topics": ["sea", "land"]}, make_user("focal_point", state="MEX"))
    add_response(small, states["NGA"], {"crim": "no", "crim.why": "Not yet", "crim.law": "Stale law text", "agree": "multi",
                                        "topics": ["sea"]}, make_user("focal_point", state="NGA"))
    add_response(small, states["FRA"], {"crim": "partly"}, make_user("focal_point", state="FRA"), status="draft")
    return small


@pytest.mark.parametrize("role", ["reviewer", "secretariat"])
def test_replies_lists_the_submitted_replies_and_filters_by_group(client, login, make_user, replies, role):
    login(make_user(role))
    html = client.get("/replies/").get_data(as_text=True)
    assert "Mexico" in html and "Nigeria" in html and "France" not in html
    html = client.get(f"/replies/?questionnaire={replies.id}&region=African+States").get_data(as_text=True)
    assert "Nigeria" in html and "Mexico" not in html
    html = client.get(f"/replies/?questionnaire={replies.id}&region=Asia-Pacific+States").get_data(as_text=True)
    assert "No State has submitted a reply" in html


def test_the_version_chooser_reads_in_the_readers_language(client, login, make_user, replies, lay_words):
    lay_words({"fr": {(None, "version %(version)s"): "édition %(version)s"}})
    login(make_user("reviewer", locale="fr"))
    html = client.get("/replies/").get_data(as_text=True)
    assert f"{replies.title} — édition {replies.version} (" in html


def test_reviewers_menu_offers_replies(client, login, make_user, replies):
    login(make_user("reviewer"))
    assert 'href="/replies/"' in client.get("/").get_data(as_text=True)


def test_a_reply_reads_like_the_printable_page(client, login, make_user, replies):
    login(make_user("reviewer"))
    html = client.get(f"/replies/{replies.id}/MEX").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", "", html)  # numbers and texts are isolated in their own elements
    assert "Small questionnaire small — Mexico" in text
    assert "1 Is smuggling a crime?" in text and "Act 5 of 2010" in text
    assert "Explain why not." not in html  # a hidden follow-up stays hidden
    assert "Bilateral" in html


def test_a_reply_not_submitted_is_not_found(client, login, make_user, replies):
    login(make_user("reviewer"))
    assert client.get(f"/replies/{replies.id}/FRA").status_code == 404
    assert client.get(f"/replies/{replies.id}/DEU").status_code == 404


def test_national_users_cannot_open_replies(client, login, make_user, replies):
    login(make_user("focal_point", state="MEX"))
    assert client.get("/replies/").status_code == 403
    assert client.get(f"/replies/{replies.id}/MEX").status_code == 403
    assert client.get(f"/replies/{replies.id}/questions/{q_of(replies, 'crim').id}").status_code == 403


def test_compare_counts_choices_with_the_states_behind_them(client, login, make_user, replies):
    login(make_user("reviewer"))
    url = f"/replies/{replies.id}/questions/{q_of(replies, 'topics').id}"
    html = client.get(url).get_data(as_text=True)
    sea = html.split('>Sea</span></th>', 1)[1].split("</tr>", 1)[0]
    assert "<td>2</td>" in sea and "Mexico" in sea and "Nigeria" in sea
    land = html.split('>Land</span></th>', 1)[1].split("</tr>", 1)[0]
    assert "<td>1</td>" in land and "Nigeria" not in land
    html = client.get(url + "?answer=land").get_data(as_text=True)
    assert "1 State answered" in html
    html = client.get(url + "?region=African+States").get_data(as_text=True)
    assert "1 State answered" in html and 'id="state-NGA"' in html and 'id="state-MEX"' not in html


def test_compare_lists_texts_of_visible_follow_ups_and_steps_through_the_cluster(client, login, make_user, replies):
    login(make_user("reviewer"))
    html = client.get(f"/replies/{replies.id}/questions/{q_of(replies, 'crim.law').id}").get_data(as_text=True)
    assert "Act 5 of 2010" in html and "Stale law text" not in html
    assert f"/replies/{replies.id}/questions/{q_of(replies, 'crim').id}" in html  # previous
    assert f"/replies/{replies.id}/questions/{q_of(replies, 'crim.why').id}" in html  # next


def test_compare_query_count_does_not_grow_with_states(client, login, make_user, small, states, add_response,
                                                       count_queries):
    reviewer = make_user("reviewer")
    author = make_user("secretariat")
    url = f"/replies/{small.id}/questions/{q_of(small, 'agree').id}"
    login(reviewer)
    add_response(small, states["MEX"], {"crim": "yes", "agree": "bi"}, author)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for iso3 in ("NGA", "FRA", "DEU", "BRA", "IND", "CHN"):
        add_response(small, states[iso3], {"crim": "no", "agree": "multi"}, author)
    with count_queries() as many:
        html = client.get(url).get_data(as_text=True)
    assert "7 States answered" in html
    assert many.count == few.count
