"""The revised draft showing changes: the comparison, its Word and XLSX documents, the downloads and the
`definition diff` command, in the reader's language."""
from __future__ import annotations

import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook

from questionnaire.consultation.changes import revised_draft
from questionnaire.consultation.comparing import compare_revisions


def _item(sections, key):
    return next(item for section in sections for item in section.items if item.key == key)


def test_the_revised_draft_marks_every_kind_of_change(db, revised):
    comparison = compare_revisions(db, revised["questionnaire"], 1, 2)
    changes = {change.key: change.change for change in comparison.questions}
    assert changes == {"crim": "reworded", "routes": "added", "cases": "moved", "agree": "reworded",
                       "authority": "removed"}
    assert [(c.code, c.change) for c in comparison.clusters] == [("B", "reworded")]
    sections = revised_draft(comparison)
    assert [s.code for s in sections] == ["A", "B"]
    crim = _item(sections, "crim")
    assert ("added", "criminal offence?") in [(p.op, p.text) for p in crim.fields["text"]]
    assert [p.op for p in crim.fields["guidance"]] == ["same", "added", "same"]
    assert [p.proposals for p in [crim]][0][0].state.name == "Mexico"
    assert _item(sections, "cases").from_cluster == "A"
    assert sections[0].items[-1].key == "authority"  # removed questions close their former cluster
    assert all(p.op == "removed" for p in sections[0].items[-1].fields["text"])
    assert _item(sections, "crim.law").change == "" and _item(sections, "routes").fields["text"][0].op == "added"
    assert [p.op for p in sections[1].title] == ["same", "added"]


