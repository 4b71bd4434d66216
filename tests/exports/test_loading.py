"""Loading an export: a fixed number of queries, and never two versions mixed."""
from __future__ import annotations

import io

import openpyxl
from sqlalchemy import select

from questionnaire.definitions.document import export_document, import_document
from questionnaire.models import Answer, Observation, ObservationKind, Response, State
from exports.selection import Selection
from exports.service import build_sheets, file_name, prepare, write_export


def test_the_query_count_does_not_grow_with_the_number_of_states(db, som, make_user, count_queries, add_response):
    author = make_user("secretariat")
    all_states = list(db.scalars(select(State).order_by(State.iso3)))

    def queries_for(count: int) -> int:
        for state in all_states[:count]:
            if state.iso3 not in answered:
                add_response(som, state, {"som.crim.smuggling": "yes", "som.crim.smuggling.legislation": "Law"}, author)
                answered.add(state.iso3)
        db.expire_all()
        with count_queries() as counter:
            data = prepare(db, Selection("som-protocol"), None)
            write_export(data, "xlsx", io.BytesIO())
        assert len(data.responses) == count
        return counter.count

    answered: set[str] = set()
    assert queries_for(2) == queries_for(12)


def test_the_query_count_does_not_grow_with_observations_or_formats(db, som, make_user, count_queries, add_response):
    """Observations, their authors and replies load in the same fixed number of queries, for the workbook
    and the CSV alike, and the count is small."""
    author, reviewer = make_user("secretariat"), make_user("reviewer")
    all_states = list(db.scalars(select(State).order_by(State.iso3)))
    observed: set[str] = set()

    def queries_for(count: int, fmt: str) -> int:
        for state in all_states[:count]:
            if state.iso3 in observed:
                continue
            response = add_response(som, state, {"som.crim.smuggling": "yes"}, author)
            answer = db.scalar(select(Answer).join(Response).where(Response.state_id == state.id))
            db.add_all([Observation(answer=answer, author_id=reviewer.id, kind=ObservationKind.QUESTION, text="Which law?"),
                        Observation(answer=answer, author_id=author.id, kind=ObservationKind.NOTE, text="Note")])
            db.commit()
            observed.add(state.iso3)
            assert response is not None
        db.expire_all()
        with count_queries() as counter:
            data = prepare(db, Selection("som-protocol"), reviewer)
            write_export(data, fmt, io.BytesIO())
        assert len(data.observations) == 2 * count
        return counter.count

    few = {fmt: queries_for(2, fmt) for fmt in ("xlsx", "csv")}
    many = {fmt: queries_for(9, fmt) for fmt in ("xlsx", "csv")}
    assert few == many and max(many.values()) <= 14, (few, many)  # with the translations and the parties in force


def test_a_new_version_is_exported_on_its_own_and_says_which_version(db, som, states, make_user, add_response):
    author = make_user("secretariat")
    add_response(som, states["MEX"], {"som.crim.smuggling": "yes"}, author)
    newer = import_document(db, export_document(som))
    db.commit()
    add_response(newer, states["NGA"], {"som.crim.smuggling": "no"}, author)

    data = prepare(db, Selection("som-protocol"), None)
    assert data.questionnaire.version == som.version + 1 and [r.iso3 for r in data.responses] == ["NGA"]
    assert file_name(data, "xlsx").startswith(f"som-protocol-v{som.version + 1}-")
    about = {row[0]: row[1] for row in build_sheets(data)[0].rows}
    assert about["Version"] == som.version + 1
    assert f"Version {som.version} has 1 response;" in about["Other versions"]

    old = prepare(db, Selection("som-protocol", version=som.version), None)
    buffer = io.BytesIO()
    write_export(old, "xlsx", buffer)
    wb = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    assert [r[1] for r in wb["Answers"].iter_rows(min_row=2, values_only=True)] == ["MEX"]
