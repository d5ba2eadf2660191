"""SQLAlchemy 2.0 models: learners and the facts recorded about them (totals are derived)."""
from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.types import UTCDateTime, utcnow

LEARNER_KINDS = ("local", "account")
ROLES = ("learner", "instructor", "admin")
SUBMISSION_STATES = ("queued", "running", "done")
SUBMISSION_STATUSES = ("pass", "fail", "error", "timeout", "memory")
# The partial unique index's predicate; ON CONFLICT must name the same one for PostgreSQL to use the index.
ONE_LOCAL_WHERE = "kind = 'local' AND NOT guest"
REPORT_PAGE_KINDS = ("lesson", "exercise")
REPORT_CATEGORIES = ("typo", "wrong_content", "grader_problem", "other")
REPORT_STATUSES = ("open", "resolved")

# Named constraints let Alembic's SQLite batch mode find and alter them later.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _learner_fk() -> ForeignKey:
    # Deleting an account takes its history with it.
    return ForeignKey("learners.id", ondelete="CASCADE")


class Learner(Base):
    __tablename__ = "learners"
    __table_args__ = (
        CheckConstraint(_one_of("kind", LEARNER_KINDS), name="kind"),
        CheckConstraint(_one_of("role", ROLES), name="role"),
        # At most one machine-wide local profile per database, so two tabs racing to create it share one.
        # Per-browser guest profiles (a shared server's visitors who have not signed in) are also `local`.
        Index(
            "uq_learners_one_local",
            "kind",
            unique=True,
            sqlite_where=text(ONE_LOCAL_WHERE),
            postgresql_where=text(ONE_LOCAL_WHERE),
        ),
        UniqueConstraint("oidc_issuer", "oidc_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    kind: Mapped[str] = mapped_column(String(16))
    username: Mapped[str | None] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16), default="learner")
    lang: Mapped[str] = mapped_column(String(8), default="ko")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Seoul")
    daily_goal: Mapped[int] = mapped_column(default=20)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The weekly leaderboard shows only learners who asked to be on it, under the name they chose.
    leaderboard_opt_in: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    leaderboard_name: Mapped[str | None] = mapped_column(String(40))
    # A shared server's visitor who has not signed in gets a local profile of their own, found again by a
    # signed browser cookie (ui/browser_session.py), instead of sharing the machine's one profile with the whole class.
    guest: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Accounts (services/accounts.py): bumping session_version signs the account out of every browser;
    # an account made by an OIDC provider (st.login) is found by issuer + subject, never by email.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Set with each bump: an OIDC browser's token issued before it no longer signs in (ui/browser_session.restore_session).
    sessions_revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    oidc_issuer: Mapped[str | None] = mapped_column(String(255))
    oidc_subject: Mapped[str | None] = mapped_column(String(255))
    # A local (or guest) profile merged into an account (services/merge.merge_local_into; the latest merge
    # wins): its facts were copied there and it keeps its own, so analytics counts the two as one person.
    # Indexed: analytics starts from the merged profiles, and deleting an account clears the pointers to it.
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("learners.id", ondelete="SET NULL"), index=True)


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        # A fact recorded twice (two tabs, a retry) lands once; events without a key always land.
        UniqueConstraint("learner_id", "dedupe_key"),
        Index("ix_events_learner_time", "learner_id", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(_learner_fk())
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str | None] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    dedupe_key: Mapped[str | None] = mapped_column(String(200))


