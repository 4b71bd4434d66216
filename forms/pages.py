"""The cluster page: its question blocks (kept ones filled, or rendered in full), navigation, reviewers'
questions and the reply's language choice."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from flask import g, render_template
from flask_wtf import FlaskForm
from markupsafe import Markup

from forms import page_parts
from forms.answers import SaveResult
from forms.form_factory import build_cluster_form
from forms.language import language_choice_form
from forms.question_widgets import question_views
from forms.replies import Reply
from forms.reply_nav import reply_nav
from questionnaire.auth.forms import EmptyForm
from questionnaire.db import get_session
from questionnaire.models import Cluster
from questionnaire.observations.service import questions_to_state


@dataclass(frozen=True)
class ClusterContent:
    """A cluster page's content rendered (``forms/_cluster_content.html``), the page's title, whether it is
    writable, and whether it shows only what is stored (no post, error, conflict, kept post or reviewers'
    questions: what ``forms.kept_pages`` may keep)."""

    title: str
    html: Markup
    writable: bool
    shows_stored_only: bool


def draw_cluster_page(content: ClusterContent) -> str:
    """The cluster page: ``content`` in the site's frame (header, messages, footer) drawn for this request."""
    return render_template("forms/cluster.html", title=content.title, content=content.html,
                           writable=content.writable)


def cluster_content(
    reply: Reply,
    cluster: Cluster,
    form: FlaskForm | None,
    *,
    result: SaveResult | None = None,
    posted_bases: Mapping[str, str] | None = None,
    refusal: str | None = None,
    writable: bool = False,
    preview: bool = False,
    restored: bool = False,
    language_kept: bool = False,
    language_asked: str | None = None,
) -> ClusterContent:
    """The cluster page's content: the form (read-only unless ``writable``), errors, conflicts and navigation.
    ``form`` None: the form of the stored answers, a writable page filled into the worker's kept question blocks
    (``forms.page_parts``) where it can be; a form is given to show what was posted. The reply's language can
    be changed from a writable page showing the stored answers (not from one showing what was posted or kept
    and is not saved: changing it reloads the page), and from a writable page showing a post kept over a sign-in
    (``restored``) that asked for ``language_asked``: that language is chosen in it, and the page says that
    changing it saves what is shown first. ``language_kept``: the page says the language was not changed
    because some of what was posted with it is not saved."""
    shows_posted = form is not None
    writable = writable and reply.editable and refusal is None
    views: Sequence[Any] | None = None
    if writable and form is None:
        views = page_parts.filled_views(get_session(), reply, cluster)
    if views is None:
        if form is None:
            form = build_cluster_form(cluster.questions, reply.values_by_id)
        views = question_views(reply, cluster, form, result, posted_bases, disabled=not writable)
    shows_stored = writable and result is None and not restored  # nothing posted or kept is waiting on it
    asked = language_asked if writable and restored and result is None else None  # a kept post's, shown chosen
    language_form = language_choice_form(g.user, reply, asked) if shows_stored or asked else None
    on_page = {question.id: reply.answers[question.id]
               for question in cluster.questions if question.id in reply.answers}
    observations = {} if preview else questions_to_state(get_session(), g.user, on_page)
    html = render_template(
        "forms/_cluster_content.html",
        # ``form`` None: the page's own CSRF token is drawn (a form is built only when the page shows one)
        reply=reply, cluster=cluster, form=form, views=views, result=result, refusal=refusal,
        writable=writable, preview=preview, language_kept=language_kept,
        nav=reply_nav(reply, reply.progress_by_cluster(), cluster.code, preview=preview), restored=restored,
        observations=observations, observation_form=EmptyForm() if observations else None,
        language_form=language_form, language_asked=asked,
    )
    stored_only = not (shows_posted or result is not None or refusal is not None or restored or preview
                       or language_kept or observations)
    return ClusterContent(f"{cluster.code}. {cluster.title}", Markup(html), writable, stored_only)
