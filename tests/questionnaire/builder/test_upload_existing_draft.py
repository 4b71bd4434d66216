"""Uploading a definition whose slug already has a working draft: refused with a link to that draft, or,
asked for explicitly, that draft's content replaced in one audited step; never a second draft."""
from __future__ import annotations

import copy
import io
import json
import re
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from questionnaire.builder.importing import DraftChanged, replace_draft_content
from questionnaire.builder.kept_definitions import AlreadyReplaced, replace_with_kept
from questionnaire.builder.question_fields import QuestionFields
from questionnaire.builder.questions import add_question
from questionnaire.builder.structure import add_cluster, create_blank
from questionnaire.definitions.document import export_definition, export_document
from questionnaire.models.revision import raise_content_revision
from questionnaire.texts.store import set_translation
from questionnaire.models import (
    AuditEvent, KeptDefinition, Question, Questionnaire, Revision, TextTranslation, User, utcnow,
)
from questionnaire.mail.worker import purge_expired_uploads
from tests.factories import make_questionnaire

REPLACE_BUTTON = 'value="Replace the draft\'s content with this file"'
TOKEN_FIELD = re.compile(r'name="token" type="hidden" value="([^"]+)"')


@pytest.fixture
def draft(db) -> int:
    """The working draft "small" (version 1): cluster I with q1 and q2, q1 translated into French."""
    questionnaire = create_blank(db, None, "small", "Small questionnaire")
    cluster = add_cluster(db, questionnaire, None, "I", "Criminalization")
    add_question(db, cluster, None, QuestionFields(key="q1", text="Is smuggling a crime?", kind="yes_partly_no",
                                                   number="1", required=True))
    add_question(db, cluster, None, QuestionFields(key="q2", text="Please explain.", kind="long_text", number="2"))
    questionnaire.languages = ["en", "fr"]
    db.flush()
    set_translation(db, questionnaire, "question.q1.text", "fr", "Le trafic est-il une infraction ?")
    db.commit()
    return questionnaire.id


def definition(client, questionnaire_id: int) -> dict:
    return json.loads(client.get(f"/builder/{questionnaire_id}/definition.json").data)


def upload(client, document: dict):
    data = {"file": (io.BytesIO(json.dumps(document).encode()), "small.json")}
    return client.post("/builder/upload", data=data, content_type="multipart/form-data")


def offered_token(response) -> str:
    """The confirmation token of the replacement the upload page offers."""
    match = TOKEN_FIELD.search(response.get_data(as_text=True))
    assert match, "the page offers no replacement"
    return match.group(1)


def confirm(client, token: str):
    """Press "Replace the draft's content with this file": the token only, no file."""
    return client.post("/builder/upload/replace", data={"token": token})


def written(session) -> tuple:
    """Everything an upload could write: questionnaires, questions, translations, audit events."""
    return tuple(session.scalar(select(func.count()).select_from(model))
                 for model in (Questionnaire, Question, TextTranslation, AuditEvent))


def changed(document: dict) -> dict:
    """``document`` retitled, with q2 gone and q3 added."""
    document = copy.deepcopy(document)
    document["title"] = {"en": "Smaller questionnaire"}
    document["clusters"][0]["questions"] = [
        document["clusters"][0]["questions"][0],
        {"key": "q3", "number": "3", "text": {"en": "Which authority?", "fr": "Quelle autorité ?"},
         "kind": "short_text", "required": False},
    ]
    return document


def test_a_second_upload_of_a_slug_with_a_draft_offers_to_replace_it_and_writes_nothing_to_it(
        client, login, make_user, draft, fresh_db):
    user = make_user("secretariat")
    login(user)
    document = changed(definition(client, draft))
    before, content = written(fresh_db()), export_document(fresh_db().get(Questionnaire, draft))
    response = upload(client, document)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "this questionnaire already has a draft" in page and "version 1" in page
    assert f'href="/builder/{draft}"' in page
    assert REPLACE_BUTTON in page and 'action="/builder/upload/replace"' in page
    assert 'type="file"' not in page.split('action="/builder/upload/replace"')[1].split("</form>")[0]
    assert offered_token(response)
    session = fresh_db()
    assert written(session) == before
    assert session.scalar(select(func.count()).select_from(Questionnaire).where(Questionnaire.slug == "small")) == 1
    assert export_document(session.get(Questionnaire, draft)) == content
    kept = session.scalars(select(KeptDefinition)).all()
    assert [(k.user_id, k.draft_id, k.draft_revision, k.filename) for k in kept] == [
        (user.id, draft, session.get(Questionnaire, draft).content_revision, "small.json")]


