"""The `users` commands: create an account, give an account a new password."""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from questionnaire.cli import fail as _fail
from questionnaire.db import get_session
from questionnaire.models import User
from questionnaire.people.service import PeopleError, create_user, reset_password
from questionnaire.people.service import generate_password as new_password


@click.group("users")
def users_group() -> None:
    """Manage accounts."""


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, help="secretariat, focal_point, expert, reviewer or delegate")
@click.option("--state", "iso3", default=None, help="ISO 3166 alpha-3 code (focal points, experts and delegates)")
@click.option("--generate-password", is_flag=True, help="Generate a password and print it instead of asking.")
@click.option("--invite", is_flag=True, help="E-mail the person a single-use link to choose their password.")
@with_appcontext
def users_create(email: str, name: str, role: str, iso3: str | None, generate_password: bool, invite: bool) -> None:
    """Create an account."""
    db = get_session()
    if invite:
        password = None
    else:
        password = new_password() if generate_password else click.prompt(
            "Password", hide_input=True, confirmation_prompt=True
        )
    try:
        user = create_user(db, None, email=email, name=name, role=role, iso3=iso3, password=password)
    except PeopleError as error:
        _fail(str(error))
        return
    db.commit()
    click.echo(f"Created {user.role} {user.email}" + (f" for {user.state.iso3}" if user.state else "") + ".")
    if invite:
        click.echo("Invitation queued: `questionnaire worker` sends it.")
    elif generate_password:
        click.echo(f"Password (shown once): {password}")


@users_group.command("password")
@click.argument("email")
@with_appcontext
def users_password(email: str) -> None:
    """Give an account a new generated password (printed once)."""
    db = get_session()
    user = db.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        _fail(f"no account with the e-mail {email}")
        return
    password = reset_password(db, None, user)
    db.commit()
    click.echo(f"New password for {user.email} (shown once): {password}")
