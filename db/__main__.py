"""`python -m db upgrade`: migrate the configured database (STREAM_DATABASE_URL) to the newest schema.
`python -m db current`: the database's revision and the newest one.

Account commands (create-admin, reset-password) live in `python -m services`: the schema knows no accounts."""
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
    args = parser.parse_args(argv)

    from settings import get_settings

    url = get_settings().database_url
    engine = make_engine(url)
    try:
        shown = engine.url.render_as_string(hide_password=True)
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


if __name__ == "__main__":
    sys.exit(main())
