"""Audit events told as sentences with names: "A. Secretariat created the account of B. Focal point
(Kenya)", not ``user.create`` → ``user:7``. The action codes and targets stay in the database (and in the
action filter); the page reads these sentences."""
from __future__ import annotations

from typing import Any, Callable, Iterable

from flask_babel import gettext as _, ngettext
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from questionnaire.locale import LANGUAGE_NAMES, state_name
from questionnaire.models import AuditEvent, Questionnaire, Response, State, User


class Names:
    """The people, questionnaires, replies and States the events of a page point to, loaded at once
    (at most four queries, however many events)."""

    def __init__(self, db: Session, events: Iterable[AuditEvent]):
        wanted: dict[str, set[str]] = {"user": set(), "questionnaire": set(), "response": set(), "state": set()}
        for event in events:
            kind, _sep, ident = (event.target or "").partition(":")
            if kind in wanted:
                wanted[kind].add(ident)
            for key in ("questionnaire", "questionnaire_id"):
                if str((event.details or {}).get(key, "")).isdigit():
                    wanted["questionnaire"].add(str(event.details[key]))
            if isinstance((event.details or {}).get("state"), str):  # the State a delegate spoke for
                wanted["state"].add(event.details["state"])
        ids = {kind: [int(i) for i in idents if i.isdigit()] for kind, idents in wanted.items() if kind != "state"}
        self.users = {u.id: u for u in db.scalars(select(User).where(User.id.in_(ids["user"])))} if ids["user"] else {}
        self.questionnaires = ({q.id: q for q in db.scalars(select(Questionnaire).where(Questionnaire.id.in_(ids["questionnaire"])))}
                               if ids["questionnaire"] else {})
        self.responses = ({r.id: r for r in db.scalars(select(Response).where(Response.id.in_(ids["response"]))
                                                       .options(joinedload(Response.state), joinedload(Response.questionnaire)))}
                          if ids["response"] else {})
        self.states = ({s.iso3: s for s in db.scalars(select(State).where(State.iso3.in_(wanted["state"])))}
                       if wanted["state"] else {})

    def person(self, ident: str) -> str:
        user = self.users.get(int(ident)) if ident.isdigit() else None
        if user is None:
            return _("account %(id)s", id=ident)
        return _("%(name)s (%(state)s)", name=user.name, state=state_name(user.state)) if user.state else user.name

    def questionnaire(self, ident: Any) -> str:
        found = self.questionnaires.get(int(ident)) if str(ident).isdigit() else None
        if found is None:
            return _("questionnaire %(id)s", id=ident)
        return _("“%(title)s”, version %(version)s", title=found.title, version=found.version)

    def state(self, iso3: str) -> str:
        found = self.states.get(iso3)
        return state_name(found) if found is not None else iso3


def _questionnaire_sentences() -> dict[str, Callable[[dict], str]]:
    return {
        "questionnaire.create": lambda w: _("%(actor)s created the questionnaire %(q)s", **w),
        "questionnaire.edit": lambda w: _("%(actor)s changed the title of %(q)s", **w),
        "questionnaire.import": lambda w: _("%(actor)s imported %(q)s", **w),
        "questionnaire.new_version": lambda w: _("%(actor)s started %(q)s as a new draft", **w),
        "questionnaire.delete": lambda w: _("%(actor)s deleted the draft %(q)s", **w),
        "questionnaire.endorsed": lambda w: _("%(actor)s recorded the endorsement of %(q)s", **w),
        "questionnaire.adopted": lambda w: _("%(actor)s recorded the adoption of %(q)s", **w),
        "questionnaire.open": lambda w: _("%(actor)s opened %(q)s for answers", **w),
        "questionnaire.closed": lambda w: _("%(actor)s closed %(q)s", **w),
        "questionnaire.cluster.add": lambda w: _("%(actor)s added a cluster to %(q)s", **w),
        "questionnaire.cluster.edit": lambda w: _("%(actor)s changed a cluster of %(q)s", **w),
        "questionnaire.cluster.correct": lambda w: _("%(actor)s corrected the wording of a cluster of %(q)s", **w),
        "questionnaire.cluster.delete": lambda w: _("%(actor)s deleted a cluster of %(q)s", **w),
        "questionnaire.cluster.move": lambda w: _("%(actor)s moved a cluster of %(q)s", **w),
        "questionnaire.question.add": lambda w: _("%(actor)s added a question to %(q)s", **w),
        "questionnaire.question.edit": lambda w: _("%(actor)s changed a question of %(q)s", **w),
        "questionnaire.question.correct": lambda w: _("%(actor)s corrected the wording of a question of %(q)s", **w),
        "questionnaire.question.delete": lambda w: _("%(actor)s deleted a question of %(q)s", **w),
        "questionnaire.question.move": lambda w: _("%(actor)s moved a question of %(q)s", **w),
        "demo.answers": lambda w: _("Demonstration answers were added to %(q)s", **w),
        "translation.save": lambda w: _("%(actor)s saved translations into %(language)s of %(q)s", **w),
        "translation.confirm": lambda w: _("%(actor)s confirmed a translation into %(language)s of %(q)s as still "
                                           "right", **w),
        "translation.status": lambda w: _("%(actor)s set the status of the %(language)s translation of %(q)s", **w),
        "translation.import": lambda w: _("%(actor)s imported a file of translations into %(language)s of %(q)s",
                                          **w),
        "translation.language_add": lambda w: _("%(actor)s added the language %(language)s to %(q)s", **w),
        "translation.language_remove": lambda w: _("%(actor)s removed the language %(language)s from %(q)s", **w),
        "questionnaire.open_incomplete_languages": lambda w: _(
            "%(actor)s decided that %(q)s may open with languages incomplete", **w),
        "questionnaire.open_incomplete_languages_withdrawn": lambda w: _(
            "%(actor)s withdrew the decision that %(q)s may open with languages incomplete", **w),
    }


