"""The data every installation starts with: UN member States, the SOM Protocol questionnaire, demo accounts."""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from typing import Callable

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaire import lifecycle
from questionnaire.definitions.document import export_definition, import_document, load_questionnaire
from questionnaire.definitions.languages import split_document
from questionnaire.definitions.translated import as_questionnaire
from questionnaire.models import (Instrument, Participation, Questionnaire, Role, State, StatusOrigin, TextTranslation,
                                  User, utcnow)
from questionnaire.texts import digest, source_texts

SOM_SLUG = "som-protocol"


def _data_file(name: str) -> str:
    return resources.files("questionnaire").joinpath("data", name).read_text(encoding="utf-8")


#: The Convention and its three Protocols: (code, name as questionnaires cite it, full title).
INSTRUMENTS = (
    ("untoc", "United Nations Convention against Transnational Organized Crime",
     "United Nations Convention against Transnational Organized Crime"),
    ("tip", "Trafficking in Persons Protocol",
     "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children, "
     "supplementing the United Nations Convention against Transnational Organized Crime"),
    ("som", "Smuggling of Migrants Protocol",
     "Protocol against the Smuggling of Migrants by Land, Sea and Air, supplementing the United Nations "
     "Convention against Transnational Organized Crime"),
    ("firearms", "Firearms Protocol",
     "Protocol against the Illicit Manufacturing of and Trafficking in Firearms, Their Parts and Components "
     "and Ammunition, supplementing the United Nations Convention against Transnational Organized Crime"),
)


def load_instruments(db: Session) -> None:
    """Add the Convention and its Protocols where missing (the migration adds them to existing databases)."""
    known = set(db.scalars(select(Instrument.code)))
    for position, (code, name, title) in enumerate(INSTRUMENTS, start=1):
        if code not in known:
            db.add(Instrument(code=code, name=name, full_title=title, position=position))
    db.flush()


def load_states(db: Session) -> int:
    """Add the UN member States (and the European Union) not yet in the database; returns how many were added.

    Their party status is the shipped list's (see :func:`party_list_source` for its source and date).
    Participants already there keep the secretariat's edits (status, name). A status imported before the
    participant had a row of its own (the European Union) is linked to the new row.
    """
    load_instruments(db)
    known = set(db.scalars(select(State.iso3)))
    som = db.scalar(select(Instrument).where(Instrument.code == "som"))
    recorded = {p.participant: p for p in db.scalars(select(Participation).where(Participation.instrument == som))} \
        if som is not None else {}
    listed = party_list_source()
    added = 0
    for row in json.loads(_data_file("states.json"))["states"]:
        if row["iso3"] in known:
            continue
        state = State(iso3=row["iso3"], name=row["name"], regional_group=row["regional_group"],
                      kind=row.get("kind", "member_state"), legacy_som_party=row["som_party"])
        db.add(state)
        added += 1
        if som is None:
            continue
        if row["name"] in recorded:
            recorded[row["name"]].state = state
            state.legacy_som_party = recorded[row["name"]].status == "party"
        else:
            db.add(Participation(instrument=som, state=state, participant=row["name"],
                                 status="party" if row["som_party"] else "neither",
                                 source=listed.source, as_at=listed.as_at, origin=StatusOrigin.SHIPPED))
    db.flush()
    return added


def refresh_shipped_statuses(db: Session) -> int:
    """Bring the shipped party status of an installation made with an older shipped list up to the shipped
    list; returns how many statuses changed (flushes only).

    Only a status that came with a shipped list (its recorded origin), dated no later than the shipped list,
    follows it: one the secretariat set on the States page or an import gave is never touched, whatever
    source it names, and nothing is once a participants table of the Protocol was imported (an import gives
    every status of the instrument its origin). A refreshed status takes the shipped source and "as at" date.
    """
    som = db.scalar(select(Instrument).where(Instrument.code == "som"))
    if som is None or db.scalar(select(Participation.id).where(
            Participation.instrument_id == som.id, Participation.origin == StatusOrigin.IMPORTED).limit(1)) is not None:
        return 0
    listed = party_list_source()
    shipped = {row["name"]: "party" if row["som_party"] else "neither"
               for row in json.loads(_data_file("states.json"))["states"]}
    changed = 0
    for participation in db.scalars(select(Participation).where(
            Participation.instrument_id == som.id, Participation.origin == StatusOrigin.SHIPPED,
            Participation.as_at <= listed.as_at)):
        status = shipped.get(participation.participant)
        if status is None or (participation.status, participation.as_at, participation.source) == (
                status, listed.as_at, listed.source):
            continue
        changed += participation.status != status
        participation.status, participation.as_at, participation.source = status, listed.as_at, listed.source
        if participation.state is not None:
            participation.state.legacy_som_party = status == "party"
    db.flush()
    return changed


@dataclass(frozen=True)
class PartyListSource:
    """Where the shipped party status of the States comes from, and the date it was known to be right."""

    as_at: date
    source: str
    note: str


def party_list_source() -> PartyListSource:
    data = json.loads(_data_file("states.json"))
    return PartyListSource(date.fromisoformat(data["som_party_as_at"]), data["som_party_source"],
                           data.get("som_party_note", ""))


def som_document() -> dict:
    """The shipped SOM Protocol questionnaire as it is shipped: in every language (``format_version`` 2)."""
    return json.loads(_data_file("som-protocol.json"))


def som_definition() -> dict:
    """The shipped SOM Protocol questionnaire as a plain document (``format_version`` 1) in English only:
    its source texts, no translations, no other language declared."""
    plain = split_document(som_document())[0]
    plain.pop("language_statuses", None)
    plain.pop("source_language", None)
    plain["languages"] = ["en"]
    return plain


