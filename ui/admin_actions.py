"""What the admin accounts page does: grant roles, list the accounts an admin may change, reset a password."""
from __future__ import annotations

from typing import Any

import streamlit as st

import db
from services import accounts
from ui import identity, store
from ui.account_actions import explain
from ui.flash import flash
from ui.i18n import t

ROLE_USER, ROLE_VALUE = "admin_role_username", "admin_role_value"
RESET_USER = "admin_reset_username"
_TEMPORARY = "admin_temporary_password"  # (username, password) until the next run shows it, once


def account_rows() -> list[dict[str, Any]]:
    who = identity.current()
    with db.session_scope(store.engine()) as session:
        return [
            {t("account.admin.username"): a.username, t("account.admin.display_name"): a.display_name,
             t("account.admin.role"): t(f"account.roles.{a.role}")}
            for a in accounts.list_accounts(session, who.learner_id)
        ]


def save_role() -> None:
    who = identity.current()
    username, role = st.session_state.get(ROLE_USER), st.session_state.get(ROLE_VALUE)
    try:
        with db.session_scope(store.engine()) as session:
            accounts.set_role(session, who.learner_id, username or "", role or "")
    except accounts.AccountError as error:
        flash("error", explain(error))
        return
    flash("success", t("account.admin.saved", username=username, role=t(f"account.roles.{role}")))


def usernames(*, passwords_only: bool = False) -> list[str]:
    """The accounts an admin may act on here: everyone but admins (made and reset from the CLI); with
    passwords_only, not the accounts that sign in through OIDC either (they have no password to reset)."""
    who = identity.current()
    with db.session_scope(store.engine()) as session:
        return [a.username for a in accounts.list_accounts(session, who.learner_id)
                if a.role != "admin" and not (passwords_only and a.password_hash is None)]


def reset_password() -> None:
    """Admin page: give the chosen account a temporary password, shown under the form on the next run only."""
    who = identity.current()
    username = st.session_state.get(RESET_USER) or ""
    try:
        with db.session_scope(store.engine()) as session:
            temporary = accounts.reset_password(session, who.learner_id, username)
    except accounts.AccountError as error:
        st.session_state[_TEMPORARY] = ("error", explain(error))
        return
    st.session_state[_TEMPORARY] = (username, temporary)


def show_reset_result() -> None:
    """The temporary password an admin just set, once: it is stored only hashed, so it cannot be shown again."""
    username, temporary = st.session_state.pop(_TEMPORARY, (None, None))
    if username == "error":
        st.error(temporary, icon="⚠️")
    elif temporary:
        st.success(t("account.admin.reset_done", username=username), icon="🔑")
        st.code(temporary, language=None)
        st.caption(t("account.admin.reset_once"))
