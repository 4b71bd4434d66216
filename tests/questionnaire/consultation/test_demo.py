"""The demo shows a whole drafting round: sessions, an issued draft and its /Rev.1, a closed consultation
with comments, proposals, support and dispositions, then endorsement and adoption."""
from __future__ import annotations

from sqlalchemy import func, select

from questionnaire.models import Consultation, Decision, Meeting, Proposal, Questionnaire, Revision, Support


def test_init_demo_walks_the_som_questionnaire_through_a_drafting_round_once(runner, db, client, login):
    result = runner.invoke(args=["init", "--demo"])
    assert result.exit_code == 0, result.output
    assert "delegate     delegate.mex@demo.example" in result.output
    questionnaire = db.scalar(select(Questionnaire))
    assert questionnaire.status == "open"
    assert [r.symbol for r in db.scalars(select(Revision).order_by(Revision.number))] == [
        "CTOC/COP/WG.7/2017/2", "CTOC/COP/WG.7/2017/2/Rev.1"]
    consultation = db.scalar(select(Consultation))
    assert consultation.closed_at is not None and consultation.closes_on.year == 2017
    posts = db.scalars(select(Proposal).order_by(Proposal.id)).all()
    assert [(p.state.iso3, str(p.kind)) for p in posts] == [
        ("MEX", "wording"), ("NGA", "wording"), ("MEX", "delete"), ("NGA", "comment")]
    assert all(p.disposition for p in posts if not p.is_comment) and posts[0].disposition.applied_at
    assert db.scalar(select(func.count()).select_from(Support)) == 2
    assert sorted(str(d.kind) for d in db.scalars(select(Decision))) == ["adoption", "endorsement"]
    assert db.scalar(select(func.count()).select_from(Meeting)) == 2
    # the working draft took the accepted wording, so revision 2 shows it as a change with its proposal
    runner_text = runner.invoke(args=["definition", "diff", "som-protocol", "--from", "1", "--to", "2"]).output
    assert "som.prev.consular: reworded" in runner_text and "by Mexico" in runner_text
    again = runner.invoke(args=["init", "--demo"])
    assert again.exit_code == 0, again.output
    assert db.scalar(select(func.count()).select_from(Revision)) == 2
    assert db.scalar(select(func.count()).select_from(Proposal)) == 4
