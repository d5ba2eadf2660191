"""Benchmark: instructor analytics on 10,000 learners and 1,000,000 events, on SQLite and on PostgreSQL.

Builds the history once (data/bench/, and a schema in PostgreSQL's `test` database), reuses it while the
generator version and the migration head are unchanged, then times each services.analytics query over the
whole year for the busiest course (median of 5). Baselines in the same run: the queries without migration
0005's indexes (dropped inside a transaction that is rolled back), and top diagnoses by parsing result_json.
Each query is timed again with half the learners marked as profiles merged into an account (a class that
started as guests and then signed up; rolled back too), and the last line's maxima include that pass.
"""
from __future__ import annotations

import _isolate  # noqa: F401  first: keeps bench/queue.py from shadowing the standard library's queue

import argparse
import json
import random
import statistics
import sys
import time
import uuid
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

import db  # noqa: E402
from db.migrate import head_revision  # noqa: E402
from db.models import Submission  # noqa: E402
from services import analytics  # noqa: E402

GENERATOR_VERSION = 3
LEARNERS = 10_000
EVENTS = 1_000_000
COURSES, LESSONS_PER_COURSE, EXERCISES_PER_LESSON, HINTS, MISTAKES = 3, 10, 2, 3, 4
YEAR_START = datetime(2025, 7, 1, tzinfo=timezone.utc)
DAYS = 365
GOAL_MS = 200.0
REPEATS = 5
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
ANALYTICS_INDEXES = (  # migrations 0005 and 0008; the baseline runs without them
    "ix_lesson_completions_lesson_time", "ix_hint_reveals_exercise_learner", "ix_submission_diagnoses_exercise_diagnosis",
    "ix_exercise_progress_attempts", "ix_exercise_progress_seconds",
)
# The baselines for the two rollups: the same figures straight from the facts (SQLite SQL), as first written.
STATS_FROM_SUBMISSIONS = """
WITH attempts AS (
    SELECT exercise_id, learner_id, created_at, status,
           row_number() OVER (PARTITION BY exercise_id, learner_id ORDER BY created_at, id) AS attempt
    FROM submissions WHERE exercise_id IN ({ids}) AND gradable AND created_at >= :start AND created_at < :end),
per_learner AS (
    SELECT exercise_id, min(created_at) AS first_at, min(CASE WHEN status = 'pass' THEN created_at END) AS pass_at,
           min(CASE WHEN status = 'pass' THEN attempt END) AS tries
    FROM attempts GROUP BY exercise_id, learner_id),
ranked AS (
    SELECT exercise_id, tries, (julianday(pass_at) - julianday(first_at)) * 86400 AS seconds,
           row_number() OVER (PARTITION BY exercise_id ORDER BY pass_at IS NULL, tries) AS tries_rank,
           row_number() OVER (PARTITION BY exercise_id ORDER BY pass_at IS NULL,
                              (julianday(pass_at) - julianday(first_at))) AS seconds_rank,
           count(pass_at) OVER (PARTITION BY exercise_id) AS passed
    FROM per_learner)
SELECT exercise_id, count(*), max(passed),
       avg(CASE WHEN tries_rank IN ((passed + 1) / 2, (passed + 2) / 2) THEN tries END),
       avg(CASE WHEN seconds_rank IN ((passed + 1) / 2, (passed + 2) / 2) THEN seconds END)
FROM ranked GROUP BY exercise_id
"""
ACTIVE_FROM_EVENTS = """
SELECT substr(occurred_at, 1, 10) AS day, count(DISTINCT learner_id) FROM events
WHERE occurred_at >= :start AND occurred_at < :end GROUP BY day ORDER BY day
"""


def course_content() -> list[tuple[list[str], list[str]]]:
    """(lesson ids, exercise ids) per course, in course order."""
    content = []
    for c in range(COURSES):
        lessons = [f"c{c}-lesson-{i:02d}" for i in range(LESSONS_PER_COURSE)]
        exercises = [f"c{c}-ex-{i:02d}-{j}" for i in range(LESSONS_PER_COURSE) for j in range(EXERCISES_PER_LESSON)]
        content.append((lessons, exercises))
    return content


