"""Every command speaks the interface language asked for with ``--interface-lang`` (English by default) and
refuses an unknown one before doing anything; the account, database and definition commands say what they did in
it, their counts written the language's way.

The French words below stand in for the catalogues' (laid over them for these tests), so that the tests say what
the commands do with a language's words whatever the catalogues hold today."""
from __future__ import annotations

import json

import click
import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from questionnaire.definitions.translated import LanguageGaps
from questionnaire.models import Questionnaire, State, User
from tests.factories import small_document

#: Where a command is given the path of a file that must exist, or of one it would write.
FILE, OUT = "{file}", "{out}"

#: Each command of the app with the fewest arguments it runs with; the arguments lead nowhere, since an unknown
#: interface language is refused first.
COMMANDS = {
    "init": ["--demo"],
    "db upgrade": [],
    "users create": ["--email", "a@b.example", "--name", "A", "--role", "reviewer", "--generate-password"],
    "users password": ["a@b.example"],
    "worker": ["--once"],
    "definition check": [FILE],
    "definition import": [FILE],
    "definition export": ["som-protocol", "--out", OUT + ".json"],
    "definition diff": ["som-protocol", "--from", "1", "--out", OUT + ".docx"],
    "consultation export": ["som-protocol", "--revision", "1", "--out", OUT + ".docx"],
    "translations export": ["som-protocol", "--lang", "fr", "--out", OUT + ".xlsx"],
    "translations import": [FILE],
    "export": ["som-protocol", "--out", OUT + ".csv"],
    "demo answers": ["--states", "1"],
    "parties import": [FILE],
    "parties export": ["--out", OUT + ".csv"],
}

#: A command for the app's developers, whose output is Alembic's own.
IN_ENGLISH_ONLY = {"db revision"}

NNBSP = "\u202f"  # French groups digits with a narrow no-break space: 1 234


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    """Every command under ``group``, by the words that call it ("users create")."""
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield " ".join((*path, name)), command


def test_every_command_but_the_developers_migration_offers_the_interface_language(app):
    options = {name: {option for parameter in command.params for option in parameter.opts}
               for name, command in _commands(app.cli)}
    assert {name for name, opts in options.items() if "--interface-lang" not in opts} == IN_ENGLISH_ONLY
    assert set(options) - IN_ENGLISH_ONLY == set(COMMANDS)  # each one is tried below


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_unknown_interface_language_is_refused_before_the_command_does_anything(runner, fresh_db, tmp_path,
                                                                                   command):
    given = tmp_path / "given.json"
    given.write_text("{}")
    arguments = [argument.replace(FILE, str(given)).replace(OUT, str(tmp_path / "written"))
                 for argument in COMMANDS[command]]
    result = runner.invoke(args=[*command.split(), *arguments, "--interface-lang", "xx"])
    assert result.exit_code == 1
    assert result.output == "Error: --interface-lang must be one of en, fr, es, ar, ru, zh\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["given.json"]
    db = fresh_db()
    assert [db.scalar(select(func.count()).select_from(table)) for table in (State, Questionnaire, User)] == [0, 0, 0]


# --- init and db upgrade --------------------------------------------------------------------------------

INIT_WORDS = {"fr": {
    (None, "Database ready at revision %(revision)s."): "Base de données prête (révision %(revision)s).",
    (None, ("%(num)s State or organization added.", "%(num)s States and organizations added.")): (
        "%(num)s État ou organisation ajouté.", "%(num)s d’États et d’organisations ajoutés.",
        "%(num)s États et organisations ajoutés."),
    (None, "SOM Protocol questionnaire loaded."): "Questionnaire du Protocole SOM chargé.",
    (None, "SOM Protocol questionnaire already present."): "Questionnaire du Protocole SOM déjà présent.",
    (None, "Demo accounts (shown once; keep them or reset with %(command)s):"):
        "Comptes de démonstration (affichés une fois ; gardez-les ou changez-les avec %(command)s) :",
    (None, "password: %(password)s"): "mot de passe : %(password)s",
    (None, "Demo accounts already exist; reset a password with %(command)s."):
        "Les comptes de démonstration existent déjà ; changez un mot de passe avec %(command)s.",
    (None, "Database at revision %(revision)s."): "Base de données à la révision %(revision)s.",
}}