def _people_sentences() -> dict[str, Callable[[dict], str]]:
    return {
        "user.create": lambda w: _("%(actor)s created the account of %(person)s", **w),
        "user.update": lambda w: _("%(actor)s changed the account of %(person)s", **w),
        "user.deactivate": lambda w: _("%(actor)s deactivated the account of %(person)s", **w),
        "user.reactivate": lambda w: _("%(actor)s reactivated the account of %(person)s", **w),
        "user.password_reset": lambda w: _("%(actor)s gave %(person)s a new password", **w),
        "user.unlock": lambda w: _("%(actor)s unlocked the sign-in of %(person)s", **w),
        "user.second_factor_reset": lambda w: _("%(actor)s reset the two-step sign-in of %(person)s", **w),
        "user.second_factor_enrol": lambda w: _("%(person)s set up two-step sign-in", **w),
        "user.recovery_code_used": lambda w: _("%(person)s signed in with a recovery code", **w),
        "user.login": lambda w: _("%(person)s signed in", **w),
        "user.logout": lambda w: _("%(person)s signed out", **w),
        "user.sign_out_everywhere": lambda w: _("%(person)s signed out on every device", **w),
        "user.login_failed": lambda w: _("A sign-in as %(person)s failed", **w),
        "user.locked": lambda w: _("The sign-in of %(person)s was locked after repeated failures", **w),
        "response.submitted": lambda w: _("%(actor)s submitted the reply of %(state)s to %(q)s", **w),
        "response.reopened": lambda w: _("%(actor)s reopened the reply of %(state)s to %(q)s", **w),
        "response.deadline_extended": lambda w: _("%(actor)s extended the deadline of %(state)s for %(q)s", **w),
        "questionnaire.deadline_changed": lambda w: _("%(actor)s moved the deadline of %(q)s", **w),
        "user.invited": lambda w: _("%(actor)s invited %(person)s", **w),
        "user.password_changed": lambda w: _("%(person)s changed their password", **w),
        "user.password_chosen": lambda w: _("%(person)s chose a password", **w),
    }


def _drafting_sentences() -> dict[str, Callable[[dict], str]]:
    return {
        "revision.issue": lambda w: _("%(actor)s issued %(revision)s of %(q)s", **w),
        "consultation.open": lambda w: _("%(actor)s opened the consultation on %(revision)s", **w),
        "consultation.close": lambda w: _("%(actor)s closed the consultation on %(revision)s", **w),
        "proposal.post": lambda w: _("%(actor)s posted a proposal of %(state)s on %(revision)s", **w),
        "proposal.edit": lambda w: _("%(actor)s changed a proposal on %(revision)s", **w),
        "proposal.withdraw": lambda w: _("%(actor)s withdrew a proposal on %(revision)s", **w),
        "proposal.support": lambda w: _("%(actor)s supported, for %(state)s, a proposal on %(revision)s", **w),
        "proposal.dispose": lambda w: _("%(actor)s decided on a proposal on %(revision)s", **w),
        "proposal.apply": lambda w: _("%(actor)s applied a proposal on %(revision)s to the draft", **w),
        "meeting.create": lambda w: _("%(actor)s recorded a meeting", **w),
    }


