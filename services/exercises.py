"""Exercise work for one learner: drafts, hints, solution reveals, submissions and the XP a pass earns."""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from db import facts, queries
from db.models import SUBMISSION_STATUSES, Submission
from db.types import utcnow
from gamification import Context
from gamification.events import EXERCISE_ATTEMPTED, EXERCISE_PASSED, HINT_REVEALED, SOLUTION_REVEALED
from gamification.xp import exercise_xp_after_hints
from services import analytics, keys, rewards
from services.rewards import Rewards


class SubmissionNotFound(LookupError):
    """No submission has that id."""


@dataclass(frozen=True)
class FinishedSubmission:
    submission: Submission
    newly_finished: bool  # False when another caller had already stored this grade
    passed: bool  # a gradable pass
    xp_awarded: int  # XP paid by this call (exercise, first-try and streak bonus); 0 once the exercise paid out
    # What to celebrate (XP, level-up, achievements); left out of == like any derived detail.
    rewards: Rewards = field(default=rewards.NOTHING, compare=False)


def pass_xp(base_xp: int, hints_revealed: int, solution_revealed: bool) -> int:
    """The exercise's own XP for a pass, by gamification's XP table: a quarter less per hint (rounded down,
    never below 0), none after seeing the solution. Bonuses (first try, streak) come on top when paid."""
    if solution_revealed:
        return 0
    return exercise_xp_after_hints(base_xp, hints_revealed)


def save_draft(session: Session, learner_id: int, exercise_id: str, code: str, now: datetime | None = None) -> None:
    facts.upsert_draft(session, learner_id, exercise_id, code, now)


def load_draft(session: Session, learner_id: int, exercise_id: str) -> str | None:
    """The learner's saved code, or None (show the starter then)."""
    return queries.draft_code(session, learner_id, exercise_id)


def reveal_hint(session: Session, learner_id: int, exercise_id: str, index: int, now: datetime | None = None,
                context: Context | None = None) -> bool:
    """Record that hint `index` (0-based) was shown; True the first time."""
    now = now or utcnow()
    facts.lock_learner(session, learner_id)  # before the first write, so tabs queue in one order
    newly = facts.record_hint_reveal(session, learner_id, exercise_id, index, now)
    rewards.record(
        session, learner_id, HINT_REVEALED, subject=exercise_id, data={"index": index},
        dedupe_key=keys.hint_revealed(exercise_id, index), now=now, context=context,
    )
    return newly


def revealed_hints(session: Session, learner_id: int, exercise_id: str) -> set[int]:
    return queries.hint_indexes(session, learner_id, exercise_id)


def reveal_solution(session: Session, learner_id: int, exercise_id: str, now: datetime | None = None,
                    context: Context | None = None) -> bool:
    """Record that the reference solution was shown; a pass after this earns no XP. True the first time."""
    now = now or utcnow()
    facts.lock_learner(session, learner_id)
    newly = facts.record_solution_reveal(session, learner_id, exercise_id, now)
    rewards.record(
        session, learner_id, SOLUTION_REVEALED, subject=exercise_id,
        dedupe_key=keys.solution_revealed(exercise_id), now=now, context=context,
    )
    return newly


def solution_revealed(session: Session, learner_id: int, exercise_id: str) -> bool:
    return queries.solution_revealed(session, learner_id, exercise_id)


def create_submission(
    session: Session, learner_id: int, exercise_id: str, code: str, now: datetime | None = None, *,
    lang: str | None = None, base_xp: int | None = None, worker: str | None = None,
) -> Submission:
    """A queued submission with its id assigned, ready to hand to the grader. `lang` and `base_xp` are stored so
    any process can grade it again after a crash; `worker` is the process it is handed to (local backend)."""
    submission = Submission(
        learner_id=learner_id, exercise_id=exercise_id, code=code, state="queued", created_at=now or utcnow(),
        lang=lang, base_xp=base_xp, worker=worker,
    )
    session.add(submission)
    session.flush()
    return submission


def start_submission(session: Session, submission_id: int) -> bool:
    """queued -> running, for the status badge; False if it was no longer queued."""
    return facts.mark_submission_running(session, submission_id)


