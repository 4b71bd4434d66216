"""Test data shared by every test folder: questionnaire documents, replies and answers.

Plain functions that take a ``Session`` first; tests reach the ones that write through the fixtures of
``tests/conftest.py`` (``make_questionnaire``, ``small``, ``open_som``, ``make_reply``, ``add_response``),
which bind them to the test's session. Each factory commits what it writes, so the app, which reads
through its own session in each request, sees it.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from questionnaire import lifecycle
from questionnaire.models import Answer, Questionnaire, Response, State, User, utcnow

#: Answers that complete every required question of the ``small`` questionnaire.
COMPLETE = {"crim": "yes", "crim.law": "Act 5 of 2010", "agree": "bi"}


def cluster_url(questionnaire, iso3="MEX", code="I", suffix=""):
    return f"/answers/{questionnaire.id}/{iso3}/section/{code}{suffix}"


def q_of(questionnaire, key):
    """The question with ``key``."""
    return next(q for q in questionnaire.questions_in_order() if q.key == key)


def small_document(slug: str = "small", extra_questions: int = 0, not_applicable: tuple[str, ...] = ()) -> dict:
    """A two-cluster questionnaire: a yes/partly/no with two follow-ups, a number, a short text, a
    single choice, links and a note, plus ``extra_questions`` optional short texts in cluster A; the questions
    keyed in ``not_applicable`` may be answered "Not applicable"."""
    questions = [
        {"key": "crim", "number": "1", "text": "Is smuggling a crime?", "kind": "yes_partly_no", "required": True,
         "provisions": ["art. 6 (1) (a)"], "guidance": "Think of the law."},
        {"key": "crim.law", "number": "1.1", "text": "Cite the law.", "kind": "long_text", "required": True,
         "show_if": {"question": "crim", "in": ["yes", "partly"]}},
        {"key": "crim.why", "number": "1.2", "text": "Explain why not.", "kind": "long_text", "required": True,
         "show_if": {"question": "crim", "in": ["no"]}},
        {"key": "cases", "number": "2", "text": "How many cases?", "kind": "number", "required": False,
         "options": {"min": 0, "integer": True}},
        {"key": "authority", "number": "3", "text": "Which authority?", "kind": "short_text", "required": False,
         "options": {"max_length": 20}},
    ] + [
        {"key": f"extra{n}", "number": f"9.{n}", "text": f"Extra question {n}?", "kind": "short_text"}
        for n in range(extra_questions)
    ]
    for question in questions:
        if question["key"] in not_applicable:
            question["options"] = {**question.get("options", {}), "not_applicable": True}
    return {
        "format": "saq-definition", "format_version": 1, "slug": slug, "title": f"Small questionnaire {slug}",
        "instrument": "Smuggling of Migrants Protocol", "version": 1, "languages": ["en"],
        "clusters": [
            {"code": "A", "title": "Criminalization", "description": "", "questions": questions},
            {"code": "B", "title": "Cooperation", "description": "", "questions": [
                {"key": "intro", "number": "", "text": "Read this first.", "kind": "note"},
                {"key": "agree", "number": "4", "text": "Do you have agreements?", "kind": "single_choice",
                 "required": True, "options": {"choices": [{"value": "bi", "label": "Bilateral"},
                                                           {"value": "multi", "label": "Multilateral"}]}},
                {"key": "sources", "number": "5", "text": "Sources", "kind": "links"},
                {"key": "topics", "number": "6", "text": "Topics", "kind": "multiple_choice",
                 "options": {"choices": [{"value": "sea", "label": "Sea"}, {"value": "land", "label": "Land"}]}},
                {"key": "since", "number": "7", "text": "Since when?", "kind": "date"},
            ]},
        ],
    }


def open_for_answers(db: Session, questionnaire: Questionnaire) -> Questionnaire:
    """Endorse, adopt and open ``questionnaire`` with a deadline in 30 days; committed."""
    lifecycle.endorse(db, questionnaire, None, "Working group")
    lifecycle.adopt(db, questionnaire, None)
    lifecycle.open_for_answers(db, questionnaire, None, utcnow() + timedelta(days=30))
    db.commit()
    return questionnaire


def make_questionnaire(db: Session, slug: str = "small", extra_questions: int = 0) -> Questionnaire:
    """A small questionnaire opened for answers (``extra_questions`` adds optional questions); committed."""
    from questionnaire.definitions.document import import_document

    return open_for_answers(db, import_document(db, small_document(slug, extra_questions)))


def make_reply(
    db: Session,
    questionnaire: Questionnaire,
    state: State,
    user: User,
    values: dict[str, Any],
    status: str = "draft",
    at: datetime | None = None,
    submitted_at: datetime | None = None,
) -> Response:
    """A response of ``state`` with ``values`` (by question key) last changed by ``user`` at ``at``;
    committed, written straight through the models."""
    response = Response(questionnaire_id=questionnaire.id, state_id=state.id)
    db.add(response)
    for key, value in values.items():
        db.add(Answer(response=response, question_id=q_of(questionnaire, key).id, value=value,
                      updated_at=at or utcnow(), updated_by_id=user.id))
    db.flush()
    if status in ("submitted", "reopened"):
        response.mark_submitted(user, submitted_at or utcnow())
    if status == "reopened":
        response.mark_reopened()
    db.commit()
    return response


def add_response(db: Session, questionnaire: Questionnaire, state: State, values: dict[str, Any],
                 author: User, status: str = "submitted", at: datetime = datetime(2026, 3, 1, 12, 30)) -> Response:
    """A response of ``state`` holding ``values`` (by question key), written by ``author``; committed."""
    by_key = {q.key: q for q in questionnaire.questions_in_order()}
    response = Response(questionnaire=questionnaire, state=state)
    for key, value in values.items():
        response.answers.append(Answer(question=by_key[key], value=value, updated_by=author, updated_at=at))
    if status == "submitted":
        response.mark_submitted(author, at)
    else:
        response.status = status
    db.add(response)
    db.commit()
    return response


def bases_from(page: str) -> dict[str, str]:
    """The hidden base fields (the value each answer had when the page was shown) of a cluster page."""
    return dict(re.findall(r'name="(base_\d+)" value="([^"]+)"', page))


def fill_required(client, questionnaire):
    """Answer the required questions of the small questionnaire through the cluster pages."""
    crim, law, agree = (q_of(questionnaire, key) for key in ("crim", "crim.law", "agree"))
    client.post(cluster_url(questionnaire, code="A"), data={f"q_{crim.id}": "yes", f"q_{law.id}": "Act 5"})
    client.post(cluster_url(questionnaire, code="B"), data={f"q_{agree.id}": "bi"})


#: Some texts of ``small_document`` in French, Arabic, Chinese and Spanish; the others are left untranslated,
#: so pages show the English source standing in for them.
SMALL_TRANSLATIONS = {
    "fr": {"title": "Petit questionnaire", "cluster.A.title": "Incrimination", "cluster.B.title": "Coopération",
           "question.crim.text": "Le trafic de migrants est-il une infraction ?",
           "question.crim.law.text": "Citez la loi.", "question.agree.text": "Avez-vous des accords ?",
           "question.agree.choice.bi": "Bilatéral"},
    "ar": {"title": "استبيان صغير", "cluster.A.title": "التجريم", "cluster.B.title": "التعاون",
           "question.crim.text": "هل تهريب المهاجرين جريمة؟", "question.crim.law.text": "اذكر القانون.",
           "question.agree.text": "هل لديكم اتفاقات؟", "question.agree.choice.bi": "ثنائية"},
    "zh": {"title": "小型问卷", "cluster.A.title": "定罪", "cluster.B.title": "合作",
           "question.crim.text": "偷运移民是否构成犯罪？", "question.crim.law.text": "请引用相关法律。",
           "question.agree.text": "贵国是否有协定？", "question.agree.choice.bi": "双边"},
    "es": {"title": "Cuestionario pequeño", "cluster.A.title": "Penalización", "cluster.B.title": "Cooperación",
           "question.crim.text": "¿Es delito el tráfico ilícito de migrantes?",
           "question.crim.law.text": "Cite la ley.", "question.agree.text": "¿Tienen acuerdos?",
           "question.agree.choice.bi": "Bilateral (es)", "question.agree.choice.multi": "Multilateral (es)"},
}


def make_multilingual(db: Session, slug: str = "multi", languages=("en", "fr", "ar", "zh", "es"),
                      extra_questions: int = 0, not_applicable: tuple[str, ...] = ()) -> Questionnaire:
    """``small_document`` offered in ``languages`` with ``SMALL_TRANSLATIONS`` stored (some texts only, so
    that pages show the source standing in for the others), opened with that decision recorded; committed."""
    from questionnaire.definitions.document import import_document
    from questionnaire.texts import set_translation

    document = small_document(slug, extra_questions, not_applicable)
    document["languages"] = list(languages)
    questionnaire = import_document(db, document)
    for language in languages:
        for key, text in SMALL_TRANSLATIONS.get(language, {}).items():
            set_translation(db, questionnaire, key, language, text)
    questionnaire.incomplete_languages_reason = "Opened with some texts in English while they are translated."
    db.commit()
    return open_for_answers(db, questionnaire)


def set_party(db: Session, state: State, party: bool | str = True, instrument: str = "som") -> None:
    """Make ``state`` a party (or not, or ``party`` as a status word: "signatory") to ``instrument`` in its
    status record; commits."""
    from datetime import date

    from sqlalchemy import select

    from questionnaire.models import Instrument, Participation, StatusOrigin

    found = db.scalar(select(Instrument).where(Instrument.code == instrument))
    record = db.scalar(select(Participation).where(Participation.instrument_id == found.id,
                                                   Participation.state_id == state.id))
    if record is None:
        record = Participation(instrument=found, state=state, participant=state.name, status="neither",
                               source="test", as_at=date(2024, 4, 26), origin=StatusOrigin.SECRETARIAT)
        db.add(record)
    record.status = party if isinstance(party, str) else "party" if party else "neither"
    db.commit()


def party_codes(db: Session, instrument: str = "som") -> set[str]:
    """The codes of the parties in force in ``instrument``, read afresh."""
    from sqlalchemy import select

    from questionnaire.models import Instrument, Participation

    db.expire_all()
    return set(db.scalars(select(State.iso3).join(Participation, Participation.state_id == State.id)
                          .join(Instrument, Participation.instrument_id == Instrument.id)
                          .where(Instrument.code == instrument, Participation.status == "party")))


def translated_xliff(data: bytes, targets: dict[str, str]) -> bytes:
    """The XLIFF file ``data`` (as downloaded from a translation page) with ``targets`` typed in, by text key."""
    from translate.storage import xliff

    store = xliff.xlifffile.parsestring(data)
    for unit in store.getunits():
        if unit.xmlelement.get("id") in targets:
            unit.target = targets[unit.xmlelement.get("id")]
    return bytes(store)


#: The per-request tokens of a page (CSRF, kept post): they differ between two renderings of the same page.
PAGE_TOKENS = re.compile(r'name="(?:kept_post_token|csrf_token)"[^>]*value="[^"]*"')


def kept_and_full(client, url: str, monkeypatch, module, name: str) -> tuple[str, str]:
    """The page at ``url`` as the worker's kept parts make it, and as rendered in full with ``module.name`` (the
    function that keeps them) answering None; both 200, their per-request tokens left out. Whole pages are not
    kept meanwhile (``forms.kept_pages``): each request renders its page."""
    monkeypatch.setitem(client.application.config, "KEPT_PAGES", 0)
    kept = client.get(url)
    with monkeypatch.context() as full_only:
        full_only.setattr(module, name, lambda *args: None)
        full = client.get(url)
    assert kept.status_code == full.status_code == 200
    return PAGE_TOKENS.sub("", kept.get_data(as_text=True)), PAGE_TOKENS.sub("", full.get_data(as_text=True))



class WordsMarks(NamedTuple):
    """How a page marks some words: the language they are in (their nearest ``lang``), whether an element of
    their own says so (rather than the page's ``<html>``), and the direction they are given (their nearest
    ``dir``, "auto" included; None where nothing below ``<html>`` gives one)."""

    lang: str | None
    marked: bool
    dir: str | None


def words_marks(page: str, words: str, within: str | None = None) -> WordsMarks:
    """The marks ``page`` gives the first text holding ``words``, read from the parsed HTML (inside the element
    of id ``within``, when given); fails the test when the words are not there."""
    import lxml.html

    root = lxml.html.fromstring(page)
    scope = root.get_element_by_id(within) if within else root
    for element in scope.iter():
        if not isinstance(element.tag, str):  # a comment
            continue
        if words in (element.text or ""):
            holder = element
        elif words in (element.tail or "") and element is not scope:
            holder = element.getparent()
        else:
            continue
        lang = holder.xpath("ancestor-or-self::*[@lang][1]")
        direction = holder.xpath("ancestor-or-self::*[@dir][1]")
        return WordsMarks(lang[0].get("lang") if lang else None, bool(lang) and lang[0] is not root,
                          direction[0].get("dir") if direction and direction[0] is not root else None)
    raise AssertionError(f"{words!r} is not on the page" + (f" in #{within}" if within else ""))


def audit_value_line(label: str, value: str) -> str:
    """A detail line of the audit log as the page shows it: a label and a value."""
    return f"<li>{label}: <bdi>{value}</bdi></li>"


def audit_change_line(label: str, before: str, after: str, lang: str | None = None,
                      words: tuple[str, str] = ("was", "now"), colon: str = ":") -> str:
    """A change line of the audit log as the page shows it (``words``: "was" and "now" in the reader's
    language, ``colon`` its colon after a label; ``lang``: the language the values are in, when not the
    page's)."""
    attribute = f' lang="{lang}"' if lang else ""
    return (f'<li>{label}{colon} <span class="sr-only">{words[0]}</span> <del><bdi{attribute}>{before}</bdi></del> → '
            f'<span class="sr-only">{words[1]}</span> <ins><bdi{attribute}>{after}</bdi></ins></li>')
