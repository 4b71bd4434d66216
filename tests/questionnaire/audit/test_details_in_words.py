"""The audit log tells in words the details that hold text keys, lists and rules: each text a translation
changed (which text of which question or cluster, before and after), follow-up rules, answer types,
languages, a translation's status and the participants an import of the depositary's table changed — never
as keys or JSON, and with user text escaped."""
from __future__ import annotations

from datetime import date

import pytest

from questionnaire.audit.text_places import TextPlace, readings, text_label
from questionnaire.builder.question_fields import QuestionFields
from questionnaire.builder.questions import add_question, delete_question, edit_question
from questionnaire.definitions.document import import_document
from questionnaire.models.audit import record
from questionnaire.states import parties
from questionnaire.texts import set_translation, text_states
from questionnaire.translation import service
from questionnaire.translation.batch import fingerprint
from questionnaire.translation.roundtrip import apply_import, export_file, plan_import
from tests.factories import audit_change_line, q_of, small_document, translated_xliff

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _log(client, url: str = "/audit/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True).split("</form>", 1)[1]  # the events, after the filters



def test_a_saved_batch_names_each_text_with_its_translation_before_and_after(client, db, make_user, login,
                                                                            bilingual):
    me = make_user("secretariat", name="A. Secretariat")
    set_translation(db, bilingual, "question.agree.choice.bi", "fr", "Bilatéral")
    set_translation(db, bilingual, "cluster.A.title", "fr", "Incrimination")
    bilingual.clusters[0].title = f"Criminalization {SCRIPT}"  # its translation is out of date now
    q_of(bilingual, "crim").text = f"{SCRIPT} Is smuggling a crime?"
    db.commit()
    shown = {state.key: state for state in text_states(db, bilingual, "fr")}  # the page as it was rendered
    set_translation(db, bilingual, "question.cases.text", "fr", "Combien ?")  # saved by someone else meanwhile
    service.save_batch(
        db, bilingual, "fr", me,
        {"question.crim.text": f"{SCRIPT} Le trafic est-il un crime ?", "question.agree.choice.bi": "Bilatéraux",
         "question.crim.law.text": "Citez la loi.", "question.cases.text": "Nombre de cas ?"},
        still_right={"cluster.A.title": fingerprint(shown["cluster.A.title"].source.text)},
        bases={key: fingerprint(state.translation) for key, state in shown.items()},
        source_bases={key: fingerprint(state.source.text) for key, state in shown.items()})
    db.commit()
    login(me)
    log = _log(client)
    assert "A. Secretariat saved translations into Français of “Small questionnaire bilingual”" in log
    assert audit_change_line(f"Text of question 1 “{ESCAPED} Is smuggling a crime?”", "—",
                   f"{ESCAPED} Le trafic est-il un crime ?", "fr") in log
    assert SCRIPT not in log
    assert audit_change_line("Choice “Bilateral” of question 4 “Do you have agreements?”", "Bilatéral", "Bilatéraux",
                   "fr") in log
    assert audit_change_line("Text of question 1.1 “Cite the law.”", "—", "Citez la loi.", "fr") in log  # a dotted key
    assert f"<li>Title of cluster A “Criminalization {ESCAPED}”: <bdi>confirmed as still right</bdi></li>" in log
    assert ("<li>Text of question 2 “How many cases?”: <bdi>not saved: the translation or its source text "
            "changed meanwhile</bdi></li>") in log
    assert "<li>Language: <bdi>Français</bdi></li>" in log
    assert "question.crim" not in log and "cluster.A" not in log and "&#34;" not in log  # no keys, no JSON


def test_an_imported_file_a_confirmation_a_status_and_a_language_read_in_words(client, db, make_user, login,
                                                                              bilingual):
    me = make_user("secretariat", name="A. Secretariat")
    set_translation(db, bilingual, "question.crim.guidance", "fr", "Pensez à la loi.")
    set_translation(db, bilingual, "question.cases.text", "fr", "Combien de cas ?")
    q_of(bilingual, "crim").guidance = "Think of the criminal law."  # both translations out of date now
    q_of(bilingual, "cases").text = "How many cases were prosecuted?"
    db.flush()
    _name, data = export_file(db, bilingual, "fr", "xlf")
    still_right = b'id="question.cases.text" approved="yes"'  # the translator approved it unedited
    data = data.replace(b'id="question.cases.text" approved="no"', still_right)
    plan = plan_import(db, translated_xliff(data, {"title": "Petit questionnaire", "question.topics.choice.sea":
                                                   f"Mer {SCRIPT}"}))
    apply_import(db, plan, me, "fr.xlf")
    service.confirm(db, bilingual, "fr", me, "question.crim.guidance")
    service.change_status(db, bilingual, "fr", me, "reviewed")
    service.add_language(db, bilingual, me, "es")
    db.commit()
    login(me)
    log = _log(client)
    assert audit_change_line("Title of the questionnaire", "—", "Petit questionnaire", "fr") in log
    assert audit_change_line("Choice “Sea” of question 6 “Topics”", "—", f"Mer {ESCAPED}", "fr") in log
    assert ("<li>Text of question 2 “How many cases were prosecuted?”: <bdi>confirmed as still right</bdi></li>"
            in log)  # by the file
    assert "<li>Guidance of question 1 “Is smuggling a crime?”: <bdi>confirmed as still right</bdi></li>" in log
    assert audit_change_line("Status", "Draft translation", "Reviewed") in log
    assert audit_change_line("Languages", "English, Français", "English, Français, Español") in log
    assert SCRIPT not in log and "question.crim" not in log and "&#34;" not in log


def test_texts_of_questions_and_clusters_no_longer_there_are_said_to_be_gone(client, db, make_user, login,
                                                                            bilingual):
    me = make_user("secretariat", name="A. Secretariat")
    record(db, me, "translation.save", f"questionnaire:{bilingual.id}", language="fr", confirmed=[],
           changes=[{"key": "question.gone.choice.x", "before": None, "after": "Un"},
                    {"key": "cluster.Z.description", "before": "Avant", "after": "Après"},
                    {"key": "odd-key", "before": None, "after": "?"}])
    db.commit()
    login(me)
    log = _log(client)
    assert audit_change_line("Choice “x” of a question no longer under the key “gone”", "—", "Un", "fr") in log
    assert audit_change_line("Description of cluster Z", "Avant", "Après", "fr") in log
    assert audit_change_line("Text “odd-key”", "—", "?", "fr") in log
    assert "Confirmed" not in log  # an empty list says nothing


@pytest.mark.parametrize(("key", "place"), [
    ("title", TextPlace("title")),
    ("cluster.A.title", TextPlace("title", cluster_code="A")),
    ("cluster.A.1.description", TextPlace("description", cluster_code="A.1")),
    ("question.crim.law.guidance", TextPlace("guidance", question_key="crim.law")),
    ("question.t.row.convicted", TextPlace("row", question_key="t", option="convicted")),
    ("question.t.column.2024", TextPlace("column", question_key="t", option="2024")),
])
def test_a_text_key_reads_as_its_place(key, place):
    assert readings(key)[0] == place


def test_a_key_that_could_be_read_two_ways_is_read_both_ways_and_an_unknown_one_not_at_all():
    assert readings("question.a.choice.text") == [TextPlace("text", question_key="a.choice"),
                                                  TextPlace("choice", question_key="a", option="text")]
    assert readings("question.a.choice.b.text") == [TextPlace("text", question_key="a.choice.b")]
    assert readings("cluster.A.questions") == [] and readings("answer.crim") == [] and readings("question.x") == []


def test_a_key_read_two_ways_names_the_text_of_the_question_that_exists(client, db, make_user, login, states):
    me = make_user("secretariat", name="A. Secretariat")
    document = small_document("two-ways")
    topics = next(question for question in document["clusters"][1]["questions"] if question["key"] == "topics")
    topics["options"]["choices"].append({"value": "text", "label": "Written texts"})
    draft = import_document(db, document)
    record(db, me, "translation.save", f"questionnaire:{draft.id}", language="fr",
           changes=[{"key": "question.topics.choice.text", "before": None, "after": "Textes écrits"}])
    db.commit()
    login(me)
    assert audit_change_line("Choice “Written texts” of question 6 “Topics”", "—", "Textes écrits", "fr") in _log(client)


def test_row_and_column_labels_are_named(app):
    with app.test_request_context("/"):
        row = text_label(TextPlace("row", question_key="t", option="c"), "question 5 “Cases”", "", "Convicted")
        column = text_label(TextPlace("column", question_key="t", option="y"), "question 5 “Cases”", "", "2024")
    assert (row, column) == ("Row “Convicted” of question 5 “Cases”", "Column “2024” of question 5 “Cases”")


def test_follow_up_rules_and_answer_types_read_in_words(client, db, make_user, login, states):
    me = make_user("secretariat", name="A. Secretariat")
    draft = import_document(db, small_document("rules"))
    crim = q_of(draft, "crim")
    fields = QuestionFields.of(crim)
    fields.text = f"{SCRIPT} Is smuggling a crime?"
    edit_question(db, crim, me, fields)
    law = q_of(draft, "crim.law")
    fields = QuestionFields.of(law)
    fields.show_if = {"question": "crim", "in": ["no"]}
    edit_question(db, law, me, fields)
    add_question(db, draft.clusters[1], me, QuestionFields(key="which", number="8", kind="long_text",
                                                           text="Which agreements?",
                                                           show_if={"question": "agree", "in": ["bi", "multi"]}))
    delete_question(db, q_of(draft, "crim.why"), me)
    record(db, me, "questionnaire.question.edit", f"questionnaire:{draft.id}", key="since",
           before={"show_if": None}, after={"show_if": {"question": "gone", "in": ["yes"]}})
    db.commit()
    login(me)
    log = _log(client)
    parent = f"question 1 “{ESCAPED} Is smuggling a crime?”"
    assert audit_change_line("Shown when", f"{parent} is answered “Yes” or “Yes, in part”",
                   f"{parent} is answered “No”") in log
    assert ("<li>Shown when: <bdi>question 4 “Do you have agreements?” is answered “Bilateral” or “Multilateral”"
            "</bdi></li>") in log
    assert "<li>Kind: <bdi>Long text</bdi></li>" in log  # the added question's answer type
    assert f"<li>Shown when: <bdi>{parent} is answered “No”</bdi></li>" in log  # as the deleted one had it
    assert audit_change_line("Shown when", "—", "a question no longer under the key “gone” is answered “yes”") in log
    assert SCRIPT not in log and "&#34;question&#34;" not in log and "long_text" not in log


def test_an_import_of_the_depositarys_table_names_each_participant_and_status(client, db, make_user, login,
                                                                             states):
    me = make_user("secretariat", name="A. Secretariat", locale="fr")
    instrument = parties.instrument_by_code(db, "som")
    table = ("Participant,Signature,Ratification\nBolivia (Plurinational State of),12 Dec 2000,\n"
             "European Union,12 Dec 2000,6 Sep 2006 AA\n").encode()
    changes = [change for change in parties.preview(db, instrument, parties.read_participants(db, table, "t.csv"))
               if change.participant in ("Bolivia (Plurinational State of)", "European Union", "Afghanistan")]
    parties.apply(db, me, instrument, changes, f"UNTC {SCRIPT}", date(2026, 11, 29))
    db.commit()
    login(me)
    log = _log(client)
    french = {"words": ("avant", "après"), "colon": "\u00a0:"}  # the French words, and its spacing before a colon
    # each State by its name in the reader's language, each status in words
    assert audit_change_line("Bolivie", "Ni partie ni signataire", "Signataire", **french) in log
    assert audit_change_line("Afghanistan", "Partie", "Ni partie ni signataire", **french) in log
    # no State: its name in the table; a party still, its dates added: those, not its status, are the change
    assert audit_change_line("European Union, date de signature", "—", "12 déc. 2000", **french) in log
    assert audit_change_line("European Union, date du consentement à être lié", "—", "6 sept. 2006", **french) in log
    assert "European Union\u00a0: " not in log
    assert SCRIPT not in log and ESCAPED in log and "&#34;participant&#34;" not in log
