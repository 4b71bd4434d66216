"""The language of a State's reply: chosen by its focal points and experts among the questionnaire's
languages, the pages read in it (the source standing in, marked, where a text is not translated), and
each answer recording the language it was written in."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from questionnaire.models import Answer, AnswerChange, AuditEvent, Response
from tests.factories import cluster_url, make_multilingual, q_of


@pytest.fixture
def multi(db, states):
    return make_multilingual(db)


def choose(client, questionnaire, language, iso3="MEX", back="review"):
    return client.post(f"/answers/{questionnaire.id}/{iso3}/language", data={"language": language, "back": back})


def reply_language(fresh_db, questionnaire):
    return fresh_db().scalar(select(Response.language).where(Response.questionnaire_id == questionnaire.id))


def test_without_a_choice_the_reply_reads_in_the_readers_language_when_offered_else_the_source(
        client, login, make_user, multi, make_questionnaire):
    login(make_user("expert", locale="fr"))
    page = client.get(cluster_url(multi, code="A")).get_data(as_text=True)
    assert "Le trafic de migrants est-il une infraction ?" in page and "Incrimination" in page
    login(make_user("expert", locale="ru"))  # Russian is not one of its languages: the English source
    page = client.get(cluster_url(multi, code="A")).get_data(as_text=True)
    assert "Is smuggling a crime?" in page and "Not yet translated" not in page


def test_a_focal_point_chooses_french_and_every_page_of_the_reply_reads_in_it(
        csrf_app, client, login, make_user, multi, fresh_db, csrf_token):
    login(make_user("focal_point"))
    review = client.get(f"/answers/{multi.id}/MEX/review").get_data(as_text=True)
    assert 'name="language"' in review and '<option value="fr" lang="fr"' in review
    response = client.post(f"/answers/{multi.id}/MEX/language",
                           data={"language": "fr", "back": "review", "csrf_token": csrf_token(review)})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/answers/{multi.id}/MEX/review")
    assert reply_language(fresh_db, multi) == "fr"
    audit = fresh_db().scalar(select(AuditEvent).where(AuditEvent.action == "response.language"))
    assert audit.details["before"] == {"language": None} and audit.details["after"] == {"language": "fr"}

    # the interface stays English; the questionnaire reads in French, the source standing in where needed
    page = client.get(cluster_url(multi, code="A")).get_data(as_text=True)
    assert '<html lang="en"' in page
    assert '<span dir="auto" lang="fr"><bdi>1</bdi> Le trafic de migrants est-il une infraction ?</span>' in page
    # a follow-up's rule names the answers as the choices word them: in the reply's language
    assert ('Answer if the reply to <bdi>1</bdi> is: <bdi lang="fr">Oui</bdi> / <bdi lang="fr">Oui, en partie</bdi>.'
            in page)
    guidance = re.search(r'<p class="hint" id="q_\d+-hint">(.*?)</p>', page, re.S).group(1)
    assert '<span dir="auto">Think of the law.</span>' in guidance and "Not yet translated" in guidance
    for path in ("review", "print"):
        assert "Petit questionnaire" in client.get(f"/answers/{multi.id}/MEX/{path}").get_data(as_text=True)
    page = client.get(cluster_url(multi, code="B")).get_data(as_text=True)
    assert re.search(r'<label for="q_\d+-0"><span dir="auto" lang="fr">Bilatéral</span></label>', page)
    assert re.search(r'<label for="q_\d+-1"><span dir="auto">Multilateral</span></label>', page)


def test_each_saved_answer_and_its_history_record_the_replys_language(client, login, make_user, multi, fresh_db):
    login(make_user("expert"))
    assert choose(client, multi, "ar").status_code == 302
    law = q_of(multi, "crim.law")
    client.post(cluster_url(multi, code="A"), data={f"q_{q_of(multi, 'crim').id}": "yes", f"q_{law.id}": "القانون 12"})
    db = fresh_db()
    assert {a.language for a in db.scalars(select(Answer))} == {"ar"}
    assert {c.language for c in db.scalars(select(AnswerChange))} == {"ar"}

    assert choose(client, multi, "es").status_code == 302
    client.post(cluster_url(multi, code="A"), data={f"q_{law.id}": "Ley 12", f"base_{law.id}": _base(client, multi, law)})
    languages = {a.question_id: a.language for a in fresh_db().scalars(select(Answer))}
    assert languages[law.id] == "es" and languages[q_of(multi, "crim").id] == "ar"


def _base(client, questionnaire, question):
    page = client.get(cluster_url(questionnaire, code="A")).get_data(as_text=True)
    return re.search(rf'name="base_{question.id}" value="([^"]+)"', page).group(1)


def test_a_language_the_questionnaire_does_not_offer_is_refused_with_a_clear_message(
        client, login, make_user, multi, fresh_db):
    login(make_user("focal_point"))
    choose(client, multi, "fr")
    response = choose(client, multi, "ru")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "not offered in that language" in page and "Français" in page
    assert reply_language(fresh_db, multi) == "fr"
    assert choose(client, multi, "").status_code == 302 and reply_language(fresh_db, multi) == "fr"


def test_only_the_states_focal_points_and_experts_choose_its_language(client, login, make_user, multi, fresh_db):
    login(make_user("expert", state="NGA"))
    assert choose(client, multi, "fr", iso3="MEX").status_code == 404
    login(make_user("reviewer"))
    assert choose(client, multi, "fr", iso3="MEX").status_code in (403, 404)
    login(make_user("secretariat"))
    assert choose(client, multi, "fr", iso3="MEX").status_code == 403
    assert reply_language(fresh_db, multi) is None


def test_a_submitted_reply_keeps_its_language(client, login, make_user, multi, db, fresh_db):
    from tests.factories import make_reply

    focal = make_user("focal_point")
    make_reply(db, multi, focal.state, focal, {"crim": "no", "crim.why": "None", "agree": "bi"}, status="submitted")
    login(focal)
    response = choose(client, multi, "fr")
    assert "can no longer change" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert reply_language(fresh_db, multi) is None


def test_the_same_cluster_in_two_languages_gets_each_its_own_choice_labels(client, login, make_user, multi):
    """Form classes are kept per process: the reply's language is part of what they are kept by."""
    login(make_user("expert"))
    url = cluster_url(multi, code="B")
    assert ">Bilateral</span>" in client.get(url).get_data(as_text=True)
    choose(client, multi, "fr")
    assert ">Bilatéral</span>" in client.get(url).get_data(as_text=True)
    choose(client, multi, "en")
    assert ">Bilateral</span>" in client.get(url).get_data(as_text=True)


