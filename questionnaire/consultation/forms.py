"""The drafting round's forms; rules beyond the shape of a field are the services' to check."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from questionnaire.models.consultations import JUSTIFICATION_MAX

BODY_CHOICES = [SelectChoice("working_group", _l("Working Group on the Smuggling of Migrants")),
                SelectChoice("conference", _l("Conference of the Parties"))]
KIND_CHOICES = [SelectChoice("comment", _l("Comment")), SelectChoice("wording", _l("New wording")), SelectChoice("delete", _l("Delete this question")),
                SelectChoice("add_after", _l("Add a question after this one")), SelectChoice("move", _l("Move to another cluster"))]
FIELD_CHOICES = [SelectChoice("text", _l("Question text")), SelectChoice("guidance", _l("Guidance")), SelectChoice("choices", _l("Choices"))]
OUTCOME_CHOICES = [SelectChoice("accepted", _l("Accepted")), SelectChoice("with_changes", _l("Accepted with changes")),
                   SelectChoice("not_accepted", _l("Not accepted")), SelectChoice("withdrawn", _l("Withdrawn"))]
PARTICIPANT_CHOICES = [SelectChoice("parties", _l("States parties to the Protocol")),
                       SelectChoice("signatories", _l("States parties and signatories"))]


class MeetingForm(FlaskForm):
    body = SelectField(_l("Body"), choices=BODY_CHOICES)
    session = IntegerField(_l("Session number"), validators=[InputRequired(), NumberRange(min=1)])
    starts_on = DateField(_l("First day"), validators=[InputRequired()])
    ends_on = DateField(_l("Last day"), validators=[InputRequired()])
    place = StringField(_l("Place"), validators=[DataRequired(), Length(max=120)])
    submit = SubmitField(_l("Record the session"))


class IssueForm(FlaskForm):
    symbol = StringField(_l("Document symbol"), validators=[DataRequired(), Length(max=80)])
    issued_on = DateField(_l("Date of the document"), validators=[InputRequired()])
    submit = SubmitField(_l("Issue the revision"))


class OpenConsultationForm(FlaskForm):
    opens_on = DateField(_l("Open from"), validators=[InputRequired()])
    closes_on = DateField(_l("Open until (included)"), validators=[InputRequired()])
    participants = SelectField(_l("Who takes part"), choices=PARTICIPANT_CHOICES, validate_choice=False)
    submit = SubmitField(_l("Open the consultation"))


class ProposalForm(FlaskForm):
    question_key = HiddenField()
    cluster_code = HiddenField()
    kind = SelectField(_l("What you propose"), choices=KIND_CHOICES, validate_choice=False)
    field = SelectField(_l("Wording to change"), choices=FIELD_CHOICES, validate_choice=False)
    wording = TextAreaField(_l("Proposed wording (for new wording or a new question)"), validators=[Optional()])
    to_cluster = StringField(_l("Cluster to move it to (code)"), validators=[Optional(), Length(max=8)])
    justification = TextAreaField(
        _l("Comment or justification"),
        validators=[Length(max=JUSTIFICATION_MAX, message=_l("Keep it to %(max)d characters."))])
    submit = SubmitField(_l("Post"))


class DispositionForm(FlaskForm):
    outcome = SelectField(_l("Disposition"), choices=OUTCOME_CHOICES, validate_choice=False)
    reply = TextAreaField(_l("Reply"), validators=[Length(max=JUSTIFICATION_MAX)])
    wording = TextAreaField(_l("Wording as accepted (when accepted with changes)"), validators=[Optional()])
    apply = BooleanField(_l("Apply the wording to the working draft"))
    submit = SubmitField(_l("Record the disposition"))
