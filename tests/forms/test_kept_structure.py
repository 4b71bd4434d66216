"""The questionnaire's structure and translations kept by each app worker between requests: read once, used
while the questionnaire's content revision holds, read again in every worker after a wording correction, a
new or removed translation."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from questionnaire import create_app
from questionnaire.models import Question, Questionnaire, TextTranslation
from questionnaire.texts import remove_translation, set_translation
from tests.factories import cluster_url, make_multilingual, q_of


@pytest.fixture
def multi(db, states):
    return make_multilingual(db)


@pytest.fixture
def second_worker(app, database_url):
    """Another app on the same database, as a second gunicorn worker is: its own kept content."""
    other = create_app({**{key: app.config[key] for key in ("TESTING", "SECRET_KEY", "WTF_CSRF_ENABLED",
                                                            "MFA_REQUIRED_ROLES")},
                        "DATABASE_URL": database_url})
    yield other
    other.extensions["db_engine"].dispose()


def _revision(db, questionnaire) -> int:
    db.rollback()
    return db.scalar(select(Questionnaire.content_revision).where(Questionnaire.id == questionnaire.id))


def _page(client, questionnaire, code="A") -> str:
    page = client.get(cluster_url(questionnaire, code=code))
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_a_wording_correction_shows_on_the_next_view_in_every_worker(db, multi, make_user, login, client,
                                                                     second_worker):
    focal = make_user("focal_point", state="MEX", locale="en")
    other = login(focal, on=second_worker.test_client())
    login(focal)
    assert "Is smuggling a crime?" in _page(client, multi) and "Is smuggling a crime?" in _page(other, multi)
    before = _revision(db, multi)
    q_of(multi, "crim").text = "Is the smuggling of migrants a criminal offence?"
    db.commit()
    assert _revision(db, multi) == before + 1
    for worker in (client, other):
        html = _page(worker, multi)
        assert "Is the smuggling of migrants a criminal offence?" in html and "Is smuggling a crime?" not in html


def test_a_new_and_a_removed_translation_show_on_the_next_view_in_every_worker(db, multi, make_user, login, client,
                                                                             second_worker):
    focal = make_user("focal_point", state="MEX", locale="fr")
    other = login(focal, on=second_worker.test_client())
    login(focal)
    for worker in (client, other):
        html = _page(worker, multi)
        assert "Le trafic de migrants est-il une infraction ?" in html and "Combien de cas ?" not in html
    multi = db.get(Questionnaire, multi.id)
    set_translation(db, multi, "question.cases.text", "fr", "Combien de cas ?")
    db.commit()
    for worker in (client, other):
        assert "Combien de cas ?" in _page(worker, multi)
    remove_translation(db, multi, "question.cases.text", "fr")  # a DELETE statement, past the ORM
    db.commit()
    for worker in (client, other):
        html = _page(worker, multi)
        assert "Combien de cas ?" not in html and "How many cases?" in html


def test_the_second_view_reads_neither_structure_nor_translations(multi, make_user, login, client, count_queries):
    login(make_user("focal_point", state="MEX", locale="fr"))
    url = cluster_url(multi, code="A")

    def statements() -> list[str]:
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.statements

    first, second = statements(), statements()
    reads = lambda found, table: [s for s in found if s.lstrip().startswith("SELECT") and f"FROM {table}" in s]
    assert reads(first, "clusters") and reads(first, "questions") and reads(first, "text_translations")
    assert not reads(second, "clusters") and not reads(second, "questions") and not reads(second, "text_translations")
    assert len(second) < len(first)


def test_every_change_to_what_pages_show_raises_the_revision_in_its_transaction(db, multi):
    multi = db.get(Questionnaire, multi.id)
    seen = [_revision(db, multi)]

    def changed(change) -> None:
        multi_now = db.get(Questionnaire, multi.id)
        change(multi_now)
        db.commit()
        seen.append(_revision(db, multi_now))
        assert seen[-1] == seen[-2] + 1, change

    changed(lambda q: setattr(q, "title", "Small questionnaire, corrected"))
    changed(lambda q: setattr(q.clusters[0], "description", "Corrected description"))
    changed(lambda q: setattr(q_of(q, "cases"), "guidance", "Count each case once."))
    changed(lambda q: setattr(db.scalar(select(TextTranslation).where(
        TextTranslation.questionnaire_id == q.id, TextTranslation.key == "title", TextTranslation.language == "fr")),
        "text", "Petit questionnaire corrigé"))
    changed(lambda q: db.add(TextTranslation(questionnaire_id=q.id, key="question.cases.text", language="fr",
                                             text="Combien ?", source_digest="0" * 64)))
    changed(lambda q: db.delete(db.scalar(select(Question).where(Question.questionnaire_id == q.id,
                                                                 Question.key == "sources"))))
    # what pages do not show from the questionnaire's texts leaves it alone
    db.get(Questionnaire, multi.id).incomplete_languages_reason = "Another reason."
    db.commit()
    assert _revision(db, multi) == seen[-1]


def test_a_save_leaves_the_revision_alone(db, multi, make_user, login, client):
    login(make_user("focal_point", state="MEX", locale="en"))
    before = _revision(db, multi)
    saved = client.post(cluster_url(multi, code="A") + "/autosave", data={f"q_{q_of(multi, 'cases').id}": "4"})
    assert saved.status_code == 200 and not saved.get_json()["errors"]
    assert _revision(db, multi) == before


def test_what_a_transaction_reads_after_changing_the_content_is_not_kept(app, db, multi, make_user, login, client):
    """A transaction that changed a translation and then read the questionnaire (a preview, say) and was
    rolled back: had its reading been kept, a later committed change reaching the same revision would show
    the text that was never saved."""
    from questionnaire.db import get_session
    from questionnaire.texts import localized

    login(make_user("focal_point", state="MEX", locale="fr"))
    assert "Combien de cas ?" not in _page(client, multi)
    with app.app_context():
        session = get_session()
        questionnaire = session.get(Questionnaire, multi.id)
        set_translation(session, questionnaire, "question.cases.text", "fr", "Brouillon jamais enregistré")
        shown = localized(session, questionnaire, "fr", kept=True)
        assert shown.question(q_of(multi, "cases").id).text == "Brouillon jamais enregistré"
        session.rollback()
    set_translation(db, db.get(Questionnaire, multi.id), "question.cases.text", "fr", "Combien de cas ?")
    db.commit()
    html = _page(client, multi)
    assert "Combien de cas ?" in html and "Brouillon jamais enregistré" not in html
