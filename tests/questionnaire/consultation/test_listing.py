"""The consultations a delegate may read: listed with the same statements however many there are, and read
in the delegate's language."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from questionnaire.consultation import consultations, revisions
from questionnaire.definitions.document import import_document
from questionnaire.models import Proposal, utcnow
from tests.factories import set_party, small_document


def test_listing_reads_each_instruments_parties_once(db, states, make_user, count_queries):
    set_party(db, states["MEX"])
    draft = import_document(db, small_document("listing"))
    secretariat = make_user("secretariat")
    mexico, chad = make_user("delegate", state="MEX"), make_user("delegate", state="TCD")

    def consult(number: int) -> None:
        revision = revisions.issue_revision(db, draft, secretariat, f"CTOC/COP/WG.7/2017/{number}",
                                            date(2017, 6, number))
        consultation = consultations.open_consultation(db, revision, secretariat, utcnow().date(),
                                                       utcnow().date() + timedelta(days=30), "parties")
        consultations.close_consultation(db, consultation, secretariat)
        db.commit()

    consult(1)
    db.expire_all()
    with count_queries() as one:
        assert len(consultations.consultations_for(db, mexico)) == 1
    for number in (2, 3, 4):
        consult(number)
    db.expire_all()
    with count_queries() as four:
        assert len(consultations.consultations_for(db, mexico)) == 4
    assert four.count == one.count
    assert consultations.consultations_for(db, chad) == []  # not a party: invited to none


def test_a_consultation_page_names_states_and_dates_the_readers_way(db, client, login, round_, make_user):
    c, mex, nga = round_["consultation"], round_["mex"], round_["nga"]
    login(mex)
    client.post(f"/drafting/consultations/{c.id}/posts", data={
        "question_key": "crim", "kind": "wording", "field": "text", "wording": "Is it a crime?",
        "justification": "Clearer."})
    proposal = db.scalars(select(Proposal).where(Proposal.consultation_id == c.id)).first()
    login(nga)
    client.post(f"/drafting/proposals/{proposal.id}/support")
    login(make_user("delegate", state="MEX", locale="fr"))
    page = client.get(f"/drafting/consultations/{c.id}").get_data(as_text=True)
    assert "<strong>Mexique</strong>" in page and "Appuyée par\u00a0: Nigeria" in page  # CLDR's French names
    assert "Mexico" not in page
    assert "du <bdi>1 juin 2017</bdi>" in page and c.opens_on.isoformat() not in page  # dates as the reader writes them


def test_sessions_are_dated_the_readers_way(db, client, login, make_user):
    from questionnaire.consultation.meetings import create_meeting

    secretariat = make_user("secretariat", locale="fr")
    create_meeting(db, secretariat, "working_group", 4, date(2017, 9, 11), date(2017, 9, 13), "Vienne")
    db.commit()
    login(secretariat)
    page = client.get("/drafting/").get_data(as_text=True)
    assert "(Vienne, 11–13 sept. 2017)" in page
    assert "2017-09-11" not in page
