"""Command line: `python -m catalog check [PATH]` (PATH: a lessons folder, course, lesson or exercise)."""
from __future__ import annotations

import argparse
import sys

from catalog.check import run_check


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m catalog", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate lessons and exercises; exit 1 if anything is wrong")
    check.add_argument("path", nargs="?", help="a lessons folder, course folder, lesson file or exercise "
                                               "(default: the configured lessons and exercises folders)")
    args = parser.parse_args(argv)
    return run_check(args.path, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
