"""`python -m db upgrade`: migrate the configured database (STREAM_DATABASE_URL) to the newest schema.
`python -m db create-admin USERNAME [--password-stdin]`: create the first admin, or promote an existing account.
`python -m db reset-password USERNAME [--password-stdin]`: set any account's password (an admin who forgot theirs)."""
from __future__ import annotations

import argparse
import sys

from db.engine import make_engine
from db.migrate import current_revision, head_revision, upgrade


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m db", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("upgrade", help="apply all pending migrations")
    commands.add_parser("current", help="print the database's revision and the newest one")
    admin = commands.add_parser("create-admin", help="create an admin account, or make an existing account admin")
    admin.add_argument("username")
    admin.add_argument("--password-stdin", action="store_true",
                       help="read the password from the first line of stdin (for scripts) instead of prompting")
    reset = commands.add_parser("reset-password", help="set an account's password and sign it out everywhere")
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true",
                       help="read the password from the first line of stdin (for scripts) instead of prompting")
    args = parser.parse_args(argv)

    from settings import get_settings

    url = get_settings().database_url
    engine = make_engine(url)
    try:
        shown = engine.url.render_as_string(hide_password=True)
        if args.command == "create-admin":
            upgrade(engine)
            return _create_admin(engine, args.username, args.password_stdin)
        if args.command == "reset-password":
            upgrade(engine)
            return _reset_password(engine, args.username, args.password_stdin)
        if args.command == "upgrade":
            before = current_revision(engine)
            upgrade(engine)
            after = current_revision(engine)
            change = "already up to date" if before == after else f"upgraded {before or 'empty'} -> {after}"
            print(f"{shown}: {change}")
        else:
            print(f"{shown}: at {current_revision(engine) or 'empty'}, newest is {head_revision()}")
    finally:
        engine.dispose()
    return 0


def _create_admin(engine, username: str, password_stdin: bool) -> int:
    from db.engine import session_scope
    from services import accounts

    with session_scope(engine) as session:
        exists = accounts.queries.learner_by_username(session, accounts.normalize_username(username)) is not None
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
    from db.engine import session_scope
    from services import accounts

    with session_scope(engine) as session:
        found = accounts.queries.learner_by_username(session, accounts.normalize_username(username))
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
    from services import accounts

    if isinstance(error, accounts.InvalidUsername):
        return "a username is 3-32 characters of a-z, 0-9, _ . -"
    if isinstance(error, accounts.InvalidPassword):
        return f"the password needs at least {accounts.PASSWORD_MIN} characters"
    if isinstance(error, accounts.UsernameTaken):
        return "that username is taken"
    return type(error).__doc__ or type(error).__name__


if __name__ == "__main__":
    sys.exit(main())
