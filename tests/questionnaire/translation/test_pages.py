"""The translation pages over HTTP: who may use them, side by side editing, statuses, files, opening."""
import html
import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from questionnaire import lifecycle
from questionnaire.models import AuditEvent, Questionnaire, TextTranslation
from questionnaire.texts import set_translation, text_states
from tests.factories import translated_xliff


def _translations(db, questionnaire_id, language="fr"):
    db.expire_all()
    return {row.key: row.text for row in db.scalars(select(TextTranslation).where(
        TextTranslation.questionnaire_id == questionnaire_id, TextTranslation.language == language))}


def _audit_count(db):
    db.expire_all()
    return db.scalar(select(func.count()).select_from(AuditEvent))


def _urls(q):
    base = f"/builder/{q.id}/translations"
    return [("GET", base), ("POST", f"{base}/add"), ("POST", f"{base}/fr/remove"), ("POST", f"{base}/open-decision"),
            ("POST", f"{base}/open-decision/withdraw"), ("GET", f"{base}/fr"), ("POST", f"{base}/fr"),
            ("POST", f"{base}/fr/status"), ("GET", f"{base}/fr/file.xlf"), ("GET", f"{base}/fr/file.xlsx"),
            ("POST", f"{base}/fr/import"), ("POST", f"{base}/fr/import/apply")]


@pytest.mark.parametrize("role", ["focal_point", "expert", "reviewer", "delegate"])
def test_only_the_secretariat_reaches_the_translation_pages(client, login, make_user, bilingual, db, role):
    login(make_user(role, state="MEX" if role in ("focal_point", "expert", "delegate") else None))
    before = _audit_count(db)
    for method, url in _urls(bilingual):
        response = client.open(url, method=method, data={"t.title": "Piraté", "language": "es", "status": "official",
                                                           "reason": "x"})
        assert response.status_code == 403, (method, url)
    assert _translations(db, bilingual.id) == {} and _audit_count(db) == before


def test_signed_out_visitors_are_sent_to_sign_in(client, bilingual):
    response = client.get(f"/builder/{bilingual.id}/translations/fr")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_an_undeclared_language_or_the_source_has_no_page(client, login, make_user, bilingual):
    login(make_user("secretariat"))
    for language in ("es", "en", "xx"):
        assert client.get(f"/builder/{bilingual.id}/translations/{language}").status_code == 404
    assert client.get(f"/builder/{bilingual.id + 99}/translations/fr").status_code == 404


def test_the_builder_page_links_each_language(client, login, make_user, bilingual):
    login(make_user("secretariat"))
    page = client.get(f"/builder/{bilingual.id}").get_data(as_text=True)
    assert f'href="/builder/{bilingual.id}/translations/fr"' in page
    assert f'href="/builder/{bilingual.id}/translations/"' in page


def test_the_language_page_shows_source_and_translation_side_by_side(client, login, make_user, bilingual, db):
    bilingual.languages = ["en", "fr", "ar"]
    set_translation(db, bilingual, "title", "ar", "استبيان صغير")
    db.commit()
    login(make_user("secretariat"))
    page = client.get(f"/builder/{bilingual.id}/translations/ar").get_data(as_text=True)
    assert '<td lang="en" dir="ltr" id="t-question-crim-text-source">' in page
    assert re.search(r'<textarea name="t.title" id="t-title" lang="ar" dir="rtl"[^>]*>استبيان صغير</textarea>', page)
    total = len(text_states(db, bilingual, "ar"))
    assert f"1 of {total} texts translated, 0 out of date, {total - 1} missing" in page
    missing = client.get(f"/builder/{bilingual.id}/translations/ar?show=missing").get_data(as_text=True)
    assert 'name="t.title"' not in missing and 'name="t.question.crim.text"' in missing


def test_saving_a_batch_is_kept_and_recorded(client, login, make_user, bilingual, fresh_db, source_bases):
    login(make_user("secretariat"))
    response = client.post(f"/builder/{bilingual.id}/translations/fr?show=all", data={
        "t.title": "Petit questionnaire", "t.question.crim.text": "Le trafic est-il une infraction ?",
        "t.question.cases.text": "", **source_bases(bilingual)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/translations/fr?show=all")
    db = fresh_db()
    assert _translations(db, bilingual.id) == {"title": "Petit questionnaire",
                                               "question.crim.text": "Le trafic est-il une infraction ?"}
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "translation.save")).details["language"] == "fr"
    page = client.get(f"/builder/{bilingual.id}/translations/fr").get_data(as_text=True)
    assert "2 translations saved, 0 confirmed." in page