def finish_submission(
    session: Session,
    submission_id: int,
    result: Mapping[str, Any],
    base_xp: int,
    now: datetime | None = None,
    context: Context | None = None,
) -> FinishedSubmission:
    """Store a grade (GradeResult.to_dict()) and, for a gradable pass, pay what gamification's XP table gives
    (the exercise's XP less hints, a first-try bonus, a streak bonus) once, then award achievements."""
    now = now or utcnow()
    if hasattr(result, "to_dict"):
        result = result.to_dict()
    grade = _grade_columns(result)
    newly = facts.mark_submission_done(session, submission_id, {**grade, "finished_at": now})
    submission = session.get(Submission, submission_id, populate_existing=True)
    if submission is None:
        raise SubmissionNotFound(f"no submission with id {submission_id}")
    passed = submission.gradable and submission.status == "pass"
    if not newly or not submission.gradable:
        return FinishedSubmission(submission, newly_finished=newly, passed=passed, xp_awarded=0)
    analytics.record_grade(session, submission, result)  # once: only the call that stored the grade gets here

    learner_id, exercise_id = submission.learner_id, submission.exercise_id
    # The lock comes after the submission's own row is settled, so a second finisher of the same submission
    # has already stopped above and never waits here.
    facts.lock_learner(session, learner_id)
    # First try: no graded attempt at this exercise was recorded before this one (read under the lock).
    first_try = not queries.has_event(session, learner_id, EXERCISE_ATTEMPTED, exercise_id)
    earned = rewards.record(
        session, learner_id, EXERCISE_ATTEMPTED, subject=exercise_id,
        data={"submission_id": submission_id, "status": submission.status, "score": submission.score},
        dedupe_key=keys.exercise_attempted(submission_id), now=now, context=context, submission_id=submission_id,
    )
    if not passed:
        return FinishedSubmission(submission, newly_finished=True, passed=False, xp_awarded=0, rewards=earned)

    # What was revealed by the time the pass is recorded decides the XP.
    hints = len(queries.hint_indexes(session, learner_id, exercise_id))
    saw_solution = queries.solution_revealed(session, learner_id, exercise_id)
    earned += rewards.record(
        session, learner_id, EXERCISE_PASSED, subject=exercise_id,
        data={"submission_id": submission_id, "xp": pass_xp(base_xp, hints, saw_solution),
              "hints_used": hints, "solution_revealed": saw_solution, "first_try": first_try},
        dedupe_key=keys.exercise_passed(exercise_id), now=now, xp=base_xp, context=context,
        submission_id=submission_id,
    )
    return FinishedSubmission(submission, newly_finished=True, passed=True, xp_awarded=earned.xp, rewards=earned)


@dataclass(frozen=True)
class SubmissionRewards:
    """What grading one submission paid, read back later (the queue backend's page: a worker paid it)."""

    xp: int
    achievement_ids: frozenset[str]
    xp_total_before: int  # the learner's XP just before this submission's awards


def rewards_of_submission(session: Session, submission_id: int) -> SubmissionRewards:
    """What this submission's grade paid, read through the ledger and achievement rows that point at it (so a
    second submission graded at the same instant, or a retried grade, never mixes in). Nothing until it is done."""
    submission = session.get(Submission, submission_id, populate_existing=True)
    if submission is None or submission.state != "done":
        return SubmissionRewards(0, frozenset(), 0)
    xp, before = queries.xp_paid_by_submission(session, submission.learner_id, submission_id)
    return SubmissionRewards(
        xp=xp,
        achievement_ids=frozenset(queries.achievements_of_submission(session, submission.learner_id, submission_id)),
        xp_total_before=before,
    )


def _grade_columns(result: Mapping[str, Any]) -> dict[str, Any]:
    status = result.get("status")
    status = getattr(status, "value", status)  # accept grader.result.Status too
    if status not in SUBMISSION_STATUSES:
        raise ValueError(f"grade status must be one of {', '.join(SUBMISSION_STATUSES)}; got {status!r}")
    if "gradable" not in result:
        raise ValueError("grade result has no 'gradable' field")
    # A plain "run" (no grading) or an ungradable result (grader trouble) is not the learner's attempt.
    gradable = bool(result["gradable"]) and result.get("mode", "grade") == "grade"
    duration = result.get("duration_ms")
    score = result.get("score")
    return {
        "status": status,
        "gradable": gradable,
        "score": None if score is None else float(score),
        "seed": result.get("seed"),
        "duration_ms": None if duration is None else round(duration),
        "result_json": json.dumps(dict(result), ensure_ascii=False, default=str),
    }


def submission_history(
    session: Session, learner_id: int, exercise_id: str, limit: int | None = None
) -> list[Submission]:
    """Newest first."""
    return queries.submissions(session, learner_id, exercise_id, limit)


def first_pass(session: Session, learner_id: int, exercise_id: str) -> Submission | None:
    """The earliest gradable pass, or None if the exercise is not solved yet."""
    return queries.first_passing_submission(session, learner_id, exercise_id)
