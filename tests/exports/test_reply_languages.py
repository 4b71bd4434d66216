"""The reviewers' pages read the questionnaire in the reader's language: question texts, titles and choice
labels translated where they can be, the English source marked where it stands in; State names and regional
groups in the reader's words; answers as the States wrote them, marked with the language they were written in."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select, update

from questionnaire.models import Answer, Response
from tests.factories import make_multilingual, make_reply, q_of, words_marks

UNTRANSLATED_FR = '<span class="badge untranslated">Pas encore traduit</span>'


@pytest.fixture
def multi(db, states, make_user):
    """Mexico replied in Spanish, Nigeria in English (both submitted)."""
    questionnaire = make_multilingual(db)
    make_reply(db, questionnaire, states["MEX"], make_user("focal_point", state="MEX"),
               {"crim": "yes", "crim.law": "Ley General de Población, art. 159", "agree": "bi", "topics": ["sea"]},
               status="submitted")
    make_reply(db, questionnaire, states["NGA"], make_user("focal_point", state="NGA"),
               {"crim": "no", "crim.why": "Not yet", "agree": "multi", "topics": ["sea", "land"]}, status="submitted")
    for iso3, language in (("MEX", "es"), ("NGA", "en")):
        response = db.scalar(select(Response.id).where(Response.questionnaire_id == questionnaire.id,
                                                       Response.state_id == states[iso3].id))
        db.execute(update(Response).where(Response.id == response).values(language=language))
        db.execute(update(Answer).where(Answer.response_id == response).values(language=language))
    db.commit()
    return questionnaire


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_a_french_reviewer_reads_a_reply_in_french_with_the_source_marked(client, login, make_user, multi):
    login(make_user("reviewer", locale="fr"))
    html = client.get(f"/replies/{multi.id}/MEX").get_data(as_text=True)
    assert '<html lang="fr"' in html
    assert '<span dir="auto">Petit questionnaire</span> — Mexique' in html
    assert '<span dir="auto"><bdi>1</bdi> Le trafic de migrants est-il une infraction ?</span>' in html
    assert "Is smuggling a crime?" not in html
    # a question not translated: the English text, in its own language, marked
    assert f'<span dir="auto" lang="en"><bdi>6</bdi> Topics</span> {UNTRANSLATED_FR}' in html
    # a choice answer reads through the French labels; the State's own words keep the language it wrote in
    assert re.search(r'<p class="answer-text" dir="auto">Bilatéral</p>', html)
    assert '<p class="answer-text" dir="auto" lang="es">Ley General de Población, art. 159</p>' in html


def test_an_english_reviewer_reads_the_same_reply_in_english(client, login, make_user, multi):
    login(make_user("reviewer", locale="en"))
    html = client.get(f"/replies/{multi.id}/MEX").get_data(as_text=True)
    assert '<html lang="en"' in html
    assert '<span dir="auto"><bdi>1</bdi> Is smuggling a crime?</span>' in html
    assert "Le trafic de migrants" not in html and "untranslated" not in html
    assert '<p class="answer-text" dir="auto">Bilateral</p>' in html
    assert '<p class="answer-text" dir="auto" lang="es">Ley General de Población, art. 159</p>' in html
    # an answer in the page's own language needs no mark
    nigeria = client.get(f"/replies/{multi.id}/NGA").get_data(as_text=True)
    assert '<p class="answer-text" dir="auto">Not yet</p>' in nigeria


def test_a_french_reviewer_compares_in_french(client, login, make_user, multi):
    login(make_user("reviewer", locale="fr"))
    html = client.get(f"/replies/{multi.id}/questions/{q_of(multi, 'agree').id}").get_data(as_text=True)
    assert '<h1><span dir="auto"><bdi>4</bdi> Avez-vous des accords ?</span></h1>' in html
    assert '<th scope="row"><span dir="auto">Bilatéral</span></th>' in html
    assert f'<th scope="row"><span dir="auto" lang="en">Multilateral</span> {UNTRANSLATED_FR}</th>' in html
    assert '<option value="bi">Bilatéral</option>' in html and '<option value="multi" lang="en">Multilateral</option>' in html
    text = _text(html)
    assert "Mexique" in text and "Nigeria" in text and "États d’Afrique" in text
    assert "African States" not in text
    # a text answer keeps the language it was written in
    law = client.get(f"/replies/{multi.id}/questions/{q_of(multi, 'crim.law').id}").get_data(as_text=True)
    assert '<p class="answer-text" dir="auto" lang="es">Ley General de Población, art. 159</p>' in law


def test_an_english_reviewer_compares_in_english(client, login, make_user, multi):
    login(make_user("reviewer", locale="en"))
    html = client.get(f"/replies/{multi.id}/questions/{q_of(multi, 'agree').id}").get_data(as_text=True)
    assert '<span dir="auto"><bdi>4</bdi> Do you have agreements?</span>' in html
    assert '<th scope="row"><span dir="auto">Bilateral</span></th>' in html
    assert "Bilatéral" not in html and "untranslated" not in html
    assert "Mexico" in _text(html) and "African States" in _text(html)


def test_an_arabic_page_is_right_to_left_with_english_fallbacks_marked(client, login, make_user, multi):
    login(make_user("reviewer", locale="ar"))
    html = client.get(f"/replies/{multi.id}/questions/{q_of(multi, 'agree').id}").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in html
    assert '<span dir="rtl"><bdi>4</bdi> هل لديكم اتفاقات؟</span>' in html
    assert '<th scope="row"><span dir="rtl">ثنائية</span></th>' in html
    assert '<span dir="auto" lang="en">Multilateral</span>' in html
    reply = client.get(f"/replies/{multi.id}/NGA").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in reply
    assert '<span dir="auto" lang="en"><bdi>1.2</bdi> Explain why not.</span>' in reply
    assert '<p class="answer-text" dir="auto" lang="en">Not yet</p>' in reply


def test_the_replies_list_in_french(client, login, make_user, multi):
    login(make_user("reviewer", locale="fr"))
    html = client.get(f"/replies/?questionnaire={multi.id}").get_data(as_text=True)
    assert "Petit questionnaire — version" in html  # the version menu
    assert '<h2><span dir="auto">Petit questionnaire</span>' in html
    text = _text(html)
    assert text.index("Mexique") < text.index("Nigeria")
    assert "États d’Afrique" in text and "États d’Amérique latine et des Caraïbes" in text


def test_reading_in_french_costs_one_query_for_the_translations(client, login, make_user, multi, count_queries):
    """The same pages in English (the source language) and in French: exactly one query more, whatever
    the number of questions and States, and none on the pages of one version once the app keeps its
    translations (the first request)."""
    english, french = make_user("reviewer", locale="en"), make_user("reviewer", locale="fr")
    urls = [f"/replies/?questionnaire={multi.id}", f"/replies/{multi.id}/MEX",
            f"/replies/{multi.id}/questions/{q_of(multi, 'agree').id}"]

    def counts(user) -> list[int]:
        login(user)
        found = []
        for url in urls:
            client.get(url)  # the first request of the session reads what later ones keep
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            found.append(counter.count)
        return found

    listing, reply, question = counts(english)
    assert counts(french) == [listing + 1, reply, question]


def test_the_state_reads_the_questions_put_to_it_in_its_replys_language(client, login, make_user, db, multi, states):
    """On the State's review page each question a reviewer asked about is named in the reply's language, the
    English source marked where it stands in."""
    from questionnaire.observations.service import add_observation

    mexico = db.scalar(select(Response).where(Response.questionnaire_id == multi.id,
                                              Response.state_id == states["MEX"].id))
    db.execute(update(Response).where(Response.id == mexico.id).values(language="fr"))
    reviewer = make_user("reviewer")
    answers = {answer.question_id: answer for answer in db.scalars(select(Answer).where(Answer.response_id == mexico.id))}
    for key in ("crim", "topics"):
        add_observation(db, reviewer, answers[q_of(multi, key).id], "question", f"About {key}?")
    db.commit()
    login(make_user("focal_point", state="MEX", locale="fr"))
    html = client.get(f"/answers/{multi.id}/MEX/review").get_data(as_text=True)
    section = html[html.index('id="observations-heading"'):]
    assert '<span dir="auto"><bdi>1</bdi> Le trafic de migrants est-il une infraction ?</span>' in section
    assert f'<span dir="auto" lang="en"><bdi>6</bdi> Topics</span> {UNTRANSLATED_FR}' in section


def test_a_not_applicable_explanation_keeps_the_language_it_was_written_in(client, login, make_user, db, states):
    """Question 1 is a scale: its answers read through the page's labels, but a "Not applicable" answer's
    explanation is the State's own words, marked with the language it wrote them in."""
    questionnaire = make_multilingual(db, "na", not_applicable=("crim",))
    make_reply(db, questionnaire, states["MEX"], make_user("focal_point", state="MEX"),
               {"crim": {"not_applicable": "Aucune frontière terrestre"}, "agree": "bi"}, status="submitted")
    db.execute(update(Response).values(language="fr"))
    db.execute(update(Answer).values(language="fr"))
    db.commit()
    crim = q_of(questionnaire, "crim")
    login(make_user("reviewer", locale="en"))
    explained = ('<p class="answer-text" dir="auto">Not applicable: '
                 '<span dir="auto" lang="fr">Aucune frontière terrestre</span></p>')
    assert explained in client.get(f"/replies/{questionnaire.id}/MEX").get_data(as_text=True)
    assert explained in client.get(f"/replies/{questionnaire.id}/questions/{crim.id}").get_data(as_text=True)

    login(make_user("reviewer", locale="fr"))  # the reader's own language: no mark, the words in French
    explained = '<p class="answer-text" dir="auto">Sans objet\u00a0: <span dir="auto">Aucune frontière terrestre</span></p>'
    assert explained in client.get(f"/replies/{questionnaire.id}/MEX").get_data(as_text=True)
    assert explained in client.get(f"/replies/{questionnaire.id}/questions/{crim.id}").get_data(as_text=True)


