"""Applying a previewed translations file while someone saves texts on the language page: a translation saved
after the preview is never overwritten unseen; the file is previewed again against today's texts."""
import html
import io
import re
from datetime import datetime

import pytest
from sqlalchemy import select, update

from questionnaire.models import AuditEvent, TextTranslation
from tests.factories import translated_xliff

CHANGED_SINCE = "Nothing was imported: some of the translations this file changes were saved after your preview."

def _translations(db, questionnaire_id):
    return {row.key: row.text for row in db.scalars(select(TextTranslation).where(
        TextTranslation.questionnaire_id == questionnaire_id, TextTranslation.language == "fr"))}


def _imports(db):
    return db.scalars(select(AuditEvent).where(AuditEvent.action == "translation.import")).all()


def _apply_fields(page: str) -> dict[str, str]:
    """The hidden fields of the page's "Apply these changes" form, as a browser posts them."""
    return {name: html.unescape(re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1))
            for name in ("content", "filename", "shown")}


def _preview_of(page: str) -> str:
    """The file preview region of a language page."""
    return page[page.index('id="preview"'):page.index('id="quality-title"')]


@pytest.fixture
def translators(app, client, login, make_user, bilingual, translate_all):
    """``(url, alice, bob)``: Alice imports files, Bob edits on the page, each signed in on their own client;
    every French text translated as ``[fr] <source>``."""
    translate_all(bilingual)
    alice = login(make_user("secretariat", name="Alice"))
    bob = login(make_user("secretariat", name="Bob"), on=app.test_client())
    return f"/builder/{bilingual.id}/translations/fr", alice, bob


def _previewed(url, client, targets: dict[str, str]) -> str:
    """Download the French file, translate ``targets`` in it, upload it: the preview page."""
    data = translated_xliff(client.get(f"{url}/file.xlf").data, targets)
    preview = client.post(f"{url}/import", data={"file": (io.BytesIO(data), "fr.xlf")},
                          content_type="multipart/form-data")
    assert preview.status_code == 200 and "What the file would change" in preview.get_data(as_text=True)
    return preview.get_data(as_text=True)


def _saved_on_the_page(url, client, key: str, text: str) -> None:
    """Save one translation on the language page, as rendered now (its row's bases)."""
    page = client.get(url).get_data(as_text=True)
    bases = {f"{field}.{key}": re.search(rf'name="{field}\.{re.escape(key)}" value="([^"]*)"', page).group(1)
             for field in ("b", "s")}
    assert client.post(url, data={f"t.{key}": text, **bases}).status_code == 302


FILE = {"title": "Petit questionnaire", "question.agree.choice.bi": "Bilatéral"}


def test_a_text_saved_after_the_preview_is_kept_and_the_file_is_previewed_again(translators, bilingual, fresh_db):
    url, alice, bob = translators
    preview = _previewed(url, alice, FILE)
    assert "[fr] Small questionnaire bilingual" in _preview_of(preview)  # "Now", as the preview showed it
    _saved_on_the_page(url, bob, "title", "Titre <i>de Bob</i>")
    response = alice.post(f"{url}/import/apply", data=_apply_fields(preview))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert CHANGED_SINCE in page
    fresh = _preview_of(page)
    assert "Titre &lt;i&gt;de Bob&lt;/i&gt;</div></td>" in fresh and "<i>de Bob</i>" not in page  # today's "Now", escaped
    assert "Petit questionnaire</div></td>" in fresh and "Bilatéral</div></td>" in fresh  # the file's texts are still there
    assert fresh.count(">saved after your preview</span>") == 1 and 'class="changed-since-preview"' in fresh
    assert "Apply these changes" in fresh
    db = fresh_db()
    stored = _translations(db, bilingual.id)
    assert stored["title"] == "Titre <i>de Bob</i>"  # Bob's save is kept
    assert stored["question.agree.choice.bi"] == "[fr] Bilateral"  # and nothing else of the file was written
    assert _imports(db) == []


def test_applying_the_fresh_preview_replaces_the_text_it_showed_and_is_recorded(translators, bilingual, fresh_db):
    url, alice, bob = translators
    preview = _previewed(url, alice, FILE)
    _saved_on_the_page(url, bob, "title", "Titre de Bob")
    again = alice.post(f"{url}/import/apply", data=_apply_fields(preview)).get_data(as_text=True)
    response = alice.post(f"{url}/import/apply", data=_apply_fields(again))
    assert response.status_code == 302
    db = fresh_db()
    stored = _translations(db, bilingual.id)
    assert stored["title"] == "Petit questionnaire" and stored["question.agree.choice.bi"] == "Bilatéral"
    (event,) = _imports(db)
    assert {change["key"]: change["before"] for change in event.details["changes"]} == {
        "title": "Titre de Bob", "question.agree.choice.bi": "[fr] Bilateral"}


