"""The `questionnaire` command: init and database; each feature room and stage adds its own commands."""
from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext
from flask_babel import gettext as _

from questionnaire import migrate, seed
from flask import current_app

from questionnaire.config import resolved_instance_path, write_demo_settings, write_instance_config
from questionnaire.db import get_engine, get_session


def fail(message: str) -> None:
    """Print ``message`` as an error, in the interface language in force, and exit with status 1."""
    click.echo(_("Error: %(message)s", message=message), err=True)
    sys.exit(1)


def warn(message: str) -> None:
    """Print ``message`` as a warning, in the interface language in force; the command goes on."""
    click.echo(_("Warning: %(message)s", message=message))


def interface_language(asked: str | None, option: str) -> str:
    """``asked`` if it is one of the app's interface languages (the default one when None); otherwise exits
    saying which ones there are, naming the command's ``option``."""
    languages = current_app.config["LANGUAGES"]
    language = asked or current_app.config["BABEL_DEFAULT_LOCALE"]
    if language not in languages:
        fail(_("%(option)s must be one of %(languages)s", option=option, languages=", ".join(languages)))
    return language


def _create_app_for_cli() -> Flask:
    from questionnaire import create_app

    write_instance_config(resolved_instance_path())  # the first command on a new machine creates the secret key
    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app_for_cli, add_version_option=False, load_dotenv=False)
def main() -> None:
    """The self-assessment questionnaire platform."""


@click.command("init")
@click.option("--demo", is_flag=True, help="Also create demo accounts and open the SOM questionnaire.")
@with_appcontext
def init_command(demo: bool) -> None:
    """Create or upgrade the database and load States and the SOM Protocol questionnaire."""
    migrate.upgrade(get_engine())
    db = get_session()
    states = seed.load_states(db)
    refreshed = seed.refresh_shipped_statuses(db)
    imported = seed.load_som_questionnaire(db)
    accounts = seed.create_demo(db) if demo else []
    db.commit()
    click.echo(f"Database ready at revision {migrate.current_revision(get_engine())}.")
    click.echo(f"States and organizations added: {states}. SOM Protocol questionnaire {'loaded' if imported else 'already present'}.")
    if refreshed:
        click.echo(f"Shipped party statuses brought up to the shipped list: {refreshed}.")
    if accounts:
        click.echo("Demo accounts (shown once; keep them or reset with `questionnaire users password`):")
        for account in accounts:
            state = f" [{account.state}]" if account.state else ""
            click.echo(f"  {account.role:<12} {account.email:<28} password: {account.password}{state}")
    elif demo:
        click.echo("Demo accounts already exist; reset a password with `questionnaire users password EMAIL`.")
    if demo:
        if not current_app.testing:  # tests never write to the instance folder
            write_demo_settings(current_app.instance_path)
        click.echo("Demo: two-step sign-in is required of no role (MFA_REQUIRED_ROLES = \"\" in the instance "
                   "config.py); production keeps the default, \"secretariat\".")


@click.group("db")
def db_group() -> None:
    """Database schema (Alembic)."""


@db_group.command("upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Upgrade the schema to the latest migration."""
    migrate.upgrade(get_engine())
    click.echo(f"Database at revision {migrate.current_revision(get_engine())}.")


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@with_appcontext
def db_revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    migrate.make_revision(get_engine(), message)


def init_app(app: Flask) -> None:
    for command in (init_command, db_group):
        app.cli.add_command(command)
