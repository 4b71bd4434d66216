"""A writable cluster page is put together from question blocks each worker renders once and keeps: the page
is exactly the page rendered in full, for every kind and every answer (none, given, tricky text, "Not
applicable", many link rows), in the source and in another language; a wording correction shows at once; a
text that holds the marker characters is rendered in full."""
from __future__ import annotations

import random

import pytest

import forms.page_parts
from forms.page_parts import build_parts
from forms.replies import load_reply_or_404
from questionnaire.kinds import get_kind
from questionnaire.kinds.base import NOT_APPLICABLE, allows_not_applicable
from questionnaire.db import get_session
from questionnaire.structure import kept_content
from tests.factories import cluster_url, kept_and_full, make_multilingual, make_reply, q_of

TRICKY = 'Law "A" <b>bold</b> & \'quoted\'\r\nsecond line — ٢٠٢٤ {{ 7*7 }} %(name)s'


def _kept_blocks() -> list:
    """The keys of the kept question blocks (the worker keeps the pages' navigation beside them)."""
    return [key for key in kept_content().page_parts.keys() if key[1][0] != "reply_nav"]


def _both(client, url, monkeypatch) -> tuple[str, str]:
    """The page as kept blocks fill it, and as rendered in full."""
    return kept_and_full(client, url, monkeypatch, forms.page_parts, "filled_views")


def _answers(questionnaire, seed: int) -> dict:
    """An answer to most questions: drawn like the demo's, with tricky text, "Not applicable" where allowed,
    and five link rows."""
    rng = random.Random(seed)
    values = {}
    for question in questionnaire.questions_in_order():
        kind = get_kind(question.kind)
        if not kind.answerable or rng.random() < 0.2:
            continue
        if allows_not_applicable(question.options) and rng.random() < 0.3:
            values[question.key] = {NOT_APPLICABLE: TRICKY}
        elif kind.widget == "link_rows":
            values[question.key] = [{"title": f"{TRICKY} {n}", "url": f"https://example.org/{n}?a=1&b=\"2\""}
                                    for n in range(5)]
        else:
            value = kind.sample_answer(rng, question.options or {}, lambda low, high: TRICKY[:high], (5, 40))
            values[question.key] = value
    return values


@pytest.mark.parametrize("seed", [None, 1, 2])
@pytest.mark.parametrize("locale", ["en", "fr"])
def test_kept_blocks_fill_the_page_exactly_as_rendered_in_full(app, db, open_som, make_user, login, client,
                                                               monkeypatch, states, seed, locale):
    focal = make_user("focal_point", state="MEX", locale=locale, name='Ana "Focal" <Pérez>')
    if seed is not None:
        make_reply(db, open_som, states["MEX"], focal, _answers(open_som, seed))
    login(focal)
    for cluster in open_som.clusters:
        kept, full = _both(client, cluster_url(open_som, code=cluster.code), monkeypatch)
        assert kept == full
    with app.app_context():
        assert len(_kept_blocks()) == len(open_som.clusters)  # the kept blocks were used
    if seed is not None:
        assert 'class="muted last-change"' in kept
        assert "&lt;b&gt;bold&lt;/b&gt;" in kept and "<b>bold</b>" not in kept


def test_kept_blocks_in_the_language_of_the_reply_with_the_source_standing_in(db, states, make_user, login, client,
                                                                            monkeypatch):
    multi = make_multilingual(db)
    focal = make_user("focal_point", state="MEX", locale="ar")
    make_reply(db, multi, states["MEX"], focal, {"crim": "partly", "crim.law": TRICKY, "cases": 7})
    login(focal)
    for code in ("A", "B"):
        kept, full = _both(client, cluster_url(multi, code=code), monkeypatch)
        assert kept == full