def test_an_unknown_lang_in_the_address_falls_back_quietly(client, login, make_user, multi):
    login(make_user("secretariat"))
    response = client.get(f"/preview/{multi.id}/A?lang=xx")
    assert response.status_code == 200 and "Is smuggling a crime?" in response.get_data(as_text=True)
    page = client.get(f"/preview/{multi.id}/A?lang=fr").get_data(as_text=True)
    assert "Le trafic de migrants est-il une infraction ?" in page


def test_a_cluster_page_in_a_language_runs_the_same_number_of_queries_for_5_and_40_questions(
        client, login, make_user, db, states, count_queries):
    login(make_user("expert", locale="fr"))
    counts = []
    for slug, extra in (("five", 0), ("forty", 35)):
        questionnaire = make_multilingual(db, slug, extra_questions=extra)
        with count_queries() as counter:
            page = client.get(cluster_url(questionnaire, code="A"))
        assert "Incrimination" in page.get_data(as_text=True)
        counts.append(counter.count)
    assert counts[0] == counts[1]


def test_an_arabic_page_isolates_every_fragment_of_the_other_direction(client, login, make_user, multi):
    login(make_user("focal_point", locale="ar"))
    page = client.get(cluster_url(multi, code="A")).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in page
    # translated texts carry no lang (the page's); English fallbacks carry lang="en" and their own direction
    assert '<span dir="rtl"><bdi>1</bdi> هل تهريب المهاجرين جريمة؟</span>' in page
    assert '<span dir="auto" lang="en"><bdi>2</bdi> How many cases?</span>' in page
    assert '<span dir="auto" lang="en">Think of the law.</span>' in page
    # citations of the Protocol are written the Arabic way (its subparagraphs lettered أ، ب ...), isolated
    assert '<p class="provisions">' in page and '<span dir="rtl">المادة 6 (1) (أ)</span>' in page
    # every question text is in its own isolate: none is left bare in a label or legend
    for label in re.findall(r"<(?:legend|label class=\"label\"[^>]*)>(.*?)</(?:legend|label)>", page, re.S):
        assert label.lstrip().startswith(('<span dir="auto"', '<span dir="rtl"')), label


