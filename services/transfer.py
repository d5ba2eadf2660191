"""Export a learner's progress as a versioned JSON file, and import one back, validated and merged idempotently.

What an imported file may change, and why (a file is whatever its holder typed into it):
- Completions, events, hint and solution reveals and drafts are merged like a local profile is merged into an
  account (services.merge.merge_local_into): one UNIQUE key per fact, so importing twice adds nothing.
  Unknown lesson and exercise ids are kept as they are (the course may have moved on) but pay no XP.
- XP cannot be minted. An xp_awards entry is accepted only under a key the XP rules could have produced for
  a fact in the same file, and at most what the rules pay for it today: `lesson:<id>` needs a completion of a
  lesson in the catalog (≤ its xp), `exercise:<id>` and `first_try:<id>` a pass of an exercise in the catalog
  (≤ its xp, ≤ the first-try bonus), `streak:<date>` a paying day of its own within a day of that date (the
  first completion or pass of a catalog lesson or exercise; ≤ the streak bonus). Anything else is left out and counted in ImportResult.awards_left_out.
- Achievements in the file are not copied: every achievement is a function of the history, so they are
  re-evaluated on the merged history (which restores the earned ones and nothing more).
- The learner's name, role and settings are never taken from a file.
A file that is too big, not JSON, truncated, of another format or version, or breaks any bound is refused
with an ImportRefused carrying a locale key, before anything is written; the caller's transaction makes the
merge all-or-nothing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from db import facts, queries
from db.models import (
    AchievementAward,
    Draft,
    Event,
    HintReveal,
    Learner,
    LessonCompletion,
    SolutionReveal,
)
from db.types import utcnow
from gamification import Context
from gamification.events import EVENT_KINDS, EXERCISE_PASSED, LESSON_COMPLETED
from gamification.xp import XP
from services import keys
from services.merge import keep_newer_draft, reevaluate_after_copy
from services.context import catalog_context

FORMAT = "stream-progress"
VERSION = 1
MAX_BYTES = 5 * 1024 * 1024
EARLIEST = datetime(2020, 1, 1, tzinfo=timezone.utc)

Id = Annotated[str, StringConstraints(strict=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9_./:-]{0,199}$")]
Short = Annotated[str, StringConstraints(strict=True, max_length=200)]
Scalar = (Annotated[str, StringConstraints(strict=True, max_length=500)]
          | Annotated[int, Field(strict=True, ge=-(10**9), le=10**9)]
          | Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-1e9, le=1e9)]
          | bool | None)


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class LearnerPart(_Strict):
    # Shown on the import screen only; never written to the importing learner.
    display_name: Annotated[str, StringConstraints(strict=True, max_length=100)] = ""
    username: Annotated[str, StringConstraints(strict=True, max_length=64)] | None = None


class CompletionPart(_Strict):
    lesson_id: Id
    completed_at: AwareDatetime


class AwardPart(_Strict):
    award_key: Short
    amount: Annotated[int, Field(strict=True, ge=0, le=10_000)]
    reason: Short = ""
    created_at: AwareDatetime


class EventPart(_Strict):
    kind: Annotated[str, StringConstraints(strict=True, max_length=40)]
    subject: Id | None = None
    data: Annotated[dict[Annotated[str, StringConstraints(strict=True, max_length=40)], Scalar],
                    Field(max_length=16)] = {}
    occurred_at: AwareDatetime


class AchievementPart(_Strict):
    achievement_id: Short
    awarded_at: AwareDatetime


class HintPart(_Strict):
    exercise_id: Id
    hint_index: Annotated[int, Field(strict=True, ge=0, le=50)]
    revealed_at: AwareDatetime


class SolutionPart(_Strict):
    exercise_id: Id
    revealed_at: AwareDatetime


class DraftPart(_Strict):
    exercise_id: Id
    code: Annotated[str, StringConstraints(strict=True, max_length=100_000)]
    updated_at: AwareDatetime


class ProgressFile(_Strict):
    format: Literal["stream-progress"]
    version: Literal[1]
    exported_at: AwareDatetime
    learner: LearnerPart
    completions: Annotated[list[CompletionPart], Field(max_length=5_000)]
    xp_awards: Annotated[list[AwardPart], Field(max_length=20_000)]
    events: Annotated[list[EventPart], Field(max_length=100_000)]
    achievements: Annotated[list[AchievementPart], Field(max_length=500)]
    hints: Annotated[list[HintPart], Field(max_length=20_000)]
    solutions: Annotated[list[SolutionPart], Field(max_length=5_000)]
    drafts: Annotated[list[DraftPart], Field(max_length=5_000)]


class ImportRefused(Exception):
    """The file was not imported and nothing changed; `key` is a locale key under account.import_errors."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key, params)
        self.key = f"account.import_errors.{key}"
        self.params = params


