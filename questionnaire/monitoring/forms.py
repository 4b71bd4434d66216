"""The monitoring page's forms: the GET filters and the reason asked before reopening a reply."""
from __future__ import annotations

from datetime import datetime, time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, Form, SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from questionnaire.models import LISTED_GROUPS
from questionnaire.monitoring.service import ROW_STATUSES, STATUS_LABELS
from questionnaire.replies.status_labels import REGIONAL_GROUP_LABELS


class FilterForm(Form):
    """Filters read from the query string (a GET form: bookmarkable, no CSRF token needed)."""

    regional_group = SelectField(
        _l("Regional group"), validators=[Optional()],
        choices=[SelectChoice("", _l("All regional groups"))]
        + [SelectChoice(g, REGIONAL_GROUP_LABELS[g]) for g in LISTED_GROUPS],
    )
    status = SelectField(
        _l("Status"), validators=[Optional()],
        choices=[SelectChoice("", _l("Any status"))]
        + [SelectChoice(status, STATUS_LABELS[status]) for status in ROW_STATUSES]
        + [SelectChoice("late", _l("Late"))],
    )

    def chosen(self) -> tuple[str | None, str | None]:
        """(regional group, status) to filter by; None for "all" and for a value not in the lists."""
        if not self.validate():
            return None, None
        return self.regional_group.data or None, self.status.data or None


class ReopenForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for reopening"),
        validators=[DataRequired(_l("Give the reason for reopening: the State will need to know what to change.")),
                    Length(max=2000)],
    )
    submit = SubmitField(_l("Reopen for changes"))


class DeadlineForm(FlaskForm):
    """A new deadline (the end of that day, UTC) and why."""

    deadline = DateField(_l("New deadline"), validators=[DataRequired(_l("Give the new deadline."))])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(_l("Give the reason: the States will read it.")),
                                                    Length(max=2000)])
    submit = SubmitField(_l("Move the deadline"))

    def end_of_day(self) -> datetime:
        return datetime.combine(self.deadline.data, time(23, 59, 59))
