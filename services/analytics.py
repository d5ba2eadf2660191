"""Instructor analytics: course funnel, per-exercise pass rates, mistakes and hints, daily active learners.

Every function takes the ids it should look at (from the catalog) and a date range of UTC days, both ends
included, and aggregates in SQL, so a course with 10,000 learners and a million events stays fast
(bench/analytics.py): per-learner rollups (exercise_progress, learner_days) stand in for the raw facts where
grouping those per request was too slow.

One person, counted once: merging a local or guest profile into an account (services.merge.merge_local_into)
copies its facts to the account and keeps the profile's own, and marks the profile `merged_into`. Every count of
learners here leaves such profiles out (see _not_merged): the account holds what they held at the merge.
What a profile records after its merge (the same machine used signed out, until it is merged again) is not
counted. top_diagnoses counts graded submissions, and copied submissions carry no diagnoses, so it needs no rule.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import and_, false, func, insert, or_, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement

from db import facts
from db.models import (
    ExerciseProgress, HintReveal, Learner, LearnerDay, LessonCompletion, SolutionReveal, Submission,
    SubmissionDiagnosis,
)


@dataclass(frozen=True)
class FunnelStep:
    lesson_id: str
    position: int  # 1-based place in the course
    learners: int  # learners who completed this lesson in the range


@dataclass(frozen=True)
class ExerciseStats:
    exercise_id: str
    attempted: int  # learners whose first graded attempt is in the range (the range's starters)
    passed: int  # of those, learners who have passed by now: a pass after the range's end counts too
    median_attempts: float | None  # graded attempts up to and including the first pass, those passers only
    median_seconds_to_pass: float | None  # first attempt -> first pass, those passers only

    @property
    def pass_rate(self) -> float:
        return self.passed / self.attempted if self.attempted else 0.0


@dataclass(frozen=True)
class DiagnosisCount:
    exercise_id: str
    diagnosis_id: str
    submissions: int  # graded submissions that got this diagnosis


@dataclass(frozen=True)
class HintUsage:
    exercise_id: str
    hints: int  # how many of the exercise's hints a learner revealed
    learners: int  # learners who revealed exactly that many


@dataclass(frozen=True)
class DayCount:
    day: date
    learners: int


def record_grade(session: Session, submission: Submission, result: Mapping[str, Any]) -> None:
    """Keep the analytics rows of a graded submission: its diagnoses and the learner's exercise_progress.
    services.exercises.finish_submission calls this once, from the call that stored the grade."""
    record_diagnoses(session, submission, result)
    record_progress(session, submission.learner_id, submission.exercise_id)


def record_progress(session: Session, learner_id: int, exercise_id: str) -> None:
    """Rebuild the learner's exercise_progress row from their graded submissions in the order they were MADE
    (created_at, then id), as migration 0008 replays them.

    Grades arrive in another order: the local pool grades a learner's submissions at once, so a pass sent
    after a slow fail can be stored first. Counting in arrival order would call that pass attempt 1 after
    0 seconds; replaying by creation order gives attempt 2 after the real time. The learner's lock (the one
    finish_submission takes next anyway, in the same order: submission row, then learner) makes two grades of
    one learner rebuild one after the other, each seeing the other's committed grade."""
    facts.lock_learner(session, learner_id)
    graded = session.execute(
        select(Submission.created_at, Submission.status)
        .where(Submission.learner_id == learner_id, Submission.exercise_id == exercise_id,
               Submission.state == "done", Submission.gradable.is_(True))
        .order_by(Submission.created_at, Submission.id)
    ).all()
    if not graded:
        return
    first_attempt_at = graded[0].created_at
    passed_at = attempts_to_pass = seconds_to_pass = None
    for number, (created_at, status) in enumerate(graded, 1):
        if status == "pass":
            passed_at, attempts_to_pass = created_at, number
            seconds_to_pass = round((_aware(created_at) - _aware(first_attempt_at)).total_seconds())
            break
    values = dict(first_attempt_at=first_attempt_at, attempts=len(graded), passed_at=passed_at,
                  attempts_to_pass=attempts_to_pass, seconds_to_pass=seconds_to_pass)
    progress = dialect_insert(session, ExerciseProgress).values(learner_id=learner_id, exercise_id=exercise_id,
                                                                **values)
    session.execute(progress.on_conflict_do_update(index_elements=["learner_id", "exercise_id"], set_=values))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def dialect_insert(session: Session, model: type) -> Any:
    """INSERT with ON CONFLICT support for the session's database."""
    name = session.get_bind().dialect.name
    return postgresql.insert(model) if name == "postgresql" else sqlite.insert(model)


