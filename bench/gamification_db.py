"""Benchmark: a learner with 10,000 events in a temp SQLite database: record + evaluate + award, and profile data."""
from __future__ import annotations

import _isolate  # noqa: F401  first: keeps bench/queue.py from shadowing the standard library's queue

import importlib.util
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import insert  # noqa: E402

import db  # noqa: E402
from catalog import Catalog, Course, Exercise, ExerciseText, Lesson, LessonText  # noqa: E402
from db.models import AchievementAward, Event, Submission, XpAward  # noqa: E402
from gamification import Summary, evaluate, newly_unlocked  # noqa: E402
from services import history, profile, progress, rewards  # noqa: E402
from services.context import catalog_context  # noqa: E402

TZ = "Asia/Seoul"
RECORD_GOAL_MS = 10.0
PROFILE_GOAL_MS = 50.0


def _history_generator():
    # bench/gamification.py already makes a realistic 10,000-event year; loaded by path because its module
    # name would shadow the gamification package.
    spec = importlib.util.spec_from_file_location("bench_gamification", REPO / "bench" / "gamification.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_catalog(rng: random.Random) -> Catalog:
    """5 courses of 20 lessons and 300 tagged exercises, the content the generated history refers to."""
    tags = ("clipping", "stop_gradient", "tensors", "autodiff", "keras")
    courses = []
    for c in range(5):
        lessons = tuple(
            Lesson(id=f"c{c}-l{i}", course_id=f"course{c}", order=i, status="published", tags=(), xp=10,
                   minutes=5, exercises=(), path=Path("x.md"), texts={"ko": LessonText(f"L{i}", "", "")})
            for i in range(20)
        )
        courses.append(Course(id=f"course{c}", title={"ko": f"코스 {c}", "en": f"Course {c}"}, description={},
                              lessons=lessons))
    exercises = {
        f"ex{i}": Exercise(id=f"ex{i}", lesson="c0-l0", xp=20, difficulty="easy", time_limit_s=10, memory_mb=256,
                           path=Path("."), texts={"ko": ExerciseText(f"문제 {i}", "", ())},
                           tags=tuple(rng.sample(tags, 2)))
        for i in range(300)
    }
    return Catalog(courses=courses, exercises=exercises)


def seed(engine, catalog: Catalog, events) -> int:
    """Bulk-write the history, the ledger it implies, its submissions and achievements (as if lived)."""
    context = catalog_context(catalog)
    with db.session_scope(engine) as session:
        learner_id = progress.get_local_learner(session).id
    summary = Summary(context, TZ)
    event_rows, award_rows, submission_rows = [], [], []
    for number, event in enumerate(events):
        event_rows.append(dict(learner_id=learner_id, kind=event.kind, subject=event.subject, data=dict(event.data),
                               occurred_at=event.occurred_at, dedupe_key=f"seed:{number}"))
        for award in summary.add(event):
            award_rows.append(dict(learner_id=learner_id, award_key=award.key, amount=award.amount,
                                   reason=award.reason, created_at=event.occurred_at))
        if event.kind in ("exercise_attempted", "exercise_passed"):
            status = "pass" if event.kind == "exercise_passed" else "fail"
            submission_rows.append(dict(learner_id=learner_id, exercise_id=event.subject, code="x", state="done",
                                        status=status, gradable=True, created_at=event.occurred_at,
                                        finished_at=event.occurred_at))
    now = events[-1].occurred_at
    statuses = evaluate(summary, context, now, TZ)
    unlocked = newly_unlocked(statuses, ())
    with db.session_scope(engine) as session:
        session.execute(insert(Event), event_rows)
        session.execute(insert(XpAward), award_rows)
        session.execute(insert(Submission), submission_rows)
        if unlocked:
            session.execute(insert(AchievementAward),
                            [dict(learner_id=learner_id, achievement_id=a, awarded_at=now) for a in unlocked])
    return learner_id


def median_ms(run, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    rng = random.Random(7)
    generator = _history_generator()
    catalog = make_catalog(rng)
    context = catalog_context(catalog)
    events = generator.make_history(rng, context)
    with tempfile.TemporaryDirectory() as folder:
        engine = db.make_engine(f"sqlite:///{folder}/bench.db")
        db.upgrade(engine)
        learner_id = seed(engine, catalog, events)
        clock = [events[-1].occurred_at]

        def record_one() -> None:
            clock[0] += timedelta(minutes=3)
            with db.session_scope(engine) as session:
                rewards.record(session, learner_id, "exercise_passed", subject=f"bench-{clock[0].timestamp()}",
                               data={"first_try": True, "hints_used": 0}, now=clock[0], context=context)

        def record_one_uncached() -> None:
            history.clear_cache()  # the baseline: re-read and replay the whole history for every event
            record_one()

        def profile_data() -> None:
            with db.session_scope(engine) as session:
                profile.profile(session, learner_id, clock[0], catalog=catalog, context=context)

        history.clear_cache()
        cold_ms = median_ms(record_one, 1)
        record_ms = median_ms(record_one, 300)
        profile_ms = median_ms(profile_data, 50)
        baseline_ms = median_ms(record_one_uncached, 15)
        with db.session_scope(engine) as session:
            total_events = db.queries.event_count(session, learner_id)
            xp = db.queries.xp_total(session, learner_id)
        engine.dispose()

    print(f"learner: {total_events} events, {xp} XP, SQLite (WAL) in a temp folder")
    print(f"first event after start (history read and replayed once): {cold_ms:.1f} ms")
    print(f"record + evaluate 17 achievements + write awards, median of 300: {record_ms:.2f} ms "
          f"(goal <= {RECORD_GOAL_MS:.0f} ms)")
    print(f"profile page data, median of 50: {profile_ms:.2f} ms (goal <= {PROFILE_GOAL_MS:.0f} ms)")
    print(f"baseline (no cached summary: replay the history per event), median of 15: {baseline_ms:.2f} ms")
    print(f"record_evaluate_ms={record_ms:.2f} profile_data_ms={profile_ms:.2f} baseline_ms={baseline_ms:.2f} "
          f"ratio={baseline_ms / record_ms:.1f}")


if __name__ == "__main__":
    main()
