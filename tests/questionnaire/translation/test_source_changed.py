"""A translation typed beside a source text that changed after the page was opened: nothing is written for it,
it comes back with what was typed, today's source marked as changed and the source it was translated from; the
page's other rows are saved. A row posted without its source (a page rendered before rows carried it) is never
written unchecked. A translations file made from an earlier source is never stored either."""
import html
import io
import re

import pytest
from sqlalchemy import select

from questionnaire.models import AuditEvent, Questionnaire
from questionnaire.texts import text_states
from questionnaire.translation import service
from questionnaire.translation.batch import fingerprint
from tests.factories import translated_xliff
from tests.questionnaire.translation.test_translation_conflicts import _form, _translations

REWORDED = "Is the smuggling of <migrants> a crime?"
TYPED = "Le trafic de migrants est-il un crime ?"
SOURCE_ONLY = "The source text of some of these translations changed after you opened the page"
TRANSLATIONS_ONLY = "Someone else changed some of the same translations"


@pytest.fixture
def translator(client, login, make_user, bilingual, translate_all):
    """``url``: the French page, every text translated as ``[fr] <source>``, a secretariat user signed in."""
    translate_all(bilingual)
    login(make_user("secretariat", name="Alice"))
    return f"/builder/{bilingual.id}/translations/fr"


def _opened(client, url: str) -> dict[str, str]:
    page = client.get(url)
    assert page.status_code == 200
    return _form(page.get_data(as_text=True))


def _reworded(fresh_db, questionnaire_id: int, question_key: str, text: str) -> None:
    """The source text of a question reworded, as the builder does it, and committed."""
    db = fresh_db()
    question = next(q for q in db.get(Questionnaire, questionnaire_id).questions_in_order() if q.key == question_key)
    question.text = text
    db.commit()


def _row(page: str, key: str) -> str:
    start = page.index(f'<tr id="row-{key.replace(".", "-")}">')
    return page[start:page.index("</tr>", start)]


def _statuses(db, questionnaire_id: int) -> dict[str, str]:
    return {state.key: state.status for state in text_states(db, db.get(Questionnaire, questionnaire_id), "fr")}


def _last_save(db) -> AuditEvent:
    return db.scalars(select(AuditEvent).where(AuditEvent.action == "translation.save")
                      .order_by(AuditEvent.id.desc())).first()


