"""The `users` commands: create an account, give an account a new password."""
from __future__ import annotations

import click
from flask_babel import gettext as _
from sqlalchemy import select

from questionnaire.cli import fail as _fail
from questionnaire.cli import in_interface_language
from questionnaire.db import get_session
from questionnaire.models import User
from questionnaire.people.service import PeopleError, create_user, reset_password
from questionnaire.people.service import generate_password as new_password
from questionnaire.punctuation import labelled


@click.group("users")
def users_group() -> None:
    """Manage accounts."""


def ask_password_twice() -> str:
    """A password typed twice, asked again until both are the same; says so in the interface language in force
    (click's own confirmation speaks English only)."""
    while True:
        password = click.prompt(labelled(_("Password")), prompt_suffix="", hide_input=True)
        again = click.prompt(labelled(_("Password again")), prompt_suffix="", hide_input=True)
        if password == again:
            return password
        click.echo(_("Error: %(message)s", message=_("the two passwords are not the same; type them again")),
                   err=True)


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, help="secretariat, focal_point, expert, reviewer or delegate")
@click.option("--state", "iso3", default=None, help="ISO 3166 alpha-3 code (focal points, experts and delegates)")
@click.option("--generate-password", is_flag=True, help="Generate a password and print it instead of asking.")
@click.option("--invite", is_flag=True, help="E-mail the person a single-use link to choose their password.")
@in_interface_language()
def users_create(email: str, name: str, role: str, iso3: str | None, generate_password: bool, invite: bool) -> None:
    """Create an account."""
    db = get_session()
    if invite:
        password = None
    else:
        password = new_password() if generate_password else ask_password_twice()
    try:
        user = create_user(db, None, email=email, name=name, role=role, iso3=iso3, password=password)
    except PeopleError as error:
        _fail(str(error))
        return
    db.commit()
    if user.state:
        click.echo(_("Created %(role)s %(email)s for %(state)s.", role=user.role, email=user.email,
                     state=user.state.iso3))
    else:
        click.echo(_("Created %(role)s %(email)s.", role=user.role, email=user.email))
    if invite:
        click.echo(_("Invitation queued: %(command)s sends it.", command="`questionnaire worker`"))
    elif generate_password:
        click.echo(_("Password (shown once): %(password)s", password=password))


@users_group.command("password")
@click.argument("email")
@in_interface_language()
def users_password(email: str) -> None:
    """Give an account a new generated password (printed once)."""
    db = get_session()
    user = db.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        _fail(_("no account with the e-mail %(email)s", email=email))
        return
    password = reset_password(db, None, user)
    db.commit()
    click.echo(_("New password for %(email)s (shown once): %(password)s", email=user.email, password=password))
