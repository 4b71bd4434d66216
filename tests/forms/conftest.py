"""Fixtures of the answering tests (defined in factories.py so browser tests can share them)."""
from tests.forms.factories import make_questionnaire, open_som, question, small  # noqa: F401
