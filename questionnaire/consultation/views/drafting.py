"""The drafting round's index (sessions and consultations), a questionnaire's issued revisions, and
opening and closing a consultation."""
from __future__ import annotations

from flask import abort, g, render_template, url_for
from flask_babel import gettext as _

from questionnaire.access import get_questionnaire_or_404
from questionnaire.auth.forms import EmptyForm
from questionnaire.consultation import consultations, meetings, revisions
from questionnaire.consultation import forms as F
from questionnaire.consultation.errors import DraftingRefused
from questionnaire.consultation.views.shared import (
    consultation_or_404, done, form_refused, page_of, readers, refused, revision_or_404, secretariat_only,
)
from questionnaire.db import get_session
from questionnaire.models import Role


@readers
def index():
    db = get_session()
    listed = consultations.consultations_for(db, g.user)
    return render_template("consultation/index.html", meetings=meetings.list_meetings(db), consultations=listed,
                           ended=consultations.ended_ids(listed), meeting_label=meetings.meeting_label,
                           meeting_form=F.MeetingForm() if g.user.role is Role.SECRETARIAT else None)


@secretariat_only
def create_meeting():
    form, back = F.MeetingForm(), url_for("consultation.index")
    if not form.validate_on_submit():
        return form_refused(form, back)
    try:
        meetings.create_meeting(get_session(), g.user, form.body.data, form.session.data, form.starts_on.data,
                                form.ends_on.data, form.place.data)
    except DraftingRefused as error:
        return refused(error, back)
    return done(_("The session was recorded."), back)


@secretariat_only
def questionnaire(questionnaire_id: int):
    db = get_session()
    q = get_questionnaire_or_404(db, questionnaire_id)
    issued = revisions.revisions_of(db, q)
    issue = F.IssueForm(data={"symbol": revisions.suggested_symbol(issued), "issued_on": consultations.today()})
    return render_template("consultation/questionnaire.html", q=q, revisions=issued, issue=issue,
                           open_form=F.OpenConsultationForm(), path=meetings.questionnaire_path(db, q),
                           today=consultations.today(), endorsed_on=consultations.endorsed_on(q))


@secretariat_only
def issue_revision(questionnaire_id: int):
    db = get_session()
    q = get_questionnaire_or_404(db, questionnaire_id)
    form, back = F.IssueForm(), url_for("consultation.questionnaire", questionnaire_id=questionnaire_id)
    if not form.validate_on_submit():
        return form_refused(form, back)
    try:
        revision = revisions.issue_revision(db, q, g.user, form.symbol.data, form.issued_on.data)
    except DraftingRefused as error:
        return refused(error, back)
    return done(_("Revision %(number)s was issued as %(symbol)s.", number=revision.number, symbol=revision.symbol),
                back)


@secretariat_only
def open_consultation(revision_id: int):
    revision = revision_or_404(revision_id)
    form = F.OpenConsultationForm()
    back = url_for("consultation.questionnaire", questionnaire_id=revision.questionnaire_id)
    if not form.validate_on_submit():
        return form_refused(form, back)
    try:
        consultation = consultations.open_consultation(get_session(), revision, g.user, form.opens_on.data,
                                                       form.closes_on.data, form.participants.data)
    except DraftingRefused as error:
        return refused(error, back)
    return done(_("The consultation on %(symbol)s is open.", symbol=revision.symbol), page_of(consultation))


@secretariat_only
def close_consultation(consultation_id: int):
    consultation = consultation_or_404(consultation_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        consultations.close_consultation(get_session(), consultation, g.user)
    except DraftingRefused as error:
        return refused(error, page_of(consultation))
    return done(_("The consultation is closed."), page_of(consultation))
