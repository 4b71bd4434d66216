"""The `questionnaire` command: init, users, definitions."""
import json

import pytest
from sqlalchemy import func, select

from questionnaire.models import AuditEvent, Questionnaire, State, User, utcnow


def test_init_twice_loads_once_and_changes_nothing_the_second_time(runner, db):
    first = runner.invoke(args=["init"])
    assert first.exit_code == 0, first.output
    assert "194 States and organizations added." in first.output  # 193 States, the European Union
    second = runner.invoke(args=["init"])
    assert second.exit_code == 0 and "0 States and organizations added." in second.output and "already present" in second.output
    assert db.scalar(select(func.count()).select_from(State)) == 194  # 193 States and the European Union
    assert db.scalar(select(func.count()).select_from(Questionnaire)) == 1


def test_init_demo_prints_working_accounts_once_and_opens_the_questionnaire(runner, db):
    result = runner.invoke(args=["init", "--demo"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "password:" in line]
    assert len(lines) == 8
    roles = {line.split()[0] for line in lines}
    assert roles == {"secretariat", "focal_point", "expert", "reviewer", "delegate"}
    email, password = lines[1].split()[1], lines[1].split("password:")[1].split()[0]
    assert db.scalar(select(User).where(User.email == email)).check_password(password)
    assert db.scalar(select(Questionnaire.status)) == "open"
    demo_groups = {u.state.regional_group for u in db.scalars(select(User)) if u.state}
    assert len(demo_groups) == 2
    again = runner.invoke(args=["init", "--demo"])
    assert "password:" not in again.output and "already exist" in again.output


def test_users_create_with_generated_password(runner, states, db):
    result = runner.invoke(args=["users", "create", "--email", "Focal@Gov.example", "--name", "F", "--role", "focal_point",
                                 "--state", "nga", "--generate-password"])
    assert result.exit_code == 0, result.output
    password = result.output.split("shown once): ")[1].strip()
    user = db.scalar(select(User).where(User.email == "focal@gov.example"))
    assert user.state.iso3 == "NGA" and user.check_password(password)


def test_users_create_prompts_for_a_password(runner, states, db):
    result = runner.invoke(args=["users", "create", "--email", "r@x.example", "--name", "R", "--role", "reviewer"],
                           input="long enough pw\nlong enough pw\n")
    assert result.exit_code == 0, result.output
    assert db.scalar(select(User).where(User.email == "r@x.example")).check_password("long enough pw")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "admin"], "Unknown role admin"),
        (["--role", "expert", "--state", "XYZ"], "Unknown State XYZ"),
        (["--role", "expert"], "belongs to a State"),
        (["--role", "reviewer", "--state", "MEX"], "does not belong to a State"),
    ],
)
def test_users_create_refuses_bad_roles_and_states(runner, states, db, args, message):
    result = runner.invoke(args=["users", "create", "--email", "x@y.example", "--name", "X", "--generate-password", *args])
    assert result.exit_code == 1
    assert message in result.output
    assert db.scalar(select(func.count()).select_from(User)) == 0


def test_definition_export_then_check_accepts_it(runner, som, tmp_path):
    out = tmp_path / "som.json"
    result = runner.invoke(args=["definition", "export", "som-protocol", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["slug"] == "som-protocol"
    checked = runner.invoke(args=["definition", "check", str(out)])
    assert checked.exit_code == 0, checked.output
    assert "som-protocol version 2: 4 clusters" in checked.output and "valid" in checked.output


def test_definition_check_lists_every_problem_and_exits_1(runner, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "saq-definition", "format_version": 3, "slug": "x", "title": "",
                               "instrument": "Smuggling of Migrants Protocol", "clusters": []}))
    result = runner.invoke(args=["definition", "check", str(bad)])
    assert result.exit_code == 1
    assert "format_version: " in result.output and "title: must not be empty" in result.output and "clusters: " in result.output
    assert result.output.endswith("\n3 problems found; nothing can be imported until they are fixed.\n")


def test_definition_import_of_a_bad_file_writes_nothing(runner, db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    result = runner.invoke(args=["definition", "import", str(bad)])
    assert result.exit_code == 1 and "malformed JSON" in result.output
    assert result.output.endswith("\nError: 1 problem; nothing was imported.\n")
    assert db.scalar(select(func.count()).select_from(Questionnaire)) == 0
    checked = runner.invoke(args=["definition", "check", str(bad)])
    assert checked.exit_code == 1
    assert checked.output.endswith("\n1 problem found; nothing can be imported until it is fixed.\n")


def test_definition_import_makes_the_next_version(runner, som, db, tmp_path):
    out = tmp_path / "som.json"
    runner.invoke(args=["definition", "export", "som-protocol", "--out", str(out)])
    som.status, som.endorsed_at = "endorsed", utcnow()
    db.commit()
    result = runner.invoke(args=["definition", "import", str(out)])
    assert result.exit_code == 0 and "version 3 as a draft" in result.output  # after the shipped version 2


def _questionnaires(session) -> list[tuple[int, int, str, str]]:
    """Every questionnaire's id, version, status and title, read through ``session``."""
    return [tuple(row) for row in session.execute(select(Questionnaire.id, Questionnaire.version, Questionnaire.status,
                                                    Questionnaire.title).order_by(Questionnaire.id))]


def test_definition_import_of_a_slug_with_a_draft_is_refused_and_writes_nothing(runner, som, fresh_db, tmp_path):
    out = tmp_path / "som.json"
    runner.invoke(args=["definition", "export", "som-protocol", "--out", str(out)])
    before = _questionnaires(fresh_db())
    result = runner.invoke(args=["definition", "import", str(out)])
    assert result.exit_code == 1
    assert f"som-protocol already has a draft being worked on: version {som.version} (id {som.id}" in result.output
    assert "--replace-draft" in result.output
    assert _questionnaires(fresh_db()) == before


def test_definition_import_with_replace_draft_replaces_the_drafts_content(runner, som, fresh_db, tmp_path):
    out = tmp_path / "som.json"
    runner.invoke(args=["definition", "export", "som-protocol", "--out", str(out)])
    document = json.loads(out.read_text())
    document["title"] = {**document["title"], "en": "Replaced title"}
    out.write_text(json.dumps(document))
    before = _questionnaires(fresh_db())
    result = runner.invoke(args=["definition", "import", "--replace-draft", str(out)])
    assert result.exit_code == 0 and f"Replaced the content of the draft som-protocol version {som.version}" in result.output
    assert _questionnaires(fresh_db()) == [row[:3] + ("Replaced title",) if row[0] == som.id else row for row in before]
    assert fresh_db().scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "questionnaire.replace_draft", AuditEvent.target == f"questionnaire:{som.id}")) == 1


