"""Configuration order, the instance folder and the secret key."""
import pytest

from questionnaire import create_app
from questionnaire.config import MissingSecretKey, write_instance_config

GOOD_KEY = "f" * 16 + "0123456789abcdef0123456789abcdef"


def test_instance_config_then_environment_override_defaults(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text(f"SECRET_KEY = {GOOD_KEY!r}\nMAX_CONTENT_LENGTH = 1234\n")
    monkeypatch.setenv("QUESTIONNAIRE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("QUESTIONNAIRE_MAX_CONTENT_LENGTH", "999")
    app = create_app()
    assert app.instance_path == str(tmp_path)
    assert app.config["SECRET_KEY"] == GOOD_KEY
    assert app.config["MAX_CONTENT_LENGTH"] == 999
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path}/questionnaire.sqlite"
    app.extensions["db_engine"].dispose()


def test_database_url_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("QUESTIONNAIRE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("QUESTIONNAIRE_SECRET_KEY", GOOD_KEY)
    monkeypatch.setenv("QUESTIONNAIRE_DATABASE_URL", f"sqlite:///{tmp_path}/other.sqlite")
    app = create_app()
    assert app.config["DATABASE_URL"].endswith("other.sqlite")
    app.extensions["db_engine"].dispose()


def test_tests_never_read_the_instance_folder(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text("SECRET_KEY = 'from-file'\n")
    monkeypatch.setenv("QUESTIONNAIRE_INSTANCE_PATH", str(tmp_path))
    app = create_app({"TESTING": True, "SECRET_KEY": "test"})
    assert app.config["SECRET_KEY"] == "test"
    app.extensions["db_engine"].dispose()


def test_refuses_to_start_in_production_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("QUESTIONNAIRE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("QUESTIONNAIRE_SECRET_KEY", raising=False)
    with pytest.raises(MissingSecretKey, match="secrets.token_hex"):
        create_app()


@pytest.mark.parametrize(
    ("key", "problem"),
    [("change-me", "placeholder"), ("CHANGE-ME ", "placeholder"), ("a" * 31, "shorter than 32 bytes"),
     ("", "No SECRET_KEY")],
)
def test_refuses_to_start_in_production_with_a_placeholder_or_short_secret_key(tmp_path, monkeypatch, key, problem):
    monkeypatch.setenv("QUESTIONNAIRE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("QUESTIONNAIRE_SECRET_KEY", key)
    with pytest.raises(MissingSecretKey, match=problem) as refusal:
        create_app()
    assert "secrets.token_hex(32)" in str(refusal.value)


def test_the_example_configuration_is_refused_as_it_stands(tmp_path, monkeypatch):
    from pathlib import Path

    example = Path(__file__).parents[2] / "instance" / "config.example.py"
    (tmp_path / "config.py").write_text(example.read_text())
    monkeypatch.setenv("QUESTIONNAIRE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("QUESTIONNAIRE_SECRET_KEY", raising=False)
    with pytest.raises(MissingSecretKey, match="placeholder"):
        create_app()


def test_a_generated_key_is_accepted_and_debug_tolerates_a_placeholder(tmp_path, monkeypatch):
    monkeypatch.setenv("QUESTIONNAIRE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("QUESTIONNAIRE_SECRET_KEY", GOOD_KEY)
    create_app().extensions["db_engine"].dispose()
    monkeypatch.setenv("QUESTIONNAIRE_SECRET_KEY", "change-me")
    monkeypatch.setenv("QUESTIONNAIRE_DEBUG", "true")
    debug_app = create_app()
    assert debug_app.debug and debug_app.config["SECRET_KEY"] == "change-me"
    debug_app.extensions["db_engine"].dispose()


def test_first_init_writes_a_secret_key_once(tmp_path):
    written = write_instance_config(str(tmp_path))
    assert written is not None and "SECRET_KEY = '" in written.read_text()
    first = written.read_text()
    assert write_instance_config(str(tmp_path)) is None
    assert written.read_text() == first
    assert oct(written.stat().st_mode & 0o777) == "0o600"


def test_the_demo_requires_two_step_sign_in_of_no_role_and_says_so(tmp_path, monkeypatch, runner):
    from questionnaire.config import write_demo_settings

    write_instance_config(str(tmp_path))
    assert write_demo_settings(str(tmp_path)) is True
    assert write_demo_settings(str(tmp_path)) is False  # written once
    monkeypatch.setenv("QUESTIONNAIRE_INSTANCE_PATH", str(tmp_path))
    demo = create_app()
    assert demo.config["MFA_REQUIRED_ROLES"] == ""
    demo.extensions["db_engine"].dispose()
    assert "two-step sign-in is required of no role" in runner.invoke(args=["init", "--demo"]).output


def test_production_requires_two_step_sign_in_of_the_secretariat_by_default(tmp_path, monkeypatch):
    write_instance_config(str(tmp_path))
    monkeypatch.setenv("QUESTIONNAIRE_INSTANCE_PATH", str(tmp_path))
    production = create_app()
    assert production.config["MFA_REQUIRED_ROLES"] == "secretariat"
    production.extensions["db_engine"].dispose()