class History:
    """Every table's rows, consistent with each other: an attempt is a submission and an event, and so on."""

    def __init__(self) -> None:
        self.learners: list[tuple] = []
        self.events: list[tuple] = []
        self.submissions: list[tuple] = []
        self.completions: list[tuple] = []
        self.hints: list[tuple] = []
        self.diagnoses: list[tuple] = []
        self.progress: dict[tuple[int, str], list] = {}  # exercise_progress, as record_grade keeps it


def _stamp(moment: datetime) -> str:
    # The text SQLAlchemy stores for a naive-UTC DateTime on SQLite; PostgreSQL's COPY reads it too (with +00).
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def generate(seed: int = 7) -> History:
    """Learners start through the year and walk the courses in order, each until their share of the million
    events runs out: most stop early (the funnel), some finish everything and keep practising."""
    rng = random.Random(seed)
    content = course_content()
    weights = [rng.lognormvariate(0, 0.9) for _ in range(LEARNERS)]
    scale = EVENTS / sum(weights)
    budgets = [max(1, int(w * scale)) for w in weights]
    for extra in range(EVENTS - sum(budgets)):  # exactly a million
        budgets[extra % LEARNERS] += 1
    mistake_weights = [0.5, 0.25, 0.15, 0.1]
    history = History()
    ids = {"event": 0, "submission": 0}

    for learner_id in range(1, LEARNERS + 1):
        budget = budgets[learner_id - 1]
        joined = YEAR_START + timedelta(days=rng.uniform(0, DAYS - 20))
        history.learners.append((learner_id, str(uuid.UUID(int=rng.getrandbits(128))), "account", f"learner{learner_id}",
                                 f"Learner {learner_id}", "learner", "ko", "Asia/Seoul", 20, _stamp(joined), False))
        clock = [joined]
        count = [0]
        skill = rng.uniform(0.25, 0.75)
        # Busy learners come back daily; light ones weekly, so a learner's events span days to months.
        return_days = max(0.3, 60.0 / max(budget, 1))

        def tick(new_session: float = 0.0) -> str:
            if rng.random() < new_session:
                clock[0] += timedelta(days=rng.expovariate(1 / return_days), hours=rng.uniform(0, 3))
            else:
                clock[0] += timedelta(seconds=rng.uniform(20, 900))
            return _stamp(clock[0])

        def event(kind: str, subject: str | None, data: dict, at: str) -> bool:
            ids["event"] += 1
            history.events.append((ids["event"], learner_id, kind, subject, json.dumps(data), at, f"b{ids['event']}"))
            count[0] += 1
            return count[0] < budget

        def attempt(exercise_id: str) -> tuple[bool, bool]:
            """One graded submission; (passed, budget left)."""
            at = tick(0.1)
            ids["submission"] += 1
            passed = rng.random() < skill
            mine = history.progress.setdefault((learner_id, exercise_id), [clock[0], 0, None, None, None])
            mine[1] += 1
            if passed and mine[2] is None:
                mine[2:] = [clock[0], mine[1], round((clock[0] - mine[0]).total_seconds())]
            diagnosis = None
            if not passed and rng.random() < 0.85:
                diagnosis = f"{exercise_id}:mistake-{rng.choices(range(MISTAKES), mistake_weights)[0]}"
            status = "pass" if passed else "fail"
            grade = {"status": status, "gradable": True, "score": 1.0 if passed else 0.0,
                     "diagnoses": [{"id": diagnosis, "message": "..."}] if diagnosis else []}
            history.submissions.append((ids["submission"], learner_id, exercise_id, "x", "done", status, True,
                                        grade["score"], None, rng.randint(15, 200), json.dumps(grade), at, at))
            if diagnosis:
                history.diagnoses.append((ids["submission"], diagnosis, learner_id, exercise_id, at))
            left = event("exercise_attempted", exercise_id, {"submission_id": ids["submission"], "status": status}, at)
            if passed and left:
                left = event("exercise_passed", exercise_id, {"submission_id": ids["submission"]}, at)
            return passed, left

        def walk() -> bool:
            for lessons, exercises in content:
                for number, lesson_id in enumerate(lessons):
                    at = tick(0.4)
                    history.completions.append((learner_id, lesson_id, at))
                    if not event("lesson_completed", lesson_id, {}, at):
                        return False
                    for exercise_id in exercises[number * EXERCISES_PER_LESSON:(number + 1) * EXERCISES_PER_LESSON]:
                        if rng.random() < 0.02 and not event("comment_posted", lesson_id, {}, tick()):
                            return False
                        for index in range(rng.choices((0, 1, 2, 3), (0.6, 0.2, 0.12, 0.08))[0]):
                            at = tick()
                            history.hints.append((learner_id, exercise_id, index, at))
                            if not event("hint_revealed", exercise_id, {"index": index}, at):
                                return False
                        for _ in range(6):  # give up after six failures
                            passed, left = attempt(exercise_id)
                            if not left:
                                return False
                            if passed:
                                break
            return True

        if walk():  # finished every course with budget left: practice old exercises until it is spent
            every_exercise = [e for _, exercises in content for e in exercises]
            while attempt(rng.choice(every_exercise))[1]:
                pass
    return history


