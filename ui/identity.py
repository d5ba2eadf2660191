"""Who is using this browser session: the local profile (the machine's, or on a shared server this browser's),
or a signed-in account with its role.

Every page asks `current()`; instructor pages call `require_role("instructor", "admin")` first.
Services never trust the session: they take the learner id from here and check ownership themselves.
The browser's session (ui/browser_session.py) is the only writer of SESSION_KEY.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

import db
from db.models import Learner
from ui import browser_session, store
from ui.browser_session import GUEST_KEY, SESSION_KEY, VERSION_KEY
from ui.i18n import t

STAFF = ("instructor", "admin")
_MEMO = "_stream_identity_this_run"


@dataclass(frozen=True)
class Identity:
    learner_id: int
    kind: str  # "local" | "account"
    username: str | None
    display_name: str
    role: str  # "learner" | "instructor" | "admin"

    @property
    def signed_in(self) -> bool:
        return self.kind == "account"

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF


def _identity(learner: Learner) -> Identity:
    return Identity(learner.id, learner.kind, learner.username, learner.display_name, learner.role)


def current() -> Identity:
    """The signed-in account (read fresh, so a granted role or a deleted account shows at once), else the
    local profile."""
    browser_session.restore_session()  # after a refresh: the cookie or the OIDC session signs the browser back in
    account_id = st.session_state.get(SESSION_KEY)
    # Pages, the sidebar and widgets ask about ten times a run; one database read per run answers them all.
    # The memo lives on this run's context, keyed by what a callback in the same run may change.
    ctx = get_script_run_ctx()
    key = (account_id, st.session_state.get(VERSION_KEY), st.session_state.get(GUEST_KEY))
    memo = getattr(ctx, _MEMO, None)
    if memo is not None and memo[0] is ctx.cursors and memo[1] == key:
        return memo[2]
    who = _read(account_id)
    if ctx is not None:
        key = (st.session_state.get(SESSION_KEY), st.session_state.get(VERSION_KEY), st.session_state.get(GUEST_KEY))
        setattr(ctx, _MEMO, (ctx.cursors, key, who))  # ctx.cursors is a new dict every run
    return who


def _read(account_id: int | None) -> Identity:
    with db.session_scope(store.engine()) as session:
        if account_id is not None:
            learner = session.get(Learner, account_id)
            version = st.session_state.get(VERSION_KEY)
            if learner is not None and learner.kind == "account" and version in (None, learner.session_version):
                return _identity(learner)
            # The account is gone or was signed out everywhere: fall back to the local profile.
            st.session_state.pop(SESSION_KEY, None)
            st.session_state.pop(VERSION_KEY, None)
        return _identity(browser_session.local_profile(session))


def require_role(*roles: str, message_key: str = "auth.forbidden") -> Identity:
    """Stop the page with a clear message (`message_key`) unless the visitor holds one of `roles`."""
    who = current()
    if not who.has_role(*roles):
        st.error(t(message_key), icon="🔒")
        st.stop()
    return who


def sync_note(who: Identity | None = None) -> str:
    """Where progress is kept, for the progress box and the sidebar: local-only, or synced to the account."""
    who = who or current()
    return t("account.synced_to", username=who.username) if who.signed_in else t("lesson.local_only")
