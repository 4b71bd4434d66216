"""A cluster page showing the stored answers is drawn again from what the worker kept while nothing it shows has
changed, and rendered afresh the moment something has: another person's save, a submission, a corrected
wording, a question put to the State, the reader's language; it is drawn for another reader only when it is the
same page for them, each request gets its own tokens, and a kept page ends after its time."""
from __future__ import annotations

import re
import time

from questionnaire.auth.kept_posts import token_owner
from questionnaire.models import Answer, Observation, ObservationKind, Response, User
from questionnaire.structure import kept_content
from tests.factories import PAGE_TOKENS, bases_from, cluster_url, make_reply, q_of


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def kept_pages(app) -> int:
    with app.app_context():
        return len(kept_content().pages)


def test_a_page_seen_again_is_drawn_from_what_was_kept(app, small, two_writers, count_queries):
    bea, _carlos = two_writers()
    url = cluster_url(small, code="A")
    with count_queries() as first:
        seen = page(bea, url)
    with count_queries() as again:
        shown = page(bea, url)
    assert kept_pages(app) == 1
    assert PAGE_TOKENS.sub("", shown) == PAGE_TOKENS.sub("", seen)
    # the person and their session, then the State, questionnaire and response: no answers, texts or progress
    assert again.count == 2 < first.count


def test_a_page_is_the_page_rendered_in_full(app, small, make_user, login, client, db, states):
    focal = make_user("focal_point", name='Ana "Focal" <Pérez>')
    make_reply(db, small, states["MEX"], focal, {"crim": "yes", "crim.law": 'Act <b>5</b> & "6"', "cases": 12})
    login(focal)
    url = cluster_url(small, code="A")
    kept = [page(client, url) for _n in range(2)]
    app.config["KEPT_PAGES"] = 0
    full = page(client, url)
    assert PAGE_TOKENS.sub("", kept[1]) == PAGE_TOKENS.sub("", full) == PAGE_TOKENS.sub("", kept[0])
    assert "Act &lt;b&gt;5&lt;/b&gt; &amp; &#34;6&#34;" in full


def test_another_persons_save_shows_on_the_next_view(small, two_writers):
    law = q_of(small, "crim.law")
    bea, carlos = two_writers()
    url = cluster_url(small, code="A")
    page(bea, url)
    assert "Act 7 by Carlos" not in page(bea, url)
    response = carlos.post(url, data={**bases_from(page(carlos, url)), f"q_{law.id}": "Act 7 by Carlos"})
    assert response.status_code == 302
    shown = page(bea, url)
    assert "Act 7 by Carlos" in shown and "Last changed by <bdi>Carlos</bdi>" in shown


def test_ones_own_save_shows_with_its_message(small, two_writers):
    law = q_of(small, "crim.law")
    bea, _carlos = two_writers()
    url = cluster_url(small, code="A")
    page(bea, url)
    response = bea.post(url, data={**bases_from(page(bea, url)), f"q_{law.id}": "Act 9"}, follow_redirects=True)
    shown = response.get_data(as_text=True)
    assert "Your answers are saved." in shown and "Act 9" in shown
    assert "Your answers are saved." not in page(bea, url)  # the message once, the answer still there
    assert "Act 9" in page(bea, url)


def test_a_submitted_reply_is_shown_read_only_at_once(small, two_writers, db, fresh_db):
    bea, _carlos = two_writers()
    url = cluster_url(small, code="A")
    page(bea, url)
    law = q_of(small, "crim.law")
    bea.post(url, data={f"q_{law.id}": "Act 5"})
    assert "data-autosave-url" in page(bea, url)
    session = fresh_db()
    response = session.query(Response).one()
    response.mark_submitted(session.get(User, response.answers[0].updated_by_id), response.updated_at)
    session.commit()
    shown = page(bea, url)
    assert "data-autosave-url" not in shown and "This reply has been submitted" in shown


def test_a_corrected_wording_shows_at_once(small, make_user, login, client, db):
    login(make_user("focal_point"))
    url = cluster_url(small, code="A")
    page(client, url)
    question = db.get(type(small.clusters[0].questions[0]), q_of(small, "crim.law").id)
    question.text = "Cite the law, as amended."
    db.commit()
    assert "Cite the law, as amended." in page(client, url)


