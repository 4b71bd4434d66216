"""Phone width and keyboard, in Chromium: no axe-core violation of any impact (WCAG 2.1 A/AA and best
practices) at 320 and 1280 px on the pages officials use most, no page scrolling sideways at 320 px, and a
focused field never hidden under the sticky Save bar."""
from __future__ import annotations

import pytest

from tests.factories import COMPLETE, cluster_url


@pytest.fixture
def replies(db, small, states, make_user, make_reply):
    """Mexico's reply submitted (locked), France's a draft; one user of each, and the secretariat."""
    mexico = make_user("focal_point", name="Ana")
    france = make_user("expert", state="FRA", name="Fabienne")
    make_reply(small, states["MEX"], mexico, COMPLETE, status="submitted")
    make_reply(small, states["FRA"], france, {"crim": "yes"})
    return {"MEX": mexico, "FRA": france, "secretariat": make_user("secretariat", name="Sam")}


@pytest.mark.parametrize("width", [320, 1280])
def test_no_violation_and_no_sideways_scrolling_on_the_pages_used_most(
        csrf_app, small, replies, accessibility_violations, width):
    secretariat = (f"/builder/{small.id}", "/audit/", "/monitoring/", f"/monitoring/{small.id}", f"/preview/{small.id}/A")
    france = (cluster_url(small, iso3="FRA", code="A"), cluster_url(small, iso3="FRA", code="B"),
              f"/answers/{small.id}/FRA/review")
    mexico = (cluster_url(small, iso3="MEX", code="A"), cluster_url(small, iso3="MEX", code="B"))  # locked
    found = {}
    found.update(accessibility_violations(replies["secretariat"], secretariat, width))
    found.update(accessibility_violations(replies["FRA"], france, width))
    found.update(accessibility_violations(replies["MEX"], mexico, width))
    assert found == {}


def test_more_pages_never_scroll_sideways_on_a_phone(csrf_app, small, replies, accessibility_violations):
    paths = ("/", "/builder/", "/people/", "/states/", "/exports/", f"/builder/{small.id}/edit",
             f"/builder/{small.id}/questions/{small.clusters[0].questions[0].id}")
    found = accessibility_violations(replies["secretariat"], paths, 320)
    assert {path: result["sideways"] for path, result in found.items() if result["sideways"] > 0} == {}


@pytest.mark.parametrize("width", [320, 1280])
def test_tabbing_through_a_cluster_never_leaves_the_focus_under_the_save_bar(
        csrf_app, make_questionnaire, states, make_user, new_page, width):
    long = make_questionnaire("long", extra_questions=14)
    page = new_page(make_user("focal_point"))
    page.set_viewport_size({"width": width, "height": 640})
    page.goto(cluster_url(long, code="A"))
    page.get_by_label("Yes", exact=True).check()  # its follow-up appears
    page.evaluate("() => window.scrollTo(0, 0)")
    hidden = []
    for stop in range(80):
        page.keyboard.press("Tab")
        state = page.evaluate("""() => {
            const el = document.activeElement, bar = document.querySelector('.save-bar');
            if (!el || !bar || bar.contains(el) || !el.closest('#answer-form')) return null;
            const r = el.getBoundingClientRect(), b = bar.getBoundingClientRect();
            return {id: el.id || el.name, bottom: r.bottom, barTop: b.top};
        }""")
        if state is not None and state["bottom"] > state["barTop"] + 1:
            hidden.append(state)
        if page.evaluate("() => document.activeElement && document.activeElement.closest('.save-bar') !== null"):
            break
    assert hidden == []