def test_the_offer_shows_the_files_name_escaped(client, login, make_user, draft):
    login(make_user("secretariat"))
    data = {"file": (io.BytesIO(json.dumps(changed(definition(client, draft))).encode()), "<b>small</b>.json")}
    page = client.post("/builder/upload", data=data, content_type="multipart/form-data").get_data(as_text=True)
    assert "the file <bdi>&lt;b&gt;small&lt;/b&gt;.json</bdi>" in page and "<b>small</b>" not in page


def test_replacing_the_draft_takes_one_click_keeps_its_row_swaps_its_content_and_is_audited(
        client, login, make_user, draft, fresh_db):
    user = make_user("secretariat")
    login(user)
    token = offered_token(upload(client, changed(definition(client, draft))))
    response = confirm(client, token)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/builder/{draft}")
    session = fresh_db()
    replaced = session.scalars(select(Questionnaire).where(Questionnaire.slug == "small")).all()
    assert [(q.id, q.version, q.status) for q in replaced] == [(draft, 1, "draft")]
    assert replaced[0].title == "Smaller questionnaire"
    assert [q.key for q in replaced[0].questions_in_order()] == ["q1", "q3"]
    french = dict(session.execute(select(TextTranslation.key, TextTranslation.text)
                                  .where(TextTranslation.questionnaire_id == draft, TextTranslation.language == "fr")).all())
    assert french == {"question.q1.text": "Le trafic est-il une infraction ?", "question.q3.text": "Quelle autorité ?"}
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "questionnaire.replace_draft"))
    assert event.target == f"questionnaire:{draft}" and event.user_id == user.id
    assert "questions" not in event.details["before"] and "questions" not in event.details["after"]  # 2 and 2
    assert event.details["before"]["title"] == "Small questionnaire"
    assert event.details["after"]["title"] == "Smaller questionnaire" and event.details["file"] == "small.json"
    used = session.scalar(select(KeptDefinition))  # used once: kept until it expires, its document dropped
    assert used.used_at is not None and used.document == b""
    page = client.get(f"/builder/{draft}").get_data(as_text=True)
    assert "The draft&#39;s content was replaced by the file." in page and "Which authority?" in page


def test_a_confirmation_sent_twice_replaces_once_and_then_says_it_was_done(client, login, make_user, draft, fresh_db):
    """A double click on "Replace": the second confirmation writes nothing and goes to the draft saying its
    content was already replaced by that file, not that the draft changed."""
    uploader = make_user("secretariat")
    login(uploader)
    token = offered_token(upload(client, changed(definition(client, draft))))
    assert confirm(client, token).status_code == 302
    nothing_written = unchanged_since(fresh_db, draft)
    response = confirm(client, token)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/builder/{draft}")
    nothing_written()
    page = client.get(f"/builder/{draft}").get_data(as_text=True)
    assert 'class="flash flash-info"' in page
    assert "content was already replaced by the file “small.json” on" in page
    assert "was changed after you uploaded" not in page and "not valid" not in page
    login(make_user("secretariat"))  # another person's page sending it: refused as ever
    refused = confirm(client, token)
    assert refused.status_code == 400 and "This confirmation is not valid" in refused.get_data(as_text=True)
    nothing_written()


def test_a_used_confirmation_once_expired_is_no_longer_recognised(client, login, make_user, draft, db, fresh_db):
    login(make_user("secretariat"))
    token = offered_token(upload(client, changed(definition(client, draft))))
    assert confirm(client, token).status_code == 302
    kept = fresh_db().scalar(select(KeptDefinition))
    kept.created_at, kept.expires_at = utcnow() - timedelta(minutes=61), utcnow() - timedelta(minutes=1)
    db.commit()
    purge_expired_uploads(client.application)
    response = confirm(client, token)
    assert response.status_code == 400 and "This confirmation is not valid" in response.get_data(as_text=True)


