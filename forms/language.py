"""The language of a State's reply: which of the questionnaire's languages its pages show the questions in,
and in which its answers are recorded as written.

The State chooses it (its focal points and experts) among the questionnaire's languages and may change
it while the reply is open. Until it chooses, the reply reads in the reader's interface language when the
questionnaire offers it, else in the questionnaire's source language.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import SelectField, SubmitField

from forms.answers import SaveResult, ensure_response, save_reply_answers
from questionnaire.access import can_write_reply
from questionnaire.locale import LANGUAGE_NAMES, language_of
from questionnaire.models import Questionnaire, Response, State, User
from questionnaire.models.audit import record


class LanguageRefused(Exception):
    """The reply's language was not changed; ``str()`` says why in words for the person."""


def reply_language(questionnaire: Any, response: Response | None, reader_language: str | None) -> str:
    """The language ``response`` (None: not started) to ``questionnaire`` is shown in: the one the
    State chose when the questionnaire (still) offers it, else ``reader_language`` when offered, else
    the source language."""
    offered = list(questionnaire.languages or [])
    chosen = response.language if response is not None else None
    if chosen and chosen in offered:
        return chosen
    reader = language_of(reader_language)
    if reader in offered:
        return reader
    return questionnaire.source


def choose_reply_language(db: Session, questionnaire: Questionnaire, state: State, user: User,
                          language: str) -> Response:
    """Record ``language`` as the language of ``state``'s reply (creating the reply on first use); audited.
    Flushes. Raises LanguageRefused when the questionnaire does not offer ``language``, is not open, or
    the reply is submitted."""
    if language not in (questionnaire.languages or []):
        raise LanguageRefused(_("This questionnaire is not offered in that language. Choose one of: %(languages)s.",
                                languages=", ".join(LANGUAGE_NAMES.get(code, code)
                                                    for code in questionnaire.languages or [])))
    if not questionnaire.is_open:
        raise LanguageRefused(_("This questionnaire is not open for answers, so its language cannot change."))
    response = ensure_response(db, questionnaire, state)
    if response.is_submitted:
        raise LanguageRefused(_("This reply has been submitted; its language can no longer change."))
    before = response.language
    if before != language:
        response.language = language
        record(db, user, "response.language", f"state:{state.iso3}", questionnaire=questionnaire.id,
               before={"language": before}, after={"language": language})
    db.flush()
    return response


@dataclass(frozen=True)
class LanguageAfterSaving:
    """A change of the reply's language posted from a cluster page with the page's answers: the answers saved as
    the page's Save saves them (``saved``); the language changed (``changed``) only when all of them were.
    ``refusal`` says why it stayed when they were all saved but the language itself was refused."""

    saved: SaveResult
    changed: bool
    refusal: str | None = None


def save_answers_then_choose_language(db: Session, reply: Any, cluster: Any, user: User,
                                      raw_by_key: Mapping[str, Any], bases: Mapping[str, str],
                                      language: str) -> LanguageAfterSaving:
    """Save what was posted to ``cluster``'s page of ``reply`` exactly as its Save does
    (``forms.answers.save_reply_answers``), then record ``language`` as the reply's language only when every
    answer saved cleanly: no invalid answer, no conflict (a change of language reloads the page, which would
    leave those behind). Flushes. Raises AnswersRefused, with nothing changed, as the save does."""
    saved = save_reply_answers(db, reply, cluster, user, raw_by_key, bases)
    if not saved.clean:
        return LanguageAfterSaving(saved, changed=False)
    try:
        choose_reply_language(db, reply.model, reply.state, user, language)
    except LanguageRefused as refusal:  # raised before anything of the language changed
        return LanguageAfterSaving(saved, changed=False, refusal=str(refusal))
    return LanguageAfterSaving(saved, changed=True)


class ReplyLanguageForm(FlaskForm):
    """The State's choice of its reply's language (CSRF-protected)."""

    language = SelectField(_l("Language of our reply"), validate_choice=False)
    submit = SubmitField(_l("Change the language"))

    @classmethod
    def for_reply(cls, questionnaire: Any, current: str) -> "ReplyLanguageForm":
        form = cls(data={"language": current})
        form.language.choices = [(code, LANGUAGE_NAMES.get(code, code)) for code in questionnaire.languages or []]
        return form


@dataclass(frozen=True)
class LanguageChoice:
    """What a page needs to draw the choice of a reply's language: the questionnaire's languages (code, name)
    and the reply's current one. Drawn with the page's CSRF token; the post is read by ``ReplyLanguageForm``
    (building that form for every page that shows the choice cost a dashboard or cluster page a few per cent
    of its work)."""

    choices: list[tuple[str, str]]
    current: str


def language_choice_form(user: User, reply: Any, selected: str | None = None) -> LanguageChoice | None:
    """The choice of ``reply``'s language (a ``forms.replies.Reply``) for its State's focal points and experts
    while it is open and its questionnaire offers more than one language; None for anyone else. ``selected``:
    the language the choice shows chosen, the reply's own when None. Reads nothing from the database: the reply
    holds what it needs."""
    if not can_write_reply(user, reply.state) or not reply.editable or len(reply.model.languages or []) < 2:
        return None
    return LanguageChoice([(code, LANGUAGE_NAMES.get(code, code)) for code in reply.model.languages or []],
                          selected or reply.language)


def language_asked_in(reply: Any, posted: Mapping[str, Any] | None) -> str | None:
    """The language a post of one of ``reply``'s cluster pages (kept over a sign-in: ``forms.stash``) asked the
    reply to change to, when its questionnaire offers it and it is not the reply's language already; None
    otherwise."""
    asked = posted.get("language") if posted is not None else None
    if not asked or asked == reply.language or asked not in (reply.model.languages or []):
        return None
    return asked


#: What the choice's ``back`` names before the code of a cluster page ("cluster:II").
CLUSTER_PAGE = "cluster:"


def page_after_language_choice(reply: Any, back: str) -> str:
    """The address to return to once the reply's language is chosen, from what the choice's ``back`` names: the
    review page ("review"), one of the questionnaire's own cluster pages ("cluster:" and its code), else the
    national dashboard. Always an address of the reply's own pages, never one taken from the request."""
    address = {"questionnaire_id": reply.model.id, "iso3": reply.state.iso3}
    if back == "review":
        return url_for("forms.review", **address)
    code = back[len(CLUSTER_PAGE):] if back.startswith(CLUSTER_PAGE) else None
    if code is not None and any(cluster.code == code for cluster in reply.questionnaire.clusters):
        return url_for("forms.cluster", code=code, **address)
    return url_for("forms.dashboard")
