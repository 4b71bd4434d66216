"""`questionnaire init` brings the shipped party status of an older installation up to the shipped list,
never over a status the secretariat set or imported."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select, update

from questionnaire import seed
from questionnaire.models import AuditEvent, Participation, State, StatusOrigin, User
from questionnaire.states import service

NEWER = date(2024, 6, 1)


@pytest.fixture
def newer_shipped_list(monkeypatch):
    """Ship a list dated after the installed one that makes Afghanistan no party and Chad a party."""
    def install():
        shipped = seed._data_file

        def data_file(name: str) -> str:
            if name != "states.json":
                return shipped(name)
            data = json.loads(shipped(name))
            data["som_party_as_at"] = NEWER.isoformat()
            for row in data["states"]:
                if row["iso3"] in ("AFG", "TCD"):
                    row["som_party"] = row["iso3"] == "TCD"
            return json.dumps(data)

        monkeypatch.setattr(seed, "_data_file", data_file)
    return install


def som_status(db, iso3: str) -> Participation:
    return db.scalar(select(Participation).join(State, Participation.state_id == State.id)
                     .where(State.iso3 == iso3))


def secretariat(db) -> User:
    from questionnaire.models import Role
    user = User(email="sec@example.org", name="Secretariat", role=Role.SECRETARIAT, active=True)
    user.set_password("a long enough password")
    db.add(user)
    return user


def test_init_brings_an_old_installation_up_to_the_shipped_list(runner, db, fresh_db, newer_shipped_list):
    assert runner.invoke(args=["init"]).exit_code == 0  # installed with the list as at 2024-04-26
    user = secretariat(db)
    service.set_parties(db, user, listed=["FJI"], parties=[])  # the secretariat's own word on Fiji
    db.commit()
    assert som_status(fresh_db(), "AFG").status == "party" and som_status(db, "TCD").status == "neither"

    newer_shipped_list()
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert "2 shipped party statuses brought up to the shipped list." in result.output

    db = fresh_db()
    afghanistan, chad, mexico, fiji = (som_status(db, code) for code in ("AFG", "TCD", "MEX", "FJI"))
    assert (afghanistan.status, afghanistan.as_at, afghanistan.state.legacy_som_party) == ("neither", NEWER, False)
    assert (chad.status, chad.as_at, chad.state.legacy_som_party) == ("party", NEWER, True)
    assert (mexico.status, mexico.as_at) == ("party", NEWER)  # unchanged, re-dated to the list it agrees with
    assert (fiji.status, fiji.source) == ("neither", service.EDITED_SOURCE)  # the secretariat's stays
    assert "brought up" not in runner.invoke(args=["init"]).output  # nothing more to do


def test_init_leaves_the_party_status_alone_once_a_table_was_imported(runner, db, fresh_db, tmp_path,
                                                                    newer_shipped_list):
    assert runner.invoke(args=["init"]).exit_code == 0
    table = tmp_path / "parties.csv"
    table.write_text("Participant,Signature,\"Ratification, Acceptance(A), Approval(AA), Accession(a), "
                     "Succession(d)\"\nAfghanistan,,15 Aug 2014 a\n", encoding="utf-8")
    # imported under the shipped source's very name and an older date: only its recorded origin tells it apart
    listed = seed.party_list_source()
    imported = runner.invoke(args=["parties", "import", str(table), "--source", listed.source,
                                   "--as-at", "2024-01-01"])
    assert imported.exit_code == 0, imported.output

    newer_shipped_list()
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0 and "brought up" not in result.output
    db = fresh_db()
    assert (som_status(db, "AFG").status, som_status(db, "AFG").consented_on) == ("party", date(2014, 8, 15))
    assert som_status(db, "TCD").status == "neither" and som_status(db, "TCD").as_at == date(2024, 1, 1)


def test_who_gave_a_status_is_stored_with_it_not_read_from_the_audit_trail(runner, db, fresh_db, tmp_path,
                                                                        newer_shipped_list):
    assert runner.invoke(args=["init"]).exit_code == 0
    assert {row.origin for row in fresh_db().scalars(select(Participation))} == {StatusOrigin.SHIPPED}
    service.set_parties(db, secretariat(db), listed=["FJI"], parties=[])
    db.commit()
    assert som_status(fresh_db(), "FJI").origin is StatusOrigin.SECRETARIAT
    table = tmp_path / "parties.csv"
    table.write_text("Participant,Signature,\"Ratification, Acceptance(A), Approval(AA), Accession(a), "
                     "Succession(d)\"\nAfghanistan,,15 Aug 2014 a\n", encoding="utf-8")
    listed = seed.party_list_source()
    assert runner.invoke(args=["parties", "import", str(table), "--source", listed.source,
                               "--as-at", "2024-01-01"]).exit_code == 0
    assert {row.origin for row in fresh_db().scalars(select(Participation))} == {StatusOrigin.IMPORTED}
    # the trail's record of the import, under another name (as an action renamed since would leave it)
    db.execute(update(AuditEvent).where(AuditEvent.action == "parties.import").values(action="states.imported"))
    db.commit()

    newer_shipped_list()
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0 and "brought up" not in result.output
    db = fresh_db()
    assert som_status(db, "AFG").status == "party" and som_status(db, "TCD").status == "neither"
    assert som_status(db, "TCD").as_at == date(2024, 1, 1)


def test_a_status_from_an_older_shipped_list_takes_the_shipped_source(db, fresh_db, states, newer_shipped_list):
    chad = som_status(db, "TCD")
    chad.source = "United Nations Treaty Collection (an older release's words)"
    db.commit()
    newer_shipped_list()
    assert seed.refresh_shipped_statuses(db) == 2  # Chad a party, Afghanistan no longer
    db.commit()
    chad = som_status(fresh_db(), "TCD")
    assert (chad.status, chad.as_at, chad.source) == ("party", NEWER, seed.party_list_source().source)


def test_the_shipped_list_itself_needs_no_refresh(db, states):
    assert seed.refresh_shipped_statuses(db) == 0


def test_a_status_dated_after_the_shipped_list_is_left_alone(db, fresh_db, states):
    # as an installation made by a release shipping a later list would hold it
    chad = som_status(db, "TCD")
    chad.status, chad.as_at = "party", date(2025, 1, 1)
    db.commit()
    assert seed.refresh_shipped_statuses(db) == 0
    db.commit()
    assert (som_status(fresh_db(), "TCD").status, som_status(db, "TCD").as_at) == ("party", date(2025, 1, 1))