def test_the_question_form_shows_only_the_options_of_the_chosen_answer_type(csrf_app, db, states, make_user, new_page):
    from questionnaire.builder.question_fields import QuestionFields
    from questionnaire.builder.questions import add_question
    from questionnaire.builder.structure import add_cluster, create_blank

    draft = create_blank(db, None, "kinds", "Kinds")
    cluster = add_cluster(db, draft, None, "I", "Crime")
    add_question(db, cluster, None, QuestionFields(key="q1", text="How many?", kind="number", number="1",
                                                   provisions=["art. 6"]))
    db.commit()
    page = new_page(make_user("secretariat"))
    page.goto(f"/builder/{draft.id}/questions/{cluster.questions[0].id}")
    assert page.get_by_label("Whole numbers only").is_visible() and not page.get_by_label("Most links").is_visible()
    page.get_by_label("Kind of answer").select_option("links")
    assert page.get_by_label("Most links").is_visible() and not page.get_by_label("Whole numbers only").is_visible()
    page.get_by_label("Kind of answer").select_option("yes_no")
    assert page.get_by_text("This answer type has no options.").is_visible()


def _translated_into_arabic(db, slug: str):
    """A small draft offered in English and Arabic, every text translated ("[ar] …"); committed."""
    from questionnaire.definitions.document import import_document
    from questionnaire.texts import set_translation, source_texts
    from tests.factories import small_document

    document = small_document(slug)
    document["languages"] = ["en", "ar"]
    draft = import_document(db, document)
    for source in source_texts(draft):
        set_translation(db, draft, source.key, "ar", f"[ar] {source.text}")
    db.commit()
    return draft


def test_on_a_phone_a_translator_types_in_full_width_boxes_and_resolves_a_conflict_with_each_choice_beside_its_button(
        csrf_app, db, states, make_user, new_page):
    draft = _translated_into_arabic(db, "phone-translation")
    url = f"/builder/{draft.id}/translations/ar"
    alice, bob = new_page(make_user("secretariat", name="Alice")), new_page(make_user("secretariat", name="Bob"))
    for page in (alice, bob):
        page.set_viewport_size({"width": 320, "height": 800})
        page.goto(url)
    alice.locator("#t-title").fill("عنوان أليس")
    alice.get_by_role("button", name="Save the translations").click()
    bob.locator("#t-title").fill("عنوان بوب")
    bob.get_by_role("button", name="Save the translations").click()
    assert bob.get_by_text("Someone else changed this translation while you were editing").is_visible()

    region = bob.get_by_role("region", name="Source and translation")
    assert region.evaluate("el => el.scrollWidth - el.clientWidth") <= 0  # the texts never scroll sideways
    region_width = region.evaluate("el => el.clientWidth")
    widths = bob.locator(".side-by-side textarea").evaluate_all("boxes => boxes.map(box => box.offsetWidth)")
    assert widths and min(widths) >= 0.9 * region_width
    for choice in ("mine", "stored"):
        button = bob.locator(f"#t-title-{choice}").bounding_box()
        label = bob.locator(f'label[for="t-title-{choice}"]').bounding_box()
        assert label["y"] <= button["y"] + button["height"] / 2 <= label["y"] + label["height"]  # on its line


def test_on_a_phone_a_translation_typed_beside_a_reworded_source_comes_back_with_both_sources(
        csrf_app, db, states, make_user, new_page):
    """The source of a question reworded while the page is open: saving keeps the typed text in its box, marks
    today's source as changed and shows the source it was translated from, all within a phone's width."""
    draft = _translated_into_arabic(db, "phone-source")
    page = new_page(make_user("secretariat", name="Alice"))
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"/builder/{draft.id}/translations/ar")
    next(q for q in draft.questions_in_order() if q.key == "crim").text = "Is the smuggling of migrants a crime?"
    db.commit()
    page.locator("#t-question-crim-text").fill("هل تهريب المهاجرين جريمة؟")
    page.get_by_role("button", name="Save the translations").click()
    assert page.get_by_role("heading", name="The source text changed after you opened the page").is_visible()
    assert page.locator("#t-question-crim-text").input_value() == "هل تهريب المهاجرين جريمة؟"
    assert page.locator("#t-question-crim-text-source .badge").is_visible()
    assert page.locator("#t-question-crim-text-source").inner_text().endswith("Is the smuggling of migrants a crime?")
    assert page.locator(".translated-from").inner_text() == "Is smuggling a crime?"
    region = page.get_by_role("region", name="Source and translation")
    assert region.evaluate("el => el.scrollWidth - el.clientWidth") <= 0
    assert page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0