COLUMNS = {
    "learners": "id, public_id, kind, username, display_name, role, lang, timezone, daily_goal, created_at, "
                "leaderboard_opt_in",
    "events": "id, learner_id, kind, subject, data, occurred_at, dedupe_key",
    "submissions": "id, learner_id, exercise_id, code, state, status, gradable, score, seed, duration_ms, "
                   "result_json, created_at, finished_at",
    "lesson_completions": "learner_id, lesson_id, completed_at",
    "hint_reveals": "learner_id, exercise_id, hint_index, revealed_at",
    "submission_diagnoses": "submission_id, diagnosis_id, learner_id, exercise_id, created_at",
    "exercise_progress": "learner_id, exercise_id, first_attempt_at, attempts, passed_at, attempts_to_pass, "
                         "seconds_to_pass",
}
TIME_COLUMNS = {"learners": (9,), "events": (5,), "submissions": (11, 12), "lesson_completions": (2,),
                "hint_reveals": (3,), "submission_diagnoses": (4,), "exercise_progress": (2, 4)}


def _tables(history: History) -> dict[str, list[tuple]]:
    return {"learners": history.learners, "events": history.events, "submissions": history.submissions,
            "lesson_completions": history.completions, "hint_reveals": history.hints,
            "submission_diagnoses": history.diagnoses,
            "exercise_progress": [(learner_id, exercise_id, _stamp(first), attempts,
                                   None if passed is None else _stamp(passed), to_pass, seconds)
                                  for (learner_id, exercise_id), (first, attempts, passed, to_pass, seconds)
                                  in history.progress.items()]}


def _marker(connection, version: str) -> bool:
    try:
        return connection.exec_driver_sql("SELECT version FROM bench_marker").scalar() == version
    except Exception:  # no marker table: not built (or half built)
        connection.rollback()
        return False


def build_sqlite(path: Path, version: str, history_factory) -> tuple[object, float]:
    """The SQLite database at `path`, built unless a finished one of this version is there; (engine, build s)."""
    if path.exists():
        engine = db.make_engine(f"sqlite:///{path}")
        with engine.connect() as connection:
            if _marker(connection, version):
                return engine, 0.0
        engine.dispose()
        path.unlink()
    started = time.perf_counter()
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    history = history_factory()
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("BEGIN")
        for table, rows in _tables(history).items():
            marks = ", ".join("?" * len(COLUMNS[table].split(",")))
            cursor.executemany(f"INSERT INTO {table} ({COLUMNS[table]}) VALUES ({marks})", rows)
        cursor.execute("CREATE TABLE bench_marker (version TEXT)")
        cursor.execute("INSERT INTO bench_marker VALUES (?)", (version,))
        cursor.execute("COMMIT")
        cursor.execute("ANALYZE")
    finally:
        raw.close()
    return engine, time.perf_counter() - started


