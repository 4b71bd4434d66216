"""The secretariat drafts a question with a follow-up in a real browser and sees both in the preview."""


def test_secretariat_drafts_a_follow_up_and_previews_it(csrf_app, db, new_page, make_user):
    page = new_page(make_user("secretariat"))
    page.get_by_role("link", name="Questionnaires").first.click()
    page.get_by_role("link", name="Create a blank questionnaire").click()
    page.get_by_label("Short name").fill("border-review")
    page.get_by_label("Title").fill("Border measures review")
    page.get_by_role("button", name="Create the questionnaire").click()

    page.get_by_role("link", name="Add a cluster").click()
    page.get_by_label("Code").fill("I")
    page.get_by_label("Title").fill("Criminalization")
    page.get_by_role("button", name="Save the cluster").click()

    page.get_by_role("link", name="Add a question to cluster I").click()
    page.get_by_label("Number", exact=True).fill("1")
    page.get_by_label("Question text").fill("Is the smuggling of migrants a criminal offence?")
    page.get_by_label("Kind of answer").select_option("yes_partly_no")
    page.get_by_label("An answer is required").check()
    page.get_by_label("6. Criminalization").check()
    page.get_by_role("button", name="Save the question").click()
    assert "The question was added." in page.get_by_role("status").inner_text()

    page.get_by_role("link", name="Add a question to cluster I").click()
    page.get_by_label("Number", exact=True).fill("1.1")
    page.get_by_label("Question text").fill("Please explain why not.")
    page.get_by_label("Kind of answer").select_option("long_text")
    page.get_by_label("Show only when this earlier question").select_option("q1")
    page.get_by_label("No (no)").check()
    page.get_by_role("button", name="Save the question").click()
    assert "Shown when question 1 is No" in page.get_by_role("row", name="Please explain why not.").inner_text()

    page.get_by_role("link", name="Preview as States see it").click()
    assert page.get_by_text("Is the smuggling of migrants a criminal offence?").is_visible()
    assert page.get_by_text("Please explain why not.").count() == 1


def test_secretariat_replaces_a_drafts_content_by_a_file_in_one_click(csrf_app, db, new_page, make_user, tmp_path,
                                                                       fresh_db):
    from questionnaire.builder.question_fields import QuestionFields
    from questionnaire.builder.questions import add_question
    from questionnaire.builder.structure import add_cluster, create_blank
    from questionnaire.definitions.document import dump_json, export_document
    from questionnaire.models import Questionnaire

    draft = create_blank(db, None, "border-review", "Border measures review")
    add_question(db, add_cluster(db, draft, None, "I", "Criminalization"), None,
                 QuestionFields(key="q1", number="1", text="Is smuggling a crime?", kind="yes_partly_no"))
    db.commit()
    document = export_document(draft) | {"title": "Border measures review, revised"}
    file = tmp_path / "border-review.json"
    file.write_text(dump_json(document), encoding="utf-8")

    page = new_page(make_user("secretariat"))
    page.goto("/builder/")
    page.get_by_role("link", name="Import a definition file").click()
    page.get_by_label("Definition file (.json or .xlsx)").set_input_files(str(file))
    page.get_by_role("button", name="Import as a new draft").click()
    assert "this questionnaire already has a draft" in page.get_by_role("alert").first.inner_text()
    page.get_by_role("button", name="Replace the draft's content with this file").click()
    assert "The draft's content was replaced by the file." in page.get_by_role("status").inner_text()
    assert fresh_db().get(Questionnaire, draft.id).title == "Border measures review, revised"