def test_a_text_over_its_limit_shows_what_was_typed_and_saves_nothing(client, login, make_user, bilingual, fresh_db,
                                                                      source_bases):
    login(make_user("secretariat"))
    too_long = "Bilatéral " * 60
    response = client.post(f"/builder/{bilingual.id}/translations/fr", data={
        "t.title": "Petit questionnaire", "t.question.agree.choice.bi": too_long, **source_bases(bilingual)})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nothing was saved" in page and "the limit is 500" in page
    assert ">Petit questionnaire</textarea>" in page and too_long.strip() in page  # nothing lost
    assert 'id="t-question-agree-choice-bi-error"' in page
    assert _translations(fresh_db(), bilingual.id) == {}


def test_an_out_of_date_translation_is_marked_and_confirmed_still_right(client, login, make_user, bilingual, db,
                                                                        fresh_db):
    set_translation(db, bilingual, "title", "fr", "Petit questionnaire")
    bilingual.title = "A small questionnaire"
    db.commit()
    login(make_user("secretariat"))
    page = client.get(f"/builder/{bilingual.id}/translations/fr?show=out_of_date").get_data(as_text=True)
    assert "out of date" in page and 'name="still_right" value="title"' in page
    bases = dict(re.findall(r'<input type="hidden" name="([bs]\.title)" value="([0-9a-f]*)">', page))
    assert sorted(bases) == ["b.title", "s.title"]  # the translation and the source it is ticked beside
    response = client.post(f"/builder/{bilingual.id}/translations/fr?show=out_of_date",
                           data={"t.title": "Petit questionnaire", "still_right": "title", **bases})
    assert response.status_code == 302
    db = fresh_db()
    states = {s.key: s.status for s in text_states(db, db.get(Questionnaire, bilingual.id), "fr")}
    assert states["title"] == "current"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "0 translations saved, 1 confirmed." in page


def test_the_status_of_a_language_is_set(client, login, make_user, bilingual, fresh_db):
    login(make_user("secretariat"))
    assert client.post(f"/builder/{bilingual.id}/translations/fr/status", data={"status": "official"}).status_code == 302
    assert client.post(f"/builder/{bilingual.id}/translations/fr/status", data={"status": "final"}).status_code == 302
    db = fresh_db()
    assert db.get(Questionnaire, bilingual.id).language_status("fr") == "official"
    assert db.scalar(select(func.count()).where(AuditEvent.action == "translation.status")) == 1


def test_adding_and_removing_languages_of_a_draft(client, login, make_user, bilingual, fresh_db):
    login(make_user("secretariat"))
    base = f"/builder/{bilingual.id}/translations"
    overview = client.get(base).get_data(as_text=True)
    assert '<option value="zh">' in overview and '<option value="fr">' not in overview
    assert client.post(f"{base}/add", data={"language": "zh"}).status_code == 302
    assert client.post(f"{base}/add", data={"language": "de"}).status_code == 302  # refused, flashed
    assert client.post(f"{base}/en/remove").status_code == 302  # the source stays
    assert client.post(f"{base}/fr/remove").status_code == 302
    assert fresh_db().get(Questionnaire, bilingual.id).languages == ["en", "zh"]
    page = client.get(base).get_data(as_text=True)
    assert "The source language cannot be removed." in page and "Choose one of the languages offered." in page


def test_a_post_without_its_csrf_token_is_refused(csrf_app, client, login, make_user, bilingual, fresh_db, csrf_token,
                                                  source_bases):
    login(make_user("secretariat"))
    url = f"/builder/{bilingual.id}/translations/fr"
    fields = {"t.title": "Petit questionnaire", **source_bases(bilingual)}
    assert client.post(url, data=fields).status_code == 400
    assert _translations(fresh_db(), bilingual.id) == {}
    token = csrf_token(client.get(url).data)
    assert client.post(url, data={**fields, "csrf_token": token}).status_code == 302
    assert _translations(fresh_db(), bilingual.id) == {"title": "Petit questionnaire"}


def test_download_preview_then_apply_an_xliff(client, login, make_user, bilingual, fresh_db):
    login(make_user("secretariat"))
    base = f"/builder/{bilingual.id}/translations/fr"
    download = client.get(f"{base}/file.xlf")
    assert download.status_code == 200 and "bilingual-v1-fr.xlf" in download.headers["Content-Disposition"]
    data = translated_xliff(download.data, {"title": "Petit questionnaire", "question.agree.choice.bi": "Bilatéral"})
    preview = client.post(f"{base}/import", data={"file": (io.BytesIO(data), "fr.xlf")},
                          content_type="multipart/form-data")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "What the file would change" in page and "Bilatéral" in page
    assert _translations(fresh_db(), bilingual.id) == {}  # a preview writes nothing
    fields = {name: html.unescape(re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1))
              for name in ("content", "filename", "shown")}
    response = client.post(f"{base}/import/apply", data=fields)
    assert response.status_code == 302
    assert _translations(fresh_db(), bilingual.id) == {"title": "Petit questionnaire",
                                                       "question.agree.choice.bi": "Bilatéral"}