def test_an_apply_with_no_save_in_between_writes_the_file(translators, bilingual, fresh_db):
    url, alice, _bob = translators
    response = alice.post(f"{url}/import/apply", data=_apply_fields(_previewed(url, alice, FILE)))
    assert response.status_code == 302
    db = fresh_db()
    stored = _translations(db, bilingual.id)
    assert stored["title"] == "Petit questionnaire" and stored["question.agree.choice.bi"] == "Bilatéral"
    (event,) = _imports(db)
    assert len(event.details["changes"]) == 2


def test_a_save_of_a_text_the_file_does_not_change_does_not_block_the_apply(translators, bilingual, fresh_db):
    url, alice, bob = translators
    preview = _previewed(url, alice, FILE)  # the file holds every text, most of them as stored
    _saved_on_the_page(url, bob, "question.crim.text", "Le trafic est-il une infraction ?")
    assert alice.post(f"{url}/import/apply", data=_apply_fields(preview)).status_code == 302
    db = fresh_db()
    stored = _translations(db, bilingual.id)
    assert stored["question.crim.text"] == "Le trafic est-il une infraction ?"  # not put back as the file has it
    assert stored["title"] == "Petit questionnaire" and stored["question.agree.choice.bi"] == "Bilatéral"
    (event,) = _imports(db)
    assert sorted(change["key"] for change in event.details["changes"]) == ["question.agree.choice.bi", "title"]


def test_a_text_saved_as_the_file_has_it_does_not_block_the_apply(translators, bilingual, fresh_db):
    url, alice, bob = translators
    preview = _previewed(url, alice, FILE)
    _saved_on_the_page(url, bob, "title", "Petit questionnaire")
    assert alice.post(f"{url}/import/apply", data=_apply_fields(preview)).status_code == 302
    stored = _translations(fresh_db(), bilingual.id)
    assert stored["title"] == "Petit questionnaire" and stored["question.agree.choice.bi"] == "Bilatéral"


def test_the_fresh_preview_marks_every_text_saved_since(translators, bilingual, fresh_db):
    url, alice, bob = translators
    preview = _previewed(url, alice, FILE)
    _saved_on_the_page(url, bob, "title", "Titre de Bob")
    _saved_on_the_page(url, bob, "question.crim.text", "Crime selon Bob")
    response = alice.post(f"{url}/import/apply", data=_apply_fields(preview))
    assert response.status_code == 409
    fresh = _preview_of(response.get_data(as_text=True))
    assert fresh.count(">saved after your preview</span>") == 2
    assert "Titre de Bob</div></td>" in fresh and "Crime selon Bob</div></td>" in fresh
    stored = _translations(fresh_db(), bilingual.id)
    assert stored["title"] == "Titre de Bob" and stored["question.crim.text"] == "Crime selon Bob"


def test_an_apply_that_does_not_say_what_was_shown_writes_nothing(translators, bilingual, fresh_db):
    url, alice, _bob = translators
    fields = _apply_fields(_previewed(url, alice, FILE))
    for garbled in ("", "{not json", '["title"]', '{"title": 1}'):
        assert alice.post(f"{url}/import/apply", data={**fields, "shown": garbled}).status_code == 400
    assert _translations(fresh_db(), bilingual.id)["title"] == "[fr] Small questionnaire bilingual"


def test_each_marked_text_says_who_saved_it_and_when(app, client, login, make_user, bilingual, translate_all, db):
    translate_all(bilingual)
    url = f"/builder/{bilingual.id}/translations/fr"
    alice = login(make_user("secretariat", name="Alice"))
    bob = login(make_user("secretariat", name="Bob <b>Reviser</b>"), on=app.test_client())
    preview = _previewed(url, alice, FILE)
    _saved_on_the_page(url, bob, "title", "Titre de Bob")
    db.execute(update(TextTranslation).where(TextTranslation.questionnaire_id == bilingual.id,
                                             TextTranslation.key == "title", TextTranslation.language == "fr")
               .values(updated_at=datetime(2026, 3, 4, 9, 5)))
    db.commit()
    fresh = _preview_of(alice.post(f"{url}/import/apply", data=_apply_fields(preview)).get_data(as_text=True))
    marked = fresh[fresh.index('class="changed-since-preview"'):]
    marked = marked[:marked.index("</tr>")]
    assert '<td class="place">' in marked
    assert ('<span class="saved-by">Saved by <bdi>Bob &lt;b&gt;Reviser&lt;/b&gt;</bdi> on <bdi>Mar 4, 2026, 9:05\u202fAM'
            '</bdi></span>') in marked  # who, escaped; when, the reader's way
    assert "<b>Reviser</b>" not in fresh
    assert fresh.count('class="saved-by"') == 1  # only the marked row
