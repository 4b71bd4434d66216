"""Between the definition document and the database: export a questionnaire, import a document."""
from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from questionnaire.definitions.languages import PLAIN_VERSION, Translations, join_document, split_document
from questionnaire.definitions.problems import DefinitionInvalid, Problem
from questionnaire.definitions.validate import FORMAT, check_document
from questionnaire.locale import ngettext
from questionnaire.models import Cluster, Question, Questionnaire, TextTranslation, User
from questionnaire.models.audit import record
from questionnaire.models.revision import raise_content_revision
from questionnaire.texts.keys import digest, source_texts


def parse_json(text: str | bytes) -> Any:
    """The parsed document; raises ``DefinitionInvalid`` saying where the JSON is malformed."""
    try:
        return json.loads(text)
    except UnicodeDecodeError:
        raise DefinitionInvalid([Problem("", _("the file is not UTF-8 text"))]) from None
    except json.JSONDecodeError as error:
        message = _("malformed JSON at line %(line)s, column %(column)s: %(reason)s", line=error.lineno, column=error.colno, reason=error.msg)
        raise DefinitionInvalid([Problem("", message)]) from None


def question_to_dict(question: Question) -> dict[str, Any]:
    return {
        "key": question.key,
        "number": question.number,
        "text": question.text,
        "guidance": question.guidance,
        "kind": question.kind,
        "required": question.required,
        "provisions": list(question.provisions),
        "options": dict(question.options),
        "show_if": dict(question.show_if) if question.show_if else None,
    }


def export_document(questionnaire: Questionnaire) -> dict[str, Any]:
    """The questionnaire's *plain* definition document: its texts as strings in the source language
    (``format_version`` 1), without translations.  What comparisons, revisions' snapshots and checks read;
    files people exchange are written by :func:`export_definition`."""
    return {
        "format": FORMAT,
        "format_version": PLAIN_VERSION,
        "slug": questionnaire.slug,
        "title": questionnaire.title,
        "instrument": questionnaire.instrument,
        "version": questionnaire.version,
        "languages": list(questionnaire.languages),
        "clusters": [
            {
                "code": cluster.code,
                "title": cluster.title,
                "description": cluster.description,
                "questions": [question_to_dict(question) for question in cluster.questions],
            }
            for cluster in questionnaire.clusters
        ],
    }


def export_definition(db: Session, questionnaire: Questionnaire) -> dict[str, Any]:
    """The questionnaire as a definition document in every language (``format_version`` 2): each text a
    map of the source text and its stored translations into the declared languages, whether current or
    out of date (importing it gives the same questionnaire back, its translations current)."""
    plain = export_document(questionnaire)
    plain["source_language"] = questionnaire.source
    statuses = {code: questionnaire.language_statuses[code] for code in questionnaire.translated_languages
                if code in (questionnaire.language_statuses or {})}
    if statuses:
        plain["language_statuses"] = statuses
    translations: Translations = {}
    rows = db.execute(select(TextTranslation.language, TextTranslation.key, TextTranslation.text).where(
        TextTranslation.questionnaire_id == questionnaire.id,
        TextTranslation.language.in_(questionnaire.translated_languages)))
    for language, key, text in rows:
        translations.setdefault(language, {})[key] = text
    return join_document(plain, translations)


def dump_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def load_questionnaire(db: Session, slug: str, version: int | None = None) -> Questionnaire | None:
    """The questionnaire ``slug`` at ``version`` (the latest when None), clusters and questions loaded."""
    query = (
        select(Questionnaire)
        .where(Questionnaire.slug == slug)
        .options(selectinload(Questionnaire.clusters).selectinload(Cluster.questions))
    )
    if version is None:
        query = query.order_by(Questionnaire.version.desc()).limit(1)
    else:
        query = query.where(Questionnaire.version == version)
    return db.scalar(query)


def build_clusters(questionnaire: Questionnaire, clusters: list[dict[str, Any]]) -> None:
    """Add the document's clusters and questions to ``questionnaire`` (which must have none yet)."""
    for c_position, cluster_doc in enumerate(clusters, start=1):
        cluster = Cluster(
            position=c_position,
            code=cluster_doc["code"],
            title=cluster_doc["title"],
            description=cluster_doc.get("description") or "",
        )
        questionnaire.clusters.append(cluster)
        for q_position, question_doc in enumerate(cluster_doc.get("questions", []), start=1):
            cluster.questions.append(
                Question(
                    questionnaire=questionnaire,
                    position=q_position,
                    key=question_doc["key"],
                    number=question_doc.get("number") or "",
                    text=question_doc["text"],
                    guidance=question_doc.get("guidance") or "",
                    kind=question_doc["kind"],
                    required=bool(question_doc.get("required", False)),
                    provisions=list(question_doc.get("provisions") or []),
                    options=dict(question_doc.get("options") or {}),
                    show_if=question_doc.get("show_if"),
                )
            )


def import_document(db: Session, document: Any, user: User | None = None) -> Questionnaire:
    """Create a draft from ``document``: a new questionnaire, or the next version of its slug.

    Raises ``DefinitionInvalid`` with every problem, having written nothing. Flushes, never commits.
    """
    problems = check_document(document)
    if problems:
        raise DefinitionInvalid(problems)
    document, translations, _problems = split_document(document)
    latest = load_questionnaire(db, document["slug"])
    version = document.get("version", 1)
    if latest is not None:
        version = latest.version + 1
    languages = list(document.get("languages") or ["en"])
    questionnaire = Questionnaire(
        slug=document["slug"],
        title=document["title"],
        instrument=document["instrument"],
        version=version,
        languages=languages,
        source_language=document.get("source_language") or languages[0],
        language_statuses=dict(document.get("language_statuses") or {}) or None,
        parent=latest,
        created_by_id=user.id if user else None,
    )
    build_clusters(questionnaire, document["clusters"])
    db.add(questionnaire)
    db.flush()
    stored = store_translations(db, questionnaire, translations, user)
    record(
        db, user, "questionnaire.import", f"questionnaire:{questionnaire.id}",
        slug=questionnaire.slug, version=questionnaire.version,
        questions=sum(len(c["questions"]) for c in document["clusters"]), translations=stored,
    )
    return questionnaire


def store_translations(db: Session, questionnaire: Questionnaire, translations: Translations,
                       user: User | None = None) -> int:
    """Store a (checked) document's translations of the freshly imported ``questionnaire``, each made from
    its source text as imported (so current). Returns how many. Flushes."""
    sources = {source.key: source.text for source in source_texts(questionnaire)}
    rows = [{"questionnaire_id": questionnaire.id, "key": key, "language": language, "text": text,
             "source_digest": digest(sources[key]), "updated_by_id": user.id if user else None}
            for language, texts in translations.items() for key, text in texts.items() if key in sources]
    if rows:
        db.execute(insert(TextTranslation), rows)  # one statement for the thousands of a whole questionnaire
        raise_content_revision(db, [questionnaire.id])  # a statement the ORM does not see
    db.flush()
    return len(rows)


def summary_line(document: dict[str, Any]) -> str:
    clusters = document["clusters"]
    questions = sum(len(cluster.get("questions", [])) for cluster in clusters)
    return _(
        "%(slug)s version %(version)s: %(clusters)s, %(questions)s — valid",
        slug=document["slug"], version=document.get("version", 1),
        clusters=ngettext("%(num)s cluster", "%(num)s clusters", len(clusters)),
        questions=ngettext("%(num)s question", "%(num)s questions", questions),
    )