def test_an_upload_with_problems_lists_them_and_writes_nothing(client, login, make_user, bilingual, db, fresh_db):
    login(make_user("secretariat"))
    base = f"/builder/{bilingual.id}/translations/fr"
    data = translated_xliff(client.get(f"{base}/file.xlf").data, {"title": "T" * 301})
    response = client.post(f"{base}/import", data={"file": (io.BytesIO(data), "fr.xlf")},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and "the limit is 300" in response.get_data(as_text=True)
    renamed = client.post(f"{base}/import", data={"file": (io.BytesIO(b"\x00\x01binary" * 20), "fr.xlsx")},
                          content_type="multipart/form-data")
    assert renamed.status_code == 400 and "neither XLIFF nor an XLSX" in renamed.get_data(as_text=True)
    bilingual.languages = ["en", "fr", "es"]
    db.commit()
    spanish = client.get(f"/builder/{bilingual.id}/translations/es/file.xlf").data
    wrong_page = client.post(f"{base}/import", data={"file": (io.BytesIO(spanish), "es.xlf")},
                             content_type="multipart/form-data")
    assert wrong_page.status_code == 400 and "not those of this page" in wrong_page.get_data(as_text=True)
    assert client.post(f"{base}/import/apply", data={"content": "%%%not base64", "filename": "x",
                                                    "shown": "{}"}).status_code == 400
    assert _translations(fresh_db(), bilingual.id) == {}


def test_an_apply_whose_texts_changed_since_the_preview_is_refused(client, login, make_user, bilingual, db, fresh_db):
    import base64

    login(make_user("secretariat"))
    base = f"/builder/{bilingual.id}/translations/fr"
    data = translated_xliff(client.get(f"{base}/file.xlf").data, {"title": "Petit questionnaire"})
    bilingual.title = "Another title"
    db.commit()
    response = client.post(f"{base}/import/apply", data={"content": base64.b64encode(data).decode(), "filename": "x",
                                                         "shown": '{"title": ""}'})
    assert response.status_code == 400 and "source text changed" in response.get_data(as_text=True)
    assert _translations(fresh_db(), bilingual.id) == {}


# --- opening needs its languages --------------------------------------------------------------------


def _adopted(db, questionnaire):
    lifecycle.endorse(db, questionnaire, None, "Working group")
    lifecycle.adopt(db, questionnaire, None)
    db.commit()
    return questionnaire


def test_opening_with_french_incomplete_is_refused_until_a_decision_is_recorded(client, login, make_user, bilingual,
                                                                                db, fresh_db):
    _adopted(db, bilingual)
    login(make_user("secretariat"))
    deadline = (date.today() + timedelta(days=60)).isoformat()
    refused = client.post(f"/builder/{bilingual.id}/open", data={"deadline": deadline}, follow_redirects=True)
    page = refused.get_data(as_text=True)
    total = len(text_states(db, bilingual, "fr"))
    assert "cannot be opened while a language is incomplete" in page
    assert f"fr: 0 of {total} texts translated, 0 out of date, {total} missing" in page
    assert fresh_db().get(Questionnaire, bilingual.id).status == "adopted"

    overview = f"/builder/{bilingual.id}/translations/"
    empty = client.post(f"{overview}open-decision", data={"reason": "  "})
    assert empty.status_code == 400 and "Give the reason." in empty.get_data(as_text=True)
    response = client.post(f"{overview}open-decision", data={"reason": "French follows after the session."})
    assert response.status_code == 302
    assert "French follows after the session." in client.get(overview).get_data(as_text=True)

    assert client.post(f"/builder/{bilingual.id}/open", data={"deadline": deadline}).status_code == 302
    db = fresh_db()
    assert db.get(Questionnaire, bilingual.id).status == "open"
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "questionnaire.open_incomplete_languages"))
    assert event.details["after"]["reason"] == "French follows after the session."
    assert [entry["language"] for entry in event.details["languages"]] == ["fr"]


