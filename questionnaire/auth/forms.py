"""The sign-in forms, and the empty form every POST-only action uses (a CSRF token and a button)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    submit = SubmitField(_l("Sign in"))


class SecondStepForm(FlaskForm):
    code = StringField(
        _l("Verification code"), validators=[DataRequired(), Length(max=20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True},
    )
    submit = SubmitField(_l("Continue"))


class EnrolForm(FlaskForm):
    code = StringField(
        _l("Code shown by the app"), validators=[DataRequired(), Length(max=20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
    submit = SubmitField(_l("Turn on two-step sign-in"))


class EmptyForm(FlaskForm):
    """Only a CSRF token and a button: for POST-only actions."""

    submit = SubmitField(_l("Confirm"))


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    submit = SubmitField(_l("Send me a link"))


class ChoosePasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired()],
                             render_kw={"autocomplete": "new-password"})
    confirmation = PasswordField(_l("New password again"), validators=[DataRequired()],
                                 render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Save the password"))


class ChangePasswordForm(ChoosePasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()],
                            render_kw={"autocomplete": "current-password"})
