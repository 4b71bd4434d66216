"""The monitoring pages over HTTP: the table, filters, CSV, reopening with a reason, and who may see them."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest
from sqlalchemy import select

from questionnaire.models import Answer, AuditEvent, Response
from tests.factories import COMPLETE, cluster_url, q_of


REASON = "Please cite the 2024 amendment."


@pytest.fixture
def submitted(db, small, states, ana, make_reply):
    """Mexico's complete reply, submitted by its focal point Ana."""
    return make_reply(small, states["MEX"], ana, COMPLETE, status="submitted")


def status_of(db, response) -> str:
    db.expire_all()
    return db.get(Response, response.id).status


@pytest.mark.parametrize("role", ("focal_point", "expert", "reviewer"))
def test_every_monitoring_page_is_for_the_secretariat_only(client, login, make_user, small, submitted, db, role):
    login(make_user(role))
    base = f"/monitoring/{small.id}"
    for url in ("/monitoring", base, base + ".csv", base + "/MEX/reopen"):
        assert client.get(url).status_code == 403, url
    assert client.post(base + "/MEX/reopen", data={"reason": REASON}).status_code == 403
    assert status_of(db, submitted) == "submitted"
    assert "/monitoring" not in client.get("/").get_data(as_text=True)


def test_the_secretariat_finds_monitoring_in_the_menu_and_the_open_questionnaires_in_the_index(staff, small, som):
    home = staff.get("/").get_data(as_text=True)
    assert 'href="/monitoring/"' in home
    index = staff.get("/monitoring").get_data(as_text=True)
    assert f'href="/monitoring/{small.id}"' in index and small.title in index
    assert som.title not in index  # a draft is not monitored
    assert staff.get(f"/monitoring/{som.id}").status_code == 404


def test_the_table_shows_status_progress_review_link_and_reopen_form(staff, db, small, states, make_user, submitted, make_reply):
    make_reply(small, states["FRA"], make_user("expert", state="FRA", name="Ben"), {"crim": "no", "crim.law": "x"})
    page = staff.get(f"/monitoring/{small.id}").get_data(as_text=True)
    assert f'href="/answers/{small.id}/MEX/review"' in page
    mexico = page[page.index('id="state-MEX"'):page.index("</tr>", page.index('id="state-MEX"'))]
    assert 'badge badge-submitted' in mexico and '<progress max="100" value="100"' in mexico and "Ana" in mexico
    assert f'action="/monitoring/{small.id}/MEX/reopen"' in mexico and 'name="reason"' in mexico
    france = page[page.index('id="state-FRA"'):page.index("</tr>", page.index('id="state-FRA"'))]
    assert "badge badge-draft" in france and "33%" in france and "Ben" in france and "reopen" not in france
    brazil = page[page.index('id="state-BRA"'):page.index("</tr>", page.index('id="state-BRA"'))]
    assert "badge badge-not_started" in brazil and "Not started" in brazil
    assert 'style="' not in page  # the CSP forbids inline styles


def test_filters_narrow_the_table_and_the_totals(staff, db, small, states, make_user, submitted, make_reply):
    make_reply(small, states["FRA"], make_user("focal_point", state="FRA"), COMPLETE, status="submitted")
    page = staff.get(f"/monitoring/{small.id}?regional_group=Western+European+and+other+States&status=submitted")
    text = page.get_data(as_text=True)
    assert 'id="state-FRA"' in text and 'id="state-MEX"' not in text and 'id="state-ITA"' not in text
    assert "<strong>1</strong> parties expected to answer" in text
    assert f"/monitoring/{small.id}.csv?regional_group=Western" in text  # the download keeps the filters


def test_an_unknown_filter_value_is_reported_and_everything_is_shown(staff, small):
    text = staff.get(f"/monitoring/{small.id}?status=lost").get_data(as_text=True)
    assert "Not a valid choice" in text and 'id="state-MEX"' in text and 'id="state-FRA"' in text
    assert 'aria-invalid="true"' in text and '="None"' not in text  # no bogus ARIA values on the fields


def test_the_secretariat_reopens_with_a_reason_and_the_state_can_save_again(app, staff, db, small, submitted, login, ana):
    response = staff.post(f"/monitoring/{small.id}/MEX/reopen", data={"reason": REASON}, follow_redirects=True)
    assert "The reply of Mexico is open for changes again." in response.get_data(as_text=True)
    assert status_of(db, submitted) == "reopened"
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "response.reopened"))
    assert event.details["reason"] == REASON and event.details["before"] == {"status": "submitted"}
    focal = login(ana, on=app.test_client())
    form_page = focal.get(cluster_url(small, code="A")).get_data(as_text=True)
    bases = dict(re.findall(r'name="(base_\d+)" value="([^"]+)"', form_page))
    law = q_of(small, "crim.law")
    saved = focal.post(cluster_url(small, code="A"),
                       data={**bases, f"q_{q_of(small, 'crim').id}": "yes", f"q_{law.id}": "Act 6"})
    assert saved.status_code == 302
    db.expire_all()
    assert db.scalar(select(Answer.value).where(Answer.question_id == law.id)) == "Act 6"


