"""Accounts: sign up, sign in (argon2id, throttled), passwords, roles and the OIDC mapping.

Every error is an AccountError carrying a locale key under `account.` and its parameters, so pages show
it in the learner's language. Services take the acting learner's id and check it; they never read session
state.
"""
from __future__ import annotations

import hashlib
import math
import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db import facts, queries
from db.models import Learner, SignInThrottle
from db.types import utcnow

USERNAME_RE = re.compile(r"[a-z0-9_.-]{3,32}")
PASSWORD_MIN = 8
PASSWORD_MAX = 1024  # argon2 hashes any length; this only stops a megabyte "password" from tying up a worker
DISPLAY_NAME_MAX = 100
FREE_FAILURES = 5  # consecutive failures before attempts have to wait
MAX_WAIT_S = 300
SSO_PREFIX = "sso-"  # usernames of accounts made by OIDC sign-in; nobody signs up with one
GRANTABLE_ROLES = ("learner", "instructor")  # admins are made with `python -m services create-admin`

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against for unknown usernames, so "no such user" takes as long as "wrong password".
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


class AccountError(Exception):
    """Something the person can fix; `key` is a locale key under account.errors, `params` fill it in."""

    key = "account.errors.generic"

    def __init__(self, **params: Any) -> None:
        super().__init__(self.key, params)
        self.params = params


class InvalidUsername(AccountError):
    """Not 3–32 characters of a–z, 0–9, _ . -"""

    key = "account.errors.username_invalid"


class ReservedUsername(AccountError):
    """Names starting "sso-" belong to accounts made by an OIDC provider's sign-in (st.login)."""

    key = "account.errors.username_reserved"


class InvalidPassword(AccountError):
    """Shorter than 8 characters (or absurdly long)."""

    key = "account.errors.password_short"


class InvalidDisplayName(AccountError):
    """Longer than 100 characters."""

    key = "account.errors.display_name_long"


class UsernameTaken(AccountError):
    """Another account has this username (compared case-insensitively)."""

    key = "account.errors.username_taken"


class WrongCredentials(AccountError):
    """Unknown username or wrong password; deliberately the same message for both."""

    key = "account.errors.wrong_credentials"


class SignInThrottled(AccountError):
    """Too many failures in a row; `seconds` says how long to wait."""

    key = "account.errors.throttled"


class NoPassword(AccountError):
    """The account signs in through an OIDC provider (st.login) and has no password here to change."""

    key = "account.errors.no_password"


class NotAllowed(AccountError):
    """The acting learner may not do this (not an admin, or changing their own role)."""

    key = "account.errors.not_allowed"


class ResetNotAllowed(NotAllowed):
    """Admins reset learners' and instructors' passwords, not their own (Account page) or another admin's (CLI)."""

    key = "account.errors.reset_not_allowed"


class AccountNotFound(AccountError):
    """No account with that username or id."""

    key = "account.errors.not_found"


def normalize_username(username: str) -> str:
    # Stored lower-case, so the UNIQUE column is a case-insensitive uniqueness check.
    return (username or "").strip().lower()


def validate_username(username: str) -> str:
    name = normalize_username(username)
    if not USERNAME_RE.fullmatch(name):
        raise InvalidUsername(min=3, max=32)
    return name


def validate_password(password: str) -> str:
    if not isinstance(password, str) or len(password) < PASSWORD_MIN or len(password) > PASSWORD_MAX:
        raise InvalidPassword(min=PASSWORD_MIN)
    return password


def hash_password(password: str) -> str:
    return _hasher.hash(validate_password(password))


def sign_up(session: Session, username: str, password: str, display_name: str | None = None,
            now: datetime | None = None) -> Learner:
    """A new learner account; raises InvalidUsername, ReservedUsername, InvalidPassword, InvalidDisplayName or
    UsernameTaken."""
    name = validate_username(username)
    if name.startswith(SSO_PREFIX):  # else anyone could take the name an OIDC identity will be given
        raise ReservedUsername(prefix=SSO_PREFIX)
    shown = (display_name or "").strip() or name
    if len(shown) > DISPLAY_NAME_MAX:
        raise InvalidDisplayName(max=DISPLAY_NAME_MAX)
    values = {
        "kind": "account", "username": name, "password_hash": hash_password(password), "display_name": shown,
        "role": "learner", "created_at": now or utcnow(),
    }
    # The UNIQUE username decides a race between two sign-ups, not a check before inserting.
    if not facts.insert_once(session, Learner, values, ["username"]):
        raise UsernameTaken(username=name)
    learner = queries.learner_by_username(session, name)
    assert learner is not None
    return learner


def wait_seconds(failures: int) -> int:
    """How long the next attempt must wait after `failures` consecutive failures: 0 for the first five,
    then 1, 2, 4 … seconds, capped at five minutes."""
    if failures < FREE_FAILURES:
        return 0
    return min(MAX_WAIT_S, 2 ** (failures - FREE_FAILURES))


