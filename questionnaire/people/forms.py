"""Forms of the secretariat's people pages."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, Form, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from questionnaire.locale import LANGUAGE_NAMES
from questionnaire.models import Role, State, User
from questionnaire.navigation import ROLE_LABELS
from questionnaire.people.service import PeopleError

ROLE_CHOICES = [SelectChoice(role.value, ROLE_LABELS[role]) for role in Role]


def _state_choices(states: list[State], blank: object) -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [SelectChoice(state.iso3, f"{state.name} ({state.iso3})") for state in states]


class UserForm(FlaskForm):
    """An account's name, e-mail, role and State. Role and State are checked by the service (so a
    crafted value gets the service's message beside the field)."""

    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter the person's name.")), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Enter a valid e-mail address.")), Length(max=254)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validate_choice=False)
    state = SelectField(_l("State"), validate_choice=False)
    locale = SelectField(_l("Language of e-mails"), validate_choice=False,
                         choices=[SelectChoice("", _l("Default"))]
                         + [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()])
    submit = SubmitField(_l("Save"))

    @classmethod
    def for_user(cls, user: User) -> "UserForm":
        """The form showing ``user`` (what was posted wins over it)."""
        state = user.state.iso3 if user.state else ""
        return cls(data={"name": user.name, "email": user.email, "role": user.role, "state": state,
                         "locale": user.locale or ""})

    def load_states(self, states: list[State]) -> "UserForm":
        self.state.choices = _state_choices(states, _l("— none (secretariat, reviewer) —"))
        return self

    def values(self) -> dict[str, Any]:
        """The keyword arguments of ``people.create_user`` / ``update_user``."""
        return {
            "name": self.name.data or "",
            "email": self.email.data or "",
            "role": self.role.data or "",
            "iso3": self.state.data or None,
            "locale": self.locale.data or None,
        }

    def show(self, error: PeopleError) -> None:
        """Put the service's message beside the field it is about (or above the form)."""
        field = self._fields.get(error.field or "")
        if field is None:
            self.form_errors.append(str(error))
        else:
            field.errors = [*field.errors, str(error)]


class PeopleFilterForm(Form):
    """The filters of the people list (a GET form: no CSRF token)."""

    role = SelectField(_l("Role"), validate_choice=False)
    state = SelectField(_l("State"), validate_choice=False)
    active = SelectField(
        _l("Status"), validate_choice=False,
        choices=[SelectChoice("", _l("Active and deactivated")), SelectChoice("yes", _l("Active")),
                 SelectChoice("no", _l("Deactivated"))],
    )

    def load_states(self, states: list[State]) -> "PeopleFilterForm":
        self.role.choices = [SelectChoice("", _l("Every role")), *ROLE_CHOICES]
        self.state.choices = _state_choices(states, _l("Every State"))
        return self

    def criteria(self) -> dict[str, Any]:
        """The keyword arguments of ``people.list_users``."""
        active = {"yes": True, "no": False}.get(self.active.data or "")
        return {"role": self.role.data or None, "iso3": self.state.data or None, "active": active}
