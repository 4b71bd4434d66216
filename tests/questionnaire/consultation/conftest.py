"""A questionnaire with two issued revisions: a wording proposal of Mexico, supported by Nigeria and accepted
with changes, went into revision 2, which also moves, removes and adds questions and retitles a cluster."""
from __future__ import annotations

import copy
from datetime import date, timedelta

import pytest

from questionnaire.consultation import consultations, dispositions, proposals, revisions
from questionnaire.definitions.document import export_document, import_document
from questionnaire.models import Revision, utcnow
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