def sentence(event: AuditEvent, names: Names) -> str:
    """What happened, in one sentence with the names of the people, questionnaires and States."""
    kind, _sep, ident = (event.target or "").partition(":")
    details = event.details or {}
    words = {"actor": event.user.name if event.user else _("The system"), "person": ident, "q": "", "state": "",
             "language": str(details.get("language", "")),
             "revision": str(details.get("symbol") or details.get("revision") or "")}
    if isinstance(details.get("state"), str):
        words["state"] = names.state(details["state"])
    if kind == "user":
        words["person"] = names.person(ident)
    elif kind == "questionnaire":
        gone = details.get("before") if isinstance(details.get("before"), dict) else {}
        words["q"] = (names.questionnaire(ident) if not ident.isdigit() or int(ident) in names.questionnaires
                      or "title" not in gone else
                      _("“%(title)s”, version %(version)s", title=gone["title"], version=gone.get("version", "?")))
    elif kind == "response":
        response = names.responses.get(int(ident)) if ident.isdigit() else None
        words["state"] = state_name(response.state) if response else str(details.get("state", ident))
        words["q"] = names.questionnaire(response.questionnaire_id if response else details.get("questionnaire", "?"))
    elif kind == "state":
        words["state"] = names.state(ident)
        if "questionnaire" in details:
            words["q"] = names.questionnaire(details["questionnaire"])
        if event.action == "state.add":
            return _("%(actor)s added %(state)s to the States and organizations", **words)
        if event.action == "state.party":
            after = details.get("after") if isinstance(details.get("after"), dict) else {}
            return (_("%(actor)s marked %(state)s as a State party", **words) if after.get("som_party")
                    else _("%(actor)s marked %(state)s as not a State party", **words))
        if event.action == "response.language":
            chosen = details.get("after")
            if isinstance(chosen, dict):  # {"language": code}; records made before that hold the code alone
                chosen = chosen.get("language")
            words["language"] = LANGUAGE_NAMES.get(chosen, str(chosen)) if chosen else ""
            return _("%(actor)s chose %(language)s as the language of the reply of %(state)s to %(q)s", **words)
        if event.action == "response.ready":
            return _("%(actor)s marked the reply of %(state)s to %(q)s as ready to submit", **words)
    if event.action == "parties.import":
        return ngettext("%(actor)s imported the depositary's participants table: %(num)d change",
                        "%(actor)s imported the depositary's participants table: %(num)d changes",
                        len(details.get("changes") or []), actor=words["actor"])
    told = {**_questionnaire_sentences(), **_people_sentences(), **_drafting_sentences()}.get(event.action)
    if told is None:
        return _("%(actor)s: %(action)s (%(target)s)", actor=words["actor"], action=event.action, target=event.target)
    return told(words)


def action_labels() -> dict[str, str]:
    """Each recorded action in words, for the log's filter menu ("Account created" for ``user.create``)."""
    return {
        "questionnaire.create": _("Questionnaire created"), "questionnaire.edit": _("Questionnaire title changed"),
        "questionnaire.import": _("Questionnaire imported"), "questionnaire.new_version": _("New version started"),
        "questionnaire.delete": _("Draft deleted"), "questionnaire.endorsed": _("Endorsement recorded"),
        "questionnaire.adopted": _("Adoption recorded"), "questionnaire.open": _("Opened for answers"),
        "questionnaire.closed": _("Closed"), "questionnaire.cluster.add": _("Cluster added"),
        "questionnaire.cluster.edit": _("Cluster changed"), "questionnaire.cluster.delete": _("Cluster deleted"),
        "questionnaire.cluster.correct": _("Cluster wording corrected"),
        "questionnaire.cluster.move": _("Cluster moved"), "questionnaire.question.add": _("Question added"),
        "questionnaire.question.edit": _("Question changed"), "questionnaire.question.correct": _("Wording corrected"),
        "questionnaire.question.delete": _("Question deleted"), "questionnaire.question.move": _("Question moved"),
        "response.submitted": _("Reply submitted"), "response.reopened": _("Reply reopened"),
        "state.party": _("State party status changed"), "state.add": _("State or organization added"),
        "response.language": _("Reply language chosen"), "response.ready": _("Reply marked ready to submit"),
        "parties.import": _("Participants table imported"), "user.create": _("Account created"),
        "user.update": _("Account changed"), "user.deactivate": _("Account deactivated"),
        "user.reactivate": _("Account reactivated"), "user.password_reset": _("New password given"),
        "user.unlock": _("Sign-in unlocked"), "user.locked": _("Sign-in locked"),
        "user.login": _("Signed in"), "user.logout": _("Signed out"), "user.login_failed": _("Sign-in failed"),
        "user.sign_out_everywhere": _("Signed out on every device"),
        "user.second_factor_enrol": _("Two-step sign-in set up"), "user.second_factor_reset": _("Two-step sign-in reset"),
        "user.recovery_code_used": _("Recovery code used"), "demo.answers": _("Demonstration answers added"),
        "translation.save": _("Translations saved"), "translation.confirm": _("Translation confirmed"),
        "translation.status": _("Language status set"), "translation.import": _("Translations imported"),
        "translation.language_add": _("Language added"), "translation.language_remove": _("Language removed"),
        "questionnaire.open_incomplete_languages": _("Opening with languages incomplete decided"),
        "questionnaire.open_incomplete_languages_withdrawn": _("Opening with languages incomplete withdrawn"),
        "response.deadline_extended": _("Deadline extended for a State"),
        "questionnaire.deadline_changed": _("Deadline moved"), "user.invited": _("Invitation sent"),
        "user.password_changed": _("Password changed"), "user.password_chosen": _("Password chosen"),
        "revision.issue": _("Revision issued"), "consultation.open": _("Consultation opened"),
        "consultation.close": _("Consultation closed"), "proposal.post": _("Proposal posted"),
        "proposal.edit": _("Proposal changed"), "proposal.withdraw": _("Proposal withdrawn"),
        "proposal.support": _("Proposal supported"), "proposal.dispose": _("Decision on a proposal"),
        "proposal.apply": _("Proposal applied to the draft"), "meeting.create": _("Meeting recorded"),
    }
