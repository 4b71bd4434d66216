"""A questionnaire with two issued revisions: a wording proposal of Mexico, supported by Nigeria and accepted
with changes, went into revision 2, which also moves, removes and adds questions and retitles a cluster;
and a draft ``small`` whose revision 1 is under consultation through the pages (``round_``)."""
from __future__ import annotations

import copy
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from questionnaire.consultation import consultations, dispositions, proposals, revisions
from questionnaire.definitions.document import export_document, import_document
from questionnaire.models import Consultation, Revision, utcnow
from tests.factories import small_document, set_party


def second_draft(document: dict) -> dict:
    """``document`` with cluster B retitled, "cases" moved to B, "authority" removed, a question added,
    a choice relabelled and guidance reworded."""
    document = copy.deepcopy(document)
    a, b = document["clusters"]
    cases = next(q for q in a["questions"] if q["key"] == "cases")
    a["questions"] = [q for q in a["questions"] if q["key"] not in ("cases", "authority")]
    a["questions"].append({**cases, "key": "routes", "number": "2", "text": "Which routes do smugglers use?",
                           "guidance": "", "options": {}, "kind": "long_text"})
    a["questions"][0]["guidance"] = "Think of the criminal law."
    b["title"] = "Cooperation between States"
    b["questions"].insert(1, cases)
    b["questions"][2]["options"] = {"choices": [{"value": "bi", "label": "Bilateral treaties"},
                                                {"value": "multi", "label": "Multilateral"}]}
    return document


@pytest.fixture
def revised(db, states, make_user):
    """Revisions 1 and 2 of the draft ``revised``; returns a dict of the objects a test needs."""
    for iso3 in ("MEX", "NGA"):
        set_party(db, states[iso3])
    draft = import_document(db, small_document("revised"))
    secretariat = make_user("secretariat")
    mex, nga = make_user("delegate", state="MEX"), make_user("delegate", state="NGA")
    first = revisions.issue_revision(db, draft, secretariat, "CTOC/COP/WG.7/2017/2", date(2017, 6, 1))
    consultation = consultations.open_consultation(db, first, secretariat, utcnow().date(),
                                                   utcnow().date() + timedelta(days=30), "parties")
    wording = proposals.post(db, consultation, mex, proposals.ProposalInput(
        "wording", "crim", field="text", wording="Is the smuggling of migrants a crime?",
        justification="Use the Protocol's words."))
    proposals.post(db, consultation, nga, proposals.ProposalInput("comment", "cases", justification="No figures."))
    proposals.support(db, wording, nga)
    consultations.close_consultation(db, consultation, secretariat)
    dispositions.dispose(db, wording, secretariat, "with_changes", "Shorter.",
                         "Is smuggling of migrants a criminal offence?", apply=True)
    db.flush()
    second = Revision(questionnaire_id=draft.id, number=2, symbol="CTOC/COP/WG.7/2017/2/Rev.1",
                      issued_on=date(2017, 8, 1), snapshot=second_draft(export_document(draft)))
    db.add(second)
    db.commit()
    return {"questionnaire": draft, "first": first, "second": second, "consultation": consultation,
            "proposal": wording, "secretariat": secretariat, "mex": mex, "nga": nga}


@pytest.fixture
def small(db, states):
    """A draft (never opened) of the small questionnaire."""
    questionnaire = import_document(db, small_document("drafty"))
    db.commit()
    return questionnaire


@pytest.fixture
def parties(db, states):
    for iso3 in ("MEX", "NGA"):
        set_party(db, states[iso3])
    set_party(db, states["FRA"], False)
    return states


@pytest.fixture
def round_(db, client, login, make_user, small, parties):
    """Revision 1 of ``small`` issued and its consultation open; delegates of Mexico and Nigeria."""
    secretariat = make_user("secretariat")
    login(secretariat)
    client.post(f"/drafting/questionnaires/{small.id}/revisions", data={"symbol": "CTOC/COP/WG.7/2017/2",
                                                                        "issued_on": "2017-06-01"})
    revision = db.scalar(select(Revision).where(Revision.questionnaire_id == small.id))
    today = utcnow().date()
    client.post(f"/drafting/revisions/{revision.id}/consultation", data={
        "opens_on": today.isoformat(), "closes_on": (today + timedelta(days=30)).isoformat(), "participants": "parties"})
    consultation = db.scalar(select(Consultation))
    return {"secretariat": secretariat, "revision": revision, "consultation": consultation,
            "mex": make_user("delegate", state="MEX"), "nga": make_user("delegate", state="NGA")}
