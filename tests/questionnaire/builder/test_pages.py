"""The builder over HTTP: who may use it, what each page does, and bad input (nothing lost, nothing written)."""
from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from questionnaire import lifecycle
from questionnaire.models import Meeting, AuditEvent, Question, Questionnaire, utcnow
from questionnaire.builder.question_fields import QuestionFields
from questionnaire.builder.structure import add_cluster, create_blank
from questionnaire.builder.questions import add_question


@pytest.fixture
def small(db):
    """A draft with cluster I holding q1 (yes_partly_no) and q2 (long_text shown when q1 is "no")."""
    questionnaire = create_blank(db, None, "small", "Small questionnaire")
    cluster = add_cluster(db, questionnaire, None, "I", "Criminalization")
    add_question(db, cluster, None, QuestionFields(key="q1", text="Is smuggling a crime?", kind="yes_partly_no",
                                                   number="1", provisions=["art. 6"], required=True))
    add_question(db, cluster, None, QuestionFields(key="q2", text="Please explain.", kind="long_text", number="1.1",
                                                   show_if={"question": "q1", "in": ["no"]}))
    db.commit()
    return questionnaire


def urls(q: Questionnaire) -> list[tuple[str, str]]:
    cluster, question = q.clusters[0], q.clusters[0].questions[0]
    base = f"/builder/{q.id}"
    return [
        ("GET", "/builder/"), ("GET", "/builder/new"), ("POST", "/builder/new"), ("GET", "/builder/upload"),
        ("POST", "/builder/upload"), ("POST", "/builder/upload/replace"), ("GET", base), ("GET", f"{base}/edit"), ("POST", f"{base}/edit"),
        ("POST", f"{base}/endorse"), ("POST", f"{base}/adopt"), ("POST", f"{base}/open"), ("POST", f"{base}/close"),
        ("POST", f"{base}/new-version"), ("GET", f"{base}/definition.json"),
        ("GET", f"{base}/clusters/new"), ("POST", f"{base}/clusters/new"),
        ("GET", f"{base}/clusters/{cluster.id}"), ("POST", f"{base}/clusters/{cluster.id}"),
        ("POST", f"{base}/clusters/{cluster.id}/delete"), ("POST", f"{base}/clusters/{cluster.id}/move"),
        ("GET", f"{base}/clusters/{cluster.id}/questions/new"), ("POST", f"{base}/clusters/{cluster.id}/questions/new"),
        ("GET", f"{base}/questions/{question.id}"), ("POST", f"{base}/questions/{question.id}"),
        ("POST", f"{base}/questions/{question.id}/delete"), ("POST", f"{base}/questions/{question.id}/move"),
    ]


def counts(db) -> tuple[int, int, int]:
    db.expire_all()
    return tuple(db.scalar(select(func.count()).select_from(m)) for m in (Questionnaire, Question, AuditEvent))


@pytest.mark.parametrize("role", ["focal_point", "expert", "reviewer"])
def test_other_roles_get_403_on_every_builder_page(client, login, make_user, small, db, role):
    login(make_user(role))
    before = counts(db)
    for method, url in urls(small):
        response = client.open(url, method=method, data={"position": "1", "title": "x", "slug": "x", "code": "X"})
        assert response.status_code == 403, (method, url)
    assert counts(db) == before


def test_the_list_shows_counts_in_a_fixed_number_of_queries(client, login, make_user, small, db, count_queries):
    login(make_user("secretariat"))
    page = client.get("/builder/").get_data(as_text=True)
    assert 'href="/builder/"' in page and ">Questionnaires<" in page
    assert "Small questionnaire" in page and "<td>2</td>" in page
    with count_queries() as one:
        client.get("/builder/")
    for n in range(3):
        add_cluster(db, create_blank(db, None, f"more-{n}", "More"), None, "I", "One")
    db.commit()
    with count_queries() as four:
        client.get("/builder/")
    assert four.count == one.count