def test_a_question_put_to_the_state_shows_and_such_a_page_is_not_kept(app, small, make_user, login, client, db,
                                                                        states):
    focal = make_user("focal_point")
    response = make_reply(db, small, states["MEX"], focal, {"crim": "yes", "crim.law": "Act 5"}, status="submitted")
    login(focal)
    url = cluster_url(small, code="A")
    page(client, url)
    assert kept_pages(app) == 1
    answer = next(answer for answer in response.answers if answer.value == "Act 5")
    db.add(Observation(answer_id=answer.id, author_id=make_user("reviewer").id, kind=ObservationKind.QUESTION,
                       text="Which article of the Act?"))
    db.commit()
    assert "Which article of the Act?" in page(client, url)
    app.extensions.pop("questionnaire.kept_content")  # the worker starts again: nothing kept
    page(client, url)
    assert kept_pages(app) == 0


def test_a_page_is_shared_only_by_readers_it_is_the_same_for(app, small, make_user, login, client, count_queries):
    url = cluster_url(small, code="A")
    login(make_user("focal_point"))
    assert "data-autosave-url" in page(client, url)
    login(make_user("expert"))  # the State's other writers: the same page
    with count_queries() as counted:
        assert "data-autosave-url" in page(client, url)
    assert counted.count == 2 and kept_pages(app) == 1
    login(make_user("focal_point", state="FRA"))
    assert client.get(url).status_code == 404  # another State's: the access rules come before anything kept
    login(make_user("secretariat"))  # a reader: a page of its own
    shown = page(client, url)
    assert "data-autosave-url" not in shown and "only the State's focal point and experts" in shown
    assert kept_pages(app) == 2


def test_the_readers_language_shows_at_once(small, make_user, login, client):
    login(make_user("focal_point"))
    url = cluster_url(small, code="A")
    assert '<html lang="en"' in page(client, url)
    shown = page(client, url + "?lang=fr")
    assert '<html lang="fr"' in shown and "Enregistrer" in shown
    assert "Enregistrer" in page(client, url)


def test_each_request_gets_tokens_of_its_own(csrf_app, small, make_user, login, count_queries):
    url = cluster_url(small, code="A")
    bea, carlos = make_user("expert", name="Bea"), make_user("expert", name="Carlos")
    first, second, third = (csrf_app.test_client() for _n in range(3))
    for person, browser in ((bea, first), (bea, second), (carlos, third)):
        login(person, on=browser)
    page(first, url)
    readers = [(bea.id, second, q_of(small, "crim.law"), "Act 5"), (carlos.id, third, q_of(small, "cases"), "7")]
    shown = {}
    for person, browser, _question, _value in readers:
        with count_queries() as counted:
            shown[person] = page(browser, url)
        assert counted.count == 2  # drawn from what was kept for Bea's first browser
    for person, browser, question, value in readers:
        answer_form = shown[person][shown[person].index('id="answer-form"'):]  # not the header's sign-out form
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', answer_form).group(1)
        kept_post = re.search(r'name="kept_post_token" value="([^"]+)"', answer_form).group(1)
        with csrf_app.test_request_context(url):
            assert token_owner(kept_post, url) == person
        data = {**bases_from(shown[person]), "csrf_token": csrf, f"q_{question.id}": value}
        assert browser.post(url, data=data).status_code == 302


def test_a_kept_page_ends_after_its_time(app, small, make_user, login, client, db, states):
    app.config["KEPT_PAGE_SECONDS"] = 1
    writer = make_user("expert", name="Bea Old-Name")
    make_reply(db, small, states["MEX"], writer, {"crim.law": "Act 5"})
    login(make_user("focal_point"))
    url = cluster_url(small, code="A")
    assert "Bea Old-Name" in page(client, url)
    db.get(User, writer.id).name = "Bea New-Name"  # a name: the one thing no stamp covers
    db.commit()
    time.sleep(1.05)
    assert "Bea New-Name" in page(client, url)


def test_an_answer_written_by_saving_leaves_no_kept_page_behind(small, two_writers, fresh_db):
    """Every save raises the response's version in the transaction that writes its answers."""
    law = q_of(small, "crim.law")
    bea, carlos = two_writers()
    url = cluster_url(small, code="A")
    carlos.post(url, data={f"q_{law.id}": "First"})
    before = fresh_db().query(Response).one().lock_version
    page(bea, url)
    carlos.post(url, data={**bases_from(page(carlos, url)), f"q_{law.id}": "Second", "action": "save"})
    session = fresh_db()
    assert session.query(Response).one().lock_version > before
    assert session.query(Answer).one().value == "Second"
    assert "Second" in page(bea, url)
