"""Instructor analytics: course funnel, per-exercise pass rates, mistakes and hints, daily active learners.

Every function takes the ids it should look at (from the catalog) and a date range of UTC days, both ends
included, and aggregates in SQL, so a course with 10,000 learners and a million events stays fast
(bench/analytics.py). Medians are computed in SQL with window functions, which SQLite and PostgreSQL share.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import and_, case, func, insert, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from db.models import Event, HintReveal, LessonCompletion, Submission, SubmissionDiagnosis


@dataclass(frozen=True)
class FunnelStep:
    lesson_id: str
    position: int  # 1-based place in the course
    learners: int  # learners who completed this lesson in the range


@dataclass(frozen=True)
class ExerciseStats:
    exercise_id: str
    attempted: int  # learners with a graded attempt in the range
    passed: int  # of those, learners whose attempts in the range include a pass
    median_attempts: float | None  # graded attempts up to and including the first pass, passers only
    median_seconds_to_pass: float | None  # first attempt -> first pass, passers only

    @property
    def pass_rate(self) -> float:
        return self.passed / self.attempted if self.attempted else 0.0


@dataclass(frozen=True)
class DiagnosisCount:
    exercise_id: str
    diagnosis_id: str
    submissions: int
    learners: int


@dataclass(frozen=True)
class HintUsage:
    exercise_id: str
    hints: int  # how many of the exercise's hints a learner revealed
    learners: int  # learners who revealed exactly that many


@dataclass(frozen=True)
class DayCount:
    day: date
    learners: int


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
               LessonCompletion.completed_at < end)
        .group_by(LessonCompletion.lesson_id)
    ).all()
    counts = dict(rows)
    return [FunnelStep(lesson_id, number, counts.get(lesson_id, 0)) for number, lesson_id in enumerate(lesson_ids, 1)]


def exercise_stats(session: Session, exercise_ids: Sequence[str], date_from: date, date_to: date) -> list[ExerciseStats]:
    """Per exercise with graded attempts in the range: learners who tried, who passed, median attempts and time
    to the first pass. Only graded attempts count (a plain run or a grader fault is not the learner's attempt)."""
    if not exercise_ids:
        return []
    start, end = day_bounds(date_from, date_to)
    attempts = (
        select(
            Submission.exercise_id, Submission.learner_id, Submission.created_at, Submission.status,
            func.row_number().over(
                partition_by=(Submission.exercise_id, Submission.learner_id),
                order_by=(Submission.created_at, Submission.id),
            ).label("attempt"),
        )
        .where(Submission.exercise_id.in_(exercise_ids), Submission.gradable.is_(True),
               Submission.created_at >= start, Submission.created_at < end)
        .cte("attempts")
    )
    passing = attempts.c.status == "pass"
    per_learner = (
        select(
            attempts.c.exercise_id,
            func.min(attempts.c.created_at).label("first_at"),
            func.min(case((passing, attempts.c.created_at))).label("pass_at"),
            func.min(case((passing, attempts.c.attempt))).label("attempts_to_pass"),
        )
        .group_by(attempts.c.exercise_id, attempts.c.learner_id)
        .cte("per_learner")
    )
    seconds = seconds_between(per_learner.c.first_at, per_learner.c.pass_at)
    not_passed = case((per_learner.c.pass_at.is_(None), 1), else_=0)
    by_exercise = per_learner.c.exercise_id
    # Passers rank 1..passed by each measure (non-passers sort after them), so the median is the middle rank.
    ranked = select(
        by_exercise.label("exercise_id"),
        per_learner.c.pass_at,
        per_learner.c.attempts_to_pass.label("attempts"),
        seconds.label("seconds"),
        func.row_number().over(partition_by=by_exercise, order_by=(not_passed, per_learner.c.attempts_to_pass))
        .label("attempts_rank"),
        func.row_number().over(partition_by=by_exercise, order_by=(not_passed, seconds)).label("seconds_rank"),
        func.count(per_learner.c.pass_at).over(partition_by=by_exercise).label("passed"),
    ).subquery("ranked")
    rows = session.execute(
        select(
            ranked.c.exercise_id,
            func.count().label("attempted"),
            func.max(ranked.c.passed).label("passed"),
            func.avg(case((_middle(ranked.c.attempts_rank, ranked.c.passed), ranked.c.attempts))).label("attempts"),
            func.avg(case((_middle(ranked.c.seconds_rank, ranked.c.passed), ranked.c.seconds))).label("seconds"),
        ).group_by(ranked.c.exercise_id)
    ).all()
    found = {row.exercise_id: row for row in rows}
    return [
        ExerciseStats(
            exercise_id, found[exercise_id].attempted, found[exercise_id].passed,
            _float(found[exercise_id].attempts), _float(found[exercise_id].seconds),
        )
        for exercise_id in exercise_ids
        if exercise_id in found
    ]


def _middle(rank: ColumnElement[int], size: ColumnElement[int]) -> ColumnElement[bool]:
    """The middle rank of 1..size, or either of the two middle ones when size is even (their mean is the median)."""
    return and_(size > 0, (rank == (size + 1) // 2) | (rank == (size + 2) // 2))


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def top_diagnoses(session: Session, exercise_ids: Sequence[str], date_from: date, date_to: date,
                  limit: int = 3) -> list[DiagnosisCount]:
    """The `limit` most frequent diagnoses per exercise in the range, most frequent first (ties by id)."""
    if not exercise_ids:
        return []
    start, end = day_bounds(date_from, date_to)
    rows = session.execute(
        select(SubmissionDiagnosis.exercise_id, SubmissionDiagnosis.diagnosis_id, func.count(),
               func.count(SubmissionDiagnosis.learner_id.distinct()))
        .where(SubmissionDiagnosis.exercise_id.in_(exercise_ids), SubmissionDiagnosis.created_at >= start,
               SubmissionDiagnosis.created_at < end)
        .group_by(SubmissionDiagnosis.exercise_id, SubmissionDiagnosis.diagnosis_id)
    ).all()
    order = {exercise_id: number for number, exercise_id in enumerate(exercise_ids)}
    rows = sorted(rows, key=lambda row: (order[row[0]], -row[2], row[1]))
    kept: list[DiagnosisCount] = []
    per_exercise: dict[str, int] = {}
    for exercise_id, diagnosis_id, submissions, learners in rows:
        if per_exercise.get(exercise_id, 0) < limit:
            per_exercise[exercise_id] = per_exercise.get(exercise_id, 0) + 1
            kept.append(DiagnosisCount(exercise_id, diagnosis_id, submissions, learners))
    return kept


def hint_usage(session: Session, exercise_ids: Sequence[str], date_from: date, date_to: date) -> list[HintUsage]:
    """Per exercise, how many learners revealed exactly 1, 2, 3 … of its hints in the range."""
    if not exercise_ids:
        return []
    start, end = day_bounds(date_from, date_to)
    per_learner = (
        select(HintReveal.exercise_id, func.count().label("hints"))
        .where(HintReveal.exercise_id.in_(exercise_ids), HintReveal.revealed_at >= start,
               HintReveal.revealed_at < end)
        .group_by(HintReveal.exercise_id, HintReveal.learner_id)
        .subquery("per_learner")
    )
    rows = session.execute(
        select(per_learner.c.exercise_id, per_learner.c.hints, func.count())
        .group_by(per_learner.c.exercise_id, per_learner.c.hints)
    ).all()
    order = {exercise_id: number for number, exercise_id in enumerate(exercise_ids)}
    return [HintUsage(e, h, n) for e, h, n in sorted(rows, key=lambda row: (order[row[0]], row[1]))]


def daily_active(session: Session, date_from: date, date_to: date,
                 subjects: Iterable[str] | None = None) -> list[DayCount]:
    """Distinct learners with any recorded event per UTC day; with `subjects` (a course's lesson and exercise
    ids) only events about those count. Days without anyone are left out."""
    start, end = day_bounds(date_from, date_to)
    day = utc_day(Event.occurred_at)
    query = select(day.label("day"), func.count(Event.learner_id.distinct())).where(
        Event.occurred_at >= start, Event.occurred_at < end)
    if subjects is not None:
        query = query.where(Event.subject.in_(list(subjects)))
    rows = session.execute(query.group_by(day).order_by(day)).all()
    return [DayCount(_as_date(value), learners) for value, learners in rows]


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


class utc_day(FunctionElement):
    """The UTC calendar day of a stored timestamp: SQLite keeps naive UTC text, PostgreSQL a timestamptz."""

    inherit_cache = True


@compiles(utc_day, "sqlite")
def _utc_day_sqlite(element, compiler, **kw) -> str:
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 10)"


@compiles(utc_day, "postgresql")
def _utc_day_postgresql(element, compiler, **kw) -> str:
    return f"CAST(timezone('UTC', {compiler.process(element.clauses, **kw)}) AS DATE)"


class seconds_between(FunctionElement):
    """Seconds from the first timestamp to the second."""

    inherit_cache = True


@compiles(seconds_between, "sqlite")
def _seconds_sqlite(element, compiler, **kw) -> str:
    first, second = (compiler.process(c, **kw) for c in element.clauses)
    return f"((julianday({second}) - julianday({first})) * 86400.0)"


@compiles(seconds_between, "postgresql")
def _seconds_postgresql(element, compiler, **kw) -> str:
    first, second = (compiler.process(c, **kw) for c in element.clauses)
    return f"EXTRACT(EPOCH FROM ({second} - {first}))"


__all__ = [
    "DayCount", "DiagnosisCount", "ExerciseStats", "FunnelStep", "HintUsage", "as_rows", "daily_active",
    "day_bounds", "exercise_stats", "funnel", "hint_usage", "top_diagnoses",
]