@pytest.mark.parametrize("locale", ["ar", "en"])
def test_kept_blocks_of_a_reply_in_another_language_than_the_reader_s(db, states, make_user, login, client,
                                                                     monkeypatch, locale):
    """The reply chosen in French, read by an Arabic or English reader: the boxes are marked French, as the
    page rendered in full marks them; a French reader's are not marked."""
    multi = make_multilingual(db, not_applicable=("crim",))
    focal = make_user("focal_point", state="MEX", locale=locale)
    login(focal)
    response = make_reply(db, multi, states["MEX"], focal,
                          {"crim": {NOT_APPLICABLE: TRICKY}, "crim.law": TRICKY, "cases": 7, "authority": TRICKY,
                           "sources": [{"title": TRICKY, "url": "https://example.org/"}]})
    response.language = "fr"
    db.commit()
    boxes = {"A": [f'<textarea dir="auto" id="q_{q_of(multi, "crim.law").id}" lang="fr"',
                   f'<input dir="auto" id="q_{q_of(multi, "authority").id}" lang="fr"',
                   f'<textarea dir="auto" id="q_{q_of(multi, "crim").id}_na_text" lang="fr"'],
             "B": [f'<input dir="auto" id="q_{q_of(multi, "sources").id}-0-title" lang="fr"']}
    for code in ("A", "B"):
        kept, full = _both(client, cluster_url(multi, code=code), monkeypatch)
        assert kept == full
        assert all(box in kept for box in boxes[code])
    login(make_user("focal_point", state="MEX", locale="fr"))
    kept, full = _both(client, cluster_url(multi, code="A"), monkeypatch)
    assert kept == full and not any(box in kept for box in boxes["A"])
    assert f'<input dir="auto" id="q_{q_of(multi, "authority").id}" name=' in kept


def test_a_wording_correction_shows_on_the_next_kept_page(db, open_som, make_user, login, client, monkeypatch):
    login(make_user("focal_point", state="MEX"))
    url = cluster_url(open_som)
    first = client.get(url).get_data(as_text=True)
    question = open_som.clusters[0].questions[0]
    assert question.text in first
    question.text = "A corrected wording of the first question?"
    db.commit()
    kept, full = _both(client, url, monkeypatch)
    assert "A corrected wording of the first question?" in kept and kept == full


def test_more_link_rows_than_before_get_their_own_kept_blocks(db, open_som, states, make_user, login, client,
                                                             monkeypatch):
    focal = make_user("focal_point", state="MEX")
    links = next(question for question in open_som.questions_in_order() if question.kind == "links")
    login(focal)
    url = cluster_url(open_som, code=links.cluster.code)
    before, _full = _both(client, url, monkeypatch)
    make_reply(db, open_som, states["MEX"], focal,
               {links.key: [{"title": f"Law {n}", "url": f"https://example.org/{n}"} for n in range(6)]})
    after, full = _both(client, url, monkeypatch)
    assert after == full
    assert f'id="q_{links.id}-8-url"' in after and f'id="q_{links.id}-8-url"' not in before


def test_a_text_holding_the_markers_is_rendered_in_full(app, db, open_som, make_user, login, client, monkeypatch):
    question = open_som.clusters[0].questions[0]
    question.guidance = "A guidance with \ue0001\ue001 in it"
    db.commit()
    focal = make_user("focal_point", state="MEX")
    login(focal)
    kept, full = _both(client, cluster_url(open_som), monkeypatch)
    assert kept == full and "\ue0001\ue001" in kept
    with app.test_request_context("/"):
        reply = load_reply_or_404(get_session(), focal, open_som.id, "MEX")
        cluster = reply.questionnaire.clusters[0]
        assert build_parts(reply, cluster, [3] * len(cluster.questions)) is None


def test_a_read_only_page_and_a_page_with_errors_are_rendered_in_full(db, open_som, make_user, login, client,
                                                                     states):
    reviewer = make_user("secretariat")
    make_reply(db, open_som, states["MEX"], make_user("focal_point", state="MEX"), {})
    login(reviewer)
    page = client.get(cluster_url(open_som)).get_data(as_text=True)
    assert "disabled" in page
    with client.application.app_context():
        assert _kept_blocks() == []