class LessonCompletion(Base):
    __tablename__ = "lesson_completions"

    learner_id: Mapped[int] = mapped_column(_learner_fk(), primary_key=True)
    lesson_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class XpAward(Base):
    __tablename__ = "xp_awards"
    # The ledger: one row per reason to earn XP, so the same XP can never be paid twice.
    __table_args__ = (
        UniqueConstraint("learner_id", "award_key"),
        # The weekly leaderboard sums everyone's awards since Monday; without this it reads the whole ledger.
        Index("ix_xp_awards_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(_learner_fk())
    award_key: Mapped[str] = mapped_column(String(200))
    amount: Mapped[int]
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The submission whose grade paid this (services/grading reads what a submission paid through it).
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id", ondelete="SET NULL"), index=True)


class AchievementAward(Base):
    __tablename__ = "achievement_awards"

    learner_id: Mapped[int] = mapped_column(_learner_fk(), primary_key=True)
    achievement_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    awarded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submissions.id", ondelete="SET NULL"), index=True)


class Submission(Base):
    __tablename__ = "submissions"
    __table_args__ = (
        CheckConstraint(_one_of("state", SUBMISSION_STATES), name="state"),
        CheckConstraint(f"status IS NULL OR {_one_of('status', SUBMISSION_STATUSES)}", name="status"),
        Index("ix_submissions_learner_exercise", "learner_id", "exercise_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(_learner_fk())
    exercise_id: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default="queued")
    status: Mapped[str | None] = mapped_column(String(16))
    gradable: Mapped[bool] = mapped_column(default=False)
    score: Mapped[float | None]
    seed: Mapped[int | None] = mapped_column(BigInteger)
    duration_ms: Mapped[int | None]
    result_json: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Queue backend (services/grading_queue.py): a worker counts each claim, so a job that keeps killing its
    # worker stops after MAX_ATTEMPTS; started_at splits time in queue from time grading.
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    worker: Mapped[str | None] = mapped_column(String(200))
    last_error: Mapped[str | None] = mapped_column(Text)
    # What grading it needs, stored with it so any process can grade it again after a crash (services/grading).
    lang: Mapped[str | None] = mapped_column(String(8))
    base_xp: Mapped[int | None]
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # queue: last message sent by the sweeper


class Draft(Base):
    __tablename__ = "drafts"

    learner_id: Mapped[int] = mapped_column(_learner_fk(), primary_key=True)
    exercise_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    code: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class HintReveal(Base):
    __tablename__ = "hint_reveals"

    learner_id: Mapped[int] = mapped_column(_learner_fk(), primary_key=True)
    exercise_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    hint_index: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    revealed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SolutionReveal(Base):
    __tablename__ = "solution_reveals"

    learner_id: Mapped[int] = mapped_column(_learner_fk(), primary_key=True)
    exercise_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    revealed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ProblemReport(Base):
    """A learner's "report a problem" from a lesson or exercise page; instructors read and resolve them."""

    __tablename__ = "problem_reports"
    __table_args__ = (
        CheckConstraint(_one_of("page_kind", REPORT_PAGE_KINDS), name="page_kind"),
        CheckConstraint(_one_of("category", REPORT_CATEGORIES), name="category"),
        CheckConstraint(_one_of("status", REPORT_STATUSES), name="status"),
        # The instructors' inbox lists open reports newest first.
        Index("ix_problem_reports_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Nullable so a report outlives its author's account; SET NULL keeps what they told us.
    learner_id: Mapped[int | None] = mapped_column(ForeignKey("learners.id", ondelete="SET NULL"))
    page_kind: Mapped[str] = mapped_column(String(16))
    page_id: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open", server_default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


NOTIFICATION_KINDS = ("reply",)


class Comment(Base):
    """A learner's comment under a lesson, kept verbatim; replies point at a top-level comment (one level deep)."""

    __tablename__ = "comments"
    __table_args__ = (
        # A lesson's comments in posting order; the id breaks ties between comments of the same instant.
        Index("ix_comments_lesson_created", "lesson_id", "created_at", "id"),
        # The rate limit counts one learner's recent comments.
        Index("ix_comments_learner_created", "learner_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[str] = mapped_column(String(200))
    learner_id: Mapped[int] = mapped_column(_learner_fk())
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Soft delete: a deleted comment with replies stays as a placeholder so the thread still reads.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_by: Mapped[int | None] = mapped_column(ForeignKey("learners.id", ondelete="SET NULL"))
    notify_replies: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class CommentFlag(Base):
    """A learner's flag on a comment for the instructors; the key makes flagging twice count once."""

    __tablename__ = "comment_flags"

    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True)
    learner_id: Mapped[int] = mapped_column(_learner_fk(), primary_key=True)
    reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Notification(Base):
    """Something for one learner's inbox (today: a reply to their comment); one per recipient, comment and kind."""

    __tablename__ = "notifications"
    __table_args__ = (
        CheckConstraint(_one_of("kind", NOTIFICATION_KINDS), name="kind"),
        # A retried post never notifies twice.
        UniqueConstraint("recipient_id", "comment_id", "kind"),
        # The sidebar's unread count and the inbox read a recipient's rows, unread first.
        Index("ix_notifications_recipient_read", "recipient_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(_learner_fk())
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16), default="reply")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SubmissionDiagnosis(Base):
    """One diagnosis (a named mistake) the grader gave a graded submission, copied out of result_json when the
    grade is stored, so "which mistakes do learners make" is an indexed count, not a parse of every grade."""

    __tablename__ = "submission_diagnoses"
    __table_args__ = (
        # Analytics counts diagnoses per exercise over a date range.
        Index("ix_submission_diagnoses_exercise_diagnosis", "exercise_id", "diagnosis_id", "created_at"),
    )

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True)
    diagnosis_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    learner_id: Mapped[int] = mapped_column(_learner_fk())
    exercise_id: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


# Instructor analytics (services/analytics.py) reads whole courses over a date range; these covering indexes let
# each of its queries read an index range instead of the tables (10,000 learners, 1,000,000 events: bench/analytics.py).
Index("ix_lesson_completions_lesson_time", LessonCompletion.lesson_id, LessonCompletion.completed_at)
Index("ix_hint_reveals_exercise_learner", HintReveal.exercise_id, HintReveal.learner_id, HintReveal.revealed_at)


class SignInThrottle(Base):
    """Consecutive failed sign-ins per username (known or not); five in a row make the next attempts wait."""

    __tablename__ = "sign_in_throttle"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ExerciseProgress(Base):
    """One learner's graded work on one exercise, kept up to date as each grade is stored
    (services.analytics.record_grade), so course-wide pass rates and medians read one row per learner instead of
    every submission. The submissions stay the facts; migration 0008 builds it from them."""

    __tablename__ = "exercise_progress"
    __table_args__ = (
        CheckConstraint("attempts >= 1", name="attempts"),
        CheckConstraint("attempts_to_pass IS NULL OR attempts_to_pass BETWEEN 1 AND attempts", name="attempts_to_pass"),
        # Counts and medians per exercise read straight off index order (no sort); no index may lead with the
        # date, or SQLite picks it for the range and sorts (bench/analytics.py). learner_id last makes them
        # covering when merged profiles are left out (services.analytics._not_merged): no table read per row.
        Index("ix_exercise_progress_attempts", "exercise_id", "attempts_to_pass", "first_attempt_at", "learner_id"),
        Index("ix_exercise_progress_seconds", "exercise_id", "seconds_to_pass", "first_attempt_at", "learner_id"),
    )

    learner_id: Mapped[int] = mapped_column(_learner_fk(), primary_key=True)
    exercise_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    first_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(default=1)  # graded attempts so far
    passed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # the first graded pass
    attempts_to_pass: Mapped[int | None]  # graded attempts up to and including the first pass
    seconds_to_pass: Mapped[int | None]  # first attempt -> first pass


class LearnerDay(Base):
    """A UTC day on which a learner recorded at least one event. A database trigger on `events` fills it
    (migration 0008), so daily active learners count these rows, not a million events.
    Careful: SQLite batch mode recreates a table and drops its triggers; a batch alter of `events` must recreate
    trg_events_learner_day."""

    __tablename__ = "learner_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    learner_id: Mapped[int] = mapped_column(_learner_fk(), primary_key=True)


class GradingWorker(Base):
    """A grader's heartbeat (services/worker.py, or an app process grading locally: services/grading.py); alive = seen lately."""

    __tablename__ = "grading_workers"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)  # host:pid:random, unique per process
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int]
    threads: Mapped[int] = mapped_column(default=1)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    jobs_done: Mapped[int] = mapped_column(default=0)
    protections_missing: Mapped[str | None] = mapped_column(Text)  # JSON list of the sandbox's missing protections


# Place in the grading queue counts the queued submissions ahead of one (services/grading_queue.py).
Index("ix_submissions_state_id", Submission.state, Submission.id)
