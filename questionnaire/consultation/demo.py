"""The demo's drafting round, so that a newcomer sees the whole path: the Working Group's and the
Conference's sessions, the secretariat's draft of the SOM questionnaire issued and consulted on, States'
comments and proposals with support and dispositions, the revised draft, endorsement and adoption."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire import lifecycle
from questionnaire.consultation import consultations, dispositions, meetings, proposals, revisions
from questionnaire.consultation.proposals import ProposalInput
from questionnaire.models import Body, Meeting, Questionnaire, Role, State, User
from questionnaire.texts import set_translation

SYMBOL = "CTOC/COP/WG.7/2017/2"


def _meeting(db: Session, user: User, body: Body, session: int, starts_on: date, ends_on: date) -> Meeting:
    found = db.scalar(select(Meeting).where(Meeting.body == body, Meeting.session == session))
    return found or meetings.create_meeting(db, user, body, session, starts_on, ends_on, "Vienna")


def _delegate(db: Session, iso3: str) -> User | None:
    return db.scalar(select(User).join(State).where(User.role == Role.DELEGATE, State.iso3 == iso3).limit(1))


#: The accepted wording of the demo's round in the five other languages (draft translations).
APPLIED_WORDING_TRANSLATIONS = {
    "ar": "هل يُبلَّغ المهاجرون المهرَّبون المحتجزون دون إبطاء بحقهم في الاتصال بالموظفين القنصليين لدولة جنسيتهم؟",
    "es": "¿Se informa sin demora a los migrantes objeto de tráfico ilícito que están detenidos de su derecho a "
          "comunicarse con las autoridades consulares del Estado de su nacionalidad?",
    "fr": "Les migrants objet d’un trafic illicite qui sont détenus sont-ils informés sans délai de leur droit de "
          "communiquer avec les autorités consulaires de l’État dont ils ont la nationalité\u00a0?",
    "ru": "Информируются ли задержанные незаконно ввезенные мигранты без промедления о своем праве на связь с "
          "консульскими должностными лицами государства своей гражданской принадлежности?",
    "zh": "被拘留的被偷运移民是否被毫不迟延地告知其与国籍国领事官员联系的权利？",
}


def create_demo_round(db: Session, questionnaire: Questionnaire, secretariat: User) -> None:
    """Take the shipped draft through a drafting round up to its adoption; nothing when it was issued
    already or a delegate of Mexico or Nigeria is missing. Flushes, never commits."""
    mexico, nigeria = _delegate(db, "MEX"), _delegate(db, "NGA")
    if revisions.revisions_of(db, questionnaire) or mexico is None or nigeria is None:
        return
    working_group = _meeting(db, secretariat, Body.WORKING_GROUP, 4, date(2017, 9, 11), date(2017, 9, 13))
    conference = _meeting(db, secretariat, Body.CONFERENCE, 9, date(2018, 10, 15), date(2018, 10, 19))
    first = revisions.issue_revision(db, questionnaire, secretariat, SYMBOL, date(2017, 6, 26))
    today = consultations.today()
    consultation = consultations.open_consultation(db, first, secretariat, today, today + timedelta(days=30),
                                                   "parties")
    consular = proposals.post(db, consultation, mexico, ProposalInput(
        "wording", "som.prev.consular", field="text",
        wording="Are smuggled migrants who are detained informed without delay of their right to communicate "
                "with the consular officials of their State of nationality?",
        justification="Closer to article 16 (5) of the Protocol, which speaks of the migrant's State."))
    guidance = proposals.post(db, consultation, nigeria, ProposalInput(
        "wording", "som.crim.humanitarian", field="guidance",
        wording="Family members and humanitarian organizations acting without a material benefit are not meant "
                "to be prosecuted; say how your law protects them.",
        justification="Make the guidance say what States should report."))
    root_causes = proposals.post(db, consultation, mexico, ProposalInput(
        "delete", "som.prev.root_causes", justification="Development programmes are reviewed elsewhere."))
    proposals.post(db, consultation, nigeria, ProposalInput(
        "comment", "som.enf.statistics",
        justification="Figures for each stage and year are not kept everywhere; totals should be accepted."))
    proposals.support(db, consular, nigeria)
    proposals.support(db, guidance, mexico)
    consultations.close_consultation(db, consultation, secretariat)
    # the demo's round took place in 2017: the consultation was opened today only because the service
    # refuses a closing date in the past
    consultation.opens_on, consultation.closes_on = date(2017, 6, 26), date(2017, 7, 31)
    consultation.closed_at = datetime(2017, 8, 1, 9, 0)
    dispositions.dispose(db, consular, secretariat, "with_changes", "Accepted, keeping the shorter wording.",
                         "Are detained smuggled migrants informed without delay of their right to communicate "
                         "with the consular officials of their State of nationality?", apply=True)
    dispositions.dispose(db, guidance, secretariat, "not_accepted",
                         "The guidance follows the interpretative notes; the question already asks it.")
    dispositions.dispose(db, root_causes, secretariat, "not_accepted",
                         "Article 15 (3) of the Protocol asks for these programmes; the question stays.")
    # the language services translate the accepted wording before /Rev.1 is issued in every language
    for language, text in APPLIED_WORDING_TRANSLATIONS.items():
        if language in questionnaire.translated_languages:
            set_translation(db, questionnaire, "question.som.prev.consular.text", language, text, secretariat)
    revisions.issue_revision(db, questionnaire, secretariat, f"{SYMBOL}/Rev.1", date(2017, 8, 21))
    lifecycle.endorse(db, questionnaire, secretariat, working_group, at=date(2017, 9, 13))
    lifecycle.adopt(db, questionnaire, secretariat, at=date(2018, 10, 19), meeting=conference, resolution="9/3")
    db.flush()