def test_an_empty_reason_reshows_the_form_with_a_message_and_changes_nothing(staff, db, small, submitted):
    response = staff.post(f"/monitoring/{small.id}/MEX/reopen", data={"reason": "  "})
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and "Give the reason for reopening" in text and 'name="reason"' in text
    assert status_of(db, submitted) == "submitted"


def test_a_draft_cannot_be_reopened(staff, db, small, states, make_user, make_reply):
    draft = make_reply(small, states["MEX"], make_user("focal_point"), {"crim": "yes"})
    assert "this one is not submitted" in staff.get(f"/monitoring/{small.id}/MEX/reopen").get_data(as_text=True)
    response = staff.post(f"/monitoring/{small.id}/MEX/reopen", data={"reason": REASON}, follow_redirects=True)
    assert "Only a submitted reply can be reopened." in response.get_data(as_text=True)
    assert status_of(db, draft) == "draft"
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "response.reopened")) is None


def test_the_review_page_reopens_only_with_a_reason_too(staff, db, small, submitted):
    page = staff.get(f"/answers/{small.id}/MEX/review").get_data(as_text=True)
    assert 'name="reason"' in page
    refused = staff.post(f"/answers/{small.id}/MEX/reopen", data={"reason": ""}, follow_redirects=True)
    assert "Give the reason for reopening" in refused.get_data(as_text=True)
    assert status_of(db, submitted) == "submitted"


def test_a_reopen_post_without_the_csrf_token_is_refused(csrf_app, login, make_user, db, small, submitted):
    client = login(make_user("secretariat"), on=csrf_app.test_client())
    assert client.post(f"/monitoring/{small.id}/MEX/reopen", data={"reason": REASON}).status_code == 400
    assert status_of(db, submitted) == "submitted"
    page = client.get(f"/monitoring/{small.id}/MEX/reopen").get_data(as_text=True)
    from tests.conftest import csrf_token_from

    done = client.post(f"/monitoring/{small.id}/MEX/reopen", data={"reason": REASON, "csrf_token": csrf_token_from(page)})
    assert done.status_code == 302 and status_of(db, submitted) == "reopened"


def test_the_csv_has_a_bom_a_header_local_times_and_no_formulas(app, staff, db, small, states, make_user, make_reply):
    app.config["BABEL_DEFAULT_TIMEZONE"] = "Asia/Tokyo"
    sneaky = make_user("focal_point", name="=HYPERLINK(\"http://evil\")")
    make_reply(small, states["MEX"], sneaky, COMPLETE, status="submitted",
               at=datetime(2026, 3, 1, 22, 30), submitted_at=datetime(2026, 3, 1, 23, 45))
    response = staff.get(f"/monitoring/{small.id}.csv?regional_group=Latin+American+and+Caribbean+States")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    header, records = rows[0], {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}
    assert header[:5] == ["ISO3", "State", "Regional group", "Party (as at 2024-04-26)", "Status"]
    assert "Submitted at (Asia/Tokyo)" in header
    assert {record["Regional group"] for record in records.values()} == {"Latin American and Caribbean States"}
    mexico = records["MEX"]
    assert mexico["Status"] == "Submitted" and mexico["Percent of required answered"] == "100"
    assert mexico["Submitted at (Asia/Tokyo)"] == "2026-03-02 08:45"  # UTC+9
    assert mexico["Last activity (Asia/Tokyo)"] == "2026-03-02 07:30"
    assert mexico["Submitted by"] == "'=HYPERLINK(\"http://evil\")"
    assert records["BRA"]["Status"] == "Not started" and records["BRA"]["Submitted by"] == ""


def test_reopening_an_unknown_state_is_not_found_and_one_without_a_reply_has_nothing_to_reopen(staff, small):
    assert staff.get(f"/monitoring/{small.id}/XXX/reopen").status_code == 404
    assert staff.post(f"/monitoring/{small.id}/XXX/reopen", data={"reason": REASON}).status_code == 404
    page = staff.post(f"/monitoring/{small.id}/BRA/reopen", data={"reason": REASON}).get_data(as_text=True)
    assert "this one is not submitted" in page and 'name="reason"' not in page


def test_regional_groups_are_in_the_readers_language_in_the_table_its_filter_and_the_csv(
        client, login, make_user, small, lay_words):
    lay_words({"fr": {(None, "Latin American and Caribbean States"): "États d’Amérique latine et des Caraïbes"}})
    french = login(make_user("secretariat", locale="fr"))
    page = french.get(f"/monitoring/{small.id}").get_data(as_text=True)
    option = '<option value="Latin American and Caribbean States">États d’Amérique latine et des Caraïbes</option>'
    assert option in page
    mexico = page[page.index('id="state-MEX"'):page.index("</tr>", page.index('id="state-MEX"'))]
    assert "<td>États d’Amérique latine et des Caraïbes</td>" in mexico
    assert "Latin American and Caribbean States<" not in page
    body = french.get(f"/monitoring/{small.id}.csv").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert {row[0]: row[2] for row in rows[1:]}["MEX"] == "États d’Amérique latine et des Caraïbes"
