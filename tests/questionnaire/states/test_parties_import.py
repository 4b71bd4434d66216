"""Importing the depositary's participants table: preview, apply with source and "as at", refuse bad input."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from questionnaire.models import AuditEvent, Participation, State

RATIFICATION = "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)"
#: Shaped like the United Nations Treaty Collection's table: title lines, footnote numbers, kinds of consent.
UNTC = [
    ["12 . b Protocol against the Smuggling of Migrants by Land, Sea and Air"],
    ["Status as at : 29-11-2026"],
    [],
    ["Participant", "Signature", RATIFICATION, "Declarations and Reservations"],
    ["Bolivia (Plurinational State of)", "12 Dec 2000", "", ""],
    ["European Union 4", "12 Dec 2000", "6 Sep 2006 AA", "Declaration under article 21 (2)"],
    ["India", "12 Dec 2002", "5 May 2011", ""],
    ["Sudan", "", "2 Jan 2018 a", ""],
    ["Mexico", "13 Dec 2000", "4 Mar 2003", ""],
]


def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def status(db, name):
    db.expire_all()
    return db.scalar(select(Participation).where(Participation.participant == name))


@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes])
def test_the_depositary_table_is_previewed_then_applied_with_source_and_as_at(runner, db, states, tmp_path, make):
    path = tmp_path / ("parties.csv" if make is csv_bytes else "parties.xlsx")
    path.write_bytes(make(UNTC))
    dry = runner.invoke(args=["parties", "import", str(path), "--instrument", "som", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Afghanistan: Party -> Neither party nor signatory\n" in dry.output
    assert "Bolivia (Plurinational State of): Neither party nor signatory -> Signatory; signed on — -> 2000-12-12\n" in dry.output
    assert dry.output.endswith(" changes; nothing written (dry run).\n")
    assert status(db, "India").consented_on is None and status(db, "European Union").consented_on is None
    done = runner.invoke(args=["parties", "import", str(path), "--instrument", "som", "--as-at", "2026-11-29"])
    assert done.exit_code == 0, done.output
    india, eu, sudan = status(db, "India"), status(db, "European Union"), status(db, "Sudan")
    assert (india.status, india.consented_on.isoformat(), india.as_at.isoformat()) == ("party", "2011-05-05", "2026-11-29")
    assert (eu.status, eu.state.iso3, eu.consent_kind, eu.declarations) == ("party", "EUU", "approval", "Declaration under article 21 (2)")
    assert (sudan.consent_kind, status(db, "Bolivia (Plurinational State of)").status) == ("accession", "signatory")
    assert status(db, "Afghanistan").status == "neither"  # not in the table: not a party
    assert db.scalar(select(State.legacy_som_party).where(State.iso3 == "IND")) is True  # kept in step
    assert db.scalar(select(State.legacy_som_party).where(State.iso3 == "BOL")) is False
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "parties.import"))
    eu_change = {"participant": "European Union",  # its dates changed, not its status
                 "before": {"signed_on": None, "consented_on": None},
                 "after": {"signed_on": "2000-12-12", "consented_on": "2006-09-06"}}
    assert event is not None and eu_change in event.details["changes"]
    out = tmp_path / "out.csv"
    assert runner.invoke(args=["parties", "export", "--instrument", "som", "--out", str(out)]).exit_code == 0
    exported = {row["participant"]: row for row in csv.DictReader(out.read_text(encoding="utf-8").splitlines())}
    assert exported["European Union"]["iso3"] == "" and exported["European Union"]["group"] == "Regional economic integration organization"
    assert exported["India"] == {**exported["India"], "iso3": "IND", "status": "party", "date": "2011-05-05", "as_at": "2026-11-29"}


def test_a_table_that_changes_one_participant_counts_one_change(runner, db, states, tmp_path):
    path = tmp_path / "parties.csv"
    path.write_bytes(csv_bytes(UNTC))
    assert runner.invoke(args=["parties", "import", str(path), "--as-at", "2026-11-29"]).exit_code == 0
    path.write_bytes(csv_bytes(UNTC + [["Chad", "", "1 Jan 2010 a", ""]]))
    dry = runner.invoke(args=["parties", "import", str(path), "--dry-run"])
    chad = "Chad: Neither party nor signatory -> Party; consented to be bound on — -> 2010-01-01\n"
    assert dry.output == chad + "1 change; nothing written (dry run).\n"
    done = runner.invoke(args=["parties", "import", str(path), "--as-at", "2026-12-01"])
    assert done.output == chad + "1 change applied, as at 2026-12-01.\n"
    assert status(db, "Chad").status == "party"


def test_a_participant_whose_dates_alone_change_is_shown_with_the_dates_that_change(runner, db, states, tmp_path):
    path = tmp_path / "parties.csv"
    path.write_bytes(csv_bytes(UNTC))
    dry = runner.invoke(args=["parties", "import", str(path), "--dry-run"])
    lines = dry.output.splitlines()
    # parties already, with no dates recorded: the depositary's days are added, the status stays
    assert "India: signed on — -> 2002-12-12; consented to be bound on — -> 2011-05-05" in lines
    assert "European Union: signed on — -> 2000-12-12; consented to be bound on — -> 2006-09-06" in lines
    assert "Party -> Party" not in dry.output
    assert runner.invoke(args=["parties", "import", str(path), "--as-at", "2026-11-29"]).exit_code == 0
    # the depositary dates India's consent a day later: that day alone changes
    path.write_bytes(csv_bytes([row if row[:1] != ["India"] else ["India", "12 Dec 2002", "6 May 2011", ""]
                                for row in UNTC]))
    assert runner.invoke(args=["parties", "import", str(path), "--dry-run"]).output == (
        "India: consented to be bound on 2011-05-05 -> 2011-05-06\n1 change; nothing written (dry run).\n")
    assert status(db, "India").consented_on.isoformat() == "2011-05-05"


@pytest.mark.parametrize(("rows", "words"), [
    (UNTC + [["Atlantis", "", "1 Jan 2010", ""]], "“Atlantis” is not a State or organization known here"),
    (UNTC + [["India", "", "5 May 2011", ""]], "“India” is listed twice"),
    (UNTC + [["Chad", "sometime", "", ""]], "“sometime” is not a date"),
    (UNTC + [["Chad", "", "1 Jan 2010 zz", ""]], "“zz” after the date is not a kind of consent"),
    ([["Participant", "Signature", RATIFICATION, "Status"], ["India", "", "5 May 2011", "ratified-ish"]],
     "“ratified-ish” is not a status it knows"),
])
def test_a_bad_table_is_refused_with_a_clear_message_and_nothing_written(runner, db, states, tmp_path, rows, words):
    path = tmp_path / "parties.csv"
    path.write_bytes(csv_bytes(rows))
    result = runner.invoke(args=["parties", "import", str(path), "--instrument", "som"])
    assert result.exit_code != 0 and words in result.output
    assert status(db, "India").consented_on is None and status(db, "European Union").consented_on is None
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "parties.import")) is None


@pytest.mark.parametrize(("name", "data"), [("parties.csv", xlsx_bytes(UNTC)), ("parties.xlsx", b"\x00\x01 not a zip"),
                                             ("parties.csv", b"\x89PNG\r\n\x1a\n\x00\x00")])
def test_a_renamed_binary_is_refused(runner, db, states, tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(args=["parties", "import", str(path)])
    assert result.exit_code != 0 and ("not a CSV table" in result.output or "workbook" in result.output.lower()
                                      or "not a valid archive" in result.output)
    assert status(db, "European Union").consented_on is None


def test_the_changes_are_listed_in_the_interface_language_asked_for(runner, db, states, tmp_path):
    path = tmp_path / "parties.csv"
    path.write_bytes(csv_bytes(UNTC))
    dry = runner.invoke(args=["parties", "import", str(path), "--dry-run", "--interface-lang", "fr"])
    assert dry.exit_code == 0, dry.output
    assert "Afghanistan\u00a0: Partie -> Ni partie ni signataire\n" in dry.output  # French spacing
    assert ("Bolivia (Plurinational State of)\u00a0: Ni partie ni signataire -> Signataire; date de signature — -> "
            "2000-12-12\n") in dry.output
    assert "neither" not in dry.output and "(none)" not in dry.output
    unknown = runner.invoke(args=["parties", "import", str(path), "--dry-run", "--interface-lang", "xx"])
    assert unknown.exit_code == 1 and "--interface-lang" in unknown.output


def test_an_as_at_that_is_not_a_date_is_refused_in_words(runner, db, states, tmp_path):
    path = tmp_path / "parties.csv"
    path.write_bytes(csv_bytes(UNTC))
    refused = runner.invoke(args=["parties", "import", str(path), "--as-at", "29/11/2026", "--interface-lang", "fr"])
    assert refused.exit_code == 1
    assert "--as-at" in refused.output and "doit être une date au format AAAA-MM-JJ." in refused.output
    assert status(db, "India").consented_on is None


PARTIES_WORDS = {"fr": {
    (None, "Error: %(message)s"): "Erreur : %(message)s",
    (None, "Wrote %(path)s."): "%(path)s écrit.",
    (None, "“%(code)s” is not an instrument (som, tip, firearms, untoc)."):
        "« %(code)s » n’est pas un instrument (som, tip, firearms, untoc).",
}}


def test_the_party_list_export_speaks_the_interface_language_and_writes_the_same_list(runner, db, states, tmp_path,
                                                                                     lay_words):
    lay_words(PARTIES_WORDS)
    french, english = tmp_path / "fr.csv", tmp_path / "en.csv"
    said = runner.invoke(args=["parties", "export", "--out", str(french), "--interface-lang", "fr"])
    assert (said.exit_code, said.output) == (0, f"{french} écrit.\n")
    assert runner.invoke(args=["parties", "export", "--out", str(english)]).output == f"Wrote {english}.\n"
    assert french.read_bytes() == english.read_bytes()
    refused = runner.invoke(args=["parties", "export", "--instrument", "nope", "--out", str(french),
                                  "--interface-lang", "fr"])
    assert (refused.exit_code, refused.output) == (
        1, "Erreur : « nope » n’est pas un instrument (som, tip, firearms, untoc).\n")

