"""The menu: each stage registers its entry points with the roles that may use them.

The header menu and the home page both read this one list, so a role sees exactly what it may open.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import Flask, current_app, g, render_template, request, url_for
from flask_babel import get_locale, lazy_gettext as _l
from markupsafe import Markup

from questionnaire.models import Role, User
from questionnaire.security import csrf_field
from questionnaire.structure import Kept
from questionnaire.replies.status_labels import status_label

ROLE_LABELS = {
    Role.SECRETARIAT: _l("Secretariat"),
    Role.FOCAL_POINT: _l("Focal point"),
    Role.EXPERT: _l("Governmental expert"),
    Role.REVIEWER: _l("Reviewer"),
    Role.DELEGATE: _l("Delegate"),
}


@dataclass(frozen=True)
class NavEntry:
    endpoint: str
    label: object
    description: object
    roles: frozenset[Role]
    order: int = 100


@dataclass(frozen=True)
class NavItem:
    url: str
    label: object
    description: object


def register_nav(
    app: Flask,
    endpoint: str,
    label: object,
    description: object,
    roles: tuple[Role, ...],
    order: int = 100,
) -> None:
    """Add an entry point to the menu and the home page for ``roles``."""
    entries: list[NavEntry] = app.extensions.setdefault("nav_entries", [])
    entries.append(NavEntry(endpoint, label, description, frozenset(roles), order))
    entries.sort(key=lambda entry: entry.order)


def items_for(app: Flask, user: User | None) -> list[NavItem]:
    if user is None:
        return []
    return [
        NavItem(url_for(entry.endpoint), entry.label, entry.description)
        for entry in app.extensions.get("nav_entries", [])
        if user.role in entry.roles
    ]


def role_label(role: str) -> str:
    return str(ROLE_LABELS.get(role, role))


#: How many rendered site headers a worker keeps (one per language, person and page address).
KEPT_HEADERS = 2048
_SIGN_OUT_TOKEN = "\ue002sign-out-token\ue003"  # where the request's own CSRF token goes


def site_header() -> Markup:
    """The site's header (brand, menu, the person signed in, sign-out, languages): the same for every page
    view of one person at one address in one language, so it is rendered once and kept by the worker; the
    sign-out form carries the request's own CSRF token. What it shows is all in its key: the language, the
    person's id, name, role and State's name, the page's path and query (the menu's current entry, the
    language links)."""
    user = g.get("user")
    state = user.state if user is not None else None
    key = (str(get_locale()), request.path, request.query_string,
           (user.id, user.name, str(user.role), state.id, state.name) if state is not None else
           (user.id, user.name, str(user.role)) if user is not None else None)
    kept: Kept = current_app.extensions.setdefault("questionnaire.site_headers", Kept(KEPT_HEADERS))
    html = kept.get(key, None)
    if html is None:
        html = render_template("_site_header.html", sign_out_token=Markup(_SIGN_OUT_TOKEN)).strip()
        kept.put(key, None, html)
    return Markup(html.replace(_SIGN_OUT_TOKEN, csrf_field()))


def init_app(app: Flask) -> None:
    @app.context_processor
    def navigation_context() -> dict[str, Callable]:
        return {"nav_items": lambda: items_for(app, g.get("user")), "role_label": role_label,
                "status_label": status_label}

    app.jinja_env.globals["site_header"] = site_header