@pytest.mark.parametrize("interface", ["en", "ar"])
def test_on_a_phone_a_translated_files_preview_shows_one_block_per_text_each_in_its_direction(
        csrf_app, db, states, make_user, new_page, interface):
    """The preview of an Arabic file at 320 px, on an English and on an Arabic page: each change is a block at
    the full width (its place, its key, the text now and after the import, each named in the page's language),
    nothing scrolls sideways, and the Arabic texts run right to left; at 1280 px it is a table again."""
    from tests.factories import translated_xliff

    draft = _translated_into_arabic(db, "phone-preview")
    url = f"/builder/{draft.id}/translations/ar"
    alice, bob = new_page(make_user("secretariat", name="Alice", locale=interface)), new_page(make_user("secretariat"))
    alice.set_viewport_size({"width": 320, "height": 800})
    alice.goto(url)
    targets = {"title": "استبيان صغير عن تهريب المهاجرين",
               "question.crim.text": "هل يُعدّ تهريب المهاجرين جريمة جنائية في القانون الوطني لدولتكم؟"}
    data = translated_xliff(alice.request.get(f"{url}/file.xlf").body(), targets)
    alice.locator('input[type="file"]').set_input_files(
        files=[{"name": "ar.xlf", "mimeType": "application/x-xliff+xml", "buffer": data}])
    alice.locator(f'form[action$="{url}/import"] [type="submit"]').click()
    bob.goto(url)  # Bob saves the title after Alice's preview: applying shows the preview again, the title marked
    bob.locator("#t-title").fill("عنوان بوب")
    bob.get_by_role("button", name="Save the translations").click()
    alice.locator(f'form[action$="{url}/import/apply"] [type="submit"]').click()
    assert alice.locator("#changed-since-preview").is_visible()

    region = alice.locator("#preview .table-scroll")
    assert region.evaluate("el => el.scrollWidth - el.clientWidth") <= 0  # the preview never scrolls sideways
    assert alice.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    region_width = region.evaluate("el => el.clientWidth")
    cells = alice.locator(".preview-changes tbody td")
    widths = cells.evaluate_all("cells => cells.map(cell => cell.getBoundingClientRect().width)")
    assert len(widths) == 4 * len(targets) and min(widths) >= 0.9 * region_width  # one block per row, full width
    now, after = ("الآن", "بعد الاستيراد") if interface == "ar" else ("Now", "After the import")
    labels = alice.locator(".preview-changes td[data-label]").evaluate_all(
        "cells => cells.map(cell => [getComputedStyle(cell, '::before').content, getComputedStyle(cell).direction])")
    page_direction = "rtl" if interface == "ar" else "ltr"
    assert labels == [[f'"{now}"', page_direction], [f'"{after}"', page_direction]] * len(targets)
    texts = alice.locator(".preview-changes td > div[lang='ar']")
    assert texts.evaluate_all("divs => divs.map(div => getComputedStyle(div).direction)") == ["rtl"] * 2 * len(targets)
    # each Arabic text starts at the right edge of its block, whatever the page's direction
    ends = texts.evaluate_all("""divs => divs.filter(div => div.textContent.trim()).map(div => {
        const range = document.createRange(); range.selectNodeContents(div);
        return div.getBoundingClientRect().right - range.getBoundingClientRect().right; })""")
    assert ends and max(ends) <= 1

    alice.set_viewport_size({"width": 1280, "height": 800})
    tops = alice.locator(".preview-changes tbody tr").first.locator("td").evaluate_all(
        "cells => cells.map(cell => Math.round(cell.getBoundingClientRect().top))")
    assert len(set(tops)) == 1  # a table again: the four cells of a row side by side
