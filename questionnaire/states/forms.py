"""Forms of the secretariat's States page: the filters and the party checkboxes."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, SelectField, SelectMultipleField, SubmitField
from wtforms.fields.choices import SelectChoice

from questionnaire.models import REGIONAL_GROUPS


class StatesFilterForm(Form):
    """The filters of the States list (a GET form: no CSRF token)."""

    group = SelectField(
        _l("Regional group"), validate_choice=False,
        choices=[SelectChoice("", _l("Every regional group"))] + [SelectChoice(g, g) for g in REGIONAL_GROUPS],
    )
    party = SelectField(
        _l("Party to the Protocol"), validate_choice=False,
        choices=[SelectChoice("", _l("Parties and non-parties")), SelectChoice("yes", _l("Parties")),
                 SelectChoice("no", _l("Not parties"))],
    )

    def criteria(self) -> dict[str, Any]:
        """The keyword arguments of ``list_states``."""
        group = self.group.data if self.group.data in REGIONAL_GROUPS else None
        return {"group": group, "party": {"yes": True, "no": False}.get(self.party.data or "")}


class PartiesForm(FlaskForm):
    """The party checkboxes of the States shown (``listed``), saved all at once."""

    listed = SelectMultipleField(validate_choice=False)
    party = SelectMultipleField(validate_choice=False)
    submit = SubmitField(_l("Save party status"))