def test_create_add_cluster_and_follow_up_question(client, login, make_user, db):
    login(make_user("secretariat"))
    response = client.post("/builder/new", data={"slug": "drafted", "title": "Drafted"})
    questionnaire = db.scalar(select(Questionnaire).where(Questionnaire.slug == "drafted"))
    assert response.headers["Location"].endswith(f"/builder/{questionnaire.id}")
    base = f"/builder/{questionnaire.id}"
    client.post(f"{base}/clusters/new", data={"code": "I", "title": "Crime"})
    cluster_id = questionnaire.clusters[0].id
    client.post(f"{base}/clusters/{cluster_id}/questions/new", data={
        "key": "crime", "number": "1", "text": "Is it a crime?", "kind": "yes_partly_no", "required": "y",
        "articles": ["6"], "precise": "art. 6 (1) (a)"})
    client.post(f"{base}/clusters/{cluster_id}/questions/new", data={
        "text": "Why not?", "kind": "long_text", "max_length": "2000", "parent": "crime", "values": ["no", "partly"]})
    page = client.get(base).get_data(as_text=True)
    db.expire_all()
    follow_up = db.get(Questionnaire, questionnaire.id).questions_in_order()[1]
    assert follow_up.show_if == {"question": "crime", "in": ["no", "partly"]}
    assert follow_up.options == {"max_length": 2000} and follow_up.key == "q2"
    assert "art. 6 (1) (a)" in page and "Why not?" in page and "No error" in page
    assert f'href="/preview/{questionnaire.id}"' in page


