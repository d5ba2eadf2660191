"""Merging a local profile (this machine's, or a browser's guest profile) into an account, and the copy helpers
an import shares: completions unioned, the ledger merged by award key, events by their dedupe keys."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db import facts, queries
from db.models import AchievementAward, Draft, Event, HintReveal, Learner, LessonCompletion, SolutionReveal, Submission
from db.types import utcnow
from gamification import Context
from gamification.events import EXERCISE_ATTEMPTED
from services import accounts, achievements, analytics, history, keys
from services.accounts import AccountNotFound


@dataclass(frozen=True)
class MergeResult:
    lessons_added: int
    xp_added: int
    achievements_added: int


def has_unmerged_progress(session: Session, local_id: int, account_id: int) -> bool:
    """True if the local profile holds a completion, XP award or achievement the account lacks."""
    local_done = queries.completed_lesson_ids(session, local_id)
    local_keys = {award.award_key for award in queries.xp_awards(session, local_id)}
    local_badges = queries.achievement_ids(session, local_id)
    return bool(
        local_done - queries.completed_lesson_ids(session, account_id)
        or local_keys - {award.award_key for award in queries.xp_awards(session, account_id)}
        or local_badges - queries.achievement_ids(session, account_id)
    )


def merge_local_into(session: Session, local_id: int, account_id: int, now: datetime | None = None,
                     context: Context | None = None) -> MergeResult:
    """Copy the local profile's facts into the account: the union of completions, the ledger merged by award
    key (XP for the same lesson, exercise, bonus or streak day is paid once, whichever profile earned it),
    events, hints, solution reveals, submissions and drafts (the newer draft wins), then award whatever the
    combined history unlocks. Merging twice, or merging what the account already has, adds nothing.

    The local profile keeps its own facts: the machine may be used again without signing in, and its progress
    stays there (merging it again later is harmless). It records the account in `merged_into` (the latest merge
    wins), so instructor analytics counts the profile and the account as one person; the account's
    exercise_progress rows are rebuilt from its submissions, copies included, to stand for that person's work."""
    now = now or utcnow()
    local = session.get(Learner, local_id)
    if local is None or local.kind != "local":
        raise AccountNotFound()
    facts.lock_learner(session, account_id)
    if accounts.account(session, account_id) is None:
        raise AccountNotFound()
    xp_before = queries.xp_total(session, account_id)
    badges_before = queries.achievement_ids(session, account_id)

    lessons_added = sum(
        facts.record_lesson_completion(session, account_id, row.lesson_id, row.completed_at)
        for row in session.scalars(select(LessonCompletion).where(LessonCompletion.learner_id == local_id))
    )
    for award in queries.xp_awards(session, local_id):
        facts.award_xp(session, account_id, award.award_key, award.amount, award.reason, award.created_at)
    for row in session.scalars(select(HintReveal).where(HintReveal.learner_id == local_id)):
        facts.record_hint_reveal(session, account_id, row.exercise_id, row.hint_index, row.revealed_at)
    for row in session.scalars(select(SolutionReveal).where(SolutionReveal.learner_id == local_id)):
        facts.record_solution_reveal(session, account_id, row.exercise_id, row.revealed_at)
    for row in session.scalars(select(Draft).where(Draft.learner_id == local_id)):
        keep_newer_draft(session, account_id, row.exercise_id, row.code, row.updated_at)
    moved = _copy_submissions(session, local_id, account_id)
    for exercise_id in session.scalars(
        select(Submission.exercise_id).where(Submission.learner_id == local_id)
        .distinct().order_by(Submission.exercise_id)
    ).all():
        analytics.record_progress(session, account_id, exercise_id)
    for row in session.scalars(select(Event).where(Event.learner_id == local_id).order_by(Event.occurred_at, Event.id)):
        data = dict(row.data or {})
        if row.kind == EXERCISE_ATTEMPTED and data.get("submission_id") in moved:
            data["submission_id"] = moved[data["submission_id"]]
        facts.record_event(session, account_id, row.kind, subject=row.subject, data=data,
                           dedupe_key=keys.copied_event(row.kind, row.subject, row.occurred_at, data), now=row.occurred_at)
    for row in session.scalars(select(AchievementAward).where(AchievementAward.learner_id == local_id)):
        facts.record_achievement(session, account_id, row.achievement_id, row.awarded_at)
    reevaluate_after_copy(session, account_id, now, context)
    local.merged_into = account_id
    return MergeResult(
        lessons_added=lessons_added,
        xp_added=queries.xp_total(session, account_id) - xp_before,
        achievements_added=len(queries.achievement_ids(session, account_id) - badges_before),
    )


def keep_newer_draft(session: Session, learner_id: int, exercise_id: str, code: str, updated_at: datetime) -> None:
    """Insert the draft, or replace the stored one only if this one is newer."""
    values = {"learner_id": learner_id, "exercise_id": exercise_id, "code": code, "updated_at": updated_at}
    if not facts.insert_once(session, Draft, values, ["learner_id", "exercise_id"]):
        session.execute(
            update(Draft).where(Draft.learner_id == learner_id, Draft.exercise_id == exercise_id,
                                Draft.updated_at < updated_at)
            .values(code=code, updated_at=updated_at).execution_options(synchronize_session=False)
        )


def _copy_submissions(session: Session, local_id: int, account_id: int) -> dict[int, int]:
    """Copy graded history; a submission already copied (same exercise, time and code) is not copied again.
    Submissions have no natural unique key, so this check runs under the account's lock (taken above).

    Only finished submissions move: one still queued or running belongs to the grader that holds it, and a
    copy in the same state would be graded a second time, for the account. Its verdict stays on the local
    profile, and a later merge (offered again once it pays something) brings it over finished."""
    existing = {
        (row.exercise_id, row.created_at, row.code): row.id
        for row in session.scalars(select(Submission).where(Submission.learner_id == account_id))
    }
    moved: dict[int, int] = {}
    for row in session.scalars(select(Submission).where(Submission.learner_id == local_id, Submission.state == "done")
                               .order_by(Submission.id)):
        key = (row.exercise_id, row.created_at, row.code)
        if key not in existing:
            copy = Submission(
                learner_id=account_id, exercise_id=row.exercise_id, code=row.code, state=row.state,
                status=row.status, gradable=row.gradable, score=row.score, seed=row.seed,
                duration_ms=row.duration_ms, result_json=row.result_json, created_at=row.created_at,
                finished_at=row.finished_at,
            )
            session.add(copy)
            session.flush()
            existing[key] = copy.id
        moved[row.id] = existing[key]
    return moved


def reevaluate_after_copy(session: Session, learner_id: int, now: datetime, context: Context | None = None) -> None:
    """Award what the combined history unlocks. Copied events carry their original (older) times but new
    ids; cached summaries fold events in id order, so they are dropped and the next read rebuilds in time order."""
    history.clear_cache()
    achievements.reevaluate_learner(session, learner_id, now, context)
