"""The audit log's filters (a GET form: it only filters, so no CSRF token)."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import Form, SelectField
from wtforms.fields.choices import SelectChoice

from questionnaire.audit.sentences import action_labels
from questionnaire.audit.service import AuditFilters
from questionnaire.models import User
from questionnaire.texts import LocalizedQuestionnaire


class AuditFilterForm(Form):
    questionnaire = SelectField(_l("Questionnaire"), validate_choice=False)
    user = SelectField(_l("Who"), validate_choice=False)
    action = SelectField(_l("Action"), validate_choice=False)

    def load_choices(self, questionnaires: list[LocalizedQuestionnaire], users: list[User], actions: list[str]
                     ) -> "AuditFilterForm":
        """The choices: ``questionnaires`` as read in the reader's language, the people who acted, the actions."""
        self.questionnaire.choices = [SelectChoice("", _l("Every questionnaire"))] + [
            SelectChoice(str(q.id), f"{q.title} — {_('version %(version)s', version=q.version)}")
            for q in questionnaires
        ]
        self.user.choices = [SelectChoice("", _l("Everyone"))] + [
            SelectChoice(str(u.id), f"{u.name} ({u.email})") for u in users
        ]
        labels = action_labels()
        self.action.choices = [SelectChoice("", _l("Every action"))] + [SelectChoice(a, labels.get(a, a)) for a in actions]
        return self

    def filters(self) -> AuditFilters:
        """The chosen filters; a value that is not a number filters nothing."""
        def number(value: str | None) -> int | None:
            return int(value) if value and value.isdigit() else None

        return AuditFilters(number(self.questionnaire.data), number(self.user.data), self.action.data or None)