def test_a_translation_typed_beside_a_source_reworded_since_is_not_saved_and_comes_back(client, translator,
                                                                                        bilingual, fresh_db):
    form = _opened(client, translator)
    _reworded(fresh_db, bilingual.id, "crim", REWORDED)
    response = client.post(translator, data={**form, "t.question.crim.text": TYPED,
                                              "t.question.cases.text": "Combien d’affaires ?"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    row = _row(page, "question.crim.text")
    assert f">{TYPED}</textarea>" in row  # what was typed, kept
    assert "The source text changed after you opened the page" in row and "Nothing was saved for this text" in row
    # today's source, marked as changed and escaped, beside the one the translation was made from
    assert ('changed after you opened the page</span></div>Is the smuggling of &lt;migrants&gt; a crime?</td>'
            in row)
    assert "The source you translated from:" in row and ">Is smuggling a crime?</blockquote>" in row
    assert "<migrants>" not in page
    assert 'name="resolve.question.crim.text"' not in row  # the translation itself did not change: no choice
    assert SOURCE_ONLY in page and TRANSLATIONS_ONLY not in page
    assert 'id="conflict-source-changed"' in page and 'id="conflict-not-confirmed"' not in page
    assert "Your other changes are saved: 1 translation saved, 0 confirmed." in page
    db = fresh_db()
    stored = _translations(db, bilingual.id)
    assert stored["question.crim.text"] == "[fr] Is smuggling a crime?"  # nothing written for it
    assert stored["question.cases.text"] == "Combien d’affaires ?"  # the page's other row is saved
    assert _statuses(db, bilingual.id)["question.crim.text"] == "out_of_date"
    event = _last_save(db)
    assert [change["key"] for change in event.details["changes"]] == ["question.cases.text"]
    assert event.details["conflicts"] == ["question.crim.text"]
    # checked against today's source, which the row now carries, saving again stores it as current
    assert client.post(translator, data=_form(page)).status_code == 302
    db = fresh_db()
    assert _translations(db, bilingual.id)["question.crim.text"] == TYPED
    assert _statuses(db, bilingual.id)["question.crim.text"] == "current"


def test_a_first_translation_typed_beside_a_source_reworded_since_is_not_saved(client, login, make_user, bilingual,
                                                                              fresh_db):
    login(make_user("secretariat"))
    url = f"/builder/{bilingual.id}/translations/fr"
    form = _opened(client, url)
    _reworded(fresh_db, bilingual.id, "crim", REWORDED)
    response = client.post(url, data={**form, "t.question.crim.text": TYPED, "t.title": "Petit questionnaire"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    row = _row(page, "question.crim.text")
    assert f">{TYPED}</textarea>" in row and "The source text changed after you opened the page" in row
    assert "Stored translation" not in row  # there is none
    assert _translations(fresh_db(), bilingual.id) == {"title": "Petit questionnaire"}
    assert client.post(url, data=_form(page)).status_code == 302
    assert _translations(fresh_db(), bilingual.id)["question.crim.text"] == TYPED


def test_an_ordinary_edit_carries_its_source_and_is_saved(client, translator, bilingual, fresh_db):
    form = _opened(client, translator)
    states = text_states(fresh_db(), fresh_db().get(Questionnaire, bilingual.id), "fr")
    assert all(form[f"s.{state.key}"] == fingerprint(state.source.text) for state in states)  # every row's source
    assert form["source.question.crim.text"] == "Is smuggling a crime?"
    assert client.post(translator, data={**form, "t.question.crim.text": TYPED}).status_code == 302
    db = fresh_db()
    assert _translations(db, bilingual.id)["question.crim.text"] == TYPED
    assert _statuses(db, bilingual.id)["question.crim.text"] == "current"


def test_a_row_posted_without_its_source_is_not_written_unchecked(client, translator, bilingual, db, fresh_db):
    """A page rendered before every row carried its source: only an out-of-date row did (beside its "Still
    right" box). A text typed on any other row is handled as a "Still right" tick without its source is: as
    shown beside another source — nothing written, typed text kept, today's source shown to check against."""
    _reworded(fresh_db, bilingual.id, "cases", "How many cases were prosecuted?")
    form = _opened(client, translator)
    old_page = {name: value for name, value in form.items()
                if not name.startswith("source.") and (not name.startswith("s.") or name == "s.question.cases.text")}
    response = client.post(translator, data={**old_page, "t.question.crim.text": TYPED,
                                              "t.question.cases.text": "Combien d’affaires poursuivies ?"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    row = _row(page, "question.crim.text")
    assert f">{TYPED}</textarea>" in row and "The source text changed after you opened the page" in row
    assert "changed after you opened the page</span></div>Is smuggling a crime?</td>" in row  # today's source
    assert "The source you translated from" not in row  # the old page did not say which
    stored = _translations(fresh_db(), bilingual.id)
    assert stored["question.crim.text"] == "[fr] Is smuggling a crime?"
    assert stored["question.cases.text"] == "Combien d’affaires poursuivies ?"  # its row carried its source
    assert client.post(translator, data=_form(page)).status_code == 302  # the page as it comes back now
    assert _translations(fresh_db(), bilingual.id)["question.crim.text"] == TYPED


def test_a_translation_and_its_source_both_changed_since_show_both_and_write_nothing(app, client, translator,
                                                                                      login, make_user, bilingual,
                                                                                      fresh_db):
    bob = login(make_user("secretariat", name="Bob"), on=app.test_client())
    alice_form, bob_form = _opened(client, translator), _opened(bob, translator)
    assert bob.post(translator, data={**bob_form, "t.question.crim.text": "Crime selon Bob"}).status_code == 302
    _reworded(fresh_db, bilingual.id, "crim", REWORDED)
    response = client.post(translator, data={**alice_form, "t.question.crim.text": TYPED})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    row = _row(page, "question.crim.text")
    assert "Someone else changed this translation while you were editing" in row
    assert ">Crime selon Bob</blockquote>" in row and "The source text changed too after you opened the page" in row
    assert ">Is smuggling a crime?</blockquote>" in row and 'name="resolve.question.crim.text"' in row
    assert "Some of these translations, or the source texts they are made from, changed" in page
    assert TRANSLATIONS_ONLY not in page and SOURCE_ONLY not in page
    assert _translations(fresh_db(), bilingual.id)["question.crim.text"] == "Crime selon Bob"
    assert client.post(translator, data=_form(page)).status_code == 302  # "Mine", against today's source
    assert _translations(fresh_db(), bilingual.id)["question.crim.text"] == TYPED


def test_only_a_posted_source_that_matches_its_base_is_shown_as_translated_from(db, bilingual):
    shown = {state.key: state for state in text_states(db, bilingual, "fr")}
    old = fingerprint(shown["question.crim.text"].source.text)
    next(q for q in bilingual.questions_in_order() if q.key == "crim").text = REWORDED
    db.commit()
    sources = {key: fingerprint(state.source.text) for key, state in shown.items()}
    for posted, expected in (("Is smuggling a crime?\r\n", "Is smuggling a crime?"), ("Something else", None)):
        result = service.save_batch(db, bilingual, "fr", None, {"question.crim.text": TYPED},
                                    source_bases={**sources, "question.crim.text": old},
                                    shown_sources={"question.crim.text": posted})
        db.rollback()
        conflict = result.conflicts["question.crim.text"]
        assert (result.saved, conflict.source_changed, conflict.translation_changed) == (0, True, False)
        assert (conflict.stored, conflict.yours, conflict.translated_from) == (None, TYPED, expected)


# --- a translations file ----------------------------------------------------------------------------


def test_a_file_translated_from_a_source_reworded_since_is_never_stored(client, translator, bilingual, fresh_db):
    """A segment remembers the source it was exported with: a file exported before the source changed is
    refused whole at its preview, and a file previewed before the source changed is refused at its apply;
    nothing is written either way."""
    exported = translated_xliff(client.get(f"{translator}/file.xlf").data,
                                {"question.crim.text": TYPED, "title": "Petit questionnaire"})
    preview = client.post(f"{translator}/import", data={"file": (io.BytesIO(exported), "fr.xlf")},
                          content_type="multipart/form-data")
    assert preview.status_code == 200 and "What the file would change" in preview.get_data(as_text=True)
    apply_form = _form_fields(preview.get_data(as_text=True))
    _reworded(fresh_db, bilingual.id, "crim", REWORDED)
    applied = client.post(f"{translator}/import/apply", data=apply_form)
    assert applied.status_code == 400
    assert "question.crim.text: the source text changed since this file was exported" in applied.get_data(as_text=True)
    previewed_again = client.post(f"{translator}/import", data={"file": (io.BytesIO(exported), "fr.xlf")},
                                  content_type="multipart/form-data")
    assert previewed_again.status_code == 400
    assert "the source text changed since this file was exported" in previewed_again.get_data(as_text=True)
    stored = _translations(fresh_db(), bilingual.id)
    assert stored["question.crim.text"] == "[fr] Is smuggling a crime?"
    assert stored["title"] == "[fr] Small questionnaire bilingual"


def _form_fields(page: str) -> dict[str, str]:
    """The hidden fields of the page's "Apply these changes" form."""
    return {name: html.unescape(re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1))
            for name in ("content", "filename", "shown")}