@dataclass(frozen=True)
class ImportResult:
    lessons_added: int
    xp_added: int
    achievements_added: int
    awards_left_out: int


# Export ------------------------------------------------------------------------------------------------


def export_progress(session: Session, learner_id: int, now: datetime | None = None) -> dict[str, Any]:
    """The learner's facts as the version-1 document (submissions are not included: they stay on the server)."""
    learner = session.get(Learner, learner_id)
    if learner is None:
        raise LookupError(f"no learner with id {learner_id}")

    def rows(model, *order):
        return session.scalars(select(model).where(model.learner_id == learner_id).order_by(*order))

    stamp = datetime.isoformat
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": stamp(now or utcnow()),
        "learner": {"display_name": learner.display_name, "username": learner.username},
        "completions": [{"lesson_id": r.lesson_id, "completed_at": stamp(r.completed_at)}
                        for r in rows(LessonCompletion, LessonCompletion.completed_at, LessonCompletion.lesson_id)],
        "xp_awards": [{"award_key": r.award_key, "amount": r.amount, "reason": r.reason, "created_at": stamp(r.created_at)}
                      for r in queries.xp_awards(session, learner_id)],
        "events": [{"kind": r.kind, "subject": r.subject, "data": r.data or {}, "occurred_at": stamp(r.occurred_at)}
                   for r in rows(Event, Event.occurred_at, Event.id)],
        "achievements": [{"achievement_id": r.achievement_id, "awarded_at": stamp(r.awarded_at)}
                         for r in rows(AchievementAward, AchievementAward.awarded_at)],
        "hints": [{"exercise_id": r.exercise_id, "hint_index": r.hint_index, "revealed_at": stamp(r.revealed_at)}
                  for r in rows(HintReveal, HintReveal.exercise_id, HintReveal.hint_index)],
        "solutions": [{"exercise_id": r.exercise_id, "revealed_at": stamp(r.revealed_at)}
                      for r in rows(SolutionReveal, SolutionReveal.exercise_id)],
        "drafts": [{"exercise_id": r.exercise_id, "code": r.code, "updated_at": stamp(r.updated_at)}
                   for r in rows(Draft, Draft.exercise_id)],
    }


def export_json(session: Session, learner_id: int, now: datetime | None = None) -> bytes:
    return json.dumps(export_progress(session, learner_id, now), ensure_ascii=False, indent=1).encode("utf-8")


# Import ------------------------------------------------------------------------------------------------


