"""The translation pages' forms (each with its CSRF token)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from questionnaire.translation.service import REASON_MAX

#: The statuses of a translated language, as the secretariat reads them.
STATUS_LABELS = {"draft": _l("Draft translation"), "reviewed": _l("Reviewed"), "official": _l("Official")}

#: What a translated file does to a text, as its preview names it beside the text's key.
CHANGE_KIND_LABELS = {
    "new": lazy_pgettext("what a translated file does to a text", "New translation"),
    "changed": lazy_pgettext("what a translated file does to a text", "Changed"),
    "confirmed": lazy_pgettext("what a translated file does to a text", "Confirmed as still right"),
}


class AddLanguageForm(FlaskForm):
    language = SelectField(_l("Language"), validators=[DataRequired()])
    submit = SubmitField(_l("Add the language"))


class StatusForm(FlaskForm):
    status = SelectField(_l("Status of this language"),
                         choices=[SelectChoice(value, label) for value, label in STATUS_LABELS.items()],
                         validators=[DataRequired()])
    submit = SubmitField(_l("Set the status"))


class BatchForm(FlaskForm):
    """The translations themselves are the page's ``t.<key>`` fields and ``still_right`` boxes, one per
    text shown; this form carries the CSRF token and the button."""

    submit = SubmitField(_l("Save the translations"))


class OpenDecisionForm(FlaskForm):
    reason = TextAreaField(_l("Reason for opening with the source text standing in"),
                           validators=[DataRequired(_l("Give the reason.")), Length(max=REASON_MAX)])
    submit = SubmitField(_l("Record the decision"))


class UploadForm(FlaskForm):
    file = FileField(_l("Translated file (.xlf or .xlsx)"), validators=[FileRequired(_l("Choose a file."))])
    submit = SubmitField(_l("Check the file"))


class ApplyForm(FlaskForm):
    """The checked file again (base64), so that applying checks it once more against today's texts, and
    what the preview showed as "Now" (a JSON object of each changed text's fingerprint), so that a text
    saved since is not overwritten unseen."""

    content = HiddenField(validators=[DataRequired()])
    filename = HiddenField()
    shown = HiddenField(validators=[DataRequired()])
    submit = SubmitField(_l("Apply these changes"))