def test_arabic_review_and_print_pages_isolate_names_numbers_and_english_fallbacks(client, login, make_user, multi):
    login(make_user("focal_point", locale="ar", name="Ana López"))
    crim, law, cases = (q_of(multi, key) for key in ("crim", "crim.law", "cases"))
    client.post(cluster_url(multi, code="A"),
                data={f"q_{crim.id}": "yes", f"q_{law.id}": "Act 5 of 2010", f"q_{cases.id}": "12"})
    cluster = client.get(cluster_url(multi, code="A")).get_data(as_text=True)
    assert "<bdi>Ana López</bdi>" in cluster  # "last changed by" a Latin name
    # the follow-up rule: the parent's number and each answer isolated
    condition = re.search(r'<p class="hint condition">(.*?)</p>', cluster).group(1)
    assert "<bdi>1</bdi>" in condition and condition.count("<bdi>") == 3
    review = client.get(f"/answers/{multi.id}/MEX/review").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in review
    assert '<span class="muted progress-count"><bdi>' in review
    assert re.search(r'<bdi>B</bdi> · <span dir="rtl"><bdi>4</bdi> هل لديكم اتفاقات؟</span>', review)
    printed = client.get(f"/answers/{multi.id}/MEX/print").get_data(as_text=True)
    assert '<h3><span dir="auto" lang="en"><bdi>2</bdi> How many cases?</span> <span class="badge untranslated">' in printed
    assert '<h2 id="cluster-A"><span dir="rtl"><bdi>A.</bdi> التجريم</span></h2>' in printed
    assert "· <bdi>Ana López</bdi> ·" in printed  # the history of each answer
    assert '<p class="answer-text" dir="auto">Act 5 of 2010</p>' in printed


def test_an_autosave_records_the_replys_language_without_reading_translations(
        client, login, make_user, multi, fresh_db, count_queries):
    login(make_user("expert"))
    choose(client, multi, "zh")
    law = q_of(multi, "crim.law")
    with count_queries() as counter:
        response = client.post(cluster_url(multi, code="A", suffix="/autosave"), data={f"q_{law.id}": "移民法第12条"})
    assert response.status_code == 200 and response.get_json()["errors"] == {}
    assert not any("text_translations" in statement for statement in counter.statements)
    assert [a.language for a in fresh_db().scalars(select(Answer))] == ["zh"]


def test_the_scales_answers_read_in_the_replys_language_while_the_interface_keeps_its_own(
        client, login, make_user, multi):
    login(make_user("focal_point"))
    assert choose(client, multi, "fr").status_code == 302
    page = client.get(cluster_url(multi, code="A")).get_data(as_text=True)
    assert '<html lang="en"' in page and "Save" in page  # the interface in English
    labels = re.findall(r'<label for="q_\d+-\d">(.*?)</label>', page)
    assert any("Oui, en partie" in label for label in labels) and not any(">Yes<" in label for label in labels)
    assert choose(client, multi, "en").status_code == 302
    page = client.get(cluster_url(multi, code="A")).get_data(as_text=True)
    assert any("Yes, in part" in label for label in re.findall(r'<label for="q_\d+-\d">(.*?)</label>', page))


def test_the_printable_reply_words_chosen_answers_in_the_replys_language(client, login, make_user, multi):
    login(make_user("focal_point"))
    assert choose(client, multi, "fr").status_code == 302
    crim = q_of(multi, "crim")
    client.post(cluster_url(multi, code="A"), data={f"q_{crim.id}": "partly"})
    page = client.get(f"/answers/{multi.id}/MEX/print").get_data(as_text=True)
    assert '<html lang="en"' in page and "Oui, en partie" in page and "Yes, in part" not in page
    assert choose(client, multi, "en").status_code == 302
    assert "Yes, in part" in client.get(f"/answers/{multi.id}/MEX/print").get_data(as_text=True)