def test_the_worker_purges_expired_kept_files_and_leaves_the_others(app, runner, client, login, make_user, draft,
                                                                   db, fresh_db):
    """Expired kept files go, used or not, with nobody uploading again; those still valid stay."""
    people = [make_user("secretariat") for _ in range(3)]
    for person in people:
        login(person)
        offered_token(upload(client, changed(definition(client, draft))))
    login(people[0])
    used_token = offered_token(upload(client, changed(definition(client, draft))))
    assert confirm(client, used_token).status_code == 302  # people[0]'s, used
    db.expire_all()
    kept = {row.user_id: row for row in db.scalars(select(KeptDefinition))}
    for person in people[:2]:  # people[0]'s used one and people[1]'s unused one expire
        kept[person.id].created_at = utcnow() - timedelta(minutes=61)
        kept[person.id].expires_at = utcnow() - timedelta(seconds=1)
    db.commit()
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "2 expired uploaded definitions purged." in result.output
    remaining = fresh_db().scalars(select(KeptDefinition)).all()
    assert [row.user_id for row in remaining] == [people[2].id] and remaining[0].used_at is None
    assert purge_expired_uploads(app) == 0


def test_a_replacement_file_with_a_problem_is_neither_kept_nor_written(client, login, make_user, draft, fresh_db):
    login(make_user("secretariat"))
    document = changed(definition(client, draft))
    document["clusters"][0]["questions"][1]["kind"] = "rating_scale"
    before, content = written(fresh_db()), export_document(fresh_db().get(Questionnaire, draft))
    response = upload(client, document)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "rating_scale" in page and REPLACE_BUTTON not in page
    session = fresh_db()
    assert written(session) == before and export_document(session.get(Questionnaire, draft)) == content
    assert session.scalar(select(func.count()).select_from(KeptDefinition)) == 0


def test_a_draft_with_an_issued_revision_is_not_offered_and_the_page_says_why(
        client, login, make_user, draft, db, fresh_db):
    questionnaire = db.get(Questionnaire, draft)
    db.add(Revision(questionnaire_id=draft, number=1, symbol="CTOC/COP/WG.7/2026/L.1", issued_on=date(2026, 3, 2),
                    snapshot=export_document(questionnaire)))
    db.commit()
    login(make_user("secretariat"))
    before = written(fresh_db())
    response = upload(client, changed(definition(client, draft)))
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and f'href="/builder/{draft}"' in page
    assert "A revision of this draft has been issued to States (CTOC/COP/WG.7/2026/L.1)" in page
    assert REPLACE_BUTTON not in page and not TOKEN_FIELD.search(page)
    session = fresh_db()
    assert written(session) == before and session.scalar(select(func.count()).select_from(KeptDefinition)) == 0


def test_a_slug_whose_latest_version_is_endorsed_still_gets_a_new_draft(client, login, make_user, draft, db, fresh_db):
    questionnaire = db.get(Questionnaire, draft)
    questionnaire.status, questionnaire.endorsed_at = "endorsed", utcnow()
    db.commit()
    login(make_user("secretariat"))
    response = upload(client, changed(definition(client, draft)))
    assert response.status_code == 302
    session = fresh_db()
    versions = session.execute(select(Questionnaire.version, Questionnaire.status)
                               .where(Questionnaire.slug == "small").order_by(Questionnaire.version)).all()
    assert [tuple(v) for v in versions] == [(1, "endorsed"), (2, "draft")]
    assert [q.key for q in session.get(Questionnaire, draft).questions_in_order()] == ["q1", "q2"]


def test_a_slug_whose_latest_version_is_open_still_gets_a_new_draft(client, login, make_user, db, fresh_db):
    opened = make_questionnaire(db, slug="opened")
    login(make_user("secretariat"))
    before = fresh_db().scalar(select(func.count()).select_from(Questionnaire))
    response = upload(client, definition(client, opened.id))
    assert response.status_code == 302
    session = fresh_db()
    assert session.scalar(select(func.count()).select_from(Questionnaire)) == before + 1
    newest = session.scalar(select(Questionnaire).where(Questionnaire.slug == "opened")
                            .order_by(Questionnaire.version.desc()).limit(1))
    assert (newest.version, newest.status, newest.parent_id) == (2, "draft", opened.id)


# --- the confirmation: only its uploader's, unexpired, untampered, for the draft as it was ------------------

def unchanged_since(fresh_db, draft: int):
    """A check that nothing was written to the questionnaire (or the log) since it was made."""
    before, content = written(fresh_db()), export_document(fresh_db().get(Questionnaire, draft))

    def check() -> None:
        session = fresh_db()
        assert written(session) == before
        assert export_document(session.get(Questionnaire, draft)) == content

    return check


