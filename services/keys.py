"""The dedupe keys facts are recorded under: one builder per kind of fact, used wherever that fact is written.

An event with a dedupe key lands once per learner (a UNIQUE constraint), so the same lesson completed in two
tabs, a pass copied from a local profile, or an imported hint all meet the key the app itself would have used.
"""
from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from gamification.events import EXERCISE_PASSED, HINT_REVEALED, LESSON_COMPLETED, SOLUTION_REVEALED


def lesson_completed(lesson_id: str) -> str:
    return f"lesson:{lesson_id}"


def exercise_passed(exercise_id: str) -> str:
    return f"pass:{exercise_id}"


def exercise_attempted(submission_id: int) -> str:
    return f"attempt:{submission_id}"


def hint_revealed(exercise_id: str, index: int) -> str:
    return f"hint:{exercise_id}:{index}"


def solution_revealed(exercise_id: str) -> str:
    return f"solution:{exercise_id}"


def comment_posted(comment_id: int) -> str:
    return f"comment:{comment_id}"


def copied_event(kind: str, subject: str | None, occurred_at: datetime, data: dict[str, Any] | None) -> str:
    """The key an event copied from elsewhere (a merge, an import) lands under. Facts that happen once per
    subject keep the key the app gives them, so the same lesson done on both profiles is one event; every
    other event is keyed by its content, so copying it twice lands it once."""
    if kind == LESSON_COMPLETED and subject:
        return lesson_completed(subject)
    if kind == EXERCISE_PASSED and subject:
        return exercise_passed(subject)
    if kind == SOLUTION_REVEALED and subject:
        return solution_revealed(subject)
    if kind == HINT_REVEALED and subject and isinstance((data or {}).get("index"), int):
        return hint_revealed(subject, data["index"])
    body = json.dumps([kind, subject, occurred_at.isoformat(), data or {}], sort_keys=True, default=str)
    return "copy:" + hashlib.sha256(body.encode()).hexdigest()[:40]
