"""What the account page's forms do (sign in, sign up, password, sign out, merge, export/import).

These are form callbacks: they run before the rerun, so the whole page already shows the result.
"""
from __future__ import annotations

from datetime import datetime, timezone

import streamlit as st

import db
from services import accounts, merge, transfer
from ui import browser_session, identity, store
from ui.browser_session import MERGE_LATER, SESSION_KEY, local_profile, start_session
from ui.flash import clear_flash, flash
from ui.i18n import t

# Widget keys, also what the page passes to the form widgets.
SIGN_IN_USER, SIGN_IN_PASSWORD = "account_sign_in_username", "account_sign_in_password"
SIGN_UP_USER, SIGN_UP_NAME = "account_sign_up_username", "account_sign_up_display_name"
SIGN_UP_PASSWORD, SIGN_UP_AGAIN = "account_sign_up_password", "account_sign_up_password_again"
IMPORT_FILE = "account_import_file"
PW_CURRENT, PW_NEW, PW_AGAIN = "account_password_current", "account_password_new", "account_password_again"
TAB = "account_tab"  # the sign-in / sign-up tab shown (its label), kept across the rerun a form submit causes
SIGN_IN_FORM, SIGN_UP_FORM, PASSWORD_FORM = "sign_in", "sign_up", "password"  # where a form's outcome shows


def _now() -> datetime:
    return datetime.now(timezone.utc)


def explain(error: accounts.AccountError | transfer.ImportRefused) -> str:
    """A refusal from the services, in the learner's language."""
    return t(error.key, **error.params)


def sign_in_from_form() -> None:
    username = st.session_state.get(SIGN_IN_USER, "")
    try:
        with db.session_scope(store.engine()) as session:
            learner = accounts.sign_in(session, username, st.session_state.get(SIGN_IN_PASSWORD, ""), _now())
            account_id, version, name = learner.id, learner.session_version, learner.display_name
    except accounts.AccountError as error:
        flash("error", explain(error), SIGN_IN_FORM)  # the username stays; only the password is asked again
        return
    st.session_state[SIGN_IN_PASSWORD] = ""
    start_session(account_id, version)
    flash("success", t("account.welcome", name=name))


def _sign_up_refused(message: str) -> None:
    """The refusal shows on the sign-up form, which stays open with everything typed still in it."""
    flash("error", message, SIGN_UP_FORM)
    st.session_state[TAB] = t("account.sign_up_tab")


def sign_up_from_form() -> None:
    password = st.session_state.get(SIGN_UP_PASSWORD, "")
    if password != st.session_state.get(SIGN_UP_AGAIN, ""):
        _sign_up_refused(t("account.errors.password_mismatch"))
        return
    try:
        with db.session_scope(store.engine()) as session:
            learner = accounts.sign_up(session, st.session_state.get(SIGN_UP_USER, ""), password,
                                       st.session_state.get(SIGN_UP_NAME) or None, _now())
            account_id, version, name = learner.id, learner.session_version, learner.display_name
    except accounts.AccountError as error:
        _sign_up_refused(explain(error))
        return
    st.session_state[SIGN_UP_PASSWORD] = st.session_state[SIGN_UP_AGAIN] = ""
    start_session(account_id, version)
    flash("success", t("account.welcome_new", name=name))


def change_password_from_form() -> None:
    account_id = st.session_state.get(SESSION_KEY)
    new = st.session_state.get(PW_NEW, "")
    if account_id is None:
        return
    if new != st.session_state.get(PW_AGAIN, ""):
        flash("error", t("account.errors.password_mismatch"), PASSWORD_FORM)
        return
    try:
        with db.session_scope(store.engine()) as session:
            version = accounts.change_password(session, account_id, st.session_state.get(PW_CURRENT, ""), new, _now())
    except accounts.AccountError as error:
        flash("error", explain(error), PASSWORD_FORM)
        return
    for key in (PW_CURRENT, PW_NEW, PW_AGAIN):
        st.session_state[key] = ""
    start_session(account_id, version)  # this browser stays signed in with a cookie for the new version
    flash("success", t("account.password_changed"))


def sign_out() -> None:
    """This browser only: forget the session and delete the cookie (and the OIDC session, if any)."""
    flash("success", t("account.signed_out"))
    browser_session.end_session()


def sign_out_everywhere() -> None:
    account_id = st.session_state.get(SESSION_KEY)
    if account_id is not None:
        with db.session_scope(store.engine()) as session:
            accounts.sign_out_everywhere(session, account_id)
    sign_out()


# Merge offer -----------------------------------------------------------------------------------------------


def merge_offer_needed() -> bool:
    """Signed in, the local profile has progress the account lacks, and the learner has not said "not now"."""
    who = identity.current()
    if not who.signed_in or st.session_state.get(MERGE_LATER):
        return False
    with db.session_scope(store.engine()) as session:
        local = local_profile(session, create=False)
        return local is not None and merge.has_unmerged_progress(session, local.id, who.learner_id)


def merge_now() -> None:
    who = identity.current()
    if not who.signed_in:
        return
    with db.session_scope(store.engine()) as session:
        local = local_profile(session, create=False)
        if local is None:
            return
        result = merge.merge_local_into(session, local.id, who.learner_id, _now())
    flash("success", t("account.merged", lessons=result.lessons_added, xp=result.xp_added,
                        achievements=result.achievements_added))


def merge_later() -> None:
    clear_flash()
    st.session_state[MERGE_LATER] = True


# Export / import -------------------------------------------------------------------------------------------


def export_file() -> tuple[str, bytes]:
    """(file name, JSON bytes) of the current learner's progress."""
    who = identity.current()
    with db.session_scope(store.engine()) as session:
        payload = transfer.export_json(session, who.learner_id, _now())
    return f"stream-progress-{who.username or 'local'}-{_now():%Y%m%d}.json", payload


def import_uploaded() -> None:
    uploaded = st.session_state.get(IMPORT_FILE)
    if uploaded is None:
        flash("error", t("account.import_errors.empty"))
        return
    raw = uploaded.getvalue()
    try:
        with db.session_scope(store.engine()) as session:
            result = transfer.import_progress(session, identity.current().learner_id, raw, _now())
    except transfer.ImportRefused as error:
        flash("error", explain(error))
        return
    message = t("account.imported", lessons=result.lessons_added, xp=result.xp_added,
                achievements=result.achievements_added)
    if result.awards_left_out:
        message += " " + t("account.imported_left_out", count=result.awards_left_out)
    flash("success", message)