def test_a_tampered_confirmation_is_refused_and_writes_nothing(client, login, make_user, draft, fresh_db):
    login(make_user("secretariat"))
    token = offered_token(upload(client, changed(definition(client, draft))))
    nothing_written = unchanged_since(fresh_db, draft)
    for tampered in (token[:-1] + ("A" if token[-1] != "A" else "B"), token + "x", "", "0" * len(token)):
        response = confirm(client, tampered)
        assert response.status_code == 400, tampered
        if tampered:
            assert "This confirmation is not valid" in response.get_data(as_text=True)
        nothing_written()
    assert confirm(client, token).status_code == 302  # the real one still works


def test_an_expired_confirmation_is_refused_and_writes_nothing(client, login, make_user, draft, db, fresh_db):
    login(make_user("secretariat"))
    token = offered_token(upload(client, changed(definition(client, draft))))
    kept = db.scalar(select(KeptDefinition))
    kept.created_at, kept.expires_at = utcnow() - timedelta(minutes=61), utcnow() - timedelta(minutes=1)
    db.commit()
    nothing_written = unchanged_since(fresh_db, draft)
    response = confirm(client, token)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This confirmation has expired: an uploaded file is kept for 60 minutes." in page
    assert 'type="file"' in page  # the file can be uploaded again from there
    nothing_written()


def test_the_kept_file_lasts_as_long_as_the_configuration_says(app, client, login, make_user, draft, fresh_db):
    app.config["KEPT_DEFINITION_MINUTES"] = 5
    login(make_user("secretariat"))
    started = utcnow()
    upload(client, changed(definition(client, draft)))
    kept = fresh_db().scalar(select(KeptDefinition))
    assert timedelta(minutes=5) <= kept.expires_at - started <= timedelta(minutes=5, seconds=30)


def test_another_persons_confirmation_is_refused_and_stays_theirs(client, login, make_user, draft, fresh_db):
    uploader, colleague = make_user("secretariat"), make_user("secretariat")
    login(uploader)
    token = offered_token(upload(client, changed(definition(client, draft))))
    login(colleague)
    nothing_written = unchanged_since(fresh_db, draft)
    response = confirm(client, token)
    assert response.status_code == 400 and "This confirmation is not valid" in response.get_data(as_text=True)
    nothing_written()
    login(uploader)
    assert confirm(client, token).status_code == 302
    event = fresh_db().scalar(select(AuditEvent).where(AuditEvent.action == "questionnaire.replace_draft"))
    assert event.user_id == uploader.id


def test_a_confirmation_after_someone_changed_the_draft_is_refused_and_writes_nothing(
        app, client, login, make_user, draft, fresh_db):
    login(make_user("secretariat"))
    token = offered_token(upload(client, changed(definition(client, draft))))
    other = app.test_client()
    login(make_user("secretariat"), on=other)
    question = fresh_db().scalar(select(Question).where(Question.key == "q2"))
    edited = other.post(f"/builder/{draft}/questions/{question.id}",
                        data={"key": "q2", "number": "2", "text": "Please explain, with examples.", "kind": "long_text"})
    assert edited.status_code == 302
    nothing_written = unchanged_since(fresh_db, draft)
    response = confirm(client, token)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "The draft was changed after you uploaded the file, so its content was not replaced" in page
    assert f'href="/builder/{draft}"' in page
    nothing_written()
    assert "Please explain, with examples." in client.get(f"/builder/{draft}").get_data(as_text=True)


def test_a_confirmation_after_a_revision_was_issued_is_refused_with_the_reason(
        client, login, make_user, draft, db, fresh_db):
    login(make_user("secretariat"))
    token = offered_token(upload(client, changed(definition(client, draft))))
    db.add(Revision(questionnaire_id=draft, number=1, symbol="CTOC/COP/WG.7/2026/L.1", issued_on=date(2026, 3, 2),
                    snapshot=export_document(db.get(Questionnaire, draft))))
    db.commit()
    nothing_written = unchanged_since(fresh_db, draft)
    response = confirm(client, token)
    assert response.status_code == 409
    assert "A revision of this draft has been issued to States" in response.get_data(as_text=True)
    nothing_written()