def load_som_questionnaire(db: Session) -> bool:
    """Import the shipped SOM Protocol questionnaire; True when imported.

    On a database without it, the shipped document is imported as it is, with its translations.  Where an older version is stored
    (its number lower than the shipped document's) and its content differs, the shipped content becomes a
    new draft numbered after the latest version; versions already stored, and their answers, are untouched.
    A database whose latest version is as new as the shipped one (the secretariat's own) is left alone.
    """
    document = som_document()
    latest = load_questionnaire(db, SOM_SLUG)
    if latest is not None and (latest.version >= document.get("version", 1) or _same_content(db, latest, document)):
        if latest.version == document.get("version", 1):
            add_shipped_translations(db, latest, document)
        return False
    import_document(db, document)
    return True


def add_shipped_translations(db: Session, questionnaire: Questionnaire, document: dict) -> int:
    """Give a stored questionnaire the translations of the shipped ``document`` it lacks, so that an
    installation made before the shipped translations gets them at its next ``init``: only for a text
    whose stored source is word for word the shipped source, in a language with no translation of that
    text yet; the language is declared (as a draft translation) when it was not. Nothing stored is
    changed. Returns how many translations were added. Flushes."""
    plain, translations, problems = split_document(document)
    if problems or plain.get("source_language", "en") != questionnaire.source:
        return 0
    shipped = {text.key: text.text for text in source_texts(as_questionnaire(plain))}
    stored = {text.key: text.text for text in source_texts(questionnaire)}
    added = 0
    for language, texts in translations.items():
        have = set(db.scalars(select(TextTranslation.key).where(
            TextTranslation.questionnaire_id == questionnaire.id, TextTranslation.language == language)))
        new = [(key, text) for key, text in texts.items()
               if key not in have and key in stored and shipped.get(key) == stored[key] and text.strip()]
        if not new:
            continue
        if language not in questionnaire.languages:
            questionnaire.languages = [*questionnaire.languages, language]
            questionnaire.language_statuses = {**(questionnaire.language_statuses or {}), language: "draft"}
        db.add_all(TextTranslation(questionnaire_id=questionnaire.id, key=key, language=language, text=text,
                                   source_digest=digest(stored[key])) for key, text in new)
        added += len(new)
    db.flush()
    return added


def _same_content(db: Session, questionnaire, document: dict) -> bool:
    """Whether the stored questionnaire says what the shipped document says, in every language."""
    stored = export_definition(db, questionnaire)
    return all(stored.get(field) == document.get(field)
               for field in ("title", "instrument", "languages", "clusters"))


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    role: str
    state: str | None


#: The demo's people: invented names (their State and role are shown beside them wherever it matters).
DEMO_PEOPLE = (
    ("secretariat@demo.example", "Demo Secretariat Officer", Role.SECRETARIAT, None),
    ("focal.mex@demo.example", "Sofía Ramírez", Role.FOCAL_POINT, "MEX"),
    ("expert.mex@demo.example", "Diego Herrera", Role.EXPERT, "MEX"),
    ("focal.nga@demo.example", "Ngozi Okafor", Role.FOCAL_POINT, "NGA"),
    ("expert.nga@demo.example", "Emeka Adeyemi", Role.EXPERT, "NGA"),
    ("reviewer@demo.example", "Demo Reviewer", Role.REVIEWER, None),
    ("delegate.mex@demo.example", "Lucía Torres", Role.DELEGATE, "MEX"),
    ("delegate.nga@demo.example", "Amina Bello", Role.DELEGATE, "NGA"),
)

#: A demo step takes the shipped first draft (a session, the draft, the secretariat's demo account) further
#: before it is opened for answers; feature rooms register theirs, as they register menu entries.
DemoStep = Callable[[Session, Questionnaire, User], None]


def register_demo_step(app: Flask, step: DemoStep) -> None:
    app.extensions.setdefault("demo_steps", []).append(step)


def create_demo(db: Session) -> list[DemoAccount]:
    """Demo accounts (only those missing, with fresh passwords) and the SOM questionnaire opened for answers,
    after the demo steps the feature rooms registered (the drafting round) took it through its preparation."""
    created: list[DemoAccount] = []
    states = {state.iso3: state for state in db.scalars(select(State))}
    for email, name, role, iso3 in DEMO_PEOPLE:
        if db.scalar(select(User.id).where(User.email == email)) is not None:
            continue
        password = secrets.token_urlsafe(9)
        user = User(email=email, name=name, role=role, state=states[iso3] if iso3 else None, active=True)
        user.set_password(password)
        db.add(user)
        created.append(DemoAccount(email, password, role.value, iso3))
    db.flush()
    secretariat = db.scalar(select(User).where(User.email == DEMO_PEOPLE[0][0]))
    questionnaire = load_questionnaire(db, SOM_SLUG)
    # only a first version is opened for the demo; a later draft waits for the secretariat
    if questionnaire is not None and questionnaire.status == "draft" and questionnaire.parent_id is None:
        for step in current_app.extensions.get("demo_steps", []):
            step(db, questionnaire, secretariat)
        if questionnaire.status == "draft":
            lifecycle.endorse(db, questionnaire, secretariat, "Working Group on the Smuggling of Migrants")
        if questionnaire.status == "endorsed":
            lifecycle.adopt(db, questionnaire, secretariat)
        # a deadline at the end of a day (UTC), about six months ahead, as the secretariat would set it
        deadline = datetime.combine((utcnow() + timedelta(days=182)).date(), time(23, 59))
        lifecycle.open_for_answers(db, questionnaire, secretariat, deadline)
    db.flush()
    return created
