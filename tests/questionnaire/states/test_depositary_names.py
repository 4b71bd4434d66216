"""The depositary's participants table, as the United Nations Treaty Collection writes it, matches the
shipped States: the rows Albania to France of the Smuggling of Migrants Protocol's table (status as at
26 April 2024), with its footnote marks, a former name and the kinds of consent."""
from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from questionnaire.states import parties

TABLE = Path(__file__).with_name("untc-som-albania-to-france.csv")


def test_every_row_of_the_depositary_table_matches_a_participant(db, states):
    rows = parties.read_participants(db, TABLE.read_bytes(), TABLE.name)
    assert len(rows) == 49 and all(row.state_id is not None for row in rows)
    by_name = {row.participant: row for row in rows}
    assert by_name["Czechia"].state_id == states["CZE"].id  # "Czech Republic" in the table
    assert by_name["Denmark"].consented_on == date(2006, 12, 8)  # "Denmark 1": a footnote mark
    assert Counter(row.status for row in rows) == {"party": 46, "signatory": 3}
    for name, signed_on in (("Bolivia (Plurinational State of)", date(2000, 12, 12)), ("Congo", date(2000, 12, 14)),
                            ("Equatorial Guinea", date(2000, 12, 14))):
        assert (by_name[name].status, by_name[name].signed_on, by_name[name].consented_on) == (
            "signatory", signed_on, None), name
    eu = by_name["European Union"]
    assert (eu.status, eu.state_id, eu.consented_on, eu.consent_kind) == (
        "party", states["EUU"].id, date(2006, 9, 6), "approval")
    assert (by_name["Finland"].consent_kind, by_name["Angola"].consent_kind,
            by_name["Albania"].consent_kind) == ("acceptance", "accession", "ratification")