def test_a_withdrawn_decision_stops_the_opening_again(client, login, make_user, bilingual, db, fresh_db):
    _adopted(db, bilingual)
    bilingual.incomplete_languages_reason = "Earlier reason"
    db.commit()
    login(make_user("secretariat"))
    assert client.post(f"/builder/{bilingual.id}/translations/open-decision/withdraw").status_code == 302
    assert fresh_db().get(Questionnaire, bilingual.id).incomplete_languages_reason is None
    deadline = (date.today() + timedelta(days=60)).isoformat()
    client.post(f"/builder/{bilingual.id}/open", data={"deadline": deadline})
    assert fresh_db().get(Questionnaire, bilingual.id).status == "adopted"


def test_translations_of_an_open_questionnaire_can_still_be_corrected(client, login, make_user, bilingual, db,
                                                                      translate_all, fresh_db):
    translate_all(bilingual)
    _adopted(db, bilingual)
    from questionnaire.models import utcnow
    lifecycle.open_for_answers(db, bilingual, None, utcnow() + timedelta(days=30))
    db.commit()
    login(make_user("secretariat"))
    page = client.get(f"/builder/{bilingual.id}/translations/fr").get_data(as_text=True)
    assert "a translated file can no longer be imported" in page
    bases = dict(re.findall(r'name="([bs]\.title)" value="([0-9a-f]*)"', page))  # the translation and source shown
    assert client.post(f"/builder/{bilingual.id}/translations/fr", data={"t.title": "Petit questionnaire corrigé",
                                                                          **bases}).status_code == 302
    assert _translations(fresh_db(), bilingual.id)["title"] == "Petit questionnaire corrigé"


def test_the_audit_log_tells_translation_work_in_sentences(client, login, make_user, bilingual, source_bases):
    login(make_user("secretariat", name="A. Secretariat"))
    client.post(f"/builder/{bilingual.id}/translations/fr", data={"t.title": "Petit questionnaire",
                                                                  **source_bases(bilingual)})
    client.post(f"/builder/{bilingual.id}/translations/fr/status", data={"status": "reviewed"})
    page = client.get("/audit/").get_data(as_text=True)
    assert "A. Secretariat saved translations into Français of" in page  # the language by its name
    assert "A. Secretariat set the status of the Français translation of" in page


def test_the_language_page_query_count_does_not_grow_with_the_questions(client, login, make_user, db, states,
                                                                       count_queries):
    from questionnaire.definitions.document import import_document
    from tests.factories import small_document

    made = []
    for slug, extra in (("few", 0), ("many", 12)):
        document = small_document(slug, extra)
        document["languages"] = ["en", "fr"]
        made.append(import_document(db, document))
    db.commit()
    login(make_user("secretariat"))
    counted = []
    client.get(f"/builder/{made[0].id}/translations/fr")  # the first page of a session reads more (sign-in)
    for questionnaire in made:
        with count_queries() as counter:
            assert client.get(f"/builder/{questionnaire.id}/translations/fr").status_code == 200
        counted.append(counter.count)
    assert counted[0] == counted[1]


def test_the_source_column_is_worded_as_the_text_translated_from_not_as_a_provenance(client, login, make_user,
                                                                                      bilingual):
    login(make_user("secretariat", locale="fr"))
    page = client.get(f"/builder/{bilingual.id}/translations/fr?show=all").get_data(as_text=True)
    assert '<th scope="col">Texte source</th>' in page
    login(make_user("secretariat", locale="es"))
    page = client.get(f"/builder/{bilingual.id}/translations/fr?show=all").get_data(as_text=True)
    assert '<th scope="col">Texto original</th>' in page and "Fuente" not in page


def test_the_breadcrumb_isolates_the_source_title_on_an_arabic_page(client, login, make_user, bilingual):
    login(make_user("secretariat", locale="ar"))
    builder = f'<a href="/builder/{bilingual.id}"><span dir="auto" lang="en">Small questionnaire bilingual</span></a>'
    page = client.get(f"/builder/{bilingual.id}/translations/fr").get_data(as_text=True)
    assert builder + " · " in page  # the separator stays between the two links, whatever the title's direction
    assert builder in client.get(f"/builder/{bilingual.id}/translations/").get_data(as_text=True)


def test_the_preview_styles_its_places_and_the_texts_saved_since():
    from pathlib import Path

    import questionnaire
    stylesheet = (Path(questionnaire.__file__).parent / "static" / "app.css").read_text()
    for selector in (".preview-changes .place {", ".changed-since-preview > td {", ".changed-since-preview .badge {",
                     ".changed-since-preview .saved-by {"):
        assert selector in stylesheet
    place = stylesheet[stylesheet.index(".preview-changes .place {"):]
    assert "white-space: nowrap" in place[:place.index("}")]
