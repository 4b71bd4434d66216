"""Two translators on one language page at once: a translation stored by one is never overwritten unseen by
the other's save, nothing the other typed is lost, and a "Still right" tick never confirms a translation or
a source text other than the ones it was ticked beside."""
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from questionnaire.models import AuditEvent, Questionnaire, TextTranslation, User
from questionnaire.texts import set_translation, text_states
from questionnaire.translation import service
from questionnaire.translation.batch import fingerprint

ALICE = "Alice <b>Translator</b>"


class _SaveForm(HTMLParser):
    """The fields the translation form posts, as a browser would send them unchanged: each text, each
    row's hidden bases (of its translation and of its source) and the source it shows, the checked choices
    (textareas post their line breaks as CRLF); no box is ticked."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("action", "").split("?")[0].endswith("/translations/fr"):
            self._in_form = True
        elif self._in_form and tag == "textarea":
            self._textarea = attrs["name"]
            self.fields[self._textarea] = ""
        elif self._in_form and tag == "input" and attrs.get("type") == "hidden" \
                and attrs["name"].startswith(("b.", "s.", "source.")):
            self.fields[attrs["name"]] = attrs.get("value", "")
        elif self._in_form and tag == "input" and attrs.get("type") == "radio" and "checked" in attrs:
            self.fields[attrs["name"]] = attrs["value"]

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea is not None:
            self.fields[self._textarea] += data


def _form(page: str) -> dict[str, str]:
    parser = _SaveForm()
    parser.feed(page)
    return {name: value.replace("\r\n", "\n").replace("\n", "\r\n") for name, value in parser.fields.items()}


def _translations(db, questionnaire_id):
    return {row.key: row.text for row in db.scalars(select(TextTranslation).where(
        TextTranslation.questionnaire_id == questionnaire_id, TextTranslation.language == "fr"))}


@pytest.fixture
def two_translators(app, client, login, make_user, bilingual, translate_all):
    """``(url, alice, bob)``: two secretariat users signed in on their own clients, French translated."""
    translate_all(bilingual)
    alice = login(make_user("secretariat", name=ALICE))
    bob = login(make_user("secretariat", name="Bob"), on=app.test_client())
    return f"/builder/{bilingual.id}/translations/fr", alice, bob


def _opened(url, *clients):
    pages = [c.get(url) for c in clients]
    assert all(page.status_code == 200 for page in pages)
    return [_form(page.get_data(as_text=True)) for page in pages]


def _bob_in_conflict(url, alice, bob):
    """Both open the page and change the title; Alice saves first; Bob also changes a question. Bob's page."""
    alice_form, bob_form = _opened(url, alice, bob)
    assert alice.post(url, data={**alice_form, "t.title": "Titre <i>Alice</i>"}).status_code == 302
    return bob.post(url, data={**bob_form, "t.title": "Titre de Bob", "t.question.crim.text": "Crime selon Bob"})


def test_the_second_save_of_the_same_text_is_a_conflict_that_overwrites_nothing(two_translators, bilingual,
                                                                                fresh_db):
    url, alice, bob = two_translators
    response = _bob_in_conflict(url, alice, bob)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this translation while you were editing" in page
    assert "Titre &lt;i&gt;Alice&lt;/i&gt;</blockquote>" in page and "<i>Alice</i>" not in page  # theirs, escaped
    assert "Alice &lt;b&gt;Translator&lt;/b&gt;" in page and ALICE not in page  # who, escaped
    assert ">Titre de Bob</textarea>" in page  # his own text kept in the field
    assert 'name="resolve.title" value="mine" checked' in page and "The stored translation" in page
    assert "1 translation saved, 0 confirmed." in page  # his other change is stored
    summary = page[page.index('class="error-summary conflict-summary"'):]
    summary = summary[:summary.index("</div>")]
    assert "Your other changes are saved: 1 translation saved, 0 confirmed." in summary  # said where focus lands
    db = fresh_db()
    stored = _translations(db, bilingual.id)
    assert stored["title"] == "Titre <i>Alice</i>"  # nothing overwritten
    assert stored["question.crim.text"] == "Crime selon Bob"
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "translation.save")
                       .order_by(AuditEvent.id.desc())).first()
    assert [change["key"] for change in event.details["changes"]] == ["question.crim.text"]
    assert event.details["conflicts"] == ["title"]


