"""What becomes of a post sent after the session ended, whether the sign-in check or the CSRF check stops it:
the pages that keep such posts (their registered stashes), keeping one for after sign-in, or the "form expired"
page for one that cannot be kept."""
from __future__ import annotations

from typing import Callable
from urllib.parse import urlsplit

from flask import Flask, current_app, redirect, request, url_for

from questionnaire.auth.service import safe_next
from questionnaire.error_pages import form_expired


def register_post_stash(app: Flask, endpoint: str, stash: Callable[[], str | None]) -> None:
    """Let ``stash`` keep what a signed-out person posted to ``endpoint``.

    ``stash`` runs inside that request and returns the same-site path to reopen after signing in (where
    the owner shows the kept values back), or None when it kept nothing (no valid token for its owner).
    """
    app.extensions.setdefault("post_stashes", {})[endpoint] = stash


def keeps_posts(endpoint: str | None) -> bool:
    return endpoint in current_app.extensions.get("post_stashes", {})


def stash_post_for_after_login() -> str | None:
    """Keep a signed-out person's post through the endpoint's registered stash; the path to return to,
    or None when nothing was kept."""
    stash = current_app.extensions.get("post_stashes", {}).get(request.endpoint)
    return safe_next(stash()) if stash is not None else None


def signed_out_post():
    """The answer to a POST from someone not signed in: kept and sent to sign in when the form's token
    allows; refused with the "form expired" page (nothing stored) on a page that keeps posts otherwise;
    elsewhere, sent to sign in and back to the page the post came from (nothing stored)."""
    next_url = stash_post_for_after_login()
    if next_url:
        return redirect(url_for("auth.login", next=next_url))
    if keeps_posts(request.endpoint):
        return form_expired()
    return redirect(url_for("auth.login", next=request.referrer and urlsplit(request.referrer).path))
