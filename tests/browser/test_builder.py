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