def build_postgres(url: str, schema: str, version: str, history_factory):
    """A schema in PostgreSQL's test database with the same history (COPY); (engine, build s) or None if no server."""
    admin = db.make_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except Exception as error:  # no server: SQLite figures still print
        print(f"postgresql: not measured ({str(error).strip().splitlines()[0]})")
        return None
    engine_url = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    engine = db.make_engine(engine_url)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    with engine.connect() as connection:
        if _marker(connection, version):
            return engine, 0.0
    started = time.perf_counter()
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    db.upgrade(engine)
    history = history_factory()
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for table, rows in _tables(history).items():
            times = TIME_COLUMNS[table]
            with cursor.copy(f"COPY {table} ({COLUMNS[table]}) FROM STDIN") as copy:
                for row in rows:
                    if times:
                        row = tuple(f"{v}+00" if i in times and v is not None else v for i, v in enumerate(row))
                    copy.write_row(row)
        for table in ("learners", "events", "submissions"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        cursor.execute("CREATE TABLE bench_marker (version TEXT)")
        cursor.execute("INSERT INTO bench_marker VALUES (%s)", (version,))
        raw.commit()
    finally:
        raw.close()
    with admin.connect() as connection:  # index-only scans need the visibility map; the planner needs statistics
        for table in (*COLUMNS, "learner_days"):
            connection.exec_driver_sql(f'VACUUM ANALYZE "{schema}".{table}')
    return engine, time.perf_counter() - started


def queries(lessons: list[str], exercises: list[str], date_from: date, date_to: date):
    last_month = (YEAR_START + timedelta(days=DAYS - 30)).date()
    return {
        "funnel": lambda s: analytics.funnel(s, lessons, date_from, date_to),
        "exercise_stats": lambda s: analytics.exercise_stats(s, exercises, date_from, date_to),
        "exercise_stats_30d": lambda s: analytics.exercise_stats(s, exercises, last_month,
                                                                 last_month + timedelta(days=29)),
        "top_diagnoses": lambda s: analytics.top_diagnoses(s, exercises, date_from, date_to),
        "hint_usage": lambda s: analytics.hint_usage(s, exercises, date_from, date_to),
        "daily_active": lambda s: analytics.daily_active(s, date_from, date_to, lessons, exercises),
    }


def from_facts(exercises: list[str], date_from: date, date_to: date):
    """What exercise_stats and daily_active cost without their rollups (SQLite)."""
    start, end = (_stamp(moment) for moment in analytics.day_bounds(date_from, date_to))
    ids = ", ".join(f"'{e}'" for e in exercises)  # the bench's own ids, no quotes inside
    return {
        "exercise_stats": lambda s: s.execute(text(STATS_FROM_SUBMISSIONS.format(ids=ids)),
                                              {"start": start, "end": end}).all(),
        "daily_active": lambda s: s.execute(text(ACTIVE_FROM_EVENTS), {"start": start, "end": end}).all(),
    }


MERGED_SHARE = 2  # the merged pass: one learner in this many is a profile merged into the next learner's account


def median_ms(engine, run, repeats: int, drop: tuple[str, ...] = (), merged: bool = False) -> float:
    """Median wall time of run(session) in one read transaction; `drop` indexes are dropped and `merged` marks
    every other learner as a profile merged into the next one (a class that started as guests, then signed up);
    both are undone by the rollback."""
    samples = []
    with Session(engine) as session:
        for name in drop:
            session.execute(text(f"DROP INDEX {name}"))
        if merged:
            session.execute(text("UPDATE learners SET merged_into = id + 1 WHERE id % :share = 1 "
                                 "AND id + 1 <= (SELECT max(id) FROM learners)"), {"share": MERGED_SHARE})
        for _ in range(repeats):
            start = time.perf_counter()
            run(session)
            samples.append((time.perf_counter() - start) * 1000)
        session.rollback()
    return statistics.median(samples)


def diagnoses_from_json_ms(engine, exercises: list[str], date_from: date, date_to: date) -> float:
    """The baseline for top_diagnoses: read every failed grade of the course and count diagnoses in Python."""
    start, end = analytics.day_bounds(date_from, date_to)
    began = time.perf_counter()
    with Session(engine) as session:
        counts: Counter = Counter()
        for (grade,) in session.execute(
            select(Submission.result_json).where(Submission.exercise_id.in_(exercises), Submission.gradable.is_(True),
                                                 Submission.status != "pass", Submission.created_at >= start,
                                                 Submission.created_at < end)
        ):
            for diagnosis in json.loads(grade).get("diagnoses") or []:
                counts[diagnosis["id"]] += 1
    return (time.perf_counter() - began) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--no-baseline", action="store_true", help="skip the slow no-index runs")
    args = parser.parse_args()
    version = f"g{GENERATOR_VERSION}-m{head_revision()}"
    cache: list[History] = []

    def history() -> History:
        if not cache:
            started = time.perf_counter()
            cache.append(generate())
            print(f"generated history in {time.perf_counter() - started:.1f} s")
        return cache[0]

    folder = REPO / "data" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    engines = {"sqlite": build_sqlite(folder / f"analytics-{version}.db", version, history)}
    postgres = build_postgres(args.postgres_url, f"bench_analytics_{version.replace('-', '_')}", version, history)
    if postgres:
        engines["postgres"] = postgres

    lessons, exercises = course_content()[0]  # the first course: every learner starts there, so it is the busiest
    date_from, date_to = YEAR_START.date(), (YEAR_START + timedelta(days=DAYS + 60)).date()
    with Session(engines["sqlite"][0]) as session:
        counts = {table: session.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                  for table in (*COLUMNS, "learner_days")}
    print(f"history: {counts['learners']} learners, {counts['events']} events, {counts['submissions']} submissions, "
          f"{counts['lesson_completions']} completions, {counts['hint_reveals']} hint reveals, "
          f"{counts['submission_diagnoses']} diagnoses, {counts['exercise_progress']} exercise_progress rows, "
          f"{counts['learner_days']} learner_days rows; course {lessons[0].split('-')[0]}: {len(lessons)} lessons, "
          f"{len(exercises)} exercises; range {date_from}..{date_to} (all of it)")
    for name, (_, built) in engines.items():
        print(f"{name}: " + (f"built in {built:.1f} s" if built else "reused the database built earlier"))

    worst: dict[str, float] = {}
    for name, (engine, _) in engines.items():
        for query, run in queries(lessons, exercises, date_from, date_to).items():
            run_ms = median_ms(engine, run, REPEATS)
            worst[name] = max(worst.get(name, 0.0), run_ms)
            line = f"{name:8s} {query:20s} median of {REPEATS}: {run_ms:7.1f} ms"
            if name == "sqlite" and not args.no_baseline:
                base_ms = median_ms(engine, run, 1, drop=ANALYTICS_INDEXES)
                line += f"   without the analytics indexes: {base_ms:7.1f} ms (x{base_ms / max(run_ms, 0.01):.1f})"
            print(line + ("" if run_ms <= GOAL_MS else f"   OVER the {GOAL_MS:.0f} ms goal"))
        for query, run in queries(lessons, exercises, date_from, date_to).items():
            run_ms = median_ms(engine, run, REPEATS, merged=True)
            worst[name] = max(worst[name], run_ms)
            print(f"{name:8s} {query:20s} half the learners merged profiles: {run_ms:7.1f} ms"
                  + ("" if run_ms <= GOAL_MS else f"   OVER the {GOAL_MS:.0f} ms goal"))
        if name == "sqlite" and not args.no_baseline:
            json_ms = diagnoses_from_json_ms(engine, exercises, date_from, date_to)
            print(f"{name:8s} baseline: top diagnoses by parsing result_json in Python: {json_ms:.1f} ms")
            for query, run in from_facts(exercises, date_from, date_to).items():
                print(f"{name:8s} baseline: {query} from the raw facts, no rollup: {median_ms(engine, run, 1):.1f} ms")
    for engine, _ in engines.values():
        engine.dispose()
    postgres_ms = f"{worst['postgres']:.1f}" if "postgres" in worst else "n/a"
    print(f"sqlite_max_ms={worst['sqlite']:.1f} postgres_max_ms={postgres_ms} queries={len(queries([], [], date_from, date_to))} "
          f"learners={counts['learners']} events={counts['events']} goal_ms={GOAL_MS:.0f}")


if __name__ == "__main__":
    main()