def sign_in(session: Session, username: str, password: str, now: datetime | None = None) -> Learner:
    """The account whose password this is; raises WrongCredentials or SignInThrottled(seconds=N).

    A failure is committed before the error is raised (the caller's rollback must not erase it), so this
    call ends the session's transaction when it fails. Refusals while throttled are not counted again, and
    nobody sleeps: the page says "try again in N s".

    Attempts on one username take turns: its throttle row exists (failures 0 if need be) and is locked for the
    whole check, so thirty attempts sent at once are judged one after another, not all against the same count
    (PostgreSQL: SELECT … FOR UPDATE; SQLite: the session's BEGIN IMMEDIATE already serialises writers)."""
    now = now or utcnow()
    name = normalize_username(username)[:64]
    throttle = None
    if name:
        facts.insert_once(session, SignInThrottle, {"username": name, "failures": 0, "last_failure_at": now},
                          ["username"])
        throttle = session.get(SignInThrottle, name, populate_existing=True, with_for_update=True)
    if throttle is not None and throttle.failures:
        allowed_at = throttle.last_failure_at + timedelta(seconds=wait_seconds(throttle.failures))
        if now < allowed_at:  # the caller's rollback takes the zero row and the lock away
            raise SignInThrottled(seconds=max(1, math.ceil((allowed_at - now).total_seconds())))
    learner = queries.learner_by_username(session, name) if name else None
    stored = learner.password_hash if learner is not None and learner.kind == "account" else None
    # Unknown usernames are checked against a dummy hash, so they take as long as a wrong password.
    if not _verify(stored or _DUMMY_HASH, password or "") or not stored:
        _record_failure(session, name, now)
        session.commit()
        raise WrongCredentials()
    if _hasher.check_needs_rehash(stored):
        learner.password_hash = _hasher.hash(password)
    if throttle is not None:
        session.delete(throttle)  # success resets the count
    session.flush()
    return learner


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _record_failure(session: Session, name: str, now: datetime) -> None:
    # Also for unknown usernames, so the throttle does not reveal which usernames exist.
    if not name:
        return
    if not facts.insert_once(session, SignInThrottle, {"username": name, "failures": 1, "last_failure_at": now},
                             ["username"]):
        session.execute(
            update(SignInThrottle).where(SignInThrottle.username == name)
            .values(failures=SignInThrottle.failures + 1, last_failure_at=now)
            .execution_options(synchronize_session=False)
        )


def failures(session: Session, username: str) -> int:
    """Consecutive failed sign-ins for this username now (0 after a success)."""
    row = session.get(SignInThrottle, normalize_username(username), populate_existing=True)
    return row.failures if row is not None else 0


def account(session: Session, account_id: int) -> Learner | None:
    learner = session.get(Learner, account_id)
    return learner if learner is not None and learner.kind == "account" else None


def session_is_current(session: Session, account_id: int, version: int) -> bool:
    """True if the account exists and has not been signed out everywhere since the cookie was issued."""
    learner = account(session, account_id)
    return learner is not None and learner.session_version == version


def sign_out_everywhere(session: Session, account_id: int, now: datetime | None = None) -> None:
    """Every browser's cookie for this account stops working (its version no longer matches), and so does every
    OIDC sign-in made before now (see signed_in_before_revocation)."""
    session.execute(
        update(Learner).where(Learner.id == account_id, Learner.kind == "account")
        .values(session_version=Learner.session_version + 1, sessions_revoked_at=now or utcnow())
    )


def signed_in_before_revocation(learner: Learner, issued_at: float | None) -> bool:
    """True if an OIDC token issued at `issued_at` (its `iat`, seconds since the epoch) predates the account's
    last "sign out everywhere", password change or reset. A token without `iat` cannot be judged: False."""
    revoked = learner.sessions_revoked_at
    return revoked is not None and issued_at is not None and issued_at < revoked.timestamp()


def change_password(session: Session, account_id: int, current: str, new: str, now: datetime | None = None) -> int:
    """Replace the account's password after checking the current one (through sign_in, so wrong guesses here
    count toward the same throttle), and sign every other browser out. Returns the new session version, for
    this browser's cookie. Raises NoPassword (an OIDC-only account), WrongCredentials, SignInThrottled or
    InvalidPassword; on any refusal the old password stays."""
    learner = session.get(Learner, account_id)
    if learner is None or learner.kind != "account" or learner.username is None:
        raise AccountNotFound()
    if learner.password_hash is None:
        raise NoPassword()
    new_hash = hash_password(new)  # InvalidPassword before anything is checked or counted
    learner = sign_in(session, learner.username, current, now)
    learner.password_hash = new_hash
    learner.session_version += 1
    learner.sessions_revoked_at = now or utcnow()
    session.flush()
    return learner.session_version


TEMPORARY_PASSWORD_BYTES = 9  # secrets.token_urlsafe: 12 characters, 72 random bits


