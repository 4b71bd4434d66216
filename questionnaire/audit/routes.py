"""The secretariat's audit log page: every recorded change, newest first, filtered and paged."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from questionnaire.audit.details import detail_lines
from questionnaire.audit.forms import AuditFilterForm
from questionnaire.audit.names import Names
from questionnaire.audit.sentences import sentence
from questionnaire.audit.service import audit_page, filter_choices, is_deletion
from questionnaire.auth.guards import roles_required
from questionnaire.db import get_session
from questionnaire.locale import reader_language
from questionnaire.models import Role
from questionnaire.texts import localized_each

bp = Blueprint("audit", __name__, url_prefix="/audit", template_folder="templates")


@bp.before_request
@roles_required(Role.SECRETARIAT)
def secretariat_only() -> None:
    """Every page here is the secretariat's (403 for anyone else)."""


@bp.get("/")
def index():
    db = get_session()
    questionnaires, users, actions = filter_choices(db)
    form = AuditFilterForm(request.args).load_choices(localized_each(db, questionnaires, reader_language()), users,
                                                      actions)
    page = audit_page(db, form.filters(), request.args.get("page", 1, type=int))
    filter_args = {name: value for name, value in form.data.items() if value}
    names = Names(db, page.events)
    return render_template("audit/index.html", form=form, page=page, filter_args=filter_args,
                           what_happened=lambda event: sentence(event, names),
                           is_deletion=is_deletion,
                           details_of=lambda event: detail_lines(event, names))
