"""`python -m services reevaluate-achievements`: award every learner what their history already unlocks."""
from __future__ import annotations

import argparse
import sys

from db import get_engine
from services.achievements import reevaluate_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "reevaluate-achievements",
        help="evaluate all achievements for every learner and insert the missing ones (safe to repeat)",
    )
    parser.parse_args(argv)

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