def test_init_says_what_it_did_in_the_interface_language_asked_for(runner, lay_words, fresh_db):
    lay_words(INIT_WORDS)
    first = runner.invoke(args=["init", "--demo", "--interface-lang", "fr"])
    assert first.exit_code == 0, first.output
    lines = first.output.splitlines()
    assert lines[0].startswith("Base de données prête (révision ") and lines[0].endswith(").")
    assert lines[1:3] == ["194 États et organisations ajoutés.", "Questionnaire du Protocole SOM chargé."]
    assert lines[3].startswith("Comptes de démonstration (affichés une fois ; ")
    accounts = [line for line in lines if "mot de passe : " in line]
    assert len(accounts) == 8 and not any("password" in line for line in accounts)
    assert fresh_db().scalar(select(func.count()).select_from(User)) == 8  # what it writes is the same
    again = runner.invoke(args=["init", "--demo", "--interface-lang", "fr"]).output.splitlines()
    assert again[1:3] == ["0 État ou organisation ajouté.", "Questionnaire du Protocole SOM déjà présent."]
    assert "Les comptes de démonstration existent déjà ; changez un mot de passe avec " in again[3]
    english = runner.invoke(args=["init"]).output.splitlines()
    assert english[0].startswith("Database ready at revision ")
    assert english[1:3] == ["0 States and organizations added.", "SOM Protocol questionnaire already present."]


def test_db_upgrade_says_its_revision_in_the_interface_language_asked_for(runner, lay_words):
    lay_words(INIT_WORDS)
    french = runner.invoke(args=["db", "upgrade", "--interface-lang", "fr"])
    assert french.exit_code == 0 and french.output.startswith("Base de données à la révision "), french.output
    assert runner.invoke(args=["db", "upgrade"]).output.startswith("Database at revision ")


# --- users --------------------------------------------------------------------------------------------

USER_WORDS = {"fr": {
    (None, "Error: %(message)s"): "Erreur : %(message)s",
    (None, "Created %(role)s %(email)s for %(state)s."): "Compte %(role)s %(email)s créé pour %(state)s.",
    (None, "Created %(role)s %(email)s."): "Compte %(role)s %(email)s créé.",
    (None, "Password (shown once): %(password)s"): "Mot de passe (affiché une fois) : %(password)s",
    (None, "Invitation queued: %(command)s sends it."): "Invitation en attente : %(command)s l’envoie.",
    (None, "Password"): "Mot de passe",
    (None, "Password again"): "Mot de passe, encore",
    (None, "Unknown role %(role)s; use one of %(roles)s."): "Rôle %(role)s inconnu ; choisissez parmi %(roles)s.",
    (None, "New password for %(email)s (shown once): %(password)s"):
        "Nouveau mot de passe de %(email)s (affiché une fois) : %(password)s",
    (None, "no account with the e-mail %(email)s"): "aucun compte pour l’adresse %(email)s",
}}


def test_users_create_speaks_the_interface_language_asked_for(runner, lay_words, states, fresh_db):
    lay_words(USER_WORDS)
    created = runner.invoke(args=["users", "create", "--email", "f@gov.example", "--name", "F", "--role",
                                  "focal_point", "--state", "MEX", "--generate-password", "--interface-lang", "fr"])
    assert created.exit_code == 0, created.output
    first, second = created.output.splitlines()
    assert first == "Compte focal_point f@gov.example créé pour MEX."
    password = second.removeprefix("Mot de passe (affiché une fois) : ")
    assert fresh_db().scalar(select(User).where(User.email == "f@gov.example")).check_password(password)
    prompted = runner.invoke(args=["users", "create", "--email", "r@x.example", "--name", "R", "--role", "reviewer",
                                   "--interface-lang", "fr"], input="long enough pw\nlong enough pw\n")
    assert prompted.exit_code == 0, prompted.output
    assert prompted.output.splitlines() == ["Mot de passe\u00a0: ", "Mot de passe, encore\u00a0: ",
                                            "Compte reviewer r@x.example créé."]
    invited = runner.invoke(args=["users", "create", "--email", "e@x.example", "--name", "E", "--role", "reviewer",
                                  "--invite", "--interface-lang", "fr"])
    assert invited.output.splitlines()[1] == "Invitation en attente : `questionnaire worker` l’envoie."
    refused = runner.invoke(args=["users", "create", "--email", "x@x.example", "--name", "X", "--role", "admin",
                                  "--generate-password", "--interface-lang", "fr"])
    assert refused.exit_code == 1
    assert refused.output.startswith("Erreur : Rôle admin inconnu ; choisissez parmi secretariat, ")
    english = runner.invoke(args=["users", "create", "--email", "g@gov.example", "--name", "G", "--role", "reviewer",
                                  "--invite"])
    assert english.output.splitlines() == ["Created reviewer g@gov.example.",
                                           "Invitation queued: `questionnaire worker` sends it."]