def reset_password(session: Session, actor_id: int, username: str) -> str:
    """An admin gives a learner or instructor who forgot their password a temporary one, shown to the admin
    once and stored only as its hash. Every browser of that account is signed out and its sign-in throttle
    is cleared, so the learner can sign in with it at once and then choose their own on the Account page.
    Raises NotAllowed (the actor is no admin), ResetNotAllowed, AccountNotFound or NoPassword (OIDC-only)."""
    _require_admin(session, actor_id)
    target = queries.learner_by_username(session, normalize_username(username))
    if target is None or target.kind != "account":
        raise AccountNotFound(username=username)
    if target.id == actor_id or target.role == "admin":
        raise ResetNotAllowed()
    if target.password_hash is None:
        raise NoPassword()
    temporary = secrets.token_urlsafe(TEMPORARY_PASSWORD_BYTES)
    _replace_password(session, target, temporary)
    return temporary


def set_password(session: Session, username: str, password: str) -> Learner:
    """`python -m services reset-password`: whoever can reach the database sets any account's password (the way
    back in for an admin who forgot theirs). Signs the account out everywhere and clears its throttle."""
    target = queries.learner_by_username(session, normalize_username(username))
    if target is None or target.kind != "account":
        raise AccountNotFound(username=username)
    _replace_password(session, target, password)
    return target


def _replace_password(session: Session, learner: Learner, password: str) -> None:
    learner.password_hash = hash_password(password)  # InvalidPassword before anything changes
    learner.session_version += 1
    learner.sessions_revoked_at = utcnow()
    throttle = session.get(SignInThrottle, learner.username)
    if throttle is not None:
        session.delete(throttle)
    session.flush()


# Roles -------------------------------------------------------------------------------------------------


def list_accounts(session: Session, actor_id: int) -> list[Learner]:
    """Every account, by username; admins only."""
    _require_admin(session, actor_id)
    return list(session.scalars(select(Learner).where(Learner.kind == "account").order_by(Learner.username)))


def set_role(session: Session, actor_id: int, username: str, role: str) -> Learner:
    """An admin grants or revokes the instructor role; admins themselves are changed only from the CLI."""
    _require_admin(session, actor_id)
    if role not in GRANTABLE_ROLES:
        raise NotAllowed()
    target = queries.learner_by_username(session, normalize_username(username))
    if target is None or target.kind != "account":
        raise AccountNotFound(username=username)
    if target.id == actor_id or target.role == "admin":
        raise NotAllowed()
    target.role = role
    session.flush()
    return target


def _require_admin(session: Session, actor_id: int) -> Learner:
    actor = account(session, actor_id)
    if actor is None or actor.role != "admin":
        raise NotAllowed()
    return actor


def create_admin(session: Session, username: str, password: str | None) -> tuple[Learner, bool]:
    """Make `username` an admin: promote the existing account (its password unchanged), or create it with
    `password`. Returns (account, created)."""
    name = validate_username(username)
    existing = queries.learner_by_username(session, name)
    if existing is not None:
        existing.role = "admin"
        session.flush()
        return existing, False
    learner = sign_up(session, name, password or "")
    learner.role = "admin"
    session.flush()
    return learner, True


# OIDC (st.login) ---------------------------------------------------------------------------------------


def account_for_oidc(session: Session, issuer: str, subject: str, name: str | None = None,
                     now: datetime | None = None) -> Learner:
    """The account for this provider identity, created on first sign-in. Matched by (issuer, subject), the
    provider's stable id; an email can change hands, so it is never used to match."""
    issuer, subject = (issuer or "").strip(), (subject or "").strip()
    if not issuer or not subject:
        raise AccountNotFound()
    find = select(Learner).where(Learner.oidc_issuer == issuer[:255], Learner.oidc_subject == subject[:255])
    learner = session.scalars(find).one_or_none()
    if learner is not None:
        return learner
    # A username nobody types: derived from the identity, so a retry or a racing tab computes the same one
    # and the UNIQUE constraint lets only one row land.
    digest = hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()
    shown = (name or "").strip()[:DISPLAY_NAME_MAX] or f"{SSO_PREFIX}{digest[:12]}"
    # The short name, else (it was signed up before "sso-" was reserved) a longer one from the same digest.
    for username in (f"{SSO_PREFIX}{digest[:12]}", f"{SSO_PREFIX}{digest[:28]}"):
        facts.insert_once(session, Learner, {
            "kind": "account", "username": username, "password_hash": None, "display_name": shown,
            "role": "learner", "created_at": now or utcnow(), "oidc_issuer": issuer[:255],
            "oidc_subject": subject[:255],
        }, ["username"])
        learner = session.scalars(find).one_or_none()
        if learner is not None:
            return learner
    raise UsernameTaken(username=username)


def count_accounts(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Learner).where(Learner.kind == "account")) or 0)
