"""What one save of a cluster costs the database: a fixed number of statements whatever the number of
answers written, reading only that cluster's questions and answers (once, after the reply's row lock)."""
from __future__ import annotations

import re

from tests.factories import cluster_url


def test_a_save_runs_seven_or_eight_statements_for_one_answer_or_thirty(client, login, make_user, make_questionnaire,
                                                              count_queries):
    questionnaire = make_questionnaire("thirtyq", 30)
    login(make_user("expert"))
    extra = [q.id for q in questionnaire.clusters[0].questions if q.key.startswith("extra")]
    url = cluster_url(questionnaire, code="A") + "/autosave"
    first = client.post(url, data={f"q_{extra[0]}": "First"})  # the reply exists from here on
    bases = {f"base_{name[2:]}": base for name, base in first.get_json()["bases"].items()}
    counted = []
    for round_, written in enumerate((1, 30, 30)):  # one changed; one changed and 29 new; thirty changed
        data = {**bases, **{f"q_{qid}": f"Text {round_} {qid}" for qid in extra[:written]}}
        with count_queries() as counter:
            answer = client.post(url, data=data)
        assert answer.status_code == 200 and not answer.get_json()["conflicts"]
        assert len(answer.get_json()["bases"]) == written
        bases.update({f"base_{name[2:]}": base for name, base in answer.get_json()["bases"].items()})
        counted.append(counter.statements)
    # reads and locks, the response, the answers, the history (the questionnaire's structure is kept by the app
    # since the first save)
    assert len(counted[0]) == len(counted[2]) == 7
    assert len(counted[1]) == 8  # and one INSERT for the 29 new answers
    statements = counted[1]
    reads_of = lambda table: [s for s in statements if re.match(rf"\s*SELECT\b.*\bFROM {table}\b", s, re.S)]
    assert len(reads_of("answers")) == 1  # the cluster's answers, after the lock; not the whole reply's
    assert not reads_of("clusters") and not reads_of("questions")  # kept since the first save
    assert not [s for s in statements if "answer_changes" in s and s.lstrip().startswith("SELECT")]
    assert len([s for s in statements if s.lstrip().startswith("INSERT INTO answer_changes")]) == 1
    assert len([s for s in statements if s.lstrip().startswith("INSERT INTO answers")]) == 1
