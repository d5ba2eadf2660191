"""A class's burst through the queue backend: 200 gradings from 50 learners, 2 workers; then the same locally.

    python bench/queue.py [--learners 50] [--per-learner 4] [--workers 2]

Uses the local Redis (env STREAM_BENCH_BROKER_URL, default redis://127.0.0.1:6379/0) and a fresh schema in the
local PostgreSQL (env STREAM_BENCH_DATABASE_URL), dropped afterwards. The exercise is the light test fixture
toy-grad (tests/grader/fixtures: one gradient, 3 s limit), three correct answers to one wrong, so the figures
measure the queue and the sandboxes rather than one heavy exercise. Each worker is `python -m grader worker
--threads 1` (2 workers on 2 cores). Times come from the submission rows: in queue = started_at - created_at,
grading = finished_at - started_at. The last line is `throughput=… p50_s=… p95_s=… lost=…` for the queue run
(p50/p95 of submit-to-verdict); lost counts submissions not graded by the end.
"""
from __future__ import annotations

import _isolate  # noqa: F401  first: this file would otherwise shadow the standard library's queue

import os
import sys

import argparse  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402

from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import db  # noqa: E402
from db.models import GradingWorker, Learner, Submission  # noqa: E402
from services import grading_queue as gq  # noqa: E402

FIXTURES = REPO / "tests" / "grader" / "fixtures" / "exercises"
EXERCISE = "toy-grad"
SOLUTION = (FIXTURES / EXERCISE / "solution.py").read_text()
WRONG = SOLUTION.replace("x ** 2", "x ** 3")
BROKER_URL = os.environ.get("STREAM_BENCH_BROKER_URL", "redis://127.0.0.1:6379/0")
PG_URL = os.environ.get("STREAM_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DEADLINE_S = 900


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def phase(name: str, values: list[float]) -> None:
    print(f"  {name:<22} p50 {pct(values, 0.5):6.2f} s   p95 {pct(values, 0.95):6.2f} s   max {max(values or [0]):6.2f} s")


def code_for(n: int) -> str:
    return WRONG if n % 4 == 3 else SOLUTION


def run_queue(database_url: str, learners: int, per_learner: int, workers: int) -> tuple[float, float, float, int]:
    engine = db.make_engine(database_url, pool_size=10, max_overflow=60)
    db.upgrade(engine)
    queue_name = f"grading-bench-{uuid.uuid4().hex[:8]}"
    broker = gq.make_broker(BROKER_URL)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-m", "grader", "worker", "--broker", BROKER_URL, "--database",
                               database_url, "--queue", queue_name, "--threads", "1", "--exercises", str(FIXTURES)],
                              cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for _ in range(workers)]
    try:
        ready_by = time.monotonic() + 180
        while True:
            with db.session_scope(engine) as session:
                ready = session.scalar(select(func.count()).select_from(GradingWorker))
            if ready >= workers:
                break
            if time.monotonic() > ready_by or any(p.poll() is not None for p in procs):
                raise SystemExit("bench: the workers did not start (try `python -m grader worker` by hand)")
            time.sleep(0.2)
        with db.session_scope(engine) as session:
            ids = []
            for n in range(learners):
                learner = Learner(kind="account", username=f"bench{n}-{uuid.uuid4().hex[:6]}", display_name=f"L{n}")
                session.add(learner)
                session.flush()
                ids.append(learner.id)
        print(f"queue backend: {learners} learners x {per_learner} submissions, {workers} workers x 1 thread, "
              f"{EXERCISE} ({BROKER_URL}, PostgreSQL)")
        submitted: list[int] = []
        lock = threading.Lock()

        def learner_burst(index: int) -> None:
            for k in range(per_learner):
                sid = gq.enqueue(engine, broker, ids[index], EXERCISE, code_for(index * per_learner + k), "en",
                                 10, queue_name)
                with lock:
                    submitted.append(sid)

        started = time.monotonic()
        threads = [threading.Thread(target=learner_burst, args=(i,)) for i in range(learners)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print(f"  submitted {len(submitted)} in {time.monotonic() - started:.2f} s")
        deadline = time.monotonic() + DEADLINE_S
        while time.monotonic() < deadline:
            with db.session_scope(engine) as session:
                waiting = session.scalar(select(func.count()).select_from(Submission)
                                         .where(Submission.id.in_(submitted), Submission.state != "done"))
            if not waiting:
                break
            time.sleep(0.5)
        with db.session_scope(engine) as session:
            rows = session.execute(select(Submission.created_at, Submission.started_at, Submission.finished_at,
                                          Submission.state, Submission.status, Submission.attempts)
                                   .where(Submission.id.in_(submitted))).all()
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(60)
            except subprocess.TimeoutExpired:
                p.kill()
        broker.flush(queue_name)
        broker.close()
        engine.dispose()
    done = [r for r in rows if r.state == "done"]
    lost = len(submitted) - len(done)
    in_queue = [(r.started_at - r.created_at).total_seconds() for r in done]
    grading = [(r.finished_at - r.started_at).total_seconds() for r in done]
    total = [(r.finished_at - r.created_at).total_seconds() for r in done]
    span = (max(r.finished_at for r in done) - min(r.created_at for r in rows)).total_seconds() if done else float("inf")
    throughput = len(done) / span
    statuses = {s: sum(1 for r in done if r.status == s) for s in sorted({r.status for r in done})}
    print(f"  graded {len(done)}/{len(submitted)} in {span:.1f} s: {throughput:.2f} gradings/s; verdicts {statuses}; "
          f"retried {sum(1 for r in done if r.attempts > 1)}")
    phase("time in queue", in_queue)
    phase("grading", grading)
    phase("submit to verdict", total)
    return throughput, pct(total, 0.5), pct(total, 0.95), lost


def run_local(learners: int, per_learner: int, workers: int) -> None:
    from grader import GraderPool

    count = learners * per_learner
    print(f"local backend (same burst, one process, GraderPool workers={workers}):")
    with GraderPool(FIXTURES, workers=workers).start() as pool:
        pool.grade(EXERCISE, SOLUTION, lang="en")  # warm, as a running app's pool is
        started = time.monotonic()
        tickets = [pool.submit(EXERCISE, code_for(n), lang="en") for n in range(count)]
        results = [(t, t.result(DEADLINE_S), time.monotonic()) for t in tickets]
    # Each ticket waited in line, then graded for result.duration_ms; `seen` is when this loop noticed (an upper bound).
    span = time.monotonic() - started
    grading = [r.duration_ms / 1000 for _, r, _ in results]
    total = [seen - t.submitted_at for t, _, seen in results]
    print(f"  graded {len(results)}/{count} in {span:.1f} s: {len(results) / span:.2f} gradings/s")
    phase("grading", grading)
    phase("submit to verdict (≤)", total)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--per-learner", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    admin = db.make_engine(PG_URL, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    schema = f"stream_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    try:
        queued = run_queue(url, args.learners, args.per_learner, args.workers)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()
    run_local(args.learners, args.per_learner, args.workers)
    throughput, p50, p95, lost = queued
    print(f"throughput={throughput:.2f} p50_s={p50:.2f} p95_s={p95:.2f} lost={lost}")
    return 0 if lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