def test_the_word_document_underlines_insertions_and_strikes_deletions(db, client, login, revised):
    login(revised["secretariat"])
    response = client.get(f"/drafting/questionnaires/{revised['questionnaire'].id}/changes.docx?from=1&to=2")
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    document = Document(io.BytesIO(response.data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "CTOC/COP/WG.7/2017/2 of 2017-06-01" in text and "CTOC/COP/WG.7/2017/2/Rev.1 of 2017-08-01" in text
    assert "Moved from cluster A" in text and "proposal by Mexico (Accepted with changes)" in text
    runs = [run for p in document.paragraphs for run in p.runs]
    struck = {run.text.strip() for run in runs if run.font.strike}
    underlined = {run.text.strip() for run in runs if run.font.underline}
    assert {"crime?", "Which authority?"} <= struck and {"criminal offence?", "between States", "treaties"} <= underlined
    assert "Is smuggling of migrants a" not in struck | underlined  # unchanged words are plain


def test_the_workbook_has_a_change_column_and_keeps_text_as_text(db, client, login, revised):
    snapshot = json.loads(json.dumps(revised["second"].snapshot))  # a new value, so that it is saved
    snapshot["clusters"][0]["questions"][1]["text"] = "=HYPERLINK(\"http://x\")"
    revised["second"].snapshot = snapshot
    db.commit()
    login(revised["secretariat"])
    response = client.get(f"/drafting/questionnaires/{revised['questionnaire'].id}/changes.xlsx?from=1&to=2")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = {row[2]: row for row in sheet.iter_rows(min_row=4, values_only=True) if row[2]}
    assert rows["crim"][3] == "reworded" and "[-crime?-] [+criminal offence?+]" in rows["crim"][5]
    assert rows["agree"][7].startswith("bi | Bilateral [+treaties+]") and rows["authority"][3] == "removed"
    assert rows["crim.why"][3] is None and rows["crim.why"][5] is None  # unchanged: no change marked
    formula = next(row for row in sheet.iter_rows(min_row=4) if row[2].value == "crim.law")[4]
    assert formula.value.startswith("=HYPERLINK") and formula.data_type == "s"


def test_a_text_longer_than_a_cell_is_cut_with_a_note_in_the_documents_language(db, client, login, revised, lay_words):
    lay_words({"fr": {(None, "[… cut off]"): "[… coupé ici]"}})
    snapshot = json.loads(json.dumps(revised["second"].snapshot))
    snapshot["clusters"][0]["questions"][1]["text"] = "long " * 8_000  # 40,000 characters
    revised["second"].snapshot = snapshot
    db.commit()
    login(revised["secretariat"])
    qid = revised["questionnaire"].id
    sheet = load_workbook(io.BytesIO(client.get(
        f"/drafting/questionnaires/{qid}/changes.xlsx?from=1&to=2&language=fr").data)).active
    cut = next(row for row in sheet.iter_rows(min_row=4, values_only=True) if row[2] == "crim.law")[4]
    assert len(cut) == 32_767 and cut.startswith("long long ") and cut.endswith(" [… coupé ici]")


def test_documents_are_written_in_the_language_asked_for(db, client, login, revised):
    login(revised["secretariat"])
    qid = revised["questionnaire"].id
    sheet = load_workbook(io.BytesIO(client.get(
        f"/drafting/questionnaires/{qid}/changes.xlsx?from=1&to=2&language=fr").data)).active
    assert sheet.cell(3, 1).value == "Groupe thématique" and "reformulée" in [c.value for c in sheet["D"]]
    assert "Appuyée par\u00a0: Nigeria" in "\n".join(p.text for p in Document(io.BytesIO(client.get(
        f"/drafting/consultations/{revised['consultation'].id}/compilation.docx?language=fr").data)).paragraphs)
    # the reader's interface language is the default, and asking for a document's language does not change it
    assert sheet.cell(3, 1).value != load_workbook(io.BytesIO(client.get(
        f"/drafting/questionnaires/{qid}/changes.xlsx?from=1&to=2").data)).active.cell(3, 1).value
    revised["secretariat"].locale = "fr"
    db.commit()
    docx = Document(io.BytesIO(client.get(f"/drafting/questionnaires/{qid}/changes.docx?from=1&to=2").data))
    assert any(p.text.startswith("Indications") for p in docx.paragraphs)


def test_only_the_secretariat_downloads_changes_and_unknown_revisions_are_not_found(db, client, login, revised):
    qid = revised["questionnaire"].id
    login(revised["mex"])
    assert client.get(f"/drafting/questionnaires/{qid}/changes.docx?from=1&to=2").status_code == 403
    login(revised["secretariat"])
    assert client.get(f"/drafting/questionnaires/{qid}/changes.docx?from=1&to=9").status_code == 404
    assert client.get(f"/drafting/questionnaires/{qid}/changes.docx?from=x&to=2").status_code == 404
    assert client.get(f"/drafting/questionnaires/{qid}/changes.pdf?from=1&to=2").status_code == 404
    page = client.get(f"/drafting/questionnaires/{qid}").get_data(as_text=True)
    assert f"/drafting/questionnaires/{qid}/changes.docx?from=1&amp;to=2" in page
    compare = client.get(f"/drafting/questionnaires/{qid}/compare?from=1&to=2").get_data(as_text=True)
    assert "Cluster B" in compare and "<ins>between States</ins>" in compare and "changes.xlsx?from=1&amp;to=2" in compare


@pytest.mark.parametrize(("path", "name"), [
    ("questionnaires/{q}/changes.docx?from=1&to=2", "changes-1-2.docx"),
    ("questionnaires/{q}/changes.xlsx?from=1", "changes-1-draft.xlsx"),
    ("questionnaires/{q}/changes.xlsx?from=draft&to=2", "changes-draft-2.xlsx"),
    ("consultations/{c}/compilation.docx", "compilation-1.docx"),
])
def test_a_downloaded_document_is_named_after_what_it_holds(db, client, login, revised, path, name):
    login(revised["secretariat"])
    response = client.get("/drafting/" + path.format(q=revised["questionnaire"].id, c=revised["consultation"].id))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f"attachment; filename={name}"


def test_definition_diff_writes_documents_and_compares_with_a_file(db, runner, revised, tmp_path):
    slug = revised["questionnaire"].slug
    out = tmp_path / "diff.docx"
    result = runner.invoke(args=["definition", "diff", slug, "--from", "1", "--to", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert any(run.font.strike and "crime?" in run.text for p in Document(str(out)).paragraphs for run in p.runs)
    result = runner.invoke(args=["definition", "diff", slug, "--from", "1", "--to", "2", "--out",
                                 str(tmp_path / "diff.xlsx"), "--lang", "fr"])
    assert result.exit_code == 0 and load_workbook(tmp_path / "diff.xlsx").active.cell(3, 1).value == "Groupe thématique"
    text = runner.invoke(args=["definition", "diff", slug, "--from", "1", "--to", "2"]).output
    assert "cluster B: reworded" in text and "authority: removed" in text
    # a definition file on either side
    proposal = tmp_path / "proposal.json"
    document = json.loads(json.dumps(revised["second"].snapshot))
    document["clusters"][0]["questions"][0]["text"] = "Is migrant smuggling a criminal offence?"
    proposal.write_text(json.dumps(document), encoding="utf-8")
    text = runner.invoke(args=["definition", "diff", slug, "--from", "2", "--to", str(proposal)]).output
    assert text == "1 crim: reworded\n    text: Is {+migrant+} smuggling [-of migrants-] a criminal offence?\n"


def test_definition_diff_refuses_bad_input_with_a_clear_message(db, runner, revised, tmp_path):
    slug = revised["questionnaire"].slug
    other = tmp_path / "other.json"
    other.write_text(json.dumps({**revised["second"].snapshot, "slug": "another"}), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    for args, message in [
        (["--from", "1", "--to", str(other)], "defines the questionnaire another, not revised"),
        (["--from", "1", "--to", str(broken)], "malformed JSON"),
        (["--from", "1", "--to", str(tmp_path / "missing.json")], "no definition file"),
        (["--from", "1", "--to", "7"], "has no revision 7"),
        (["--from", "1", "--out", str(tmp_path / "diff.pdf")], "--out must end in .docx or .xlsx"),
        (["--from", "1", "--lang", "xx"], "--lang must be one of"),
    ]:
        result = runner.invoke(args=["definition", "diff", slug, *args])
        assert result.exit_code == 1 and message in result.output, (args, result.output)
    assert not (tmp_path / "diff.pdf").exists()


def test_consultation_export_writes_the_compilation_in_the_language_asked_for(db, runner, revised, tmp_path):
    slug, out = revised["questionnaire"].slug, tmp_path / "compilation.docx"
    result = runner.invoke(args=["consultation", "export", slug, "--revision", "1", "--out", str(out), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "Appuyée par\u00a0: Nigeria" in "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert result.output == f"Wrote {out} ({out.stat().st_size:,} bytes).\n"  # its digits grouped
    refused = runner.invoke(args=["consultation", "export", slug, "--revision", "1", "--out", str(tmp_path / "c.docx"),
                                  "--lang", "de"])
    assert refused.exit_code == 1 and "--lang must be one of" in refused.output and not (tmp_path / "c.docx").exists()


@pytest.mark.parametrize(("data", "size"), [(b"x", "(1 byte)"), (b"xy", "(2 bytes)")])
def test_the_commands_say_how_big_a_document_they_wrote(db, runner, revised, tmp_path, monkeypatch, data, size):
    for written in ("changes_file", "compilation_file"):  # a document of one byte, or two
        monkeypatch.setattr(f"questionnaire.consultation.cli.{written}", lambda *args: (data, "application/octet-stream"))
    slug, diff, compilation = revised["questionnaire"].slug, tmp_path / "diff.xlsx", tmp_path / "compilation.docx"
    result = runner.invoke(args=["definition", "diff", slug, "--from", "1", "--to", "2", "--out", str(diff)])
    assert result.output == f"Wrote {diff} {size}.\n" and diff.read_bytes() == data
    result = runner.invoke(args=["consultation", "export", slug, "--revision", "1", "--out", str(compilation)])
    assert result.output == f"Wrote {compilation} {size}.\n" and compilation.read_bytes() == data


WROTE = ("Wrote %(path)s (%(num)s byte).", "Wrote %(path)s (%(num)s bytes).")
#: French words laid over the catalogues for the tests below, whatever the catalogues hold today.
FRENCH = {"fr": {
    (None, "Error: %(message)s"): "Erreur : %(message)s",
    (None, WROTE): ("%(path)s écrit (%(num)s octet).", "%(path)s écrit (%(num)s d’octets).",
                    "%(path)s écrit (%(num)s octets)."),
    (None, "No change."): "Aucun changement.",
    (None, "no definition file %(path)s"): "aucun fichier de définition %(path)s",
    (None, "This questionnaire has no revision %(number)s."): "Ce questionnaire n’a pas de révision %(number)s.",
    (None, "%(option)s must end in .docx or .xlsx"): "%(option)s doit finir par .docx ou .xlsx",
    (None, "%(slug)s has no revision %(number)s with a consultation"):
        "%(slug)s n’a pas de révision %(number)s soumise à consultation",
    (None, "no questionnaire %(slug)s"): "aucun questionnaire %(slug)s",
}}


def test_the_commands_speak_the_interface_language_and_write_the_document_in_lang(db, runner, revised, tmp_path,
                                                                                  lay_words):
    """``--interface-lang`` words the messages, ``--lang`` the document, each independently of the other."""
    lay_words(FRENCH)
    slug, out = revised["questionnaire"].slug, tmp_path / "compilation.docx"
    result = runner.invoke(args=["consultation", "export", slug, "--revision", "1", "--out", str(out), "--lang", "en",
                                 "--interface-lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "Supported by Nigeria" in "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert result.output == f"{out} écrit ({out.stat().st_size:,} octets).\n".replace(",", "\u202f")
    diff = tmp_path / "diff.xlsx"
    result = runner.invoke(args=["definition", "diff", slug, "--from", "1", "--to", "2", "--out", str(diff),
                                 "--interface-lang", "fr"])
    assert result.output == f"{diff} écrit ({diff.stat().st_size:,} octets).\n".replace(",", "\u202f")
    assert load_workbook(diff).active.cell(3, 1).value == "Cluster"  # the document in the default language
    said = runner.invoke(args=["definition", "diff", slug, "--from", "2", "--to", "2", "--interface-lang", "fr"])
    assert said.output == "Aucun changement.\n"
    assert runner.invoke(args=["definition", "diff", slug, "--from", "2", "--to", "2"]).output == "No change.\n"


def test_the_commands_refuse_in_the_interface_language(db, runner, revised, tmp_path, lay_words):
    lay_words(FRENCH)
    slug = revised["questionnaire"].slug
    for arguments, said in (
            (["definition", "diff", slug, "--from", "1", "--to", str(tmp_path / "missing.json")],
             f"aucun fichier de définition {tmp_path / 'missing.json'}"),
            (["definition", "diff", slug, "--from", "1", "--to", "7", "--lang", "en"],
             "Ce questionnaire n’a pas de révision 7."),
            (["definition", "diff", slug, "--from", "1", "--out", str(tmp_path / "diff.pdf")],
             "--out doit finir par .docx ou .xlsx"),
            (["definition", "diff", "nope", "--from", "1"], "aucun questionnaire nope"),
            (["consultation", "export", slug, "--revision", "2", "--out", str(tmp_path / "c.docx")],
             f"{slug} n’a pas de révision 2 soumise à consultation")):
        refused = runner.invoke(args=[*arguments, "--interface-lang", "fr"])
        assert (refused.exit_code, refused.output) == (1, f"Erreur : {said}\n"), arguments
    assert not (tmp_path / "diff.pdf").exists() and not (tmp_path / "c.docx").exists()


def _shown_data(text: str) -> list[str]:
    """What a plain-text diff shows of the documents: each question's number and key, each marked wording."""
    return [line.split(": ", 1)[1] if line.startswith("    ") else line.split(":", 1)[0].rstrip("\u00a0")
            for line in text.splitlines() if "←" not in line and not line.startswith(("cluster", "groupe"))]


def test_definition_diff_speaks_the_interface_language_and_shows_the_same_keys_and_texts(app, runner, revised,
                                                                                         lay_words):
    from flask_babel import force_locale
    from flask_babel import gettext as _

    lay_words({"fr": {
        ("definition diff", "cluster %(code)s: %(change)s"): "groupe thématique %(code)s : %(change)s",
        ("cluster change", "reworded"): "reformulé", ("definition diff", "title"): "titre",
        ("definition diff", "proposal #%(number)s by %(state)s"): "proposition nº %(number)s de %(state)s"}})
    arguments = ["definition", "diff", revised["questionnaire"].slug, "--from", "1", "--to", "2"]
    english = runner.invoke(args=arguments).output
    french = runner.invoke(args=[*arguments, "--interface-lang", "fr"]).output
    with app.test_request_context(), force_locale("fr"):
        reworded, removed = _("reworded"), _("removed")  # a question's change, in the shipped catalogue's words
    assert reworded != "reworded" and removed != "removed"
    assert "1 crim: reworded" in english and f"1 crim\u00a0: {reworded}" in french  # French spacing, too
    assert f"authority\u00a0: {removed}" in french
    assert "groupe thématique B : reformulé" in french and "    titre\u00a0: " in french
    assert f"← proposition nº {revised['proposal'].id} de Mexique" in french
    assert f"← proposal #{revised['proposal'].id} by Mexico" in english
    assert _shown_data(french) == _shown_data(english) and "    text: " in english
    assert [line.split(":")[0].rstrip("\u00a0") for line in french.splitlines() if line[:1].isdigit()] == [
        "1 crim", "2 routes", "2 cases", "4 agree", "3 authority"]


def test_a_clusters_change_and_a_questions_change_each_take_their_own_words(db, client, login, revised,
                                                                             lay_words):
    """French words agree with the noun: a cluster (groupe thématique) is masculine, a question feminine."""
    lay_words({"fr": {("cluster change", "reworded"): "reformulé", (None, "reworded"): "reformulée"}})
    qid = revised["questionnaire"].id
    login(revised["secretariat"])
    compare = client.get(f"/drafting/questionnaires/{qid}/compare?from=1&to=2&lang=fr").get_data(as_text=True)
    assert " — reformulé</h2>" in compare and " — reformulée</h2>" in compare
    docx = Document(io.BytesIO(client.get(f"/drafting/questionnaires/{qid}/changes.docx?from=1&to=2").data))
    assert any(p.text.endswith("(reformulé)") for p in docx.paragraphs if p.style.name.startswith("Heading"))
    sheet = load_workbook(io.BytesIO(client.get(f"/drafting/questionnaires/{qid}/changes.xlsx?from=1&to=2").data))
    changes = [row[3] for row in sheet.active.iter_rows(values_only=True)]
    assert "reformulé" in changes and "reformulée" in changes
