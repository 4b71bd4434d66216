"""A reviewer reads a reply, compares a question across States and puts a question to the State; the
focal point answers it beside the submitted answer; the reviewer closes it."""
from tests.factories import cluster_url, q_of


def test_reviewer_and_focal_point_exchange_on_an_answer(csrf_app, db, small, states, new_page, make_user,
                                                       add_response):
    focal_point = make_user("focal_point", state="MEX")
    add_response(small, states["MEX"], {"crim": "yes", "crim.law": "Act 5 of 2010", "agree": "bi"}, focal_point)
    add_response(small, states["NGA"], {"crim": "no", "crim.why": "Not yet", "agree": "bi"},
                 make_user("focal_point", state="NGA"))
    law = q_of(small, "crim.law")

    reviewer = new_page(make_user("reviewer"))
    reviewer.get_by_role("link", name="Replies").first.click()
    reviewer.get_by_role("link", name="Mexico").click()
    assert "Act 5 of 2010" in reviewer.locator(f"#question-{law.id}").inner_text()
    reviewer.locator(f"#question-{q_of(small, 'crim').id}").get_by_role("link", name="Compare across States").click()
    counts = reviewer.locator("table.compare-counts")
    assert "Mexico" in counts.get_by_role("row", name="Yes").first.inner_text()
    assert "Nigeria" in counts.get_by_role("row", name="No").first.inner_text()
    reviewer.go_back()
    answer = reviewer.locator(f"#question-{law.id}")
    answer.get_by_text("Add an observation").click()
    answer.get_by_label("Observation").fill("Which article of the Act covers financial benefit?")
    answer.get_by_role("button", name="Save the observation").click()
    assert "The observation is saved." in reviewer.content()

    state = new_page(focal_point)
    state.goto(cluster_url(small, code="A"))
    question = state.locator(".observation").first
    assert "Which article of the Act covers financial benefit?" in question.inner_text()
    question.get_by_label("Your reply").fill("Article 12.")
    question.get_by_role("button", name="Send the reply").click()
    assert "Your reply is sent to the reviewers." in state.content()
    assert "Article 12." in state.locator(".observation").first.inner_text()

    reviewer.reload()
    observation = reviewer.locator(f"#question-{law.id} .observation").first
    assert "Article 12." in observation.inner_text()
    observation.get_by_role("button", name="Close the observation").click()
    assert "The observation is closed." in reviewer.content()
    assert "closed" in reviewer.locator(f"#question-{law.id} .observation").first.inner_text()
