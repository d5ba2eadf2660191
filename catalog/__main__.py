"""Command line: `python -m catalog check [PATH]`, `python -m catalog new course|lesson|exercise …` to scaffold, and
`python -m catalog import SOURCE --course ID` to turn notebooks and doc-site markdown into lessons."""
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
    imports = commands.add_parser("import", help="write lessons from a .ipynb or .md file, or a folder of them "
                                                 "(MkDocs, Jupyter Book, keras-io); never overwrites without --force")
    imports.add_argument("source", help="a notebook, a markdown file, or a folder (mkdocs.yml / _toc.yml are read)")
    imports.add_argument("--course", required=True, help="the course id (its folder under the lessons folder; "
                                                         "created with a course.yaml when missing)")
    imports.add_argument("--lesson-order", type=int, help="the order of the first imported lesson "
                                                         "(default: after the course's last lesson)")
    imports.add_argument("--force", action="store_true", help="replace lesson and asset files that exist")
    imports.add_argument("--publish", action="store_true", help="write status: published (default: draft, "
                                                                "shown to instructors only until reviewed)")
    imports.add_argument("--site-url", help="the site the pages came from (like https://keras.io): its "
                                            "site-relative links and images are made absolute")
    args = parser.parse_args(argv)
    if args.command == "check":
        return run_check(args.path, sys.stdout, args.strict)
    if args.command == "import":
        return _import(args)
    return _new(args)


def _import(args: argparse.Namespace) -> int:
    from catalog.importer import ImportRefused, plan_import, write_plan
    from catalog.lint import lint_lesson
    from catalog.loader import load_catalog
    from catalog.models import Problem
    from settings import get_settings

    settings = get_settings()
    if args.lesson_order is not None and args.lesson_order < 1:
        print("catalog import: --lesson-order must be 1 or more", file=sys.stderr)
        return 2
    before = load_catalog(settings.lessons_dir, settings.exercises_dir)
    try:
        plan = plan_import(Path(args.source), settings.lessons_dir, args.course, lesson_order=args.lesson_order,
                           force=args.force, publish=args.publish, site_url=args.site_url,
                           known_ids={lesson.id for lesson in before.lessons})
    except ImportRefused as error:
        print(f"catalog import: {error}", file=sys.stderr)
        return 1
    written = write_plan(plan)
    for path in written:
        print(f"wrote {_relative(path)}")
    notices = plan.notices + [notice for lesson in plan.lessons for notice in lesson.notices]
    sys.stdout.flush()
    for notice in notices:
        print(Problem(Path(_relative(notice.path)), notice.line, notice.message), file=sys.stderr)
    sys.stderr.flush()
    # What `catalog check` would say about the written lessons, so nothing needs a second command.
    after = load_catalog(settings.lessons_dir, settings.exercises_dir)
    targets = {lesson.target for lesson in plan.lessons} | {plan.course_folder / "course.yaml"}
    problems = [p for p in after.problems if p.path in targets]
    ids = {lesson.id for lesson in after.lessons}
    exercises = set(after.exercise_folders)
    for lesson in plan.lessons:
        title = next((l.text("ko").title for l in after.lessons if l.path == lesson.target), "")
        problems += lint_lesson(lesson.target, lesson.text, title, ids, exercises) if title else []
    for problem in problems:
        print(Problem(Path(_relative(problem.path)), problem.line, problem.message))
    print(f"imported {len(plan.lessons)} lesson(s) into {_relative(plan.course_folder)}: "
          f"{len(notices)} thing(s) not carried over (listed above), {len(problems)} left for `catalog check`")
    return 1 if any(p in after.problems for p in problems) else 0


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
