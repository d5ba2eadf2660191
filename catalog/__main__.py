"""Command line: `python -m catalog check [PATH]`, and `python -m catalog new course|lesson|exercise …` to scaffold."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from catalog.check import run_check


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m catalog", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate lessons and exercises; exit 1 if anything is wrong")
    check.add_argument("path", nargs="?", help="a lessons folder, course folder, lesson file or exercise "
                                               "(default: the configured lessons and exercises folders)")
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    new = commands.add_parser("new", help="write a new course, lesson or exercise that passes `check` as it is "
                                          "(into STREAM_LESSONS_DIR / STREAM_EXERCISES_DIR); never overwrites")
    kinds = new.add_subparsers(dest="kind", required=True)
    course = kinds.add_parser("course", help="lessons/<ID>/course.yaml")
    course.add_argument("id", help="the course id, also its folder name (like tf-basics)")
    course.add_argument("--title-ko", required=True)
    course.add_argument("--title-en")
    course.add_argument("--description-ko")
    course.add_argument("--description-en")
    lesson = kinds.add_parser("lesson", help="lessons/<COURSE>/NN-<SLUG>.md and .en.md, the next number, a draft")
    lesson.add_argument("course", help="the course id (its folder)")
    lesson.add_argument("slug", help="the file name part after NN- (like tensors-intro)")
    lesson.add_argument("--title", required=True, help="the Korean title")
    lesson.add_argument("--title-en", help="the English title (default: the Korean one)")
    exercise = kinds.add_parser("exercise", help="exercises/<ID>/ with every file, listed in its lesson")
    exercise.add_argument("id", help="the exercise id, also its folder name (like square-gradient)")
    exercise.add_argument("--lesson", required=True, help="the id of the lesson that lists it")
    args = parser.parse_args(argv)
    if args.command == "check":
        return run_check(args.path, sys.stdout, args.strict)
    return _new(args)


def _new(args: argparse.Namespace) -> int:
    from catalog.scaffold import ScaffoldError, new_course, new_exercise, new_lesson
    from settings import get_settings

    settings = get_settings()
    try:
        if args.kind == "course":
            written = new_course(settings.lessons_dir, args.id, args.title_ko, args.title_en,
                                 args.description_ko, args.description_en)
        elif args.kind == "lesson":
            written = new_lesson(settings.lessons_dir, args.course, args.slug, args.title, args.title_en)
        else:
            written = new_exercise(settings.lessons_dir, settings.exercises_dir, args.id, args.lesson)
    except ScaffoldError as error:
        print(f"catalog new {args.kind}: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {_relative(path)}")
    return 0


def _relative(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