def test_bad_question_input_is_shown_again_with_the_message(client, login, make_user, small, db):
    login(make_user("secretariat"))
    before = counts(db)
    url = f"/builder/{small.id}/clusters/{small.clusters[0].id}/questions/new"
    response = client.post(url, data={"text": "Which laws apply to the smuggling?", "kind": "single_choice",
                                      "choices": "only | One choice", "precise": "article six"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "is not a provision" in page and "Which laws apply to the smuggling?" in page and "article six" in page
    response = client.post(url, data={"text": "Which laws apply?", "kind": "single_choice", "choices": "only | One choice",
                                      "parent": "q2", "values": ["no"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Nothing was saved" in page and "at least two" in page
    assert "only | One choice" in page
    assert counts(db) == before


def test_crafted_structural_posts_to_an_open_questionnaire_are_refused(client, login, make_user, small, db):
    lifecycle.endorse(db, small, None, "Working group")
    lifecycle.adopt(db, small, None)
    lifecycle.open_for_answers(db, small, None, utcnow() + timedelta(days=30))
    db.commit()
    login(make_user("secretariat"))
    before = counts(db)
    base, cluster, first = f"/builder/{small.id}", small.clusters[0], small.clusters[0].questions[0]
    client.post(f"{base}/clusters/new", data={"code": "II", "title": "More"})
    client.post(f"{base}/clusters/{cluster.id}/questions/new", data={"text": "New?", "kind": "yes_no"})
    client.post(f"{base}/questions/{first.id}/delete")
    client.post(f"{base}/questions/{first.id}/move", data={"position": "2"})
    response = client.post(f"{base}/questions/{first.id}", data={"key": "q1", "text": first.text, "kind": "yes_no",
                                                                 "required": "y", "articles": ["6"]})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Only the number, text, guidance and choice labels" in page
    assert "This questionnaire opened for answers on" in page
    page = client.get(base).get_data(as_text=True)
    assert "its structure no longer changes" in page and "Add a cluster" not in page and "Delete cluster" not in page
    assert counts(db) == before
    assert db.get(Question, first.id).kind == "yes_partly_no"


def test_wording_correction_through_the_frozen_form_is_saved(client, login, make_user, small, db):
    lifecycle.endorse(db, small, None, "Working group")
    lifecycle.adopt(db, small, None)
    lifecycle.open_for_answers(db, small, None, utcnow() + timedelta(days=30))
    db.commit()
    login(make_user("secretariat"))
    url = f"/builder/{small.id}/questions/{small.clusters[0].questions[1].id}"
    form_page = client.get(url).get_data(as_text=True)
    assert 'type="hidden" name="parent" value="q1"' in form_page
    data = {"key": "q2", "kind": "long_text", "parent": "q1", "values": ["no"], "number": "1.1",
            "text": "Please explain why not.", "guidance": ""}
    assert client.post(url, data=data).status_code == 302
    db.expire_all()
    assert db.get(Question, small.clusters[0].questions[1].id).text == "Please explain why not."


def test_life_cycle_buttons_show_the_next_step_and_endorsing_with_errors_is_refused(client, login, make_user, db):
    login(make_user("secretariat"))
    empty = create_blank(db, None, "empty", "Empty")
    db.commit()
    page = client.get(f"/builder/{empty.id}").get_data(as_text=True)
    assert "Record the endorsement" in page and "Record the adoption" not in page
    wg = Meeting(body="working_group", session=4, starts_on=date(2025, 3, 1), ends_on=date(2025, 3, 3), place="Vienna")
    db.add(wg)
    db.commit()
    client.post(f"/builder/{empty.id}/endorse", data={"date": "2025-03-01", "meeting": wg.id})
    page = client.get(f"/builder/{empty.id}").get_data(as_text=True)
    assert "cannot be endorsed" in page and "has no cluster yet" in page and "clusters:" not in page
    assert db.get(Questionnaire, empty.id).status == "draft"


def test_the_whole_life_cycle_through_the_pages(client, login, make_user, small, db):
    login(make_user("secretariat"))
    base = f"/builder/{small.id}"
    wg = Meeting(body="working_group", session=4, starts_on=date(2025, 3, 1), ends_on=date(2025, 3, 3), place="Vienna")
    cop = Meeting(body="conference", session=9, starts_on=date(2025, 6, 1), ends_on=date(2025, 6, 5), place="Vienna")
    db.add_all([wg, cop])
    db.commit()
    client.post(f"{base}/endorse", data={"date": "2025-03-03", "meeting": wg.id})
    page = client.get(base).get_data(as_text=True)
    assert "Record the adoption" in page and "endorsed by the Working Group, 4th session, 2025-03-03" in page
    client.post(f"{base}/adopt", data={"date": "2025-06-01", "meeting": cop.id, "resolution": "9/3"})
    assert "adopted by the Conference of the Parties, 9th session, 2025-06-01, resolution 9/3" in client.get(base).get_data(as_text=True)
    client.post(f"{base}/open", data={"deadline": "2000-01-01"})
    assert "must be in the future" in client.get(base).get_data(as_text=True)
    client.post(f"{base}/open", data={"deadline": (utcnow() + timedelta(days=60)).date().isoformat()})
    client.post(f"{base}/close")
    db.expire_all()
    closed = db.get(Questionnaire, small.id)
    assert closed.status == "closed" and closed.endorsed_by.startswith("Working Group")
    response = client.post(f"{base}/new-version")
    copy = db.scalar(select(Questionnaire).where(Questionnaire.version == 2))
    assert response.headers["Location"].endswith(f"/builder/{copy.id}")
    assert [q.key for q in copy.questions_in_order()] == ["q1", "q2"]


def endorse(db, questionnaire: Questionnaire) -> None:
    """Mark ``questionnaire`` endorsed, so that an upload of its slug makes the next version."""
    questionnaire.status, questionnaire.endorsed_at = "endorsed", utcnow()
    db.commit()


def test_json_download_imports_back_as_the_next_version(client, login, make_user, small, db):
    login(make_user("secretariat"))
    endorse(db, small)
    download = client.get(f"/builder/{small.id}/definition.json")
    assert download.status_code == 200 and "small-v1.json" in download.headers["Content-Disposition"]
    response = client.post("/builder/upload", data={"file": (io.BytesIO(download.data), "small.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    imported = db.scalar(select(Questionnaire).where(Questionnaire.slug == "small", Questionnaire.version == 2))
    assert json.loads(download.data)["clusters"][0]["questions"][1]["show_if"] == imported.questions_in_order()[1].show_if


@pytest.mark.parametrize(("name", "content", "message"), [
    ("garbage.json", b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
    ("broken.json", b'{"format": "saq-definition",', "malformed JSON"),
    ("empty.json", b"  ", "The file is empty"),
    ("wrong.json", b'{"format": "saq-definition", "format_version": 1}', "slug: is missing"),
])
def test_a_bad_upload_is_refused_with_a_clear_message_and_nothing_written(client, login, make_user, db, name, content, message):
    login(make_user("secretariat"))
    before = counts(db)
    response = client.post("/builder/upload", data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert counts(db) == before


def test_an_upload_over_the_limit_gets_the_413_page(client, login, make_user, db, app):
    app.config["MAX_CONTENT_LENGTH"] = 2 * 1024 * 1024
    login(make_user("secretariat"))
    before = counts(db)
    body = b"--limit\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.json\"\r\n\r\n"
    body += b" " * (3 * 1024 * 1024) + b"\r\n--limit--\r\n"
    response = client.post("/builder/upload", data=body, content_type="multipart/form-data; boundary=limit")
    assert response.status_code == 413 and "limited to 2 MB" in response.get_data(as_text=True)
    assert counts(db) == before


def test_a_post_without_the_csrf_token_is_refused(csrf_app, client, login, make_user, small, db, csrf_token):
    login(make_user("secretariat"))
    before = counts(db)
    url = f"/builder/{small.id}/clusters/new"
    assert client.post(url, data={"code": "II", "title": "More"}).status_code == 400
    assert counts(db) == before
    token = csrf_token(client.get(url).data)
    assert client.post(url, data={"code": "II", "title": "More", "csrf_token": token}).status_code == 302


def test_xlsx_download_uploads_back_and_a_spreadsheet_problem_is_listed_by_cell(client, login, make_user, small, db):
    from openpyxl import load_workbook

    login(make_user("secretariat"))
    endorse(db, small)
    download = client.get(f"/builder/{small.id}/definition.xlsx")
    assert download.status_code == 200 and "small-v1.xlsx" in download.headers["Content-Disposition"]
    response = client.post("/builder/upload", data={"file": (io.BytesIO(download.data), "small.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert db.scalar(select(Questionnaire).where(Questionnaire.slug == "small", Questionnaire.version == 2)) is not None
    workbook = load_workbook(io.BytesIO(download.data))
    survey = workbook["survey"]
    kind_column = next(cell.column_letter for cell in survey[1] if cell.value == "kind")
    survey[f"{kind_column}2"] = "rating_scale"
    edited = io.BytesIO()
    workbook.save(edited)
    before = counts(db)
    refused = client.post("/builder/upload", data={"file": (io.BytesIO(edited.getvalue()), "small.xlsx")},
                          content_type="multipart/form-data")
    assert refused.status_code == 400
    assert f"survey!{kind_column}2" in refused.get_data(as_text=True)
    assert counts(db) == before


def test_the_questionnaire_page_shows_warnings_and_the_coverage_matrix(client, login, make_user, som):
    login(make_user("secretariat"))
    page = client.get(f"/builder/{som.id}").get_data(as_text=True)
    assert "Coverage: which questions cite each article" in page
    assert "Art. 16 Protection and assistance measures" in page
    assert "No warning." in page


def test_a_question_too_long_is_warned_of_with_its_words_counted(client, login, make_user, small, db):
    small.clusters[0].questions[0].text = "Does " + "word " * 43 + "apply?"  # 45 words; one cannot be too many
    db.commit()
    login(make_user("secretariat"))
    page = client.get(f"/builder/{small.id}").get_data(as_text=True)
    assert "q1 has 45 words; keep a question to 40 words or fewer" in page


def test_the_heading_isolates_the_title_in_its_own_language_on_an_arabic_page(client, login, make_user, small, db):
    small.title = "Small <questionnaire>"
    db.commit()
    login(make_user("secretariat", locale="ar"))
    page = client.get(f"/builder/{small.id}").get_data(as_text=True)
    assert '<h1><span dir="auto" lang="en">Small &lt;questionnaire&gt;</span></h1>' in page


def test_every_builder_page_isolates_the_titles_in_their_own_language_on_an_arabic_page(client, login, make_user,
                                                                                       small, db):
    small.title = "Small <questionnaire>"
    cluster = small.clusters[0]
    question = cluster.questions[0]
    db.commit()
    login(make_user("secretariat", locale="ar"))
    title = '<span dir="auto" lang="en">Small &lt;questionnaire&gt;</span>'
    cluster_title = f'<span dir="auto" lang="en"><bdi>{cluster.code}.</bdi> {cluster.title}</span>'
    pages = {
        "/builder/": [title],
        f"/builder/{small.id}": [cluster_title],
        f"/builder/{small.id}/edit": [title],
        f"/builder/{small.id}/clusters/{cluster.id}": [title],
        f"/builder/{small.id}/questions/{question.id}": [title, cluster_title],
        f"/builder/{small.id}/clusters/{cluster.id}/delete": [title],
    }
    for path, isolated in pages.items():
        page = client.get(path).get_data(as_text=True)
        for fragment in isolated:
            assert fragment in page, (path, fragment)
        assert "Small <questionnaire>" not in page, path
