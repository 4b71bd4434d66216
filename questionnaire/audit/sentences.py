"""Audit events told as sentences with names: "A. Secretariat created the account of B. Focal point
(Kenya)", not ``user.create`` → ``user:7``. The action codes and targets stay in the database (and in the
action filter); the page reads these sentences, with the names :class:`questionnaire.audit.names.Names`
loaded for the whole page."""
from __future__ import annotations

from typing import Callable

from flask_babel import gettext as _

from questionnaire.audit.names import QUESTION_ACTIONS, Names, split_target
from questionnaire.locale import LANGUAGE_NAMES, ngettext, state_name
from questionnaire.models import AuditEvent


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
        "questionnaire.question.add": lambda w: _("%(actor)s added %(question)s to %(q)s", **w),
        "questionnaire.question.edit": lambda w: _("%(actor)s changed %(question)s of %(q)s", **w),
        "questionnaire.question.correct": lambda w: _("%(actor)s corrected the wording of %(question)s of %(q)s",
                                                      **w),
        "questionnaire.question.delete": lambda w: _("%(actor)s deleted %(question)s of %(q)s", **w),
        "questionnaire.question.move": lambda w: _("%(actor)s moved %(question)s of %(q)s", **w),
        "questionnaire.replace_draft": lambda w: _("%(actor)s replaced the content of the draft %(q)s with an "
                                                   "uploaded definition", **w),
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
        "user.password_reset_requested": lambda w: _("A link to choose a new password was sent to %(person)s", **w),
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
    """What happened, in one sentence with the names of the people, questionnaires, questions and States; a
    thing no longer on record is said to be so, never shown as its id."""
    kind, ident = split_target(event.target)
    details = event.details or {}
    language = details.get("language")
    words = {"actor": event.user.name if event.user else _("The system"), "person": ident, "q": "", "state": "",
             "question": _("a question"),
             "language": LANGUAGE_NAMES.get(language, str(language)) if language else "",
             "revision": str(details.get("symbol") or details.get("revision") or "")}
    if isinstance(details.get("state"), str):
        words["state"] = names.state(details["state"])
    if kind == "user":
        words["person"] = names.person(ident)
    elif kind == "questionnaire":
        gone = details.get("before") if isinstance(details.get("before"), dict) else {}
        words["q"] = (_("“%(title)s”, version %(version)s", title=gone["title"], version=gone.get("version", "?"))
                      if event.action == "questionnaire.delete" and "title" in gone else names.questionnaire(ident))
        if event.action in QUESTION_ACTIONS:
            words["question"] = names.question_of(event)
    elif kind == "response":
        response = names.responses.get(int(ident)) if ident.isdigit() else None
        if response is not None:
            words["state"] = state_name(response.state)
        elif not words["state"]:
            words["state"] = _("a State no longer on record")
        words["q"] = names.questionnaire(response.questionnaire_id if response else details.get("questionnaire"))
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
        return ngettext("%(actor)s imported the depositary's participants table: %(num)s change",
                        "%(actor)s imported the depositary's participants table: %(num)s changes",
                        len(details.get("changes") or []), actor=words["actor"])
    told = {**_questionnaire_sentences(), **_people_sentences(), **_drafting_sentences()}.get(event.action)
    if told is None:
        return _("%(actor)s: %(action)s (%(target)s)", actor=words["actor"], action=event.action,
                 target=names.target(event))
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
        "user.password_reset_requested": _("New password requested"),
        "questionnaire.replace_draft": _("Draft replaced by an upload"),
        "revision.issue": _("Revision issued"), "consultation.open": _("Consultation opened"),
        "consultation.close": _("Consultation closed"), "proposal.post": _("Proposal posted"),
        "proposal.edit": _("Proposal changed"), "proposal.withdraw": _("Proposal withdrawn"),
        "proposal.support": _("Proposal supported"), "proposal.dispose": _("Decision on a proposal"),
        "proposal.apply": _("Proposal applied to the draft"), "meeting.create": _("Meeting recorded"),
    }
