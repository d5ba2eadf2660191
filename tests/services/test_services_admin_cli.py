"""`python -m services create-admin`: creates the first admin from a script, promotes an existing account, refuses bad input.
`python -m services reset-password`: the way back in for an admin who forgot their password."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from db import Learner, make_engine, session_scope
from services import accounts

REPO = Path(__file__).resolve().parents[2]


def _cli(database_url: str, *args: str, stdin: str = "", command: str = "create-admin") -> subprocess.CompletedProcess:
    env = {**os.environ, "STREAM_DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "services", command, *args], input=stdin, capture_output=True,
                          text=True, cwd=REPO, env=env, timeout=120)


def _account(database_url: str, username: str) -> Learner | None:
    engine = make_engine(database_url)
    try:
        with session_scope(engine) as session:
            return accounts.queries.learner_by_username(session, username)
    finally:
        engine.dispose()


def test_creates_an_admin_who_can_then_sign_in(database_url):
    done = _cli(database_url, "Root", "--password-stdin", stdin="a long admin password\n")
    assert done.returncode == 0, done.stderr
    assert "root: created as admin" in done.stdout
    engine = make_engine(database_url)
    try:
        with session_scope(engine) as session:
            learner = accounts.sign_in(session, "root", "a long admin password")
            assert (learner.kind, learner.role) == ("account", "admin")
    finally:
        engine.dispose()


def test_promotes_an_existing_account_and_keeps_its_password(database_url):
    engine = make_engine(database_url)
    try:
        from db import upgrade
        upgrade(engine)
        with session_scope(engine) as session:
            accounts.sign_up(session, "hana", "hana's password")
    finally:
        engine.dispose()
    done = _cli(database_url, "hana", "--password-stdin", stdin="")
    assert done.returncode == 0, done.stderr
    assert "hana: is now an admin" in done.stdout
    assert _account(database_url, "hana").role == "admin"


def test_a_short_password_is_refused_with_a_reason_and_nothing_is_created(database_url):
    done = _cli(database_url, "root", "--password-stdin", stdin="short\n")
    assert done.returncode == 1
    assert "at least 8 characters" in done.stderr
    assert _account(database_url, "root") is None


def test_reset_password_lets_a_forgetful_admin_back_in_and_signs_out_their_browsers(database_url):
    assert _cli(database_url, "root", "--password-stdin", stdin="the first password\n").returncode == 0
    version = _account(database_url, "root").session_version
    done = _cli(database_url, "Root", "--password-stdin", stdin="a brand new password\n", command="reset-password")
    assert done.returncode == 0, done.stderr
    assert "root: password changed" in done.stdout
    engine = make_engine(database_url)
    try:
        with session_scope(engine) as session:
            assert accounts.sign_in(session, "root", "a brand new password").session_version == version + 1
        with pytest.raises(accounts.WrongCredentials), session_scope(engine) as session:
            accounts.sign_in(session, "root", "the first password")
    finally:
        engine.dispose()


def test_reset_password_refuses_an_unknown_account_or_a_short_password_and_changes_nothing(database_url):
    done = _cli(database_url, "ghost", "--password-stdin", stdin="a long enough one\n", command="reset-password")
    assert done.returncode == 1 and "no account is called 'ghost'; nothing was changed" in done.stderr
    assert _cli(database_url, "root", "--password-stdin", stdin="the first password\n").returncode == 0
    done = _cli(database_url, "root", "--password-stdin", stdin="short\n", command="reset-password")
    assert done.returncode == 1 and "at least 8 characters" in done.stderr
    engine = make_engine(database_url)
    try:
        with session_scope(engine) as session:
            assert accounts.sign_in(session, "root", "the first password").username == "root"
    finally:
        engine.dispose()
