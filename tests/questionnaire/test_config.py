"""Configuration order, the instance folder and the secret key."""
import pytest

from questionnaire import create_app
from questionnaire.config import MissingSecretKey, write_instance_config


def test_instance_config_then_environment_override_defaults(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text("SECRET_KEY = 'from-file'\nMAX_CONTENT_LENGTH = 1234\n")
    monkeypatch.setenv("QUESTIONNAIRE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("QUESTIONNAIRE_MAX_CONTENT_LENGTH", "999")
    app = create_app()
    assert app.instance_path == str(tmp_path)
    assert app.config["SECRET_KEY"] == "from-file"
    assert app.config["MAX_CONTENT_LENGTH"] == 999
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path}/questionnaire.sqlite"
    app.extensions["db_engine"].dispose()


def test_database_url_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("QUESTIONNAIRE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("QUESTIONNAIRE_SECRET_KEY", "k")
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
    with pytest.raises(MissingSecretKey):
        create_app()


def test_first_init_writes_a_secret_key_once(tmp_path):
    written = write_instance_config(str(tmp_path))
    assert written is not None and "SECRET_KEY = '" in written.read_text()
    first = written.read_text()
    assert write_instance_config(str(tmp_path)) is None
    assert written.read_text() == first
    assert oct(written.stat().st_mode & 0o777) == "0o600"