def test_a_reviewer_reads_the_labels_standing_in_for_a_translation_in_their_own_language(
        client, login, make_user, multi):
    """A French reviewer: Mexico's topic ("Sea", not yet translated) shows the English source, marked English on
    the reply and on the comparison; the translated agreement and the kind's own words carry no mark."""
    login(make_user("reviewer", locale="fr"))
    reply = client.get(f"/replies/{multi.id}/MEX").get_data(as_text=True)
    assert words_marks(reply, "Sea", f"question-{q_of(multi, 'topics').id}")[:2] == ("en", True)
    assert not words_marks(reply, "Bilatéral", f"question-{q_of(multi, 'agree').id}").marked
    assert not words_marks(reply, "Oui", f"question-{q_of(multi, 'crim').id}").marked
    compared = client.get(f"/replies/{multi.id}/questions/{q_of(multi, 'topics').id}").get_data(as_text=True)
    assert words_marks(compared, "Sea", "state-MEX")[:2] == ("en", True)
    assert words_marks(compared, "Land", "state-NGA")[:2] == ("en", True)


def test_an_explanation_saved_without_its_language_carries_the_replys(client, login, make_user, db, states):
    """An answer that does not record its language was written in the reply's: its explanation says so."""
    questionnaire = make_multilingual(db, "na", not_applicable=("crim",))
    make_reply(db, questionnaire, states["MEX"], make_user("focal_point", state="MEX"),
               {"crim": {"not_applicable": "Aucune frontière terrestre"}, "agree": "bi"}, status="submitted")
    db.execute(update(Response).values(language="fr"))
    db.commit()
    login(make_user("reviewer", locale="en"))
    page = client.get(f"/replies/{questionnaire.id}/MEX").get_data(as_text=True)
    assert words_marks(page, "Aucune frontière terrestre")[:2] == ("fr", True)
    assert not words_marks(page, "Not applicable").marked
