"""Commands over the configured database (STREAM_DATABASE_URL), migrated to head first.

`python -m services create-admin USERNAME [--password-stdin]`: create the first admin, or promote an existing account.
`python -m services reset-password USERNAME [--password-stdin]`: set any account's password (an admin who forgot theirs).
`python -m services reevaluate-achievements`: award every learner what their history already unlocks.
`python -m services worker [--broker URL] [--database URL] [--threads N] [--queue NAME] [--exercises DIR]`: a
queue grading worker (services/worker.py; `python -m grader worker` is an alias).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from db import get_engine, queries, session_scope
from services import accounts
from services.achievements import reevaluate_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m services", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "reevaluate-achievements",
        help="evaluate all achievements for every learner and insert the missing ones (safe to repeat)",
    )
    admin = commands.add_parser("create-admin", help="create an admin account, or make an existing account admin")
    admin.add_argument("username")
    admin.add_argument("--password-stdin", action="store_true",
                       help="read the password from the first line of stdin (for scripts) instead of prompting")
    reset = commands.add_parser("reset-password", help="set an account's password and sign it out everywhere")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true",
                       help="read the password from the first line of stdin (for scripts) instead of prompting")
    w = commands.add_parser("worker", help="grade queued submissions from the broker (the queue backend); stop with SIGTERM")
    w.add_argument("--broker", help="broker URL, redis://… or amqp://… (default: settings, env STREAM_BROKER_URL)")
    w.add_argument("--database", help="database URL the app uses (default: settings, env STREAM_DATABASE_URL)")
    w.add_argument("--threads", type=int, help="jobs graded at once (default: cores)")
    w.add_argument("--queue", help="queue name (default: settings, env STREAM_GRADING_QUEUE, 'grading')")
    w.add_argument("--exercises", help="exercises folder (default: settings, env STREAM_EXERCISES_DIR)")
    args = parser.parse_args(argv)
    if args.command == "worker":
        return worker(args)

    engine = get_engine()  # the configured database, migrated to head
    try:
        if args.command == "create-admin":
            return _create_admin(engine, args.username, args.password_stdin)
        if args.command == "reset-password":
            return _reset_password(engine, args.username, args.password_stdin)
        return _reevaluate(engine)
    finally:
        engine.dispose()


def worker(args: argparse.Namespace) -> int:
    """Every option falls back to settings (env STREAM_*)."""
    from services.worker import run_worker
    from settings import get_settings

    settings = get_settings()
    return run_worker(args.broker or settings.broker_url, args.database or settings.database_url,
                      Path(args.exercises) if args.exercises else settings.exercises_dir,
                      args.threads or os.cpu_count() or 1, args.queue or settings.grading_queue,
                      settings.grading_grace_s)


def _reevaluate(engine) -> int:
    learners = 0

    def report(learner_id: int, awarded) -> None:
        nonlocal learners
        learners += 1
        if awarded:
            print(f"learner {learner_id}: +{', '.join(a.id for a in awarded)}")

    total = reevaluate_all(engine, report=report)
    print(f"{learners} learner(s) re-evaluated, {total} achievement(s) newly awarded")
    return 0


def _create_admin(engine, username: str, password_stdin: bool) -> int:
    with session_scope(engine) as session:
        exists = queries.learner_by_username(session, accounts.normalize_username(username)) is not None
    password = None
    if not exists:  # promoting keeps the account's password, so only a new account needs one
        password = _read_password(password_stdin)
        if password is None:
            return 1
    try:
        with session_scope(engine) as session:
            learner, created = accounts.create_admin(session, username, password)
            name = learner.username
    except accounts.AccountError as error:
        print(f"create-admin: {_explain(error)}", file=sys.stderr)
        return 1
    print(f"{name}: {'created as admin' if created else 'is now an admin'}")
    return 0


def _reset_password(engine, username: str, password_stdin: bool) -> int:
    with session_scope(engine) as session:
        found = queries.learner_by_username(session, accounts.normalize_username(username))
        if found is None or found.kind != "account":
            print(f"reset-password: no account is called {username!r}; nothing was changed", file=sys.stderr)
            return 1
    password = _read_password(password_stdin, "reset-password")
    if password is None:
        return 1
    try:
        with session_scope(engine) as session:
            name = accounts.set_password(session, username, password).username
    except accounts.AccountError as error:
        print(f"reset-password: {_explain(error)}; nothing was changed", file=sys.stderr)
        return 1
    print(f"{name}: password changed; every browser signed in as {name} is signed out")
    return 0


def _read_password(from_stdin: bool, command: str = "create-admin") -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password (again): "):
        print(f"{command}: the two passwords differ; nothing was changed", file=sys.stderr)
        return None
    return first


def _explain(error) -> str:
    if isinstance(error, accounts.InvalidUsername):
        return "a username is 3-32 characters of a-z, 0-9, _ . -"
    if isinstance(error, accounts.InvalidPassword):
        return f"the password needs at least {accounts.PASSWORD_MIN} characters"
    if isinstance(error, accounts.UsernameTaken):
        return "that username is taken"
    return type(error).__doc__ or type(error).__name__


if __name__ == "__main__":
    sys.exit(main())