PASSWORDS_DIFFER = "the two passwords are not the same; type them again"


def test_users_create_says_in_the_interface_language_asked_for_that_the_two_passwords_differ(
        runner, lay_words, states, fresh_db):
    app = lay_words({"fr": {**USER_WORDS["fr"], (None, PASSWORDS_DIFFER): "les deux mots de passe diffèrent"}})
    with app.app_context(), force_locale("fr"):
        said = gettext("Error: %(message)s", message=gettext(PASSWORDS_DIFFER))
    typed = "first try\nsecond try\nlong enough pw\nlong enough pw\n"
    result = runner.invoke(args=["users", "create", "--email", "r@x.example", "--name", "R", "--role", "reviewer",
                                 "--interface-lang", "fr"], input=typed)
    assert result.exit_code == 0, result.output
    asked = ["Mot de passe\u00a0: ", "Mot de passe, encore\u00a0: "]
    assert result.output.splitlines() == [*asked, said, *asked, "Compte reviewer r@x.example créé."]
    assert said == "Erreur : les deux mots de passe diffèrent"
    assert fresh_db().scalar(select(User).where(User.email == "r@x.example")).check_password("long enough pw")


def test_users_password_speaks_the_interface_language_asked_for(runner, lay_words, make_user, fresh_db):
    lay_words(USER_WORDS)
    make_user("reviewer", email="r@example.org")
    given = runner.invoke(args=["users", "password", "r@example.org", "--interface-lang", "fr"])
    assert given.exit_code == 0, given.output
    password = given.output.removeprefix("Nouveau mot de passe de r@example.org (affiché une fois) : ").strip()
    assert fresh_db().scalar(select(User).where(User.email == "r@example.org")).check_password(password)
    unknown = runner.invoke(args=["users", "password", "nobody@example.org", "--interface-lang", "fr"])
    assert (unknown.exit_code, unknown.output) == (1, "Erreur : aucun compte pour l’adresse nobody@example.org\n")
    english = runner.invoke(args=["users", "password", "nobody@example.org"])
    assert english.output == "Error: no account with the e-mail nobody@example.org\n"


# --- definitions --------------------------------------------------------------------------------------

NOT_TRANSLATED = ("%(language)s: %(num)s text of %(total)s not translated",
                  "%(language)s: %(num)s texts of %(total)s not translated")
DEFINITION_WORDS = {"fr": {
    (None, "Error: %(message)s"): "Erreur : %(message)s",
    (None, "Warning: %(message)s"): "Avertissement : %(message)s",
    (None, "give either a definition file or %(option)s"): "donnez un fichier de définition ou %(option)s",
    (None, "no questionnaire %(slug)s"): "aucun questionnaire %(slug)s",
    (None, "no questionnaire %(slug)s version %(version)s"): "aucun questionnaire %(slug)s en version %(version)s",
    (None, "%(slug)s version %(version)s: valid"): "%(slug)s, version %(version)s : valide",
    (None, NOT_TRANSLATED): ("%(language)s : %(num)s texte sur %(total)s non traduit",
                             "%(language)s : %(num)s de textes sur %(total)s non traduits",
                             "%(language)s : %(num)s textes sur %(total)s non traduits"),
    (None, "Imported %(slug)s version %(version)s as a draft."):
        "%(slug)s importé en version %(version)s, comme brouillon.",
    (None, "Replaced the content of the draft %(slug)s version %(version)s (id %(id)s)."):
        "Contenu du brouillon %(slug)s, version %(version)s (id %(id)s), remplacé.",
    (None, "%(slug)s already has a draft being worked on: version %(version)s (id %(id)s, %(address)s); nothing "
           "was imported."): "%(slug)s a déjà un brouillon en cours : la version %(version)s (id %(id)s, "
                             "%(address)s) ; rien n’a été importé.",
    (None, "Work on that draft, or give %(option)s to replace its content with the file's."):
        "Travaillez sur ce brouillon, ou donnez %(option)s pour remplacer son contenu par celui du fichier.",
    (None, "Wrote %(slug)s version %(version)s to %(path)s."): "%(slug)s, version %(version)s, écrit dans %(path)s.",
}}


