"""The menu: each stage registers its entry points with the roles that may use them.

The header menu and the home page both read this one list, so a role sees exactly what it may open.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import Flask, g, url_for
from flask_babel import lazy_gettext as _l

from questionnaire.models import Role, User
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


def init_app(app: Flask) -> None:
    @app.context_processor
    def navigation_context() -> dict[str, Callable]:
        return {"nav_items": lambda: items_for(app, g.get("user")), "role_label": role_label,
                "status_label": status_label}
