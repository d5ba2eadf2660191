"""Export and import of progress files: a round trip restores progress; bad files are refused and change nothing."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from db import Draft, Event, HintReveal, LessonCompletion, XpAward, make_engine, session_scope, upgrade
from gamification import Context
from services import exercises, history, progress, transfer
from services.transfer import ImportRefused

NOW = datetime(2026, 5, 4, 3, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)
CONTEXT = Context(
    courses={"c": frozenset({"c-01", "c-02", "c-03"})},
    exercise_tags={"ex-a": frozenset({"clipping"})},
    lesson_xp={"c-01": 10, "c-02": 15, "c-03": 20},
    exercise_xp={"ex-a": 20},
)


@pytest.fixture(autouse=True)
def fresh_cache():
    history.clear_cache()
    yield
    history.clear_cache()


def _learner(engine) -> int:
    with session_scope(engine) as session:
        return progress.get_local_learner(session).id


def _with_progress(engine) -> int:
    learner_id = _learner(engine)
    for i, lesson in enumerate(["c-01", "c-02", "c-03"]):
        with session_scope(engine) as session:
            progress.complete_lesson(session, learner_id, lesson, CONTEXT.lesson_xp[lesson], NOW + i * DAY, CONTEXT)
    with session_scope(engine) as session:
        exercises.reveal_hint(session, learner_id, "ex-a", 0, NOW + 2 * DAY, CONTEXT)
        exercises.save_draft(session, learner_id, "ex-a", "y = tape.gradient(loss, w)", NOW + 2 * DAY)
        sub = exercises.create_submission(session, learner_id, "ex-a", "code", NOW + 2 * DAY)
        exercises.finish_submission(session, sub.id, {"status": "pass", "gradable": True, "score": 1.0},
                                    20, NOW + 2 * DAY, CONTEXT)
    return learner_id


def _export(engine, learner_id) -> bytes:
    with session_scope(engine) as session:
        return transfer.export_json(session, learner_id, NOW + 3 * DAY)


def _import(engine, learner_id, raw):
    with session_scope(engine) as session:
        return transfer.import_progress(session, learner_id, raw, NOW + 3 * DAY, CONTEXT)


def _facts(engine, learner_id):
    with session_scope(engine) as session:
        def count(model):
            return session.scalar(select(func.count()).select_from(model).where(model.learner_id == learner_id))
        return {
            "xp": progress.xp_total(session, learner_id),
            "done": progress.completed_lesson_ids(session, learner_id),
            "badges": progress.queries.achievement_ids(session, learner_id),
            "awards": count(XpAward), "events": count(Event), "hints": count(HintReveal),
            "drafts": count(Draft), "completions": count(LessonCompletion),
        }


def test_round_trip_into_a_fresh_database_restores_completions_xp_and_achievements(engine, tmp_path):
    source = _with_progress(engine)
    raw = _export(engine, source)
    document = json.loads(raw)
    assert (document["format"], document["version"]) == ("stream-progress", 1)
    before = _facts(engine, source)

    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh' / 'fresh.db'}")
    upgrade(fresh)
    try:
        target = _learner(fresh)
        result = _import(fresh, target, raw)
        after = _facts(fresh, target)
        assert after == before
        assert after["xp"] == 10 + 15 + 20 + 5 + 15 + 5  # lessons, a streak day, ex-a after a hint, first try
        assert after["badges"] >= {"first_lesson", "first_pass", "first_try", "streak_3"}
        assert (result.lessons_added, result.xp_added, result.awards_left_out) == (3, after["xp"], 0)
        again = _import(fresh, target, raw)  # importing twice changes nothing
        assert (again.lessons_added, again.xp_added, again.achievements_added) == (0, 0, 0)
        assert _facts(fresh, target) == after
        with session_scope(fresh) as session:
            assert exercises.load_draft(session, target, "ex-a") == "y = tape.gradient(loss, w)"
    finally:
        fresh.dispose()


def _good() -> dict:
    return {
        "format": "stream-progress", "version": 1, "exported_at": "2026-05-05T00:00:00+00:00",
        "learner": {"display_name": "Hana", "username": None},
        "completions": [{"lesson_id": "c-01", "completed_at": "2026-05-04T03:00:00+00:00"}],
        "xp_awards": [{"award_key": "lesson:c-01", "amount": 10, "reason": "lesson",
                       "created_at": "2026-05-04T03:00:00+00:00"}],
        "events": [{"kind": "lesson_completed", "subject": "c-01", "data": {"xp": 10},
                    "occurred_at": "2026-05-04T03:00:00+00:00"}],
        "achievements": [], "hints": [], "solutions": [], "drafts": [],
    }


def _with(**changes) -> bytes:
    document = _good()
    document.update(changes)
    return json.dumps(document).encode()


def _award(key, amount):
    return {"award_key": key, "amount": amount, "reason": "x", "created_at": "2026-05-04T03:00:00+00:00"}


BAD_FILES = {
    "empty": (b"", "empty"),
    "not json": (b"hello, this is not json", "not_json"),
    "truncated": (json.dumps(_good()).encode()[:-40], "not_json"),
    "not utf-8": (b"\xff\xfe{\x00", "not_json"),
    "nesting bomb": (b"[" * 200_000 + b"]" * 200_000, "not_json"),
    "nested bomb inside": (_with(learner={"display_name": json.loads("[" * 50 + "]" * 50)}), "invalid"),
    "a list, not an object": (b"[1, 2, 3]", "wrong_format"),
    "another format": (json.dumps({**_good(), "format": "anki"}).encode(), "wrong_format"),
    "newer version": (_with(version=2), "wrong_version"),
    "version as text": (_with(version="1"), "wrong_version"),
    "too big": (b" " * (5 * 1024 * 1024 + 1), "too_big"),
    "negative xp": (_with(xp_awards=[_award("lesson:c-01", -50)]), "invalid"),
    "huge xp": (_with(xp_awards=[_award("lesson:c-01", 10**30)]), "invalid"),
    "xp as text": (_with(xp_awards=[_award("lesson:c-01", "10")]), "invalid"),
    "a million completions": (
        _with(completions=[{"lesson_id": "c-01", "completed_at": "2026-05-04T03:00:00+00:00"}] * 1_000_001),
        "too_big"),
    "too many completions": (
        _with(completions=[{"lesson_id": f"l-{i}", "completed_at": "2026-05-04T03:00:00+00:00"} for i in range(5_001)]),
        "invalid"),
    "wrong type": (_with(completions={"lesson_id": "c-01"}), "invalid"),
    "missing list": (json.dumps({k: v for k, v in _good().items() if k != "events"}).encode(), "invalid"),
    "extra field": (_with(password="hunter2"), "invalid"),
    "naive date": (_with(completions=[{"lesson_id": "c-01", "completed_at": "2026-05-04T03:00:00"}]), "invalid"),
    "future date": (_with(completions=[{"lesson_id": "c-01", "completed_at": "2099-01-01T00:00:00+00:00"}]), "bad_date"),
    "hostile id": (_with(completions=[{"lesson_id": "'; DROP TABLE learners; --", "completed_at": "2026-05-04T03:00:00+00:00"}]), "invalid"),
    "unknown event kind": (_with(events=[{"kind": "xp_granted", "subject": None, "data": {},
                                          "occurred_at": "2026-05-04T03:00:00+00:00"}]), "unknown_event"),
    "nested event data": (_with(events=[{"kind": "lesson_completed", "subject": "c-01", "data": {"xp": {"a": 1}},
                                         "occurred_at": "2026-05-04T03:00:00+00:00"}]), "invalid"),
    "huge number literal": (b'{"format": "stream-progress", "version": 1, "n": ' + b"9" * 10_000 + b"}", "not_json"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_is_refused_with_its_reason_and_changes_nothing(engine, name):
    raw, reason = BAD_FILES[name]
    learner_id = _with_progress(engine)
    before = _facts(engine, learner_id)
    with pytest.raises(ImportRefused) as caught:
        _import(engine, learner_id, raw)
    assert caught.value.key == f"account.import_errors.{reason}"
    assert _facts(engine, learner_id) == before


def test_the_good_file_used_above_does_import(engine):
    # Guards the table above: each bad file is the good one with one thing broken.
    learner_id = _learner(engine)
    result = _import(engine, learner_id, _with())
    assert (result.lessons_added, result.xp_added) == (1, 10)


def test_imported_xp_cannot_exceed_what_the_rules_pay(engine):
    forged = _with(xp_awards=[
        _award("lesson:c-01", 9999),  # a real completion, but the lesson pays 10
        _award("lesson:c-02", 15),  # no completion of c-02 in the file
        _award("exercise:ex-a", 20),  # no pass in the file
        _award("bonus:free", 500),  # no rule has this key
        _award("streak:2026-05-04", 5),  # an XP-earning event that day: allowed once
        _award("streak:2026-05-05", 5),  # only one earning day, so one streak bonus at most
    ])
    learner_id = _learner(engine)
    result = _import(engine, learner_id, forged)
    assert result.xp_added == 10 + 5
    assert result.awards_left_out == 4
    with session_scope(engine) as session:
        assert progress.completed_lesson_ids(session, learner_id) == {"c-01"}


def test_made_up_daily_activity_cannot_buy_a_streak_bonus_a_day(engine):
    # A year of "completions" of lessons the catalog does not have (they pay nothing), each with a streak bonus
    # claimed: the rules pay a streak bonus only beside an event that pays, and only c-01 pays here.
    start = datetime(2025, 5, 4, 3, 0, tzinfo=timezone.utc)
    days = [start + timedelta(days=n) for n in range(366)]
    events = [{"kind": "lesson_completed", "subject": f"made-up-{n}", "data": {}, "occurred_at": day.isoformat()}
              for n, day in enumerate(days)]
    streaks = [{**_award(f"streak:{day.date().isoformat()}", 5), "created_at": day.isoformat()} for day in days]
    forged = _with(events=_good()["events"] + events, xp_awards=_good()["xp_awards"] + streaks)
    learner_id = _learner(engine)
    result = _import(engine, learner_id, forged)
    assert result.xp_added == 10 + 5  # c-01, and one streak bonus beside it (2026-05-04 is in the year)
    assert result.awards_left_out == 365


def test_forged_achievements_are_not_taken_from_the_file(engine):
    learner_id = _learner(engine)
    _import(engine, learner_id, _with(achievements=[{"achievement_id": "streak_30",
                                                     "awarded_at": "2026-05-04T03:00:00+00:00"}]))
    with session_scope(engine) as session:
        badges = progress.queries.achievement_ids(session, learner_id)
    assert "streak_30" not in badges and "first_lesson" in badges  # earned by the imported completion
