"""`python -m grader grade|selftest|doctor|worker`: argument parsing only; the work is in grader.cli (worker hands over to services)."""
import argparse
import sys

from grader import cli


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m grader", description="Stream's TensorFlow autograder")
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("grade", help="grade one file; exit 0 pass, 1 fail, 2 error/timeout")
    g.add_argument("exercise_id")
    g.add_argument("file")
    g.add_argument("--json", action="store_true", help="print the result as JSON")
    g.add_argument("--seed", type=int, help="replay the hidden cases of a recorded seed")
    g.add_argument("--lang", default="ko", choices=["ko", "en"])
    g.add_argument("--run", action="store_true", help="run the file as a script instead of grading it")
    s = sub.add_parser("selftest", help="solution passes, starter is not attempted, mistakes get their diagnosis")
    s.add_argument("exercise_ids", nargs="*")
    s.add_argument("--report", action="store_true",
                   help="also grade the held-out corpus (heldout/wrong_*.py, right_*.py) and print its figures")
    s.add_argument("--seeds", type=int, default=1, help="hidden-case seeds per held-out file (default 1)")
    sub.add_parser("doctor", help="show which sandbox protections are active on this host")
    sub.add_parser("worker", add_help=False,
                   help="alias of `python -m services worker` (the queue backend's worker); options are passed on")
    args, passed_on = parser.parse_known_args()
    if passed_on and args.command != "worker":
        parser.error(f"unrecognized arguments: {' '.join(passed_on)}")
    if args.command == "grade":
        return cli.grade(args.exercise_id, args.file, as_json=args.json, seed=args.seed, lang=args.lang, run=args.run)
    if args.command == "selftest":
        return cli.selftest(args.exercise_ids, report=args.report, seeds=args.seeds)
    if args.command == "worker":
        return cli.worker(passed_on)
    return cli.doctor()


if __name__ == "__main__":
    sys.exit(main())