@pytest.mark.parametrize(("others", "said"), [
    ({"t.question.crim.text": "Crime selon Bob"}, "Your other changes are saved: 1 translation saved, 0 confirmed."),
    ({"t.question.crim.text": "Crime selon Bob", "t.question.cases.text": "Combien de cas selon Bob ?"},
     "Your other changes are saved: 2 translations saved, 0 confirmed."),
])
def test_the_summary_of_a_conflict_counts_the_other_translations_saved(two_translators, others, said):
    url, alice, bob = two_translators
    alice_form, bob_form = _opened(url, alice, bob)
    assert alice.post(url, data={**alice_form, "t.title": "Titre Alice"}).status_code == 302
    response = bob.post(url, data={**bob_form, "t.title": "Titre de Bob", **others})
    assert response.status_code == 409 and said in response.get_data(as_text=True)


def test_a_conflict_alone_claims_no_other_save_in_its_summary(two_translators):
    url, alice, bob = two_translators
    alice_form, bob_form = _opened(url, alice, bob)
    assert alice.post(url, data={**alice_form, "t.title": "Titre Alice"}).status_code == 302
    response = bob.post(url, data={**bob_form, "t.title": "Titre de Bob"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "conflict-summary" in page
    assert "Your other changes are saved" not in page


def test_keeping_mine_after_a_conflict_stores_it(two_translators, bilingual, fresh_db):
    url, alice, bob = two_translators
    page = _bob_in_conflict(url, alice, bob).get_data(as_text=True)
    response = bob.post(url, data=_form(page))  # "Mine" is chosen; the row now carries the stored base
    assert response.status_code == 302
    stored = _translations(fresh_db(), bilingual.id)
    assert stored["title"] == "Titre de Bob" and stored["question.crim.text"] == "Crime selon Bob"


def test_keeping_the_stored_translation_after_a_conflict_writes_nothing_over_it(two_translators, bilingual,
                                                                               fresh_db):
    url, alice, bob = two_translators
    page = _bob_in_conflict(url, alice, bob).get_data(as_text=True)
    assert bob.post(url, data={**_form(page), "resolve.title": "stored"}).status_code == 302
    assert _translations(fresh_db(), bilingual.id)["title"] == "Titre <i>Alice</i>"


def test_a_conflict_shown_again_is_checked_again_against_a_third_save(two_translators, bilingual, fresh_db):
    url, alice, bob = two_translators
    page = _bob_in_conflict(url, alice, bob).get_data(as_text=True)
    alice_again = _opened(url, alice)[0]
    assert alice.post(url, data={**alice_again, "t.title": "Titre corrigé par Alice"}).status_code == 302
    response = bob.post(url, data=_form(page))
    assert response.status_code == 409 and "Titre corrigé par Alice</blockquote>" in response.get_data(as_text=True)
    assert _translations(fresh_db(), bilingual.id)["title"] == "Titre corrigé par Alice"


def test_the_same_text_typed_by_both_is_no_conflict(two_translators, bilingual, fresh_db):
    url, alice, bob = two_translators
    alice_form, bob_form = _opened(url, alice, bob)
    assert alice.post(url, data={**alice_form, "t.title": "Petit questionnaire"}).status_code == 302
    assert bob.post(url, data={**bob_form, "t.title": "  Petit questionnaire "}).status_code == 302
    assert _translations(fresh_db(), bilingual.id)["title"] == "Petit questionnaire"


def test_a_row_left_as_it_was_rendered_is_no_conflict_and_keeps_the_other_save(two_translators, bilingual, db,
                                                                               fresh_db):
    set_translation(db, bilingual, "question.crim.text", "fr", "Première ligne\nDeuxième ligne")
    db.commit()
    url, alice, bob = two_translators
    alice_form, bob_form = _opened(url, alice, bob)
    assert bob_form["t.question.crim.text"] == "Première ligne\r\nDeuxième ligne"  # as a browser posts it
    assert alice.post(url, data={**alice_form, "t.title": "Titre d'Alice",
                                 "t.question.crim.text": "Crime selon Alice"}).status_code == 302
    # Bob's page still shows the old title and question (stale bases); he changes another text only
    assert bob.post(url, data={**bob_form, "t.question.cases.text": "Combien selon Bob ?"}).status_code == 302
    stored = _translations(fresh_db(), bilingual.id)
    assert stored["title"] == "Titre d'Alice" and stored["question.crim.text"] == "Crime selon Alice"
    assert stored["question.cases.text"] == "Combien selon Bob ?"


def test_a_text_over_its_limit_and_a_conflict_both_show_and_nothing_is_saved(two_translators, bilingual,
                                                                             fresh_db):
    url, alice, bob = two_translators
    alice_form, bob_form = _opened(url, alice, bob)
    assert alice.post(url, data={**alice_form, "t.title": "Titre d'Alice"}).status_code == 302
    too_long = "Bilatéral " * 60
    response = bob.post(url, data={**bob_form, "t.title": "Titre de Bob", "t.question.crim.text": "Crime selon Bob",
                                   "t.question.agree.choice.bi": too_long})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Nothing was saved: correct the translations marked below." in page and "the limit is 500" in page
    assert "Someone else changed this translation while you were editing" in page
    assert "Titre d&#39;Alice</blockquote>" in page
    assert ">Titre de Bob</textarea>" in page and ">Crime selon Bob</textarea>" in page and too_long.strip() in page
    stored = _translations(fresh_db(), bilingual.id)
    assert stored["title"] == "Titre d'Alice" and stored["question.crim.text"].startswith("[fr] ")
    # corrected, and keeping his title, everything is saved
    form = _form(page)
    assert bob.post(url, data={**form, "t.question.agree.choice.bi": "Bilatéral"}).status_code == 302
    stored = _translations(fresh_db(), bilingual.id)
    assert (stored["title"], stored["question.crim.text"], stored["question.agree.choice.bi"]) == (
        "Titre de Bob", "Crime selon Bob", "Bilatéral")


def test_a_conflict_on_a_filtered_page_comes_back_although_the_text_left_the_filter(app, client, login, make_user,
                                                                                     bilingual, fresh_db):
    alice = login(make_user("secretariat", name=ALICE))
    bob = login(make_user("secretariat", name="Bob"), on=app.test_client())
    url, missing = f"/builder/{bilingual.id}/translations/fr", f"/builder/{bilingual.id}/translations/fr?show=missing"
    alice_form, bob_form = _opened(missing, alice, bob)
    assert alice.post(missing, data={**alice_form, "t.title": "Titre d'Alice"}).status_code == 302
    response = bob.post(missing, data={**bob_form, "t.title": "Titre de Bob"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409  # the title is no longer missing, yet it is shown with both texts
    assert ">Titre de Bob</textarea>" in page and "Titre d&#39;Alice</blockquote>" in page
    assert bob.post(url, data=_form(page)).status_code == 302
    assert _translations(fresh_db(), bilingual.id) == {"title": "Titre de Bob"}


# --- "Still right" ------------------------------------------------------------------------------------


def _title_out_of_date(db, questionnaire, wording="A small questionnaire"):
    """The source title reworded: its translation is out of date (committed)."""
    db.get(Questionnaire, questionnaire.id).title = wording
    db.commit()


def _title_row(db, questionnaire_id):
    db.expire_all()
    return db.scalar(select(TextTranslation).where(TextTranslation.questionnaire_id == questionnaire_id,
                                                   TextTranslation.language == "fr", TextTranslation.key == "title"))


def _title_status(db, questionnaire_id):
    db.expire_all()
    states = text_states(db, db.get(Questionnaire, questionnaire_id), "fr")
    return next(state.status for state in states if state.key == "title")


@pytest.mark.parametrize("source_reworded_again", [False, True])
def test_still_right_ticked_beside_a_translation_someone_else_changed_is_a_conflict_that_confirms_nothing(
        two_translators, bilingual, db, fresh_db, source_reworded_again):
    url, alice, bob = two_translators
    _title_out_of_date(db, bilingual)
    alice_form, bob_form = _opened(url, alice, bob)
    assert bob.post(url, data={**bob_form, "t.title": "Petit <b>questionnaire</b> de Bob"}).status_code == 302
    if source_reworded_again:  # Bob's translation is out of date in turn: a tick now would confirm it unread
        _title_out_of_date(db, bilingual, "A short questionnaire")
    out_of_date = f"{url}?show=out_of_date"  # the title comes back even when it left that filter
    response = alice.post(out_of_date, data={**alice_form, "still_right": "title", "t.question.crim.text": "Crime ?"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this translation while you were editing" in page
    assert "Petit &lt;b&gt;questionnaire&lt;/b&gt; de Bob</blockquote>" in page  # beside the stored text
    assert 'name="resolve.title"' not in page  # nothing typed: nothing to choose between
    assert "1 translation saved, 0 confirmed." in page and 'id="conflict-not-confirmed"' in page
    if source_reworded_again:
        assert "tick “Still right” again if it is right" in page
        assert 'name="still_right" value="title"' in page  # offered again, not ticked
        assert 'value="title" checked' not in page
    else:
        assert "the stored translation is up to date with the source as it is now" in page
    bob_id = db.scalar(select(User.id).where(User.name == "Bob"))
    row = _title_row(fresh_db(), bilingual.id)
    assert (row.text, row.updated_by_id) == ("Petit <b>questionnaire</b> de Bob", bob_id)  # not confirmed by Alice
    assert _title_status(db, bilingual.id) == ("out_of_date" if source_reworded_again else "current")
    assert _translations(db, bilingual.id)["question.crim.text"] == "Crime ?"  # her other change is saved
    event = db.scalars(select(AuditEvent).where(AuditEvent.action == "translation.save")
                       .order_by(AuditEvent.id.desc())).first()
    assert event.details["confirmed"] == [] and event.details["conflicts"] == ["title"]
    if source_reworded_again:  # having read it, she ticks again: now it is confirmed
        assert alice.post(out_of_date, data={**_form(page), "still_right": "title"}).status_code == 302
        assert _title_status(fresh_db(), bilingual.id) == "current"


def test_still_right_ticked_beside_a_source_that_changed_again_is_a_conflict(two_translators, bilingual, db,
                                                                              fresh_db):
    url, alice, _bob = two_translators
    _title_out_of_date(db, bilingual)
    (form,) = _opened(url, alice)
    _title_out_of_date(db, bilingual, "A short questionnaire")  # reworded again while the page is open
    response = alice.post(url, data={**form, "still_right": "title"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "The source text changed again after you opened the page" in page
    assert ">A short questionnaire</td>" in page  # the source as it is now, beside the translation
    assert _title_status(fresh_db(), bilingual.id) == "out_of_date"
    assert alice.post(url, data={**_form(page), "still_right": "title"}).status_code == 302
    assert _title_status(fresh_db(), bilingual.id) == "current"


def test_still_right_is_confirmed_whatever_others_changed_in_other_texts(two_translators, bilingual, db, fresh_db):
    url, alice, bob = two_translators
    _title_out_of_date(db, bilingual)
    alice_form, bob_form = _opened(url, alice, bob)
    assert bob.post(url, data={**bob_form, "t.question.crim.text": "Crime selon Bob"}).status_code == 302
    assert alice.post(url, data={**alice_form, "still_right": "title"}).status_code == 302
    alice_id = db.scalar(select(User.id).where(User.name == ALICE))
    assert _title_row(fresh_db(), bilingual.id).updated_by_id == alice_id
    assert _title_status(db, bilingual.id) == "current"
    assert _translations(db, bilingual.id)["question.crim.text"] == "Crime selon Bob"


# --- the service, without HTTP ----------------------------------------------------------------------


def test_a_still_right_tick_confirms_only_what_its_row_was_rendered_with(db, fresh_db, bilingual):
    for key, text in (("title", "Petit questionnaire"), ("question.crim.text", "Crime ?"),
                      ("question.cases.text", "Combien ?")):
        set_translation(db, bilingual, key, "fr", text)
    for question in bilingual.questions_in_order():
        question.text += " (2025)"
    bilingual.title = "A small questionnaire"
    db.commit()
    shown = {state.key: state for state in text_states(db, bilingual, "fr")}
    bases = {key: fingerprint(state.translation) for key, state in shown.items()}
    ticks = {key: fingerprint(shown[key].source.text) for key in ("title", "question.crim.text",
                                                                  "question.cases.text")}
    set_translation(db, bilingual, "question.crim.text", "fr", "Crime, selon quelqu'un d'autre ?")
    next(q for q in bilingual.questions_in_order() if q.key == "cases").text += " Again."
    db.commit()
    result = service.save_batch(db, bilingual, "fr", None, {}, ticks, bases)
    db.commit()
    assert result.confirmed == 1 and sorted(result.conflicts) == ["question.cases.text", "question.crim.text"]
    crim, cases = result.conflicts["question.crim.text"], result.conflicts["question.cases.text"]
    assert crim.confirming and not crim.source_changed and crim.stored == "Crime, selon quelqu'un d'autre ?"
    assert cases.confirming and cases.source_changed and cases.yours == ""
    db = fresh_db()
    states = {s.key: s.status for s in text_states(db, db.get(Questionnaire, bilingual.id), "fr")}
    assert (states["title"], states["question.cases.text"]) == ("current", "out_of_date")
    # a tick posted without the source it was shown beside confirms nothing either
    result = service.save_batch(db, db.get(Questionnaire, bilingual.id), "fr", None, {},
                                {"question.cases.text": ""}, {"question.cases.text": bases["question.cases.text"]})
    assert result.confirmed == 0 and result.conflicts["question.cases.text"].source_changed


def _shown_sources(db, questionnaire):
    """The source base of each text, as its row on the language page shows it now."""
    return {state.key: fingerprint(state.source.text) for state in text_states(db, questionnaire, "fr")}


def test_a_translation_stored_since_a_row_was_rendered_empty_is_a_conflict(db, fresh_db, bilingual):
    set_translation(db, bilingual, "title", "fr", "Titre de quelqu'un")
    db.commit()
    result = service.save_batch(db, bilingual, "fr", None, {"title": "Mon titre", "question.crim.text": "Crime ?"},
                                bases={"title": "", "question.crim.text": ""},
                                source_bases=_shown_sources(db, bilingual))
    db.commit()
    assert list(result.conflicts) == ["title"] and result.conflicts["title"].stored == "Titre de quelqu'un"
    assert result.bases["title"] == fingerprint("Titre de quelqu'un") and result.saved == 1
    db = fresh_db()
    states = {s.key: s.translation for s in text_states(db, db.get(Questionnaire, bilingual.id), "fr")}
    assert states["title"] == "Titre de quelqu'un" and states["question.crim.text"] == "Crime ?"


def test_a_row_with_the_base_of_the_stored_translation_is_saved(db, fresh_db, bilingual):
    set_translation(db, bilingual, "title", "fr", "Ancien titre")
    db.commit()
    result = service.save_batch(db, bilingual, "fr", None, {"title": "Nouveau titre"},
                                bases={"title": fingerprint("Ancien titre")},
                                source_bases=_shown_sources(db, bilingual))
    db.commit()
    assert (result.saved, result.conflicts, result.bases["title"]) == (1, {}, fingerprint("Nouveau titre"))
    db = fresh_db()
    assert text_states(db, db.get(Questionnaire, bilingual.id), "fr")[0].translation == "Nouveau titre"


def test_the_choice_to_keep_ones_own_translation_is_a_message_of_its_own_for_translators():
    """"Mine" agrees with "translation" in some languages and with "answer" in others (Arabic, Chinese): the
    language page's choice is translated apart from the answering page's."""
    from pathlib import Path

    from babel.messages.extract import extract_from_file

    import forms
    import questionnaire

    def contexts(template: Path) -> set:
        return {context for _line, message, _comments, context in extract_from_file("jinja2", str(template))
                if "Mine, as it is in the field above" in (message if isinstance(message, tuple) else (message,))}

    on_the_language_page = contexts(Path(questionnaire.__file__).parent / "translation/templates/translation/language.html")
    on_the_answering_page = contexts(Path(forms.__file__).parent / "templates/forms/_question.html")
    assert on_the_language_page and on_the_answering_page
    assert on_the_language_page.isdisjoint(on_the_answering_page)
