"""Saving a cluster over HTTP: valid answers stored, invalid ones shown again as typed, refusals change nothing."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from questionnaire.models import Answer, Response
from tests.factories import cluster_url, q_of


def stored(db, questionnaire, key):
    db.expire_all()
    question = q_of(questionnaire, key)
    return db.scalar(select(Answer.value).where(Answer.question_id == question.id))


def field(questionnaire, key):
    return f"q_{q_of(questionnaire, key).id}"


def test_a_focal_point_saves_answers_and_sees_them_again(client, login, make_user, small, db):
    login(make_user("focal_point", name="Ana"))
    data = {field(small, "crim"): "partly", field(small, "crim.law"): "Art. 12 of the Migration Act",
            field(small, "cases"): "14"}
    response = client.post(cluster_url(small, code="A"), data=data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your answers are saved." in page
    assert "Art. 12 of the Migration Act" in page and 'value="14"' in page
    assert "Last changed by <bdi>Ana</bdi>" in page
    assert stored(db, small, "crim") == "partly" and stored(db, small, "cases") == 14


def test_invalid_values_are_shown_as_typed_while_the_valid_ones_of_the_same_post_are_saved(client, login, make_user, small, db):
    login(make_user("expert"))
    data = {field(small, "crim"): "maybe", field(small, "cases"): "-3", field(small, "authority"): "x" * 25,
            field(small, "crim.law"): "Penal Code, art. 3"}
    response = client.post(cluster_url(small, code="A"), data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Some answers were not saved" in page
    assert "Choose one of the listed answers." in page
    assert 'value="-3"' in page and "x" * 25 in page and "Use at most 20 characters" in page
    assert f'href="#{field(small, "cases")}"' in page  # the summary links to the field
    assert stored(db, small, "crim.law") == "Penal Code, art. 3"
    assert stored(db, small, "cases") is None and stored(db, small, "crim") is None


def test_a_hidden_follow_up_keeps_its_text_and_is_not_required(client, login, make_user, small, db):
    login(make_user("focal_point"))
    client.post(cluster_url(small, code="A"), data={field(small, "crim"): "no", field(small, "crim.law"): "Kept text"})
    assert stored(db, small, "crim.law") == "Kept text"
    review = client.get(f"/answers/{small.id}/MEX/review").get_data(as_text=True)
    assert "Explain why not." in review and "Cite the law." not in review


def test_a_question_of_another_cluster_or_questionnaire_refuses_the_whole_post(client, login, make_user, small, make_questionnaire, db):
    other = make_questionnaire("other")
    login(make_user("focal_point"))
    for intruder in (field(small, "agree"), field(other, "crim")):
        response = client.post(cluster_url(small, code="A"), data={field(small, "crim"): "yes", intruder: "bi"})
        assert response.status_code == 409
        assert "not part of this section" in response.get_data(as_text=True)
    assert stored(db, small, "crim") is None
    assert db.scalar(select(Response)) is None


def test_a_national_user_of_another_state_gets_404_and_readers_cannot_write(client, login, make_user, small, db):
    login(make_user("focal_point", state="NGA"))
    assert client.get(cluster_url(small, "MEX", "A")).status_code == 404
    assert client.post(cluster_url(small, "MEX", "A"), data={field(small, "crim"): "yes"}).status_code == 404
    for role in ("reviewer", "secretariat"):
        login(make_user(role))
        assert client.get(cluster_url(small, "MEX", "A")).status_code == 200
        assert client.post(cluster_url(small, "MEX", "A"), data={field(small, "crim"): "yes"}).status_code == 403
        assert client.post(cluster_url(small, "MEX", "A", "/autosave"), data={field(small, "crim"): "yes"}).status_code == 403
    assert stored(db, small, "crim") is None


def test_nothing_is_saved_when_the_questionnaire_is_closed(client, login, make_user, small, db):
    from questionnaire import lifecycle

    lifecycle.close(db, small, None)
    db.commit()
    login(make_user("focal_point"))
    response = client.post(cluster_url(small, code="A"), data={field(small, "crim.law"): "My long text"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "not open for answers" in page and "My long text" in page
    assert stored(db, small, "crim.law") is None


def test_autosave_answers_in_json_with_the_time_and_new_bases(client, login, make_user, small, db):
    login(make_user("expert"))
    question = q_of(small, "authority")
    response = client.post(cluster_url(small, code="A", suffix="/autosave"),
                           data={f"q_{question.id}": "Border police", f"base_{question.id}": "0:x"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["saved_at"] and body["errors"] == {} and body["conflicts"] == []
    assert body["bases"][f"q_{question.id}"].startswith("1:")
    assert stored(db, small, "authority") == "Border police"


def test_links_multiple_choice_and_date_round_trip_and_blank_link_rows_are_offered(client, login, make_user, small, db):
    login(make_user("focal_point"))
    links, topics, since = field(small, "sources"), field(small, "topics"), field(small, "since")
    data = {f"{links}-0-title": "SHERLOC", f"{links}-0-url": "https://sherloc.unodc.org/x",
            topics: ["sea", "land"], since: "2020-02-29", field(small, "agree"): "bi"}
    assert client.post(cluster_url(small, code="B"), data=data).status_code == 302
    assert stored(db, small, "sources") == [{"title": "SHERLOC", "url": "https://sherloc.unodc.org/x"}]
    assert stored(db, small, "topics") == ["sea", "land"] and stored(db, small, "since") == "2020-02-29"
    page = client.get(cluster_url(small, code="B")).get_data(as_text=True)
    assert f'name="{links}-3-url"' in page  # one filled row plus three blank ones
    bad = client.post(cluster_url(small, code="B"), data={f"{links}-0-title": "Act", f"{links}-0-url": "ftp://x"})
    assert bad.status_code == 422 and "full web address" in bad.get_data(as_text=True)


@pytest.mark.parametrize(("most", "said"), [(1, "Give at most 1 link."), (2, "Give at most 2 links.")])
def test_too_many_links_are_refused_with_the_most_allowed_counted_for_one_and_for_several(client, login, make_user,
                                                                                         small, db, most, said):
    q_of(small, "sources").options = {"max_links": most}
    db.commit()
    login(make_user("focal_point"))
    links = field(small, "sources")
    data = {name: value for n in range(most + 1)
            for name, value in ((f"{links}-{n}-title", f"Law {n}"), (f"{links}-{n}-url", f"https://example.org/{n}"))}
    refused = client.post(cluster_url(small, code="B"), data=data)
    assert refused.status_code == 422 and said in refused.get_data(as_text=True)
    assert stored(db, small, "sources") is None


def test_a_choice_given_by_mistake_can_be_taken_back(client, login, make_user, small, db):
    import re

    login(make_user("focal_point"))
    client.post(cluster_url(small, code="A"), data={field(small, "crim"): "yes"})
    page = client.get(cluster_url(small, code="A")).get_data(as_text=True)
    assert "No answer yet" in page
    question = q_of(small, "crim")
    base = re.search(rf'name="base_{question.id}" type="hidden" value="([^"]+)"|name="base_{question.id}" value="([^"]+)"', page)
    base = next(group for group in base.groups() if group)
    client.post(cluster_url(small, code="A"), data={field(small, "crim"): "", f"base_{question.id}": base})
    assert stored(db, small, "crim") is None


def test_after_a_save_with_an_error_the_progress_counts_what_was_just_saved(client, login, make_user, small):
    login(make_user("focal_point"))
    data = {field(small, "crim"): "yes", field(small, "crim.law"): "Penal Code, art. 3", field(small, "cases"): "3.5"}
    response = client.post(cluster_url(small, code="A"), data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    counts = re.sub(r"</?bdi>", "", page)  # numbers are isolated for right-to-left pages
    assert "2 of 2 required" in counts and counts.count("0 of 1 required") == 1  # cluster B only


def test_a_count_asks_for_a_whole_number(client, login, make_user, small):
    login(make_user("focal_point"))
    page = client.post(cluster_url(small, code="A"), data={field(small, "cases"): "many"}).get_data(as_text=True)
    assert "Enter a whole number, such as 12." in page and "3.5" not in page
    assert 'inputmode="numeric"' in page


def test_save_and_add_more_link_rows_opens_the_page_again_at_that_question(client, login, make_user, small, db):
    login(make_user("focal_point"))
    links, question = field(small, "sources"), q_of(small, "sources")
    page = client.get(cluster_url(small, code="B")).get_data(as_text=True)
    assert f'name="action" value="more-links:{question.id}"' in page
    done = client.post(cluster_url(small, code="B"), data={
        f"{links}-0-title": "SHERLOC", f"{links}-0-url": "https://sherloc.unodc.org/x",
        "action": f"more-links:{question.id}"})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/section/B#question-{question.id}")
    assert stored(db, small, "sources") == [{"title": "SHERLOC", "url": "https://sherloc.unodc.org/x"}]
    plain = client.post(cluster_url(small, code="B"), data={"action": "more-links:999999"})
    assert plain.status_code == 302 and "#" not in plain.headers["Location"]  # not a question of this page
