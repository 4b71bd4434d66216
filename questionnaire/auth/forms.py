"""The sign-in form, and the empty form every POST-only action uses (a CSRF token and a button)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    submit = SubmitField(_l("Sign in"))


class EmptyForm(FlaskForm):
    """Only a CSRF token and a button: for POST-only actions."""

    submit = SubmitField(_l("Confirm"))
