"""axe-core finds no serious or critical problem on the secretariat's and the reviewers' pages."""


def test_secretariat_pages(csrf_app, serious_accessibility_problems, make_user, som):
    paths = ("/", "/builder/", f"/builder/{som.id}", "/builder/upload", "/people/", "/states/", "/states/new",
             "/states/import", "/audit/")
    assert serious_accessibility_problems(make_user("secretariat"), paths) == {}


def test_reviewer_pages(csrf_app, serious_accessibility_problems, make_user, som):
    paths = ("/", "/exports/")
    assert serious_accessibility_problems(make_user("reviewer"), paths) == {}
