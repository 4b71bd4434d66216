"""The `questionnaire` command: init and database; each feature room and stage adds its own commands."""
from __future__ import annotations

import sys
from functools import wraps
from typing import Any, Callable

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _

from questionnaire import migrate, seed
from questionnaire.config import resolved_instance_path, write_demo_settings, write_instance_config
from questionnaire.db import get_engine, get_session
from questionnaire.locale import ngettext

#: The help of ``--interface-lang`` (click's help stays in English, as every command's).
INTERFACE_LANGUAGE_HELP = ("The language of the command's messages: ar, en, es, fr, ru or zh (default: en, the "
                           "default interface language).")


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


Command = Callable[..., None]


def in_interface_language(help_text: str = INTERFACE_LANGUAGE_HELP) -> Callable[[Command], Command]:
    """A command's ``--interface-lang`` option: the command runs in the app's context, everything it says (and
    words) in the interface language asked for, the default one when none is; an unknown code is refused, with
    the languages there are, before the command does anything. ``help_text`` is the option's help."""
    def decorate(command: Command) -> Command:
        @click.option("--interface-lang", "interface_lang", default=None, metavar="LANG", help=help_text)
        @with_appcontext
        @wraps(command)
        def in_language(*arguments: Any, interface_lang: str | None, **options: Any) -> None:
            with force_locale(interface_language(interface_lang, "--interface-lang")):
                command(*arguments, **options)
        return in_language
    return decorate


def no_questionnaire(slug: str, version: int | None = None) -> str:
    """The message for a questionnaire (or one of its versions) that is not there."""
    if version:
        return _("no questionnaire %(slug)s version %(version)s", slug=slug, version=version)
    return _("no questionnaire %(slug)s", slug=slug)


def _create_app_for_cli() -> Flask:
    from questionnaire import create_app

    write_instance_config(resolved_instance_path())  # the first command on a new machine creates the secret key
    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app_for_cli, add_version_option=False, load_dotenv=False)
def main() -> None:
    """The self-assessment questionnaire platform."""


@click.command("init")
@click.option("--demo", is_flag=True, help="Also create demo accounts and open the SOM questionnaire.")
@in_interface_language()
def init_command(demo: bool) -> None:
    """Create or upgrade the database and load States and the SOM Protocol questionnaire."""
    migrate.upgrade(get_engine())
    db = get_session()
    states = seed.load_states(db)
    refreshed = seed.refresh_shipped_statuses(db)
    imported = seed.load_som_questionnaire(db)
    accounts = seed.create_demo(db) if demo else []
    db.commit()
    click.echo(_("Database ready at revision %(revision)s.", revision=migrate.current_revision(get_engine())))
    click.echo(ngettext("%(num)s State or organization added.", "%(num)s States and organizations added.", states))
    click.echo(_("SOM Protocol questionnaire loaded.") if imported
               else _("SOM Protocol questionnaire already present."))
    if refreshed:
        click.echo(ngettext("%(num)s shipped party status brought up to the shipped list.",
                            "%(num)s shipped party statuses brought up to the shipped list.", refreshed))
    if accounts:
        click.echo(_("Demo accounts (shown once; keep them or reset with %(command)s):",
                     command="`questionnaire users password`"))
        for account in accounts:
            state = f" [{account.state}]" if account.state else ""
            click.echo(f"  {account.role:<12} {account.email:<28} "
                       + _("password: %(password)s", password=account.password) + state)
    elif demo:
        click.echo(_("Demo accounts already exist; reset a password with %(command)s.",
                     command="`questionnaire users password EMAIL`"))
    if demo:
        if not current_app.testing:  # tests never write to the instance folder
            write_demo_settings(current_app.instance_path)
        click.echo(_("Demo: two-step sign-in is required of no role (%(setting)s in the instance config.py); "
                     "production keeps the default, %(default)s.", setting='MFA_REQUIRED_ROLES = ""',
                     default='"secretariat"'))


@click.group("db")
def db_group() -> None:
    """Database schema (Alembic)."""


@db_group.command("upgrade")
@in_interface_language()
def db_upgrade() -> None:
    """Upgrade the schema to the latest migration."""
    migrate.upgrade(get_engine())
    click.echo(_("Database at revision %(revision)s.", revision=migrate.current_revision(get_engine())))


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@with_appcontext
def db_revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    migrate.make_revision(get_engine(), message)


def init_app(app: Flask) -> None:
    for command in (init_command, db_group):
        app.cli.add_command(command)