def test_definition_export_of_an_unknown_slug_fails_clearly(runner, tmp_path):
    result = runner.invoke(args=["definition", "export", "nope", "--out", str(tmp_path / "x.json")])
    assert result.exit_code == 1 and "no questionnaire nope" in result.output


def test_users_password_gives_a_new_password_once(runner, make_user, db):
    user = make_user("reviewer", email="r@example.org")
    result = runner.invoke(args=["users", "password", "R@example.org"])
    assert result.exit_code == 0
    new_password = result.output.split("shown once): ")[1].strip()
    db.refresh(user)
    assert user.check_password(new_password) and not user.check_password("correct horse battery")
    assert runner.invoke(args=["users", "password", "nobody@example.org"]).exit_code == 1


def test_init_on_an_older_som_questionnaire_adds_the_shipped_content_as_the_next_draft(runner, db):
    """A database answered with an older version keeps it; the shipped content becomes the next version."""
    from questionnaire import lifecycle, seed
    from questionnaire.definitions.document import import_document

    seed.load_states(db)
    older = seed.som_definition()
    older["version"] = 1
    older["clusters"][0]["questions"][1]["text"] = "An older wording of the first question?"
    first = import_document(db, older)
    for step in (lambda q: lifecycle.endorse(db, q, None, "Working Group"), lambda q: lifecycle.adopt(db, q, None)):
        step(first)
    db.commit()
    first_id = first.id

    result = runner.invoke(args=["init"])
    assert result.exit_code == 0, result.output
    db.expire_all()
    versions = db.scalars(select(Questionnaire).order_by(Questionnaire.version)).all()
    assert [(q.version, q.status) for q in versions] == [(1, "adopted"), (2, "draft")]
    assert versions[1].parent_id == first_id
    assert versions[0].questions_in_order()[1].text == "An older wording of the first question?"
    assert versions[1].questions_in_order()[1].text == seed.som_definition()["clusters"][0]["questions"][1]["text"]

    again = runner.invoke(args=["init", "--demo"])
    assert again.exit_code == 0 and "already present" in again.output
    db.expire_all()
    assert [(q.version, q.status) for q in db.scalars(select(Questionnaire).order_by(Questionnaire.version))] == [
        (1, "adopted"), (2, "draft")]  # the demo opens only a first version; a later draft waits


def test_init_leaves_a_database_whose_latest_version_is_as_new_alone(runner, db):
    from questionnaire import seed
    from questionnaire.definitions.document import import_document

    edited = seed.som_definition()
    edited["clusters"][0]["questions"][1]["text"] = "The secretariat's own wording?"
    import_document(db, edited)  # version 2, like the shipped document, but edited
    db.commit()
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0 and "already present" in result.output
    assert db.scalar(select(func.count()).select_from(Questionnaire)) == 1


def test_init_gives_an_installation_made_before_the_translations_those_of_unchanged_texts(runner, db, fresh_db):
    """A stored English-only version 2 (an installation from before the shipped translations) gets every
    shipped translation of the texts it words as shipped, and keeps its own where it has one."""
    from questionnaire import seed
    from questionnaire.definitions.document import import_document
    from questionnaire.models import TextTranslation
    from questionnaire.texts import localized, set_translation, source_texts

    seed.load_states(db)
    english = seed.som_definition()  # version 2, languages ["en"], no translations
    english["clusters"][0]["questions"][1]["text"] = "The secretariat's own wording?"
    stored = import_document(db, english)
    stored.languages = ["en", "fr"]
    set_translation(db, stored, "title", "fr", "Titre choisi par le secrétariat")
    db.commit()
    reworded_key = f"question.{english['clusters'][0]['questions'][1]['key']}.text"

    result = runner.invoke(args=["init"])
    assert result.exit_code == 0 and "already present" in result.output, result.output
    db = fresh_db()
    questionnaire = db.scalar(select(Questionnaire))
    assert sorted(questionnaire.languages) == ["ar", "en", "es", "fr", "ru", "zh"]
    assert questionnaire.language_status("ru") == "draft"
    total = len(source_texts(questionnaire))
    for language in ("ar", "es", "ru", "zh"):  # every text but the reworded one
        keys = set(db.scalars(select(TextTranslation.key).where(TextTranslation.language == language)))
        assert len(keys) == total - 1 and reworded_key not in keys
    french = localized(db, questionnaire, "fr")
    assert french.title == "Titre choisi par le secrétariat"  # its own translation is kept
    assert french.clusters[0].title != questionnaire.clusters[0].title  # a shipped one added beside it

    again = runner.invoke(args=["init"])
    assert again.exit_code == 0
    assert fresh_db().scalar(select(func.count()).select_from(TextTranslation)) == 5 * (total - 1)

