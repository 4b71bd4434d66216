"""Signing in with a real browser, CSRF token and all."""


def test_a_user_signs_in_and_sees_what_their_role_can_do(csrf_app, new_page, make_user):
    user = make_user("focal_point", state="MEX", name="Ana Focal")
    page = new_page(user)
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome, Ana Focal"
    assert "Mexico" in page.locator(".account").inner_text()
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"


def test_a_wrong_password_keeps_the_email_and_says_nothing_about_which_part_failed(csrf_app, new_page, make_user):
    user = make_user("reviewer")
    page = new_page()
    page.goto("/login")
    page.get_by_label("E-mail").fill(user.email)
    page.get_by_label("Password").fill("nope")
    page.get_by_role("button", name="Sign in").click()
    assert "not right" in page.locator(".flash-error").inner_text()
    assert page.get_by_label("E-mail").input_value() == user.email
