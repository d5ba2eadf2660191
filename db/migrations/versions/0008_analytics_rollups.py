"""Analytics rollups: per learner and exercise progress, and the days each learner was active (trigger-filled).

Measured with bench/analytics.py: grouping 300,000 submissions or a million events per request took 0.4-2 s
on SQLite, so the two course-wide aggregates read these small tables instead; the indexes 0005 added for
reading submissions and events directly are dropped again. Each median is read off an index in order
(exercise, value, first attempt), so no index leads with the date: SQLite would pick it and sort.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

UTC = sa.DateTime(timezone=True)

SQLITE_TRIGGER = """
CREATE TRIGGER trg_events_learner_day AFTER INSERT ON events
BEGIN
    INSERT OR IGNORE INTO learner_days (day, learner_id) VALUES (substr(NEW.occurred_at, 1, 10), NEW.learner_id);
END
"""
POSTGRES_FUNCTION = """
CREATE FUNCTION stream_record_learner_day() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO learner_days (day, learner_id)
    VALUES (CAST(timezone('UTC', NEW.occurred_at) AS DATE), NEW.learner_id)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$
"""
POSTGRES_TRIGGER = """
CREATE TRIGGER trg_events_learner_day AFTER INSERT ON events
FOR EACH ROW EXECUTE FUNCTION stream_record_learner_day()
"""


def _day(dialect: str) -> str:
    return "substr(occurred_at, 1, 10)" if dialect == "sqlite" else "CAST(timezone('UTC', occurred_at) AS DATE)"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.drop_index("ix_submissions_exercise_learner", table_name="submissions")
    op.drop_index("ix_events_time_learner", table_name="events")
    # Grouped by (exercise, diagnosis) in index order, so counting needs no temporary b-tree.
    op.drop_index("ix_submission_diagnoses_exercise", table_name="submission_diagnoses")
    op.create_index("ix_submission_diagnoses_exercise_diagnosis", "submission_diagnoses",
                    ["exercise_id", "diagnosis_id", "created_at"])
    op.create_table(
        "exercise_progress",
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(200), nullable=False),
        sa.Column("first_attempt_at", UTC, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("passed_at", UTC, nullable=True),
        sa.Column("attempts_to_pass", sa.Integer(), nullable=True),
        sa.Column("seconds_to_pass", sa.Integer(), nullable=True),
        sa.CheckConstraint("attempts >= 1", name=op.f("ck_exercise_progress_attempts")),
        sa.CheckConstraint("attempts_to_pass IS NULL OR attempts_to_pass BETWEEN 1 AND attempts",
                           name=op.f("ck_exercise_progress_attempts_to_pass")),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"], name=op.f("fk_exercise_progress_learner_id_learners"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("learner_id", "exercise_id", name=op.f("pk_exercise_progress")),
    )
    op.create_index("ix_exercise_progress_attempts", "exercise_progress",
                    ["exercise_id", "attempts_to_pass", "first_attempt_at"])
    op.create_index("ix_exercise_progress_seconds", "exercise_progress",
                    ["exercise_id", "seconds_to_pass", "first_attempt_at"])
    op.create_table(
        "learner_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["learner_id"], ["learners.id"], name=op.f("fk_learner_days_learner_id_learners"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("day", "learner_id", name=op.f("pk_learner_days")),
    )
    if dialect == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        op.execute(POSTGRES_TRIGGER)
    else:
        op.execute(SQLITE_TRIGGER)
    op.execute(f"INSERT INTO learner_days (day, learner_id) SELECT DISTINCT {_day(dialect)}, learner_id FROM events")
    _build_progress()


def _build_progress() -> None:
    """Replay the graded submissions already stored, in the order they were made."""
    submissions = sa.table(
        "submissions", sa.column("id", sa.Integer()), sa.column("learner_id", sa.Integer()),
        sa.column("exercise_id", sa.String()), sa.column("created_at", UTC), sa.column("gradable", sa.Boolean()),
        sa.column("state", sa.String()), sa.column("status", sa.String()),
    )
    progress = sa.table(
        "exercise_progress", sa.column("learner_id", sa.Integer()), sa.column("exercise_id", sa.String()),
        sa.column("first_attempt_at", UTC), sa.column("attempts", sa.Integer()), sa.column("passed_at", UTC),
        sa.column("attempts_to_pass", sa.Integer()), sa.column("seconds_to_pass", sa.Integer()),
    )
    connection = op.get_bind()
    rows: dict[tuple[int, str], dict] = {}
    graded = (
        sa.select(submissions.c.learner_id, submissions.c.exercise_id, submissions.c.created_at, submissions.c.status)
        .where(submissions.c.gradable == sa.true(), submissions.c.state == "done")
        .order_by(submissions.c.created_at, submissions.c.id)
    )
    for learner_id, exercise_id, created_at, status in connection.execute(graded):
        row = rows.setdefault((learner_id, exercise_id), dict(
            learner_id=learner_id, exercise_id=exercise_id, first_attempt_at=created_at, attempts=0, passed_at=None,
            attempts_to_pass=None, seconds_to_pass=None))
        row["attempts"] += 1
        if status == "pass" and row["passed_at"] is None:
            row["passed_at"] = created_at
            row["attempts_to_pass"] = row["attempts"]
            row["seconds_to_pass"] = round((created_at - row["first_attempt_at"]).total_seconds())
    if rows:
        connection.execute(sa.insert(progress), list(rows.values()))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER trg_events_learner_day ON events")
        op.execute("DROP FUNCTION stream_record_learner_day()")
    else:
        op.execute("DROP TRIGGER trg_events_learner_day")
    op.drop_table("learner_days")
    op.drop_index("ix_exercise_progress_seconds", table_name="exercise_progress")
    op.drop_index("ix_exercise_progress_attempts", table_name="exercise_progress")
    op.drop_table("exercise_progress")
    op.create_index("ix_events_time_learner", "events", ["occurred_at", "learner_id"])
    op.drop_index("ix_submission_diagnoses_exercise_diagnosis", table_name="submission_diagnoses")
    op.create_index("ix_submission_diagnoses_exercise", "submission_diagnoses",
                    ["exercise_id", "created_at", "diagnosis_id", "learner_id"])
    op.create_index("ix_submissions_exercise_learner", "submissions",
                    ["exercise_id", "learner_id", "created_at", "gradable", "status"])