def record_diagnoses(session: Session, submission: Submission, result: Mapping[str, Any]) -> int:
    """Copy a graded submission's diagnosis ids out of its grade into rows (services.exercises.finish_submission
    calls this once, when the grade is first stored); returns how many were recorded."""
    ids = [str(d.get("id"))[:100] for d in result.get("diagnoses") or [] if isinstance(d, Mapping) and d.get("id")]
    rows = [
        dict(submission_id=submission.id, diagnosis_id=diagnosis_id, learner_id=submission.learner_id,
             exercise_id=submission.exercise_id, created_at=submission.created_at)
        for diagnosis_id in dict.fromkeys(ids)  # a grade naming a mistake twice counts it once
    ]
    if rows:
        session.execute(insert(SubmissionDiagnosis), rows)
    return len(rows)


def day_bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    """[start of date_from, start of the day after date_to) in UTC; a reversed range is read as given backwards."""
    if date_to < date_from:
        date_from, date_to = date_to, date_from
    start = datetime.combine(date_from, time(), timezone.utc)
    return start, datetime.combine(date_to + timedelta(days=1), time(), timezone.utc)


def funnel(session: Session, lesson_ids: Sequence[str], date_from: date, date_to: date) -> list[FunnelStep]:
    """Learners who completed each lesson of the course, in course order (a lesson nobody completed shows 0)."""
    if not lesson_ids:
        return []
    start, end = day_bounds(date_from, date_to)
    # The primary key (learner, lesson) makes a row per learner, so COUNT(*) counts learners.
    rows = session.execute(
        select(LessonCompletion.lesson_id, func.count())
        .where(LessonCompletion.lesson_id.in_(lesson_ids), LessonCompletion.completed_at >= start,
               LessonCompletion.completed_at < end, _not_merged(session, LessonCompletion.learner_id))
        .group_by(LessonCompletion.lesson_id)
    ).all()
    counts = dict(rows)
    return [FunnelStep(lesson_id, number, counts.get(lesson_id, 0)) for number, lesson_id in enumerate(lesson_ids, 1)]


def exercise_stats(session: Session, exercise_ids: Sequence[str], date_from: date, date_to: date) -> list[ExerciseStats]:
    """Per exercise, the learners whose first graded attempt falls in the range (a cohort of starters): how many,
    how many of them have passed by now (a pass after date_to counts too, so a past range's rate can still grow),
    and the medians of those passers' attempts and time to the first pass. Read from exercise_progress (one row per
    learner and exercise); each median is the middle entry of an index range, so nothing is sorted.

    Counting only passes before date_to would need passed_at, which no index covers: a table read per row (over
    500 ms in bench/analytics.py on SQLite, goal 200 ms). So the figure is "passed by now", as the page says."""
    if not exercise_ids:
        return []
    start, end = day_bounds(date_from, date_to)
    started = and_(ExerciseProgress.first_attempt_at >= start, ExerciseProgress.first_attempt_at < end,
                   _not_merged(session, ExerciseProgress.learner_id))
    rows = session.execute(
        select(ExerciseProgress.exercise_id, func.count(), func.count(ExerciseProgress.attempts_to_pass))
        .where(ExerciseProgress.exercise_id.in_(exercise_ids), started)
        .group_by(ExerciseProgress.exercise_id)
    ).all()
    found = {exercise_id: (attempted, passed) for exercise_id, attempted, passed in rows}
    stats = []
    for exercise_id in exercise_ids:
        if exercise_id not in found:
            continue
        attempted, passed = found[exercise_id]
        mine = and_(ExerciseProgress.exercise_id == exercise_id, started)
        stats.append(ExerciseStats(
            exercise_id, attempted, passed,
            _median(session, ExerciseProgress.attempts_to_pass, mine, passed),
            _median(session, ExerciseProgress.seconds_to_pass, mine, passed),
        ))
    return stats


