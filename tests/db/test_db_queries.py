"""Read queries whose SQL is shaped for speed, checked for the answer on both databases."""
from __future__ import annotations

from db import Learner, Submission, queries, session_scope


def _submit(session, learner_id: int, exercise_id: str, status: str | None, *, gradable: bool = True,
            state: str = "done") -> None:
    session.add(Submission(learner_id=learner_id, exercise_id=exercise_id, code="x = 1", state=state,
                           status=status, gradable=gradable))
    session.flush()  # ids in submission order, as the app assigns them


def test_attempts_to_pass_counts_graded_attempts_up_to_the_first_pass(engine):
    with session_scope(engine) as session:
        hana, mina = Learner(kind="local", display_name="Hana"), Learner(kind="account", username="mina", display_name="Mina")
        session.add_all([hana, mina])
        session.flush()
        for status, gradable in [("fail", True), ("error", False), ("fail", True), ("pass", True), ("fail", True),
                                 ("pass", True)]:
            _submit(session, hana.id, "clip", status, gradable=gradable)  # a syntax error is no attempt
            _submit(session, mina.id, "clip", "fail")  # another learner's attempts are hers
        _submit(session, hana.id, "tape", "pass")
        _submit(session, hana.id, "stop", "fail")  # never passed: not listed
        _submit(session, hana.id, "stop", None, state="running")
        _submit(session, mina.id, "tape", "timeout")
        _submit(session, mina.id, "tape", "pass")
        answer = queries.attempts_to_pass(session, hana.id), queries.attempts_to_pass(session, mina.id)
    assert answer == ({"clip": 3, "tape": 1}, {"tape": 2})
