"""The secretariat's people pages: accounts created, changed, deactivated; passwords shown once."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from questionnaire.models import AuditEvent, OutboxMessage, User
from questionnaire.people.service import PeopleError, create_user, set_active, update_user

PASSWORD = "correct horse battery"


def _count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def _new_password(html: str) -> str:
    start = html.index('id="new-password">') + len('id="new-password">')
    return html[start:html.index("</code>", start)]


# --- who may open the pages -------------------------------------------------------------------------

PAGES = [
    ("get", "/people/"), ("get", "/people/new"), ("post", "/people/new"), ("get", "/people/{id}/edit"),
    ("post", "/people/{id}/edit"), ("post", "/people/{id}/deactivate"), ("post", "/people/{id}/reactivate"),
    ("post", "/people/{id}/password"),
]


@pytest.mark.parametrize("role", ["focal_point", "expert", "reviewer"])
@pytest.mark.parametrize(("method", "url"), PAGES)
def test_only_the_secretariat_opens_the_people_pages(client, db, make_user, login, role, method, url):
    target = make_user("reviewer", email="target@example.org")
    before = db.scalar(select(User.password_hash).where(User.id == target.id))
    login(make_user(role))
    response = getattr(client, method)(url.format(id=target.id), data={"name": "X", "email": "x@example.org", "role": "secretariat"})
    assert response.status_code == 403
    db.expire_all()
    assert db.get(User, target.id).active and db.get(User, target.id).password_hash == before
    assert _count(db, User) == 2


def test_the_secretariat_menu_links_people_states_and_the_audit_log(client, make_user, login):
    login(make_user("secretariat"))
    html = client.get("/").get_data(as_text=True)
    assert 'href="/people/"' in html and 'href="/states/"' in html and 'href="/audit/"' in html
    login(make_user("reviewer"))
    html = client.get("/").get_data(as_text=True)
    assert 'href="/people/"' not in html and 'href="/audit/"' not in html


# --- list ---------------------------------------------------------------------------------------------

def test_list_is_sorted_by_name_and_filters_by_role_state_and_status(client, make_user, login):
    login(make_user("secretariat", name="Zoe Secretariat"))
    make_user("focal_point", state="MEX", name="Ana Focal")
    make_user("expert", state="FRA", name="Bruno Expert")
    make_user("reviewer", name="Carla Reviewer", active=False)
    html = client.get("/people/").get_data(as_text=True).split('<main', 1)[1]
    assert html.index("Ana Focal") < html.index("Bruno Expert") < html.index("Carla Reviewer") < html.index("Zoe Secretariat")
    assert "Never" in html and "Deactivated" in html
    assert "Bruno Expert" in (page := client.get("/people/?state=FRA").get_data(as_text=True)) and "Ana Focal" not in page
    assert "Ana Focal" in (page := client.get("/people/?role=focal_point").get_data(as_text=True)) and "Bruno" not in page
    page = client.get("/people/?active=no").get_data(as_text=True)
    assert "Carla Reviewer" in page and "Ana Focal" not in page


def test_list_query_count_does_not_grow_with_the_number_of_people(client, make_user, login, count_queries):
    login(make_user("secretariat"))
    make_user("focal_point", state="MEX")
    with count_queries() as few:
        client.get("/people/")
    for iso3 in ("FRA", "DEU", "BRA", "NGA", "JPN", "IND"):
        make_user("expert", state=iso3)
    with count_queries() as many:
        assert client.get("/people/").status_code == 200
    assert many.count == few.count


# --- create ---------------------------------------------------------------------------------------------

def test_create_invites_the_person_by_mail_and_shows_no_password(app, client, db, make_user, login):
    secretariat = make_user("secretariat")
    login(secretariat)
    response = client.post("/people/new", data={"name": "Maria Lopez", "email": " Maria@Example.org ",
                                                 "role": "focal_point", "state": "MEX"})
    user = db.scalar(select(User).where(User.email == "maria@example.org"))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/people/{user.id}/edit")
    assert user.role == "focal_point" and user.state.iso3 == "MEX" and user.active
    assert not user.check_password("")  # no usable password until the person chooses one
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "user.create"))
    assert event.user_id == secretariat.id and event.details["after"]["state"] == "MEX"
    invitation = db.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "maria@example.org"))
    assert invitation.kind == "invitation" and "/account/choose-password/" in invitation.body_text
    assert "E-mail a link to choose a password" in client.get(f"/people/{user.id}/edit").get_data(as_text=True)
    assert client.post(f"/people/{user.id}/invite").status_code == 302
    assert len(db.scalars(select(OutboxMessage).where(OutboxMessage.kind == "invitation")).all()) == 2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"role": "superuser"}, "role", "Unknown role superuser"),
        ({"role": "expert", "state": ""}, "state", "The role Governmental expert belongs to a State"),
        ({"role": "reviewer", "state": "MEX"}, "state", "The role Reviewer does not belong to a State"),
        ({"email": "taken@example.org"}, "email", "An account with the e-mail taken@example.org exists already"),
        ({"email": "not-an-address"}, "email", "Enter a valid e-mail address"),
        ({"name": "  "}, "name", "Enter the person's name"),
    ],
)
def test_create_with_bad_input_reshows_what_was_typed_and_writes_nothing(client, db, make_user, login, data, field, message):
    login(make_user("secretariat"))
    make_user("reviewer", email="taken@example.org")
    users, events = _count(db, User), _count(db, AuditEvent)
    posted = {"name": "Typed Name", "email": "typed@example.org", "role": "expert", "state": "FRA", **data}
    response = client.post("/people/new", data=posted)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error">{message}' in html and 'class="error-summary"' in html
    if posted["name"].strip():
        assert f'value="{posted["name"]}"' in html
    assert f'value="{posted["email"]}"' in html
    if posted["state"]:
        assert f'<option selected value="{posted["state"]}">' in html
    if posted["role"] != "superuser":
        assert f'<option selected value="{posted["role"]}">' in html
    assert _count(db, User) == users and _count(db, AuditEvent) == events


# --- edit ---------------------------------------------------------------------------------------------

def test_edit_changes_role_and_state_and_audits_before_and_after(client, db, make_user, login):
    secretariat = make_user("secretariat")
    person = make_user("expert", state="MEX", name="Pat")
    login(secretariat)
    form = client.get(f"/people/{person.id}/edit").get_data(as_text=True)
    assert 'value="Pat"' in form and '<option selected value="MEX">' in form
    response = client.post(f"/people/{person.id}/edit",
                           data={"name": "Pat Doe", "email": person.email, "role": "focal_point", "state": "MEX"})
    assert response.status_code == 302
    db.expire_all()
    assert db.get(User, person.id).role == "focal_point" and db.get(User, person.id).name == "Pat Doe"
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "user.update"))
    assert event.details == {"before": {"name": "Pat", "role": "expert"}, "after": {"name": "Pat Doe", "role": "focal_point"}}


def test_edit_refuses_a_taken_email_and_keeps_what_was_typed(client, db, make_user, login):
    login(make_user("secretariat"))
    make_user("reviewer", email="taken@example.org")
    person = make_user("reviewer", name="Quinn")
    response = client.post(f"/people/{person.id}/edit",
                           data={"name": "Quinn Typed", "email": "TAKEN@example.org", "role": "reviewer", "state": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "exists already" in html and 'value="Quinn Typed"' in html
    db.expire_all()
    assert db.get(User, person.id).name == "Quinn"


def test_a_secretariat_user_cannot_remove_their_own_secretariat_role(client, db, make_user, login):
    me = make_user("secretariat", name="Me")
    login(me)
    response = client.post(f"/people/{me.id}/edit", data={"name": "Me", "email": me.email, "role": "reviewer", "state": ""})
    assert response.status_code == 400 and "cannot take away your own secretariat role" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(User, me.id).role == "secretariat"
    assert db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "user.update")) == 0


# --- deactivate, reactivate, reset password ---------------------------------------------------------------

def test_deactivating_signs_the_person_out_and_reactivating_lets_them_back(app, client, db, make_user, login):
    login(make_user("secretariat"))
    person = make_user("reviewer")
    theirs = login(person, on=app.test_client())
    assert theirs.get("/").status_code == 200
    assert client.post(f"/people/{person.id}/deactivate").status_code == 302
    response = theirs.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert theirs.post("/login", data={"email": person.email, "password": PASSWORD}).status_code == 200
    client.post(f"/people/{person.id}/reactivate")
    assert theirs.post("/login", data={"email": person.email, "password": PASSWORD}).status_code == 302
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.target == f"user:{person.id}").order_by(AuditEvent.id)).all()
    assert actions[:3] == ["user.deactivate", "user.login_failed", "user.reactivate"]  # refused while deactivated


def test_a_secretariat_user_cannot_deactivate_themselves(client, db, make_user, login):
    me = make_user("secretariat")
    login(me)
    assert "Deactivate" not in client.get(f"/people/{me.id}/edit").get_data(as_text=True)
    response = client.post(f"/people/{me.id}/deactivate", follow_redirects=True)
    assert "cannot deactivate your own account" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(User, me.id).active


def test_reset_password_shows_a_new_one_once_and_the_old_one_stops_working(app, client, db, make_user, login):
    login(make_user("secretariat"))
    person = make_user("reviewer")
    response = client.post(f"/people/{person.id}/password")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = _new_password(response.get_data(as_text=True))
    other = app.test_client()
    assert other.post("/login", data={"email": person.email, "password": PASSWORD}).status_code == 200
    assert other.post("/login", data={"email": person.email, "password": password}).status_code == 302
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "user.password_reset")).target == f"user:{person.id}"


def test_an_unknown_person_gives_404(client, make_user, login):
    login(make_user("secretariat"))
    assert client.get("/people/9999/edit").status_code == 404
    assert client.post("/people/9999/password").status_code == 404


def test_a_post_without_csrf_token_is_refused_and_changes_nothing(csrf_app, client, db, make_user, login, csrf_token):
    login(make_user("secretariat"))
    person = make_user("reviewer")
    assert client.post(f"/people/{person.id}/deactivate").status_code == 400
    assert client.post("/people/new", data={"name": "N", "email": "n@example.org", "role": "reviewer"}).status_code == 400
    db.expire_all()
    assert db.get(User, person.id).active and _count(db, User) == 2
    token = csrf_token(client.get(f"/people/{person.id}/edit").get_data(as_text=True))
    assert client.post(f"/people/{person.id}/deactivate", data={"csrf_token": token}).status_code == 302
    db.expire_all()
    assert not db.get(User, person.id).active


# --- services ---------------------------------------------------------------------------------------------

def test_services_refuse_before_changing_anything(db, make_user):
    me = make_user("secretariat")
    with pytest.raises(PeopleError) as error:
        create_user(db, me, email="a@b", name="A", role="reviewer", iso3=None, password="long enough")
    assert error.value.field == "email"
    with pytest.raises(PeopleError):
        set_active(db, me, me, False)
    with pytest.raises(PeopleError) as error:
        update_user(db, me, me, email=me.email, name=me.name, role="expert", iso3="MEX")
    assert error.value.field == "role" and me.role == "secretariat"
    assert update_user(db, me, me, email=me.email.upper(), name=f" {me.name} ", role="secretariat", iso3=None) is False


def test_a_field_in_error_points_screen_readers_to_its_message(client, make_user, login):
    login(make_user("secretariat"))
    html = client.post("/people/new", data={"name": "N", "email": "bad", "role": "reviewer"}).get_data(as_text=True)
    assert 'aria-describedby="email-hint email-error"' in html and 'aria-invalid="true"' in html
    assert '"None"' not in html
