"""The definition document: a questionnaire as versioned JSON (or XLSX), checked before anything is written."""
from questionnaire.definitions.problems import DefinitionInvalid, Problem

__all__ = ["DefinitionInvalid", "Problem"]
