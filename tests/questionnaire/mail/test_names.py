"""Mail names what it is about in its reader's language: the questionnaire by its title in that language (the
source title where it has no current translation), the State by its name in that language."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from questionnaire.mail import notices
from questionnaire.models import OutboxMessage, Questionnaire, Response, State, utcnow
from questionnaire.texts import TITLE, set_translation
from tests.factories import COMPLETE

#: The beginnings of the shipped SOM questionnaire's titles.
ENGLISH = "Self-assessment questionnaire on the implementation of the Protocol"
FRENCH = "Questionnaire d’auto-évaluation sur l’application du Protocole"
SPANISH = "Cuestionario de autoevaluación sobre la aplicación del Protocolo"


def _outbox(fresh_db) -> dict[str, OutboxMessage]:
    return {message.recipient: message for message in fresh_db().scalars(select(OutboxMessage))}


def test_a_reminder_and_the_digest_name_the_questionnaire_and_the_state_in_each_readers_language(
        db, states, open_som, make_user, smtp, run_worker, text_of):
    make_user("focal_point", email="fp@mex.example", locale="fr")
    make_user("expert", email="ex@mex.example", locale="en")
    make_user("secretariat", email="sec.fr@un.example", locale="fr")
    make_user("secretariat", email="sec.en@un.example", locale="en")
    run_worker()  # the deadline is 30 days away: the 30-day reminder, and the week's digest
    (french,) = smtp.inbox.to("fp@mex.example")
    assert french["Content-Language"] == "fr" and FRENCH in french["Subject"]
    for body in (text_of(french), text_of(french, "html")):
        assert FRENCH in body and "Mexique" in body, body
        assert ENGLISH not in body and "Mexico" not in body, body
    (english,) = smtp.inbox.to("ex@mex.example")
    assert ENGLISH in english["Subject"]
    for body in (text_of(english), text_of(english, "html")):
        assert ENGLISH in body and "Mexico" in body and FRENCH not in body, body
    (french_digest,) = smtp.inbox.to("sec.fr@un.example")
    (english_digest,) = smtp.inbox.to("sec.en@un.example")
    for body in (text_of(french_digest), text_of(french_digest, "html")):
        assert FRENCH in body and ENGLISH not in body, body
    for body in (text_of(english_digest), text_of(english_digest, "html")):
        assert ENGLISH in body and FRENCH not in body, body


def test_a_receipt_and_the_secretariats_notice_name_the_questionnaire_and_the_state_in_each_readers_language(
        app, db, fresh_db, states, open_som, make_user, make_reply):
    focal = make_user("focal_point", email="fp@mex.example", locale="fr")
    make_user("expert", email="ex@mex.example", locale="en")
    make_user("secretariat", email="sec.es@un.example", locale="es")
    make_user("secretariat", email="sec.en@un.example", locale="en")
    response = make_reply(open_som, states["MEX"], focal, {}, status="submitted")
    with app.app_context():
        notices.reply_submitted(db, db.get(Response, response.id), focal, late=False)
        db.commit()
    sent = _outbox(fresh_db)
    receipt = sent["fp@mex.example"]
    assert FRENCH in receipt.subject
    assert FRENCH in receipt.body_text and "Mexique" in receipt.body_text and "Mexico" not in receipt.body_text
    assert FRENCH in receipt.body_html and "Mexique" in receipt.body_html
    english = sent["ex@mex.example"]
    assert ENGLISH in english.subject and ENGLISH in english.body_text and "Mexico" in english.body_text
    spanish = sent["sec.es@un.example"]
    assert spanish.subject.startswith("México ") and "Mexico" not in spanish.subject
    assert SPANISH in spanish.body_text and "México" in spanish.body_text and ENGLISH not in spanish.body_text
    assert sent["sec.en@un.example"].subject == "Mexico submitted its reply"


def test_without_a_translation_the_source_title_stands_marked_in_its_own_language(
        client, db, states, small, make_user, make_reply, login, smtp, run_worker, text_of):
    focal = make_user("focal_point", email="fp@mex.example", locale="fr")
    make_reply(small, states["MEX"], focal, COMPLETE, status="submitted")
    login(make_user("secretariat"))
    assert client.post(f"/monitoring/{small.id}/MEX/reopen", data={"reason": "Question 2"}).status_code == 302
    run_worker()
    (notice,) = [m for m in smtp.inbox.to("fp@mex.example") if m["X-Questionnaire-Kind"] == "reply_reopened"]
    assert notice["Content-Language"] == "fr" and "Small questionnaire small" in notice["Subject"]
    assert "Small questionnaire small" in text_of(notice) and "Mexique" in text_of(notice)
    assert '<span dir="auto" lang="en">Small questionnaire small</span>' in text_of(notice, "html")


def test_a_translation_out_of_date_gives_way_to_the_source_title(app, db, fresh_db, states, open_som, make_user):
    make_user("focal_point", email="fp@mex.example", locale="fr")
    questionnaire = db.get(Questionnaire, open_som.id)
    questionnaire.title = "Self-assessment questionnaire, revised"  # the French title was made from the old one
    db.commit()
    with app.app_context():
        notices.deadline_moved(db, questionnaire, [db.get(State, states["MEX"].id)], utcnow() + timedelta(days=60),
                               "Revised title", extension=False)
        db.commit()
    notice = _outbox(fresh_db)["fp@mex.example"]
    assert "Self-assessment questionnaire, revised" in notice.subject and FRENCH not in notice.subject
    assert '<span dir="auto" lang="en">Self-assessment questionnaire, revised</span>' in notice.body_html
    assert FRENCH not in notice.body_text + notice.body_html


def test_a_notice_to_many_states_reads_the_translations_once_per_language(
        app, db, fresh_db, states, open_som, make_user, count_queries):
    for iso3 in ("MEX", "FRA", "SEN", "CAN"):
        make_user("focal_point", state=iso3, email=f"fp@{iso3.lower()}.example", locale="fr")
        make_user("expert", state=iso3, email=f"ex@{iso3.lower()}.example", locale="es")
    questionnaire = db.get(Questionnaire, open_som.id)
    national = [db.get(State, states[iso3].id) for iso3 in ("CAN", "FRA", "MEX", "SEN")]
    with app.app_context():
        # a new French title in the same transaction: translations are read from the database, not kept ones
        set_translation(db, questionnaire, TITLE, "fr", "Questionnaire révisé")
        with count_queries() as counter:
            notices.deadline_moved(db, questionnaire, national, utcnow() + timedelta(days=60), "More time",
                                   extension=False)
        db.commit()
    translations_read = [s for s in counter.statements if "text_translations" in s]
    assert len(translations_read) == 2  # French and Spanish
    sent = _outbox(fresh_db)
    assert len(sent) == 8 and "Questionnaire révisé" in sent["fp@sen.example"].subject
    assert SPANISH in sent["ex@can.example"].subject
