"""The export and demo-answers commands."""
from __future__ import annotations

import random
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from questionnaire.replies.answering import visible_keys
from questionnaire.kinds import get_kind
from questionnaire.models import Answer, Response
from exports.demo_answers import synthetic_values


@pytest.fixture
def answered(db, som, states, make_user, add_response):
    add_response(som, states["MEX"], {"som.crim.smuggling": "yes"}, make_user("focal_point", state="MEX"))
    return som


@pytest.mark.parametrize(("args", "message"), (
    (["export", "no-such"], "There is no questionnaire “no-such”."),
    (["export", "som-protocol", "--version", "7"], "has no version 7; its versions are 2"),
    (["export", "som-protocol", "--cluster", "IX"], "has no cluster “IX”; its clusters are I, II, III, IV"),
    (["export", "som-protocol", "--region", "Atlantis"], "There is no regional group “Atlantis”"),
    (["export", "som-protocol", "--state", "XXX"], "Unknown State code: XXX."),
    (["export", "som-protocol", "--out", "answers.pdf"], "must end in .xlsx or .csv"),
))
def test_bad_selections_exit_1_with_a_clear_message(runner, answered, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    assert message in result.output


def test_export_writes_xlsx_to_the_export_folder_by_default(runner, app, answered):
    result = runner.invoke(args=["export", "som-protocol"])
    assert result.exit_code == 0, result.output
    files = list(Path(app.config["EXPORT_FOLDER"]).glob("som-protocol-v2-*.xlsx"))
    assert len(files) == 1 and "1 State, 1 answer to " in result.output
    assert openpyxl.load_workbook(files[0])["Overview"]["A2"].value == "MEX"


def test_export_writes_csv_when_asked(runner, tmp_path, answered):
    out = tmp_path / "answers.csv"
    result = runner.invoke(args=["export", "som-protocol", "--cluster", "I", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") and "som.crim.smuggling" in out.read_text("utf-8-sig")


def test_demo_answers_fill_submitted_responses_for_states_parties(runner, db, som):
    result = runner.invoke(args=["demo", "answers", "--states", "3", "--submit"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Demo answers (submitted) for 3 States on som-protocol version 2: ")
    statuses = list(db.scalars(select(Response.status)))
    assert statuses == ["submitted"] * 3
    assert db.scalar(select(func.count(Answer.id))) > 60


def test_demo_answers_refuse_a_database_with_real_answers_unless_forced(runner, db, answered):
    result = runner.invoke(args=["demo", "answers", "--states", "2"])
    assert result.exit_code == 1 and "Error: the database holds 1 real answer; demo answers" in result.output
    assert db.scalar(select(func.count(Response.id))) == 1
    forced = runner.invoke(args=["demo", "answers", "--states", "1", "--force"])
    assert forced.exit_code == 0 and db.scalar(select(func.count(Response.id))) == 2
    assert forced.output.startswith("Demo answers (draft) for 1 State on som-protocol version 2: ")


def test_synthetic_answers_are_valid_and_follow_ups_match_their_parents(som):
    questions = som.questions_in_order()
    kinds_seen = set()
    for seed in range(20):
        values = synthetic_values(questions, random.Random(seed))
        assert set(values) <= visible_keys(questions, values)
        for question in questions:
            if question.key in values:
                get_kind(question.kind).check(values[question.key], question.options)
                kinds_seen.add(question.kind)
                if question.kind == "long_text":
                    assert 200 <= len(values[question.key]) <= 2000
    assert kinds_seen == {q.kind for q in questions} - {"note"}


EXPORTED = "Wrote %(slug)s version %(version)s: %(states)s, %(answers)s to %(path)s."
DEMO_DRAFTS = ("Demo answers (draft) for %(num)s State on %(slug)s version %(version)s: %(codes)s",
               "Demo answers (draft) for %(num)s States on %(slug)s version %(version)s: %(codes)s")
REAL_ANSWERS = ("the database holds %(num)s real answer; demo answers are for demonstration databases (use --force "
                "to add them anyway; States that already answered are never touched)",
                "the database holds %(num)s real answers; demo answers are for demonstration databases (use --force "
                "to add them anyway; States that already answered are never touched)")
#: French words laid over the catalogues for these tests, whatever the catalogues hold today.
FRENCH = {"fr": {
    (None, "Error: %(message)s"): "Erreur : %(message)s",
    (None, EXPORTED): "%(slug)s, version %(version)s : %(states)s, %(answers)s, écrits dans %(path)s.",
    (None, ("%(num)s State", "%(num)s States")): ("%(num)s État", "%(num)s d’États", "%(num)s États"),
    (None, ("%(num)s answer", "%(num)s answers")): ("%(num)s réponse", "%(num)s de réponses", "%(num)s réponses"),
    (None, "There is no questionnaire “%(slug)s”."): "Il n’y a pas de questionnaire « %(slug)s ».",
    (None, "the output file must end in .xlsx or .csv, not “%(name)s”"):
        "le fichier écrit doit finir par .xlsx ou .csv, pas « %(name)s »",
    (None, DEMO_DRAFTS): ("Réponses de démonstration (brouillons) pour %(num)s État, %(slug)s version %(version)s : "
                          "%(codes)s", "", "Réponses de démonstration (brouillons) pour %(num)s États, %(slug)s "
                          "version %(version)s : %(codes)s"),
    (None, REAL_ANSWERS): ("la base contient %(num)s vraie réponse ; --force pour en ajouter quand même", "",
                           "la base contient %(num)s vraies réponses ; --force pour en ajouter quand même"),
    (None, "there is no questionnaire “%(slug)s”; run %(command)s first"):
        "il n’y a pas de questionnaire « %(slug)s » ; lancez d’abord %(command)s",
}}


def test_export_speaks_the_interface_language_and_writes_the_same_workbook(runner, lay_words, answered, tmp_path):
    lay_words(FRENCH)
    french, english = tmp_path / "fr.xlsx", tmp_path / "en.xlsx"
    said = runner.invoke(args=["export", "som-protocol", "--out", str(french), "--interface-lang", "fr"])
    assert said.output == f"som-protocol, version 2 : 1 État, 1 réponse, écrits dans {french}.\n"
    assert runner.invoke(args=["export", "som-protocol", "--out", str(english)]).output == (
        f"Wrote som-protocol version 2: 1 State, 1 answer to {english}.\n")
    workbooks = [openpyxl.load_workbook(path) for path in (french, english)]
    assert workbooks[0].sheetnames == workbooks[1].sheetnames and "Overview" in workbooks[0].sheetnames
    assert list(workbooks[0]["Overview"].values) == list(workbooks[1]["Overview"].values)
    assert workbooks[0]["Overview"]["A2"].value == "MEX"
    for arguments, said in ((["no-such"], "Il n’y a pas de questionnaire « no-such »."),
                            (["som-protocol", "--out", "answers.pdf"],
                             "le fichier écrit doit finir par .xlsx ou .csv, pas « answers.pdf »")):
        refused = runner.invoke(args=["export", *arguments, "--interface-lang", "fr"])
        assert (refused.exit_code, refused.output) == (1, f"Erreur : {said}\n")


def test_demo_answers_speak_the_interface_language(runner, lay_words, db, som):
    lay_words(FRENCH)
    filled = runner.invoke(args=["demo", "answers", "--states", "2", "--interface-lang", "fr"])
    assert filled.exit_code == 0, filled.output
    assert filled.output.startswith("Réponses de démonstration (brouillons) pour 2 États, som-protocol version 2 : ")
    refused = runner.invoke(args=["demo", "answers", "--questionnaire", "nope", "--force", "--interface-lang", "fr"])
    assert (refused.exit_code, refused.output) == (
        1, "Erreur : il n’y a pas de questionnaire « nope » ; lancez d’abord `questionnaire init`\n")
    assert runner.invoke(args=["demo", "answers", "--questionnaire", "nope", "--force"]).output == (
        "Error: there is no questionnaire “nope”; run `questionnaire init` first\n")


def test_demo_answers_refuse_real_answers_in_the_interface_language(runner, lay_words, answered):
    lay_words(FRENCH)
    refused = runner.invoke(args=["demo", "answers", "--interface-lang", "fr"])
    assert (refused.exit_code, refused.output) == (
        1, "Erreur : la base contient 1 vraie réponse ; --force pour en ajouter quand même\n")
