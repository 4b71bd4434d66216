"""A questionnaire's texts in its languages: their keys, the stored translations and how they stand, and
the questionnaire as read in one language (see the modules for the rules)."""
from questionnaire.texts.keys import LIMITS, TITLE, SourceText, cluster_key, digest, question_key, source_texts
from questionnaire.texts.localized import (
    LocalizedCluster,
    LocalizedQuestion,
    LocalizedQuestionnaire,
    localized,
    localized_each,
)
from questionnaire.texts.store import (
    CURRENT,
    LANGUAGE_STATUSES,
    MISSING,
    OUT_OF_DATE,
    LanguageProgress,
    TextState,
    TranslationError,
    confirm_translation,
    copy_translations,
    incomplete_languages,
    language_progress,
    progress,
    remove_translation,
    rename_keys,
    set_language_status,
    set_translation,
    stored_texts,
    stored_translations,
    text_states,
)

__all__ = [
    "CURRENT", "LANGUAGE_STATUSES", "LIMITS", "MISSING", "OUT_OF_DATE", "TITLE",
    "LanguageProgress", "LocalizedCluster", "LocalizedQuestion", "LocalizedQuestionnaire", "SourceText",
    "TextState", "TranslationError",
    "cluster_key", "confirm_translation", "copy_translations", "digest", "incomplete_languages",
    "language_progress", "localized", "localized_each", "progress", "question_key", "remove_translation", "rename_keys",
    "set_language_status", "set_translation", "source_texts", "stored_texts", "stored_translations",
    "text_states",
]
