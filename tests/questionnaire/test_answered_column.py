"""The answers' ``answered`` column, which the database computes from each stored value, agrees with the
kinds' own rule (``Kind.is_answered``) for every shape a value takes, and follows each change of the value."""
from __future__ import annotations

import pytest
from sqlalchemy import select, update

from questionnaire.kinds import get_kind
from questionnaire.models import Answer, Response
from tests.factories import make_questionnaire

VALUES = [
    None, "", [], "Act 5", " ", "null", '""', "[]", 0, 0.0, 12.5, False, True, ["sea"], [""], [{}],
    [{"title": "", "url": ""}], {}, {"not_applicable": ""}, {"not_applicable": "No such law"},
    {"rows": []}, "2024-03-31", "é" * 2000, "移民",
]


def test_the_column_agrees_with_the_kinds_rule_for_every_value(db, states):
    questionnaire = make_questionnaire(db, extra_questions=len(VALUES))
    extra = [question for question in questionnaire.questions_in_order() if question.key.startswith("extra")]
    response = Response(questionnaire_id=questionnaire.id, state_id=states["MEX"].id)
    db.add(response)
    db.flush()
    db.add_all(Answer(response_id=response.id, question_id=question.id, value=value)
               for question, value in zip(extra, VALUES))
    db.commit()
    db.expire_all()

    stored = {row.question_id: row.answered for row in db.execute(
        select(Answer.question_id, Answer.answered).where(Answer.response_id == response.id))}
    rule = get_kind("short_text")
    assert [stored[question.id] for question in extra[:len(VALUES)]] == [rule.is_answered(value) for value in VALUES]
    assert stored[extra[0].id] is False and stored[extra[3].id] is True


@pytest.mark.parametrize("before, after", [("Act 5", ""), ("", "Act 5"), (["sea"], []), (None, {"not_applicable": ""})])
def test_the_column_follows_each_change_of_the_value(db, states, before, after):
    questionnaire = make_questionnaire(db)
    question = questionnaire.questions_in_order()[0]
    response = Response(questionnaire_id=questionnaire.id, state_id=states["MEX"].id)
    db.add(response)
    db.flush()
    answer = Answer(response_id=response.id, question_id=question.id, value=before)
    db.add(answer)
    db.commit()
    assert answer.answered is get_kind("short_text").is_answered(before)

    db.execute(update(Answer).where(Answer.id == answer.id).values(value=after, revision=2))  # as saving writes
    db.commit()
    db.expire_all()
    assert db.scalar(select(Answer.answered).where(Answer.id == answer.id)) is get_kind("short_text").is_answered(after)


def test_the_database_is_given_the_models_rule():
    """The migration that adds the column carries the rule as the model states it (the parity test above runs
    on the migrated database): changing the rule takes a migration."""
    from importlib.util import module_from_spec, spec_from_file_location

    from questionnaire.migrate import MIGRATIONS
    from questionnaire.models.responses import ANSWERED_SQL

    path = MIGRATIONS / "versions" / "0018_answer_answered.py"
    spec = spec_from_file_location("answered_migration", path)
    migration = module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert migration.ANSWERED_SQL == ANSWERED_SQL


def test_an_answer_saved_by_the_form_reads_its_new_answered_flag_in_the_same_session(db, small, states, make_user):
    """Saving sets the stored answers' new values in the session as if loaded: the flag the database computed
    from the new value is what the answer reads, not the one it was loaded with."""
    from forms.answers import base_of, save_answers

    user, cluster = make_user("expert"), small.clusters[0]
    save_answers(db, small, states["MEX"], user, cluster, {"authority": "Ministry"}, {})
    db.commit()
    answer = db.scalar(select(Answer))
    assert answer.answered is True
    result = save_answers(db, small, states["MEX"], user, cluster, {"authority": ""}, {"authority": base_of(answer)})
    assert result.written == 1 and result.saved["authority"] is answer
    assert answer.answered is False