def parse(raw: bytes | str, now: datetime | None = None) -> ProgressFile:
    """Validate a file completely; raises ImportRefused, never writes."""
    now = now or utcnow()
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if len(raw) > MAX_BYTES:
        raise ImportRefused("too_big", mb=MAX_BYTES // (1024 * 1024))
    if not raw.strip():
        raise ImportRefused("empty")
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        # ValueError covers broken or cut-off JSON and absurd number literals; RecursionError nesting bombs.
        raise ImportRefused("not_json") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportRefused("wrong_format")
    if document.get("version") != VERSION:
        raise ImportRefused("wrong_version", version=str(document.get("version"))[:20], supported=VERSION)
    try:
        parsed = ProgressFile.model_validate_json(raw, strict=True)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "-"
        raise ImportRefused("invalid", where=where[:120]) from None
    _check_times(parsed, now)
    unknown = sorted({e.kind for e in parsed.events} - EVENT_KINDS)
    if unknown:
        raise ImportRefused("unknown_event", kind=unknown[0][:40])
    return parsed


def _check_times(parsed: ProgressFile, now: datetime) -> None:
    latest = now + timedelta(days=1)  # a day of slack for clocks and time zones
    stamps = [parsed.exported_at]
    stamps += [c.completed_at for c in parsed.completions] + [a.created_at for a in parsed.xp_awards]
    stamps += [e.occurred_at for e in parsed.events] + [a.awarded_at for a in parsed.achievements]
    stamps += [h.revealed_at for h in parsed.hints] + [s.revealed_at for s in parsed.solutions]
    stamps += [d.updated_at for d in parsed.drafts]
    for stamp in stamps:
        if not EARLIEST <= stamp <= latest:
            raise ImportRefused("bad_date", when=stamp.isoformat()[:40])


def import_progress(session: Session, learner_id: int, raw: bytes | str, now: datetime | None = None,
                    context: Context | None = None) -> ImportResult:
    """Validate `raw` and merge it into the learner (see the module docstring for what is accepted)."""
    now = now or utcnow()
    parsed = parse(raw, now)
    context = context if context is not None else catalog_context()
    facts.lock_learner(session, learner_id)
    xp_before = queries.xp_total(session, learner_id)
    badges_before = queries.achievement_ids(session, learner_id)

    lessons_added = sum(facts.record_lesson_completion(session, learner_id, c.lesson_id, c.completed_at)
                        for c in parsed.completions)
    for hint in parsed.hints:
        facts.record_hint_reveal(session, learner_id, hint.exercise_id, hint.hint_index, hint.revealed_at)
    for solution in parsed.solutions:
        facts.record_solution_reveal(session, learner_id, solution.exercise_id, solution.revealed_at)
    for draft in parsed.drafts:
        keep_newer_draft(session, learner_id, draft.exercise_id, draft.code, draft.updated_at)
    for event in sorted(parsed.events, key=lambda e: e.occurred_at):
        data = dict(event.data)
        facts.record_event(session, learner_id, event.kind, subject=event.subject, data=data,
                           dedupe_key=keys.copied_event(event.kind, event.subject, event.occurred_at, data),
                           now=event.occurred_at)
    accepted, left_out = allowed_awards(parsed, context)
    for award in accepted:
        facts.award_xp(session, learner_id, award.award_key, award.amount, award.reason, award.created_at)
    reevaluate_after_copy(session, learner_id, now, context)
    return ImportResult(
        lessons_added=lessons_added,
        xp_added=queries.xp_total(session, learner_id) - xp_before,
        achievements_added=len(queries.achievement_ids(session, learner_id) - badges_before),
        awards_left_out=left_out,
    )


def allowed_awards(parsed: ProgressFile, context: Context) -> tuple[list[AwardPart], int]:
    """The file's awards the XP rules could have paid for facts in the same file, capped at what they pay."""
    completed = {c.lesson_id for c in parsed.completions}
    completed |= {e.subject for e in parsed.events if e.kind == LESSON_COMPLETED and e.subject}
    passed = {e.subject for e in parsed.events if e.kind == EXERCISE_PASSED and e.subject}
    # The rules pay a streak bonus only alongside an event that pays XP of its own, and a lesson or exercise
    # pays once: so each streak day needs a paying day of its own (a catalog lesson's or exercise's first
    # completion or pass), however many events the file lists.
    unclaimed = sorted(_paying_days(parsed, context))
    accepted: list[AwardPart] = []
    for award in sorted(parsed.xp_awards, key=lambda a: a.award_key):
        cap = _cap(award.award_key, completed, passed, context)
        if cap is None:
            continue
        if award.award_key.startswith("streak:"):
            # The key is the learner's local day; the UTC date of that day's paying event is within one of it.
            day = date.fromisoformat(award.award_key.partition(":")[2])
            claim = next((paying for paying in unclaimed if abs((day - paying).days) <= 1), None)
            if claim is None:
                continue
            unclaimed.remove(claim)
        accepted.append(award.model_copy(update={"amount": min(award.amount, cap)}))
    return accepted, len(parsed.xp_awards) - len(accepted)


def _paying_days(parsed: ProgressFile, context: Context) -> list[date]:
    """One UTC date per catalog lesson completed and catalog exercise passed in the file: its first time."""
    first: dict[tuple[str, str], datetime] = {}

    def seen(kind: str, subject: str | None, at: datetime) -> None:
        pays = subject in (context.lesson_xp if kind == LESSON_COMPLETED else context.exercise_xp)
        if subject and pays and ((kind, subject) not in first or at < first[(kind, subject)]):
            first[(kind, subject)] = at

    for completion in parsed.completions:
        seen(LESSON_COMPLETED, completion.lesson_id, completion.completed_at)
    for event in parsed.events:
        if event.kind in (LESSON_COMPLETED, EXERCISE_PASSED):
            seen(event.kind, event.subject, event.occurred_at)
    return [at.astimezone(timezone.utc).date() for at in first.values()]


def _cap(key: str, completed: set[str], passed: set[str], context: Context) -> int | None:
    kind, _, subject = key.partition(":")
    if kind == "lesson" and subject in completed and subject in context.lesson_xp:
        return context.lesson_xp[subject]
    if kind == "exercise" and subject in passed and subject in context.exercise_xp:
        return context.exercise_xp[subject]
    if kind == "first_try" and subject in passed and subject in context.exercise_xp:
        return XP.first_try_bonus
    if kind == "streak":
        try:
            date.fromisoformat(subject)
        except ValueError:
            return None
        return XP.streak_bonus
    return None
