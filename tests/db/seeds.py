"""Rows written with plain SQL at an older revision, for the tests of a migration that rebuilds `learners`."""
from __future__ import annotations

from sqlalchemy import Engine


def learner_with_history(engine: Engine) -> None:
    """One local learner, Mina, and one XP award hanging off her (what a table rebuild must not cascade away)."""
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO learners (public_id, kind, display_name, role, lang, timezone, daily_goal, created_at)"
            " VALUES ('p1', 'local', 'Mina', 'learner', 'ko', 'Asia/Seoul', 20, '2026-05-01 00:00:00+00')"
        )
        connection.exec_driver_sql(
            "INSERT INTO xp_awards (learner_id, award_key, amount, reason, created_at)"
            " SELECT id, 'lesson:a', 10, 'lesson', '2026-05-01 00:00:00+00' FROM learners"
        )