@pytest.fixture
def french_definitions(lay_words):
    return lay_words(DEFINITION_WORDS)


def test_definition_check_of_a_stored_questionnaire_speaks_the_interface_language(runner, french_definitions, som):
    checked = runner.invoke(args=["definition", "check", "--slug", "som-protocol", "--interface-lang", "fr"])
    assert checked.exit_code == 0, checked.output
    assert checked.output.splitlines()[0] == "som-protocol, version 2 : valide"
    assert runner.invoke(args=["definition", "check", "--slug", "som-protocol"]).output.splitlines()[0] == (
        "som-protocol version 2: valid")
    for arguments, said in ((["--slug", "nope"], "aucun questionnaire nope"),
                            (["--slug", "som-protocol", "--version", "7"],
                             "aucun questionnaire som-protocol en version 7"),
                            ([], "donnez un fichier de définition ou --slug SLUG")):
        refused = runner.invoke(args=["definition", "check", *arguments, "--interface-lang", "fr"])
        assert (refused.exit_code, refused.output) == (1, f"Erreur : {said}\n")
    assert runner.invoke(args=["definition", "check"]).output == "Error: give either a definition file or --slug SLUG\n"


@pytest.mark.parametrize(("interface", "counted"), [
    ((), "Warning: fr: 2 texts of 1,234 not translated"),
    (("--interface-lang", "fr"), f"Avertissement : fr : 2 textes sur 1{NNBSP}234 non traduits"),
])
def test_definition_check_counts_the_texts_a_language_misses_the_interface_languages_way(
        runner, french_definitions, tmp_path, monkeypatch, interface, counted):
    missing = [None, None]  # two texts, described by a stand-in
    monkeypatch.setattr("questionnaire.builder.cli.document_gaps",
                        lambda document: [LanguageGaps("fr", 1234, missing=missing)])
    monkeypatch.setattr("questionnaire.builder.cli.describe_text", lambda source: "a text")
    path = tmp_path / "definition.json"
    path.write_text(json.dumps(small_document("one")))
    result = runner.invoke(args=["definition", "check", str(path), *interface])
    assert result.exit_code == 0, result.output
    assert counted in result.output.splitlines()


def test_definition_import_and_export_speak_the_interface_language(runner, french_definitions, som, fresh_db,
                                                                  tmp_path):
    out = tmp_path / "som.json"
    exported = runner.invoke(args=["definition", "export", "som-protocol", "--out", str(out), "--interface-lang", "fr"])
    assert exported.output == f"som-protocol, version 2, écrit dans {out}.\n"
    written = out.read_bytes()
    assert runner.invoke(args=["definition", "export", "som-protocol", "--out", str(out)]).output == (
        f"Wrote som-protocol version 2 to {out}.\n")
    assert out.read_bytes() == written  # the same document, whatever language the command speaks
    refused = runner.invoke(args=["definition", "import", str(out), "--interface-lang", "fr"])
    assert refused.exit_code == 1
    assert refused.output == (f"Erreur : som-protocol a déjà un brouillon en cours : la version 2 (id {som.id}, "
                              f"/builder/{som.id}) ; rien n’a été importé. Travaillez sur ce brouillon, ou donnez "
                              "--replace-draft pour remplacer son contenu par celui du fichier.\n")
    replaced = runner.invoke(args=["definition", "import", str(out), "--replace-draft", "--interface-lang", "fr"])
    assert replaced.output == f"Contenu du brouillon som-protocol, version 2 (id {som.id}), remplacé.\n"
    other = small_document("other")
    out.write_text(json.dumps(other))
    imported = runner.invoke(args=["definition", "import", str(out), "--interface-lang", "fr"])
    assert imported.output == "other importé en version 1, comme brouillon.\n"
    assert fresh_db().scalar(select(func.count()).select_from(Questionnaire)) == 2
    missing = runner.invoke(args=["definition", "export", "nope", "--out", str(out), "--interface-lang", "fr"])
    assert (missing.exit_code, missing.output) == (1, "Erreur : aucun questionnaire nope\n")
