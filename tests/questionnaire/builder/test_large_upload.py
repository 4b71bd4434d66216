"""A definition larger than what is kept in memory: Werkzeug spools an upload over 500 KiB to a temporary
file (and the test client writes such a request body to one). Importing it leaves no file open for the
garbage collector to find: under ``filterwarnings = error`` its ResourceWarning fails the run."""
from __future__ import annotations

import gc
import io
import json
import warnings

from flask import request, request_finished
from sqlalchemy import select

from questionnaire.models import Questionnaire
from questionnaire.seed import SOM_SLUG, som_document


def large_definition() -> bytes:
    """The shipped SOM Protocol definition in its six languages, indented: well over 500 KiB."""
    data = json.dumps(som_document(), indent=4, ensure_ascii=True).encode()
    assert len(data) > 600 * 1024
    return data


def test_a_large_definition_becomes_a_draft_and_leaves_no_temporary_file_open(app, client, login, make_user,
                                                                               fresh_db):
    login(make_user("secretariat"))
    received = []

    def remember_upload(sender, response, **extra) -> None:
        received.append(request.files["file"])

    with request_finished.connected_to(remember_upload, app), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        response = client.post("/builder/upload", data={"file": (io.BytesIO(large_definition()), "som.json")},
                               content_type="multipart/form-data")
        status = response.status_code
        del response
        gc.collect()  # what is left open and unreachable is finalized now, with its warning
    assert status == 302
    assert [str(warning.message) for warning in caught if issubclass(warning.category, ResourceWarning)] == []
    assert len(received) == 1 and received[0].stream.closed  # the app's spooled copy of the file
    draft = fresh_db().scalar(select(Questionnaire).where(Questionnaire.slug == SOM_SLUG))
    assert draft is not None and len(draft.questions_in_order()) > 50
