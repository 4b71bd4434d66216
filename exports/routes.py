"""The reviewers' pages: choose a selection, see its size, download XLSX or CSV, read the summary;
and a State's own workbook (national users: their own State only)."""
from __future__ import annotations

import tempfile

from flask import Blueprint, Response, abort, g, render_template, request, session
from flask_babel import get_timezone
from sqlalchemy import select

from questionnaire.access import can_export_unsubmitted, get_state_or_404
from questionnaire.auth.guards import roles_required
from questionnaire.db import get_session
from questionnaire.models import Questionnaire, Role
from questionnaire.models import Response as Reply
from exports.filters import selection_form, selection_from
from exports.selection import ALL_STATUSES, DEFAULT_STATUSES, Selection, SelectionError
from exports.service import FORMATS, file_name, prepare, write_export
from exports.summaries import closed_summaries

bp = Blueprint("exports", __name__, template_folder="templates", cli_group=None)

REVIEWERS = (Role.SECRETARIAT, Role.REVIEWER)
MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",  # Werkzeug adds "; charset=utf-8" to text types
}


#: Where the exports page remembers the reader's last questionnaire version.
REMEMBERED = "exports.questionnaire"


def _prepare_from_args():
    """The form from the query string and the data of its selection, or the error that stops it.
    Opens on the reader's last questionnaire version (kept in the session) when none is named."""
    db = get_session()
    form = selection_form(db, request.args, g.user, session.get(REMEMBERED))
    selection = selection_from(form)
    if selection is None:
        return form, None, None
    try:
        return form, prepare(db, selection, g.user, str(get_timezone())), None
    except SelectionError as error:
        return form, None, error.message


def _send(data, fmt: str, state: str | None = None) -> Response:
    """The export as a download, streamed from a temporary file in chunks (the file is closed, and so
    removed, once sent), so the worker's memory stays flat whatever the selection."""
    handle = tempfile.TemporaryFile()
    try:
        write_export(data, fmt, handle)
        size = handle.tell()
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    response = Response(_chunks(handle), mimetype=MIMETYPES[fmt], direct_passthrough=True)
    response.content_length = size
    response.headers.set("Content-Disposition", "attachment", filename=file_name(data, fmt, state))
    return response


def _chunks(handle, size: int = 256 * 1024):
    try:
        while chunk := handle.read(size):
            yield chunk
    finally:
        handle.close()


@bp.get("/exports/")
@roles_required(*REVIEWERS)
def index():
    form, data, error = _prepare_from_args()
    if data is not None:
        session[REMEMBERED] = form.questionnaire.data
    return render_template("exports/index.html", form=form, data=data, error=error,
                           query=request.query_string.decode()), 400 if error else 200


@bp.get("/exports/download.<fmt>")
@roles_required(*REVIEWERS)
def download(fmt: str):
    if fmt not in FORMATS:
        abort(404)
    form, data, error = _prepare_from_args()
    if data is None:
        return render_template("exports/index.html", form=form, data=None, error=error, query=""), 400
    return _send(data, fmt)


@bp.get("/exports/summary")
@roles_required(*REVIEWERS)
def summary():
    form, data, error = _prepare_from_args()
    if data is None:
        return render_template("exports/index.html", form=form, data=None, error=error, query=""), 400
    return render_template("exports/summary.html", data=data, summaries=closed_summaries(data),
                           query=request.query_string.decode())


@bp.get("/exports/states/<iso3>/workbook")
def state_workbook(iso3: str):
    """A State's own workbook; ``?questionnaire=SLUG&version=N`` (default: its latest response's)."""
    db = get_session()
    state = get_state_or_404(db, g.user, iso3)
    slug, version = request.args.get("questionnaire"), request.args.get("version", type=int)
    if slug is None:
        latest = db.execute(
            select(Questionnaire.slug, Questionnaire.version).join(Reply, Reply.questionnaire_id == Questionnaire.id)
            .where(Reply.state_id == state.id).order_by(Reply.id.desc()).limit(1)
        ).first()
        if latest is None:
            abort(404)
        slug, version = latest
    drafts = can_export_unsubmitted(g.user, state)
    selection = Selection(slug, version, states=(state.iso3,), statuses=ALL_STATUSES if drafts else DEFAULT_STATUSES)
    try:
        data = prepare(db, selection, g.user, str(get_timezone()), drafts_allowed=drafts)
    except SelectionError:
        abort(404)
    return _send(data, "xlsx", state.iso3)
