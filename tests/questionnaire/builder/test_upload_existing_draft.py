"""Uploading a definition whose slug already has a working draft: refused with a link to that draft, or,
asked for explicitly, that draft's content replaced in one audited step; never a second draft."""
from __future__ import annotations

import copy
import io
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from questionnaire.builder.question_fields import QuestionFields
from questionnaire.builder.questions import add_question
from questionnaire.builder.structure import add_cluster, create_blank
from questionnaire.definitions.document import export_document
from questionnaire.texts.store import set_translation
from questionnaire.models import AuditEvent, Question, Questionnaire, Revision, TextTranslation, utcnow
from tests.factories import make_questionnaire

REPLACE_BUTTON = 'value="Replace the draft\'s content with this file"'


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


def upload(client, document: dict, draft: int | None = None):
    data = {"file": (io.BytesIO(json.dumps(document).encode()), "small.json")}
    if draft is not None:
        data["draft"] = str(draft)
    return client.post("/builder/upload", data=data, content_type="multipart/form-data")


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


def test_a_second_upload_of_a_slug_with_a_draft_is_refused_with_a_link_and_writes_nothing(
        client, login, make_user, draft, fresh_db):
    login(make_user("secretariat"))
    document = changed(definition(client, draft))
    before, content = written(fresh_db()), export_document(fresh_db().get(Questionnaire, draft))
    response = upload(client, document)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "this questionnaire already has a draft" in page and "version 1" in page
    assert f'href="/builder/{draft}"' in page
    assert REPLACE_BUTTON in page and f'name="draft" type="hidden" value="{draft}"' in page
    session = fresh_db()
    assert written(session) == before
    assert session.scalar(select(func.count()).select_from(Questionnaire).where(Questionnaire.slug == "small")) == 1
    assert export_document(session.get(Questionnaire, draft)) == content


def test_replacing_the_draft_keeps_its_row_swaps_its_content_and_is_audited(client, login, make_user, draft, fresh_db):
    user = make_user("secretariat")
    login(user)
    response = upload(client, changed(definition(client, draft)), draft=draft)
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
    assert event.details["before"]["questions"] == 2 and event.details["after"]["questions"] == 2
    assert event.details["before"]["title"] == "Small questionnaire"
    page = client.get(f"/builder/{draft}").get_data(as_text=True)
    assert "The draft&#39;s content was replaced by the file." in page and "Which authority?" in page


def test_a_replacement_file_with_a_problem_writes_nothing(client, login, make_user, draft, fresh_db):
    login(make_user("secretariat"))
    document = changed(definition(client, draft))
    document["clusters"][0]["questions"][1]["kind"] = "rating_scale"
    before, content = written(fresh_db()), export_document(fresh_db().get(Questionnaire, draft))
    response = upload(client, document, draft=draft)
    assert response.status_code == 400 and "rating_scale" in response.get_data(as_text=True)
    session = fresh_db()
    assert written(session) == before and export_document(session.get(Questionnaire, draft)) == content


def test_a_draft_with_an_issued_revision_is_not_replaced_and_the_page_says_why(
        client, login, make_user, draft, db, fresh_db):
    questionnaire = db.get(Questionnaire, draft)
    db.add(Revision(questionnaire_id=draft, number=1, symbol="CTOC/COP/WG.7/2026/L.1", issued_on=date(2026, 3, 2),
                    snapshot=export_document(questionnaire)))
    db.commit()
    login(make_user("secretariat"))
    document = changed(definition(client, draft))
    before = written(fresh_db())
    for asked in (None, draft):
        response = upload(client, document, draft=asked)
        page = response.get_data(as_text=True)
        assert response.status_code == 409 and f'href="/builder/{draft}"' in page
        assert "A revision of this draft has been issued to States (CTOC/COP/WG.7/2026/L.1)" in page
        assert REPLACE_BUTTON not in page
        assert written(fresh_db()) == before


def test_replacing_another_draft_than_the_one_agreed_to_is_refused(client, login, make_user, draft, fresh_db):
    login(make_user("secretariat"))
    before = written(fresh_db())
    response = upload(client, changed(definition(client, draft)), draft=draft + 1000)
    assert response.status_code == 409 and f'value="{draft}"' in response.get_data(as_text=True)
    assert written(fresh_db()) == before


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
