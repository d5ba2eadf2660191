"""Instructor analytics: submission diagnoses as rows, and covering indexes for course-wide reads.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""
from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Spelled out, not imported from db.models, so a later model change cannot rewrite history.
UTC = sa.DateTime(timezone=True)

INDEXES = (
    ("ix_submissions_exercise_learner", "submissions", ["exercise_id", "learner_id", "created_at", "gradable", "status"]),
    ("ix_lesson_completions_lesson_time", "lesson_completions", ["lesson_id", "completed_at"]),
    ("ix_hint_reveals_exercise_learner", "hint_reveals", ["exercise_id", "learner_id", "revealed_at"]),
    ("ix_events_time_learner", "events", ["occurred_at", "learner_id"]),
)


def upgrade() -> None:
    op.create_table(
        "submission_diagnoses",
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("diagnosis_id", sa.String(100), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(200), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submissions.id"], name=op.f("fk_submission_diagnoses_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_submission_diagnoses_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("submission_id", "diagnosis_id", name=op.f("pk_submission_diagnoses")),
    )
    op.create_index(
        "ix_submission_diagnoses_exercise", "submission_diagnoses",
        ["exercise_id", "created_at", "diagnosis_id", "learner_id"],
    )
    _copy_existing_diagnoses()
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def _copy_existing_diagnoses(batch: int = 2000) -> None:
    """Grades stored before this migration carry their diagnoses only in result_json: copy them out once."""
    submissions = sa.table(
        "submissions", sa.column("id", sa.Integer()), sa.column("learner_id", sa.Integer()),
        sa.column("exercise_id", sa.String()), sa.column("created_at", UTC), sa.column("gradable", sa.Boolean()),
        sa.column("result_json", sa.Text()),
    )
    diagnoses = sa.table(
        "submission_diagnoses", sa.column("submission_id", sa.Integer()), sa.column("diagnosis_id", sa.String()),
        sa.column("learner_id", sa.Integer()), sa.column("exercise_id", sa.String()), sa.column("created_at", UTC),
    )
    connection = op.get_bind()
    query = (
        sa.select(submissions.c.id, submissions.c.learner_id, submissions.c.exercise_id, submissions.c.created_at,
                  submissions.c.result_json)
        .where(submissions.c.gradable == sa.true(), submissions.c.result_json.is_not(None))
        .order_by(submissions.c.id)
    )
    last_id = 0
    while True:
        rows = connection.execute(query.where(submissions.c.id > last_id).limit(batch)).all()
        if not rows:
            return
        last_id = rows[-1].id
        found = []
        for row in rows:
            try:
                ids = [d["id"] for d in json.loads(row.result_json).get("diagnoses") or [] if d.get("id")]
            except (ValueError, TypeError, AttributeError, KeyError):
                continue  # an unreadable old grade has nothing to count
            for diagnosis_id in dict.fromkeys(ids):
                found.append(dict(submission_id=row.id, diagnosis_id=str(diagnosis_id)[:100],
                                  learner_id=row.learner_id, exercise_id=row.exercise_id, created_at=row.created_at))
        if found:
            connection.execute(sa.insert(diagnoses), found)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_index("ix_submission_diagnoses_exercise", table_name="submission_diagnoses")
    op.drop_table("submission_diagnoses")
