"""A deleted draft's id, and those of the consultation and proposals deleted with it, are never given to
something new (on SQLite too, where a table without AUTOINCREMENT hands out the highest id again once its row
is gone): the audit trail names them by id, so an older event goes on naming the deleted draft, not the new
one."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from questionnaire.builder.versions import delete_draft
from questionnaire.consultation import consultations, proposals, revisions
from questionnaire.definitions.document import import_document
from questionnaire.models import AuditEvent, Consultation, Proposal, Questionnaire, utcnow
from tests.conftest import fresh
from tests.factories import set_party, small_document


def _draft_in_consultation(db, me, mexico, slug: str) -> tuple[Questionnaire, Consultation, Proposal]:
    """A draft with a revision open for consultation and a proposal of Mexico's on it (flushed)."""
    draft = import_document(db, small_document(slug), me)
    revision = revisions.issue_revision(db, draft, me, f"CTOC/COP/WG.7/2017/{slug}", date(2017, 6, 1))
    today = utcnow().date()
    consultation = consultations.open_consultation(db, revision, me, today, today + timedelta(days=30), "parties")
    proposal = proposals.post(db, consultation, mexico, proposals.ProposalInput(
        "comment", "crim", justification="Clearer."))
    db.flush()
    return draft, consultation, proposal


def test_a_draft_deleted_with_its_consultation_leaves_its_ids_to_no_one(app, db, make_user, states):
    me = make_user("secretariat")
    set_party(db, states["MEX"])
    mexico = make_user("delegate", state="MEX")
    with app.test_request_context():
        gone = _draft_in_consultation(db, me, mexico, "gone")
        gone_ids = [row.id for row in gone]
        delete_draft(db, gone[0], me)
        db.commit()
        assert fresh(db).scalar(select(Proposal).where(Proposal.id == gone_ids[2])) is None  # went with the draft
        new_ids = [row.id for row in _draft_in_consultation(db, me, mexico, "new")]
        db.commit()
    assert all(new > old for new, old in zip(new_ids, gone_ids)), (gone_ids, new_ids)


def test_the_deletion_still_names_the_deleted_draft_once_another_is_made(app, client, db, make_user, login, states):
    me = make_user("secretariat", name="A. Secretariat")
    with app.test_request_context():
        gone = import_document(db, small_document("gone"), me)
        gone_id = gone.id
        delete_draft(db, gone, me)
        db.commit()
        new = import_document(db, small_document("new"), me)
        db.commit()
    assert new.id != gone_id
    deletion = fresh(db).scalar(select(AuditEvent).where(AuditEvent.action == "questionnaire.delete"))
    assert deletion.target == f"questionnaire:{gone_id}"
    login(me)
    page = client.get("/audit/").get_data(as_text=True)
    assert "A. Secretariat deleted the draft “Small questionnaire gone”, version 1" in page
    assert "deleted the draft “Small questionnaire new”" not in page
    named = client.get(f"/audit/?questionnaire={new.id}").get_data(as_text=True)
    assert "Small questionnaire gone" not in named  # the new draft's own trail holds nothing of the deleted one
