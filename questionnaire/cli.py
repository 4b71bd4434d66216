"""The `questionnaire` command: init, users, definitions, database (other stages add their own)."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import select

from questionnaire import migrate, seed
from questionnaire.config import resolved_instance_path, write_instance_config
from questionnaire.db import get_engine, get_session
from questionnaire.definitions import DefinitionInvalid
from questionnaire.definitions.document import (
    dump_json,
    export_document,
    import_document,
    load_questionnaire,
    parse_json,
    summary_line,
)
from questionnaire.definitions.validate import check_document
from questionnaire.models import User


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
    imported = seed.load_som_questionnaire(db)
    accounts = seed.create_demo(db) if demo else []
    db.commit()
    click.echo(f"Database ready at revision {migrate.current_revision(get_engine())}.")
    click.echo(f"States added: {states}. SOM Protocol questionnaire {'loaded' if imported else 'already present'}.")
    if accounts:
        click.echo("Demo accounts (shown once; keep them or reset with `questionnaire users password`):")
        for account in accounts:
            state = f" [{account.state}]" if account.state else ""
            click.echo(f"  {account.role:<12} {account.email:<28} password: {account.password}{state}")
    elif demo:
        click.echo("Demo accounts already exist; reset a password with `questionnaire users password EMAIL`.")


@click.group("users")
def users_group() -> None:
    """Manage accounts."""


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, help="secretariat, focal_point, expert or reviewer")
@click.option("--state", "iso3", default=None, help="ISO 3166 alpha-3 code (focal points and experts)")
@click.option("--generate-password", is_flag=True, help="Generate a password and print it instead of asking.")
@with_appcontext
def users_create(email: str, name: str, role: str, iso3: str | None, generate_password: bool) -> None:
    """Create an account."""
    from questionnaire.people import PeopleError, create_user
    from questionnaire.people import generate_password as new_password

    db = get_session()
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
    if generate_password:
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
    from questionnaire.people import reset_password

    password = reset_password(db, None, user)
    db.commit()
    click.echo(f"New password for {user.email} (shown once): {password}")


@click.group("definition")
def definition_group() -> None:
    """Export, import and check questionnaire definitions."""


def _read_document(path: Path):
    if path.suffix.lower() == ".xlsx":
        from questionnaire.definitions import xlsx

        return xlsx.read_workbook(path.read_bytes())
    return parse_json(path.read_bytes())


@definition_group.command("check")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def definition_check(path: Path) -> None:
    """Print every problem of a definition file with its place; exit 1 if there is any."""
    try:
        document = _read_document(path)
    except DefinitionInvalid as error:
        problems = error.problems
    else:
        problems = check_document(document)
    if problems:
        for problem in problems:
            click.echo(str(problem))
        click.echo(f"{len(problems)} problem(s) found; nothing can be imported until they are fixed.", err=True)
        sys.exit(1)
    click.echo(summary_line(document))
    _print_warnings(document)


def _print_warnings(document) -> None:
    from questionnaire.quality import document_warnings

    for warning in document_warnings(document):
        click.echo(f"warning: {warning}")


@definition_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def definition_import(path: Path) -> None:
    """Import a definition as a new draft (or the next version of its slug)."""
    db = get_session()
    try:
        questionnaire = import_document(db, _read_document(path))
    except DefinitionInvalid as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        _fail(f"{len(error.problems)} problem(s); nothing was imported.")
        return
    db.commit()
    click.echo(f"Imported {questionnaire.slug} version {questionnaire.version} as a draft.")


@definition_group.command("export")
@click.argument("slug")
@click.option("--version", type=int, default=None, help="Defaults to the latest version.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def definition_export(slug: str, version: int | None, out: Path) -> None:
    """Write a questionnaire as a definition document (.json, or .xlsx)."""
    questionnaire = load_questionnaire(get_session(), slug, version)
    if questionnaire is None:
        _fail(f"no questionnaire {slug}" + (f" version {version}" if version else ""))
        return
    document = export_document(questionnaire)
    if out.suffix.lower() == ".xlsx":
        from questionnaire.definitions import xlsx

        out.write_bytes(xlsx.write_workbook(document))
    else:
        out.write_text(dump_json(document), encoding="utf-8")
    click.echo(f"Wrote {slug} version {questionnaire.version} to {out}.")


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
    for command in (init_command, users_group, definition_group, db_group):
        app.cli.add_command(command)
