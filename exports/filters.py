"""The reviewers' selection form (a GET form: it only filters, so it needs no CSRF token)."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from wtforms import BooleanField, Form, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from questionnaire.access import can_export_unsubmitted, scope_responses
from questionnaire.locale import LANGUAGE_NAMES, reader_language, sort_by_state_name, state_name
from questionnaire.models import REGIONAL_GROUPS, Questionnaire, Response, State, User
from questionnaire.replies.status_labels import REGIONAL_GROUP_LABELS, status_label
from questionnaire.texts import localized, localized_each
from exports.selection import ALL_STATUSES, DEFAULT_STATUSES, Selection


class CheckboxesField(SelectMultipleField):
    """Several choices shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SelectionForm(Form):
    """Questionnaire and version, clusters, regional groups, States and (secretariat) drafts."""

    questionnaire = SelectField(_l("Questionnaire and version"), validate_choice=False)
    cluster = CheckboxesField(_l("Clusters (none ticked: all)"), validate_choice=False)
    region = CheckboxesField(_l("Regional groups (none ticked: all)"), validate_choice=False,
                             choices=[SelectChoice(group, REGIONAL_GROUP_LABELS[group]) for group in REGIONAL_GROUPS])
    state = SelectMultipleField(_l("States (none chosen: all)"), validate_choice=False)
    include_drafts = BooleanField(_l("Include responses not yet submitted"))
    language = SelectField(_l("Language of the export"), validate_choice=False,
                           choices=[SelectChoice("", _l("The language of these pages"))]
                           + [SelectChoice(code, name, render_kw={"lang": code}) for code, name in LANGUAGE_NAMES.items()])


def selection_form(db: Session, args, user: User, remembered: str | None = None) -> SelectionForm:
    """The form filled from the query string, with its choices loaded (4 queries; one more for the titles in a
    language the questionnaires are translated into: they are offered in the reader's language).

    Without a questionnaire in the query string, the form opens on ``remembered`` (the reader's last
    choice) if it still exists, else on the version with the most replies ``user`` may export."""
    form = SelectionForm(args, meta={"csrf": False})
    questionnaires = list(db.scalars(select(Questionnaire).order_by(Questionnaire.slug, Questionnaire.version.desc())))
    if not form.questionnaire.data:
        form.questionnaire.data = remembered or _with_replies(db, user, questionnaires)
    form.questionnaire.choices = [
        SelectChoice(f"{q.slug}@{q.version}", _("%(title)s — version %(version)s (%(status)s)", title=shown.title,
                                                 version=q.version, status=status_label(q.status)))
        for q, shown in zip(questionnaires, localized_each(db, questionnaires, reader_language()))
    ]
    chosen = _chosen(form.questionnaire.data, questionnaires)
    if chosen is not None:
        form.questionnaire.data = f"{chosen.slug}@{chosen.version}"
        clusters = localized(db, chosen, reader_language(), kept=True).clusters
        form.cluster.choices = [SelectChoice(c.code, f"{c.code} {c.title}") for c in clusters]
    else:
        form.cluster.choices = []
    form.state.choices = [
        SelectChoice(s.iso3, state_name(s)) for s in sort_by_state_name(list(db.scalars(select(State))))
    ]
    if not can_export_unsubmitted(user):
        del form.include_drafts
    return form


def _with_replies(db: Session, user: User, questionnaires: list[Questionnaire]) -> str | None:
    """``slug@version`` of the questionnaire with the most replies ``user`` may export (newest on a tie)."""
    counts = dict(db.execute(
        scope_responses(select(Response.questionnaire_id, func.count(Response.id)), user)
        .where(Response.status.in_(ALL_STATUSES if can_export_unsubmitted(user) else DEFAULT_STATUSES))
        .group_by(Response.questionnaire_id)
    ).all())
    best = max((q for q in questionnaires if counts.get(q.id)), key=lambda q: (counts[q.id], q.id), default=None)
    return f"{best.slug}@{best.version}" if best else None


def _chosen(value: str | None, questionnaires: list[Questionnaire]) -> Questionnaire | None:
    """The questionnaire named ``slug@version``, else the latest version of the first slug."""
    for q in questionnaires:
        if value == f"{q.slug}@{q.version}":
            return q
    return questionnaires[0] if questionnaires else None


def selection_from(form: SelectionForm) -> Selection | None:
    """The selection the form describes (``None`` when there is no questionnaire at all)."""
    if not form.questionnaire.data:
        return None
    slug, _sep, version = form.questionnaire.data.rpartition("@")
    drafts = "include_drafts" in form and bool(form.include_drafts.data)
    return Selection(
        slug=slug,
        version=int(version) if version.isdigit() else None,
        clusters=tuple(form.cluster.data or ()),
        regions=tuple(form.region.data or ()),
        states=tuple(form.state.data or ()),
        statuses=ALL_STATUSES if drafts else DEFAULT_STATUSES,
        language=form.language.data or None,
    )
