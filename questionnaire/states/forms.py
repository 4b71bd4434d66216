"""Forms of the secretariat's States page: filters, party checkboxes, adding a participant, importing the
depositary's participants table."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, Form, HiddenField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from questionnaire.models import LISTED_GROUPS, REGIONAL_GROUPS
from questionnaire.replies.status_labels import REGIONAL_GROUP_LABELS


class StatesFilterForm(Form):
    """The filters of the States list (a GET form: no CSRF token)."""

    group = SelectField(
        _l("Regional group"), validate_choice=False,
        choices=[SelectChoice("", _l("Every regional group"))]
        + [SelectChoice(g, REGIONAL_GROUP_LABELS[g]) for g in LISTED_GROUPS],
    )
    party = SelectField(
        _l("Party to the Protocol"), validate_choice=False,
        choices=[SelectChoice("", _l("Parties and non-parties")), SelectChoice("yes", _l("Parties")),
                 SelectChoice("no", _l("Not parties"))],
    )

    def criteria(self) -> dict[str, Any]:
        """The keyword arguments of ``list_states``."""
        group = self.group.data if self.group.data in LISTED_GROUPS else None
        return {"group": group, "party": {"yes": True, "no": False}.get(self.party.data or "")}


class PartiesForm(FlaskForm):
    """The party checkboxes of the States shown (``listed``), saved all at once."""

    listed = SelectMultipleField(validate_choice=False)
    party = SelectMultipleField(validate_choice=False)
    submit = SubmitField(_l("Save party status"))


class AddParticipantForm(FlaskForm):
    """A non-member State or an organization the shipped list of UN member States lacks."""

    code = StringField(_l("Code"), validators=[DataRequired(_l("Give a three-letter code.")), Length(max=3)],
                       description=_l("ISO 3166 alpha-3 for a State; three letters of your choice for an "
                                      "organization (used in addresses only)."))
    name = StringField(_l("Name"), validators=[DataRequired(_l("Give the name as the depositary writes it.")),
                                               Length(max=120)])
    kind = SelectField(_l("Kind"), choices=[
        SelectChoice("non_member_state", _l("Non-member State")),
        SelectChoice("organization", _l("Regional economic integration organization")),
    ])
    regional_group = SelectField(
        _l("UN regional group"), validators=[Optional()],
        choices=[SelectChoice("", _l("None"))] + [SelectChoice(g, REGIONAL_GROUP_LABELS[g]) for g in REGIONAL_GROUPS],
    )
    submit = SubmitField(_l("Add"))


class ImportForm(FlaskForm):
    """The depositary's participants table, with where it comes from and the date it was true."""

    file = FileField(_l("Participants table (.xlsx or .csv)"), validators=[FileRequired(_l("Choose a file."))])
    source = StringField(_l("Source"), default="United Nations Treaty Collection",
                         validators=[DataRequired(_l("Name the source.")), Length(max=400)])
    as_at = DateField(_l("As at"), validators=[DataRequired(_l("Give the date the table was true."))],
                      description=_l("The date the depositary's table was known to be right."))
    submit = SubmitField(_l("Preview the changes"))


class ApplyImportForm(FlaskForm):
    """The previewed table, carried back unchanged to be applied (read and checked again)."""

    table = HiddenField(validators=[DataRequired()])
    filename = HiddenField(validators=[DataRequired()])
    source = HiddenField(validators=[DataRequired(), Length(max=400)])
    as_at = HiddenField(validators=[DataRequired()])
    digest = HiddenField(validators=[DataRequired()])
    submit = SubmitField(_l("Apply these changes"))
