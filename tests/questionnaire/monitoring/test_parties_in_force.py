"""Monitoring lists the parties in force in the questionnaire's instrument (the status records), the
European Union among them in its own group, with the date the party list is known to be right."""
from __future__ import annotations

import csv
import re
import io
from datetime import datetime

from sqlalchemy import select, update

from questionnaire.models import Response, State
from questionnaire.monitoring.service import monitor
from tests.factories import cluster_url, party_codes, q_of, set_party


def test_the_status_records_decide_who_is_expected_not_the_old_flag(db, small, states):
    db.execute(update(State).where(State.iso3 == "CHN").values(legacy_som_party=True))
    db.execute(update(State).where(State.iso3 == "IND").values(legacy_som_party=False))
    db.commit()
    rows = {row.iso3: row for row in monitor(db, small, datetime(2026, 1, 1)).rows}
    assert "CHN" not in rows and rows["IND"].party
    set_party(db, states["IND"], False)
    set_party(db, states["CHN"])
    monitoring = monitor(db, small, datetime(2026, 1, 1))
    rows = {row.iso3: row for row in monitoring.rows}
    assert "IND" not in rows and rows["CHN"].party
    assert monitoring.totals.parties == len(party_codes(db)) == 157


def test_the_european_union_is_a_party_in_its_own_group_and_can_be_filtered(db, small, states):
    monitoring = monitor(db, small, datetime(2026, 1, 1))
    eu = next(row for row in monitoring.rows if row.iso3 == "EUU")
    assert (eu.name, eu.regional_group, eu.party) == ("European Union", "Regional economic integration organization", True)
    only = monitor(db, small, datetime(2026, 1, 1), regional_group="Regional economic integration organization")
    assert [row.iso3 for row in only.rows] == ["EUU"]
    assert monitoring.parties.as_at.isoformat() == "2024-04-26"


def test_the_page_shows_the_as_at_date_and_the_european_union(client, login, make_user, small, states):
    login(make_user("secretariat"))
    page = client.get(f"/monitoring/{small.id}").get_data(as_text=True)
    as_at = page[page.index('id="party-status-as-at"'):].split("</p>")[0]
    assert '<bdi>Apr 26, 2024</bdi>' in as_at and '<span dir="auto">United Nations Treaty Collection' in as_at
    as_at = re.sub("<[^>]+>", "", as_at)  # the words, each fragment isolated in its own direction
    assert "Parties to the Smuggling of Migrants Protocol as recorded at Apr 26, 2024" in as_at
    assert "United Nations Treaty Collection" in as_at
    eu = page[page.index('id="state-EUU"'):].split("</tr>")[0]
    assert "European Union" in eu and "Regional economic integration organization" in eu and "(not a party)" not in eu
    filtered = client.get(f"/monitoring/{small.id}?regional_group=Regional+economic+integration+organization")
    assert 'id="state-EUU"' in filtered.get_data(as_text=True) and 'id="state-MEX"' not in filtered.get_data(as_text=True)
    table = list(csv.reader(io.StringIO(client.get(f"/monitoring/{small.id}.csv").get_data(as_text=True))))
    eu_row = next(row for row in table if row[1] == "European Union")
    assert eu_row[2:4] == ["Regional economic integration organization", "yes"]


def test_a_focal_point_of_the_european_union_answers_and_submits(client, db, login, make_user, small, states):
    focal = make_user("focal_point", state="EUU", name="Eva")
    login(focal)
    crim, law, agree = (q_of(small, key) for key in ("crim", "crim.law", "agree"))
    assert client.post(cluster_url(small, iso3="EUU", code="A"),
                       data={f"q_{crim.id}": "yes", f"q_{law.id}": "Regulation (EU) 2024/1"}).status_code == 302
    client.post(cluster_url(small, iso3="EUU", code="B"), data={f"q_{agree.id}": "bi"})
    response = client.post(f"/answers/{small.id}/EUU/submit")
    assert response.status_code == 302
    db.expire_all()
    reply = db.scalar(select(Response).where(Response.state_id == states["EUU"].id))
    assert reply.status == "submitted" and reply.submitted_by_id == focal.id
    assert client.get(cluster_url(small, iso3="MEX", code="A")).status_code == 404  # its own reply only
    row = next(r for r in monitor(db, small, datetime(2026, 1, 1)).rows if r.iso3 == "EUU")
    assert (row.status, row.percent) == ("submitted", 100)


def test_the_instrument_is_named_in_the_readers_language_and_the_source_as_given(app, client, login, make_user,
                                                                                   small, states):
    from flask_babel import force_locale
    from flask_babel import gettext as _

    with app.test_request_context(), force_locale("fr"):
        protocol = _("Smuggling of Migrants Protocol")
    assert protocol != "Smuggling of Migrants Protocol"  # the catalogue names it
    login(make_user("secretariat", locale="fr"))
    page = client.get(f"/monitoring/{small.id}?lang=fr").get_data(as_text=True)
    as_at = page[page.index('id="party-status-as-at"'):].split("</p>")[0]
    assert protocol in as_at and "Smuggling of Migrants Protocol" not in as_at
    assert '<span dir="auto" lang="en">United Nations Treaty Collection' in as_at  # the source as it was given