def _median(session: Session, value: ColumnElement[Any], where: ColumnElement[bool], size: int) -> float | None:
    """The median of `value` over the `size` rows where it is set: the middle one or two in index order."""
    if size <= 0:
        return None
    middle = session.scalars(
        select(value).where(where, value.is_not(None)).order_by(value).offset((size - 1) // 2).limit(2 - size % 2)
    ).all()
    return float(sum(middle) / len(middle)) if middle else None


def top_diagnoses(session: Session, exercise_ids: Sequence[str], date_from: date, date_to: date,
                  limit: int = 3) -> list[DiagnosisCount]:
    """The `limit` most frequent diagnoses per exercise in the range, most frequent first (ties by id)."""
    if not exercise_ids:
        return []
    start, end = day_bounds(date_from, date_to)
    rows = session.execute(
        select(SubmissionDiagnosis.exercise_id, SubmissionDiagnosis.diagnosis_id, func.count())
        .where(SubmissionDiagnosis.exercise_id.in_(exercise_ids), SubmissionDiagnosis.created_at >= start,
               SubmissionDiagnosis.created_at < end)
        .group_by(SubmissionDiagnosis.exercise_id, SubmissionDiagnosis.diagnosis_id)
    ).all()
    order = {exercise_id: number for number, exercise_id in enumerate(exercise_ids)}
    rows = sorted(rows, key=lambda row: (order[row[0]], -row[2], row[1]))
    kept: list[DiagnosisCount] = []
    per_exercise: dict[str, int] = {}
    for exercise_id, diagnosis_id, submissions in rows:
        if per_exercise.get(exercise_id, 0) < limit:
            per_exercise[exercise_id] = per_exercise.get(exercise_id, 0) + 1
            kept.append(DiagnosisCount(exercise_id, diagnosis_id, submissions))
    return kept


def hint_usage(session: Session, exercise_ids: Sequence[str], date_from: date, date_to: date) -> list[HintUsage]:
    """Per exercise, how many learners revealed exactly 1, 2, 3 … of its hints in the range."""
    if not exercise_ids:
        return []
    start, end = day_bounds(date_from, date_to)
    per_learner = (
        select(HintReveal.exercise_id, func.count().label("hints"))
        .where(HintReveal.exercise_id.in_(exercise_ids), HintReveal.revealed_at >= start,
               HintReveal.revealed_at < end, _not_merged(session, HintReveal.learner_id))
        .group_by(HintReveal.exercise_id, HintReveal.learner_id)
        .subquery("per_learner")
    )
    rows = session.execute(
        select(per_learner.c.exercise_id, per_learner.c.hints, func.count())
        .group_by(per_learner.c.exercise_id, per_learner.c.hints)
    ).all()
    order = {exercise_id: number for number, exercise_id in enumerate(exercise_ids)}
    return [HintUsage(e, h, n) for e, h, n in sorted(rows, key=lambda row: (order[row[0]], row[1]))]


def daily_active(session: Session, date_from: date, date_to: date, lesson_ids: Sequence[str] | None = None,
                 exercise_ids: Sequence[str] | None = None) -> list[DayCount]:
    """Distinct learners who recorded anything, per UTC day of the range (days without anyone are left out).
    Reads learner_days, which a trigger on `events` fills, so a year is a few tens of thousands of rows.

    Given a course's lesson_ids and exercise_ids, only that course's learners count: those who have completed one
    of its lessons or have a graded attempt, a revealed hint or the revealed solution on one of its exercises (the
    facts behind its lesson and exercise events). Each of them counts on every day they were active, on this course
    or another: learner_days does not say what a day's activity was about, and finding that in `events` (no index
    on subject) is several times over bench/analytics.py's goal. Without ids, every learner counts (all courses)."""
    start, end = day_bounds(date_from, date_to)
    in_range = and_(LearnerDay.day >= start.date(), LearnerDay.day < end.date(), _not_merged(session, LearnerDay.learner_id))
    if lesson_ids is not None or exercise_ids is not None:
        in_range = and_(in_range, _course_learner(LearnerDay.learner_id, lesson_ids or (), exercise_ids or ()))
    rows = session.execute(
        select(LearnerDay.day, func.count())
        .where(in_range)
        .group_by(LearnerDay.day).order_by(LearnerDay.day)
    ).all()
    return [DayCount(_as_date(day), learners) for day, learners in rows]


def _course_learner(learner_id: ColumnElement[int], lesson_ids: Sequence[str],
                    exercise_ids: Sequence[str]) -> ColumnElement[bool]:
    """True for a learner with anything recorded on these lessons or exercises. Each test is one DISTINCT scan of
    a primary key that leads with learner_id (a covering index), built once per query, not once per row."""
    tests = []
    if lesson_ids:
        tests.append(select(LessonCompletion.learner_id).where(LessonCompletion.lesson_id.in_(lesson_ids)))
    if exercise_ids:
        tests += [select(model.learner_id).where(model.exercise_id.in_(exercise_ids))
                  for model in (ExerciseProgress, HintReveal, SolutionReveal)]
    if not tests:
        return false()
    return or_(*(learner_id.in_(test.distinct()) for test in tests))


def _not_merged(session: Session, learner_id: ColumnElement[int]) -> ColumnElement[bool]:
    """Not a profile merged into an account. Where nobody ever merged (one look at the merged_into index) this
    is no condition at all, so the queries keep their covering indexes; otherwise the merged profiles are read
    once per query and each row is probed against them."""
    merged = select(Learner.id).where(Learner.merged_into.is_not(None))
    if session.scalar(merged.limit(1)) is None:
        return true()
    return learner_id.not_in(merged)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def as_rows(items: Iterable[Any], extra: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Dataclasses as plain dicts (with derived properties such as pass_rate), for tables and CSV export."""
    rows = []
    for item in items:
        row = dict(item.__dict__)
        if isinstance(item, ExerciseStats):
            row["pass_rate"] = round(item.pass_rate, 4)
        rows.append({**row, **(extra or {})})
    return rows


__all__ = [
    "DayCount", "DiagnosisCount", "ExerciseStats", "FunnelStep", "HintUsage", "as_rows", "daily_active",
    "day_bounds", "exercise_stats", "funnel", "hint_usage", "record_grade", "top_diagnoses",
]
