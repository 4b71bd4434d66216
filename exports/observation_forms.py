"""The reviewers' observation form (POST, with a CSRF token)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired

from questionnaire.models import ObservationKind


class ObservationForm(FlaskForm):
    answer_id = IntegerField(validators=[InputRequired()])
    kind = RadioField(_l("Kind"), default=ObservationKind.QUESTION.value, validators=[DataRequired()], choices=[
        SelectChoice(ObservationKind.QUESTION.value, _l("A question to the State (the State sees it and can reply)")),
        SelectChoice(ObservationKind.NOTE.value, _l("A note for reviewers and the secretariat only")),
    ])
    text = TextAreaField(_l("Observation"), validators=[DataRequired(message=_l("Write the observation before saving it."))])
    next = HiddenField()
