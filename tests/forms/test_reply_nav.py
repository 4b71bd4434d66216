"""The reply's navigation is kept per worker and filled with each page's counts and State: every page shows
exactly the navigation rendered in full, for every section and the review page, in three languages, for two
States one after the other (one kept rendering serves both)."""
from __future__ import annotations

import re

import pytest

import forms.reply_nav
from questionnaire.structure import kept_content
from tests.factories import cluster_url, kept_and_full, make_reply

NAV = re.compile(r'<nav class="section-nav".*?</nav>', re.S)


def _required(questionnaire):
    """The first section's first required yes/no question."""
    return next(question for question in questionnaire.clusters[0].questions
                if question.required and question.kind == "yes_no" and not question.show_if)


def _nav_both(client, url, monkeypatch) -> tuple[str, str]:
    """The page's navigation as kept and filled, and as rendered in full."""
    kept_page, full_page = kept_and_full(client, url, monkeypatch, forms.reply_nav, "kept_page_parts")
    assert kept_page == full_page
    return NAV.search(kept_page).group(0), NAV.search(full_page).group(0)


@pytest.mark.parametrize("locale", ["en", "fr", "ar"])
def test_the_kept_navigation_is_the_navigation_rendered_in_full(app, db, open_som, states, make_user, login,
                                                                 client, monkeypatch, locale):
    make_reply(db, open_som, states["MEX"], make_user("focal_point", state="MEX"), {_required(open_som).key: "yes"})
    pages = [cluster_url(open_som, code=cluster.code) for cluster in open_som.clusters]
    for iso3 in ("MEX", "ARG"):
        login(make_user("focal_point", state=iso3, locale=locale))
        for url in [page.replace("/MEX/", f"/{iso3}/") for page in pages] + [f"/answers/{open_som.id}/{iso3}/review"]:
            kept, full = _nav_both(client, url, monkeypatch)
            assert kept == full
            assert f"/answers/{open_som.id}/{iso3}/review" in kept
            other = "ARG" if iso3 == "MEX" else "MEX"
            assert f"/{other}/" not in kept
    with app.app_context():
        navs = [key for key in kept_content().page_parts.keys() if key[1][0] == "reply_nav"]
    assert len(navs) == len(open_som.clusters) + 1  # one per page, shared by both States


def test_the_counts_follow_the_answers(db, open_som, states, make_user, login, client):
    focal = make_user("focal_point", state="MEX")
    login(focal)
    url = cluster_url(open_som)
    before = NAV.search(client.get(url).get_data(as_text=True)).group(0)
    make_reply(db, open_som, states["MEX"], focal, {_required(open_som).key: "yes"})
    after = NAV.search(client.get(url).get_data(as_text=True)).group(0)
    assert before != after
    assert "<bdi>1</bdi> of" in after and "<bdi>0</bdi> of" in before
