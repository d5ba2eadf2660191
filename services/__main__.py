"""`python -m services reevaluate-achievements | worker`: award every learner what their history already unlocks;
run a queue grading worker (services/worker.py; `python -m grader worker` is an alias)."""
from __future__ import annotations

import argparse
import sys

import os
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "reevaluate-achievements",
        help="evaluate all achievements for every learner and insert the missing ones (safe to repeat)",
    )
    w = commands.add_parser("worker", help="grade queued submissions from the broker (the queue backend); stop with SIGTERM")
    w.add_argument("--broker", help="broker URL, redis://… or amqp://… (default: settings, env STREAM_BROKER_URL)")
    w.add_argument("--database", help="database URL the app uses (default: settings, env STREAM_DATABASE_URL)")
    w.add_argument("--threads", type=int, help="jobs graded at once (default: cores)")
    w.add_argument("--queue", help="queue name (default: settings, env STREAM_GRADING_QUEUE, 'grading')")
    w.add_argument("--exercises", help="exercises folder (default: settings, env STREAM_EXERCISES_DIR)")
    args = parser.parse_args(argv)
    if args.command == "worker":
        return worker(args)
    return reevaluate()


def worker(args: argparse.Namespace) -> int:
    """Every option falls back to settings (env STREAM_*)."""
    from services.worker import run_worker
    from settings import get_settings

    settings = get_settings()
    return run_worker(args.broker or settings.broker_url, args.database or settings.database_url,
                      Path(args.exercises) if args.exercises else settings.exercises_dir,
                      args.threads or os.cpu_count() or 1, args.queue or settings.grading_queue,
                      settings.grading_grace_s)


def reevaluate() -> int:
    from db import get_engine
    from services.achievements import reevaluate_all

    engine = get_engine()  # the configured database (STREAM_DATABASE_URL), migrated to head
    learners = 0

    def report(learner_id: int, awarded) -> None:
        nonlocal learners
        learners += 1
        if awarded:
            print(f"learner {learner_id}: +{', '.join(a.id for a in awarded)}")

    try:
        total = reevaluate_all(engine, report=report)
    finally:
        engine.dispose()
    print(f"{learners} learner(s) re-evaluated, {total} achievement(s) newly awarded")
    return 0


if __name__ == "__main__":
    sys.exit(main())