def test_a_confirmation_after_the_draft_was_deleted_is_refused_and_what_was_kept_went_with_it(
        client, login, make_user, draft, fresh_db):
    login(make_user("secretariat"))
    token = offered_token(upload(client, changed(definition(client, draft))))
    assert client.post(f"/builder/{draft}/delete", data={"confirmed": "yes"}).status_code == 302
    assert fresh_db().scalar(select(func.count()).select_from(KeptDefinition)) == 0
    response = confirm(client, token)
    assert response.status_code == 400 and "This confirmation is not valid" in response.get_data(as_text=True)
    assert fresh_db().scalar(select(func.count()).select_from(Questionnaire)) == 0


def test_a_confirmation_without_its_csrf_token_is_refused(csrf_app, client, login, make_user, draft, fresh_db,
                                                          csrf_token):
    login(make_user("secretariat"))
    document = json.dumps(changed(definition(client, draft))).encode()
    offer = client.post("/builder/upload", content_type="multipart/form-data",
                        data={"file": (io.BytesIO(document), "small.json"),
                              "csrf_token": csrf_token(client.get("/builder/upload").data)})
    assert offer.status_code == 409
    token, form_csrf = offered_token(offer), csrf_token(offer.data)
    nothing_written = unchanged_since(fresh_db, draft)
    assert client.post("/builder/upload/replace", data={"token": token}).status_code == 400
    assert client.post("/builder/upload/replace", data={"token": token, "csrf_token": "forged"}).status_code == 400
    nothing_written()
    assert client.post("/builder/upload/replace", data={"token": token, "csrf_token": form_csrf}).status_code == 302
    assert fresh_db().get(Questionnaire, draft).title == "Smaller questionnaire"


def test_nothing_is_kept_for_someone_not_signed_in(client, draft, db, fresh_db):
    nothing_written = unchanged_since(fresh_db, draft)
    response = upload(client, export_document(db.get(Questionnaire, draft)))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert fresh_db().scalar(select(func.count()).select_from(KeptDefinition)) == 0
    nothing_written()


def test_a_new_upload_replaces_the_earlier_offer_of_the_same_person(client, login, make_user, draft, fresh_db):
    login(make_user("secretariat"))
    first = offered_token(upload(client, changed(definition(client, draft))))
    second = offered_token(upload(client, changed(definition(client, draft))))
    assert first != second and fresh_db().scalar(select(func.count()).select_from(KeptDefinition)) == 1
    assert confirm(client, first).status_code == 400
    assert confirm(client, second).status_code == 302


def test_of_two_confirmations_at_once_the_one_that_finds_the_draft_moved_replaces_nothing(app, make_user, draft, db):
    """The draft's revision is claimed in SQL: a change committed after the draft was read, and before the
    replacement writes, is not overwritten (the read alone would not see it)."""
    user = make_user("secretariat")
    questionnaire = db.get(Questionnaire, draft)
    seen, content = questionnaire.content_revision, export_document(questionnaire)
    document = export_definition(db, questionnaire) | {"title": {"en": "Replaced title"}}
    other = app.extensions["db_sessionmaker"]()
    raise_content_revision(other, [draft])  # someone's edit, committed in between
    other.commit()
    other.close()
    with pytest.raises(DraftChanged):
        replace_draft_content(db, questionnaire, document, user, seen_revision=seen)
    db.rollback()
    assert export_document(db.get(Questionnaire, draft)) == content


def test_a_confirmation_sent_while_the_first_is_written_waits_and_finds_it_done(app, client, login, make_user, draft,
                                                                                 database_url):
    """The double click as it comes: the second confirmation arrives while the first one's replacement is being
    written. It waits for it (the kept file's row is locked), then says the content was replaced by that file."""
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks: PostgreSQL (SQLite writes one at a time)")
    user = make_user("secretariat")
    login(user)
    token = offered_token(upload(client, changed(definition(client, draft))))
    make_session = app.extensions["db_sessionmaker"]
    outcome: dict = {}

    def second() -> None:
        with app.app_context(), make_session() as session:
            try:
                replace_with_kept(session, token, session.get(User, user.id), now=utcnow())
                outcome["replaced"] = True
            except AlreadyReplaced as already:
                outcome["already"] = already.filename
            finally:
                session.rollback()

    with app.app_context(), make_session() as first:
        replace_with_kept(first, token, first.get(User, user.id), now=utcnow())  # written, not yet committed
        waiting = threading.Thread(target=second)
        waiting.start()
        waiting.join(1)
        assert waiting.is_alive()  # held by the first one's lock
        first.commit()
    waiting.join(10)
    assert outcome == {"already": "small.json"}
