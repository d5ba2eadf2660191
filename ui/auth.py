"""Sign-in state for the browser: a signed 14-day cookie (or st.login's OIDC session) restores it after a refresh.

The cookie holds only `account id + session version`, signed with itsdangerous (settings.cookie_secret) and
refused after 14 days; bumping the account's session version (sign out everywhere) voids every copy. Reading
uses st.context.cookies (sent with every page load); writing and deleting need the browser, so they go through
extra-streamlit-components' cookie component, rendered from the sidebar until the browser confirms. This is
the only module that writes identity.SESSION_KEY.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import streamlit as st
from itsdangerous import BadSignature, URLSafeTimedSerializer

import db
from db.models import Learner
from services import accounts, transfer
from services import progress as progress_service
from settings import cookie_secret, get_settings
from ui import identity
from ui.i18n import t

COOKIE = "stream_session"
COOKIE_MAX_AGE = timedelta(days=14)
# Shared servers (settings.local_profile == "browser"): the browser's own local profile, by its public id.
GUEST_COOKIE = "stream_guest"
GUEST_COOKIE_MAX_AGE = timedelta(days=365)
_GUEST = identity.GUEST_KEY  # this browser session's guest profile, once found or made
_RESTORED = "auth_restored"  # the cookie is read once per browser session; after sign-out never again
_OPS = "auth_cookie_ops"  # cookie writes waiting for the browser to confirm
_FLASH = "account_flash"  # (kind, message) to show on the account page after a callback
_MERGE_LATER = "account_merge_dismissed"

# Widget keys, also what the page passes to the form widgets.
SIGN_IN_USER, SIGN_IN_PASSWORD = "account_sign_in_username", "account_sign_in_password"
SIGN_UP_USER, SIGN_UP_NAME = "account_sign_up_username", "account_sign_up_display_name"
SIGN_UP_PASSWORD, SIGN_UP_AGAIN = "account_sign_up_password", "account_sign_up_password_again"
IMPORT_FILE = "account_import_file"
PW_CURRENT, PW_NEW, PW_AGAIN = "account_password_current", "account_password_new", "account_password_again"
ROLE_USER, ROLE_VALUE = "admin_role_username", "admin_role_value"
RESET_USER = "admin_reset_username"
_TEMPORARY = "admin_temporary_password"  # (username, password) until the next run shows it, once


def _engine():
    from ui import data

    return data.engine()


def _now() -> datetime:
    return datetime.now(timezone.utc)


# The cookie ------------------------------------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(cookie_secret(get_settings()), salt="stream-session")


def issue_token(account_id: int, version: int) -> str:
    return _serializer().dumps({"a": account_id, "v": version})


def read_token(token: str, max_age: timedelta = COOKIE_MAX_AGE) -> tuple[int, int] | None:
    """(account id, session version) from a cookie we signed in the last 14 days, else None."""
    try:
        payload = _serializer().loads(token, max_age=int(max_age.total_seconds()))
    except BadSignature:  # also SignatureExpired, and garbage
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("a"), int) or not isinstance(payload.get("v"), int):
        return None
    return payload["a"], payload["v"]


def _guest_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(cookie_secret(get_settings()), salt="stream-guest")


def issue_guest_token(public_id: str) -> str:
    return _guest_serializer().dumps(public_id)


def read_guest_token(token: str) -> str | None:
    """The guest profile's public id from a cookie we signed in the last year, else None."""
    try:
        public_id = _guest_serializer().loads(token, max_age=int(GUEST_COOKIE_MAX_AGE.total_seconds()))
    except BadSignature:
        return None
    return public_id if isinstance(public_id, str) else None


def browser_profile(session, create: bool = True):
    """On a shared server, this browser's own local profile: the one this session already uses, else the one
    its signed cookie names, else (when `create`) a new one whose cookie the browser is asked to keep.
    None when there is none and `create` is False. On a laptop, callers use the machine's profile instead."""
    known = st.session_state.get(_GUEST)
    if known is not None:
        learner = session.get(Learner, known)
        if learner is not None and learner.guest:
            return learner
    token = st.context.cookies.get(GUEST_COOKIE)
    public_id = read_guest_token(token) if token else None
    learner = progress_service.guest_learner(session, public_id) if public_id else None
    if learner is None:
        if not create:
            return None
        learner = progress_service.new_guest_learner(session)
        _queue_cookie("set", issue_guest_token(learner.public_id), name=GUEST_COOKIE)
    st.session_state[_GUEST] = learner.id
    return learner


def local_profile(session, create: bool = True):
    """Progress kept before signing in: the machine's one profile, or this browser's on a shared server."""
    if get_settings().local_profile == "browser":
        return browser_profile(session, create)
    return progress_service.get_local_learner(session)


def restore_session() -> None:
    """Once per browser session, before anything reads the identity: sign in from the OIDC session or the
    cookie. An invalid, expired, tampered or revoked cookie is ignored and deleted."""
    if st.session_state.get(_RESTORED):
        return
    st.session_state[_RESTORED] = True
    if identity.SESSION_KEY in st.session_state:
        return
    oidc = _oidc_identity()
    if oidc is not None:
        issuer, subject, name, issued_at = oidc
        with db.session_scope(_engine()) as session:
            learner = accounts.account_for_oidc(session, issuer, subject, name)
            if accounts.signed_in_before_revocation(learner, issued_at):
                # Signed out everywhere (or the password changed) since this browser signed in with the
                # provider: it stays signed out of Stream until it signs in with the provider again.
                _flash("error", t("account.signed_out_elsewhere"))
                return
            _start_session(learner.id, learner.session_version, cookie=False)
        return
    token = st.context.cookies.get(COOKIE)
    if not token:
        return
    parsed = read_token(token)
    if parsed is not None:
        with db.session_scope(_engine()) as session:
            current = accounts.session_is_current(session, *parsed)
        if current:
            _start_session(*parsed, cookie=False)
            return
    _queue_cookie("delete")


def _start_session(account_id: int, version: int, cookie: bool = True) -> None:
    st.session_state[identity.SESSION_KEY] = account_id
    st.session_state[identity.VERSION_KEY] = version
    st.session_state.pop(_MERGE_LATER, None)
    if cookie:
        _queue_cookie("set", issue_token(account_id, version))


def _queue_cookie(op: str, value: str = "", name: str = COOKIE) -> None:
    # Per cookie, a newer operation replaces older ones: only the last set or delete matters.
    pending = [entry for entry in st.session_state.get(_OPS) or [] if entry[3] != name]
    st.session_state[_OPS] = [*pending, (op, uuid.uuid4().hex[:12], value, name)]


def render_cookie_ops() -> None:
    """Draw the cookie component for each pending write until the browser reports it done (the sidebar calls
    this on every run; the component is invisible)."""
    pending = st.session_state.get(_OPS) or []
    if not pending:
        return
    from extra_streamlit_components.CookieManager import _component_func as cookie_component

    left = []
    for op, nonce, value, name in pending:
        if op == "set":
            max_age = GUEST_COOKIE_MAX_AGE if name == GUEST_COOKIE else COOKIE_MAX_AGE
            options = {"path": "/", "maxAge": int(max_age.total_seconds()), "sameSite": "strict",
                       "expires": (_now() + max_age).isoformat()}
            done = cookie_component(method="set", cookie=name, value=value, options=options,
                                    key=f"auth_cookie_{nonce}", default=False)
        else:
            done = cookie_component(method="delete", cookie=name, key=f"auth_cookie_{nonce}", default=False)
        if not done:
            left.append((op, nonce, value, name))
    st.session_state[_OPS] = left


# OIDC (st.login) -------------------------------------------------------------------------------------------


def oidc_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section, which is what st.login needs."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises rather than returning empty
        return False


def oidc_provider_name() -> str:
    try:
        return str(st.secrets["auth"].get("provider_name", "")) or "SSO"
    except Exception:
        return "SSO"


def _oidc_identity() -> tuple[str, str, str | None, float | None] | None:
    """(issuer, subject, shown name, the token's iat) of the browser's st.login session, if any."""
    if not oidc_configured():
        return None
    try:
        if not st.user.is_logged_in:
            return None
        user = st.user.to_dict()
    except Exception:  # a half-configured [auth] must not break every page
        return None
    issuer, subject = user.get("iss"), user.get("sub")
    if not issuer or not subject:
        return None
    issued_at = user.get("iat")
    issued_at = float(issued_at) if isinstance(issued_at, int | float) and not isinstance(issued_at, bool) else None
    return str(issuer), str(subject), user.get("name") or user.get("email"), issued_at


def oidc_sign_in() -> None:
    st.login()


# Actions (form callbacks: they run before the rerun, so the whole page already shows the result) --------------


def _flash(kind: str, message: str) -> None:
    st.session_state[_FLASH] = (kind, message)


def show_flash() -> None:
    kind, message = st.session_state.pop(_FLASH, (None, None))
    if kind == "error":
        st.error(message, icon="⚠️")
    elif kind == "success":
        st.success(message, icon="✅")


def _explain(error: accounts.AccountError | transfer.ImportRefused) -> str:
    return t(error.key, **error.params)


def sign_in_from_form() -> None:
    username = st.session_state.get(SIGN_IN_USER, "")
    try:
        with db.session_scope(_engine()) as session:
            learner = accounts.sign_in(session, username, st.session_state.get(SIGN_IN_PASSWORD, ""), _now())
            account_id, version, name = learner.id, learner.session_version, learner.display_name
    except accounts.AccountError as error:
        _flash("error", _explain(error))  # the username stays in the field; only the password is asked again
        return
    st.session_state[SIGN_IN_PASSWORD] = ""
    _start_session(account_id, version)
    _flash("success", t("account.welcome", name=name))


def sign_up_from_form() -> None:
    password = st.session_state.get(SIGN_UP_PASSWORD, "")
    if password != st.session_state.get(SIGN_UP_AGAIN, ""):
        _flash("error", t("account.errors.password_mismatch"))
        return
    try:
        with db.session_scope(_engine()) as session:
            learner = accounts.sign_up(session, st.session_state.get(SIGN_UP_USER, ""), password,
                                       st.session_state.get(SIGN_UP_NAME) or None, _now())
            account_id, version, name = learner.id, learner.session_version, learner.display_name
    except accounts.AccountError as error:
        _flash("error", _explain(error))
        return
    st.session_state[SIGN_UP_PASSWORD] = st.session_state[SIGN_UP_AGAIN] = ""
    _start_session(account_id, version)
    _flash("success", t("account.welcome_new", name=name))


def change_password_from_form() -> None:
    account_id = st.session_state.get(identity.SESSION_KEY)
    new = st.session_state.get(PW_NEW, "")
    if account_id is None:
        return
    if new != st.session_state.get(PW_AGAIN, ""):
        _flash("error", t("account.errors.password_mismatch"))
        return
    try:
        with db.session_scope(_engine()) as session:
            version = accounts.change_password(session, account_id, st.session_state.get(PW_CURRENT, ""), new, _now())
    except accounts.AccountError as error:
        _flash("error", _explain(error))
        return
    for key in (PW_CURRENT, PW_NEW, PW_AGAIN):
        st.session_state[key] = ""
    _start_session(account_id, version)  # this browser stays signed in with a cookie for the new version
    _flash("success", t("account.password_changed"))


def sign_out() -> None:
    """This browser only: forget the session and delete the cookie (and the OIDC session, if any)."""
    st.session_state.pop(identity.SESSION_KEY, None)
    st.session_state.pop(identity.VERSION_KEY, None)
    _queue_cookie("delete")
    _flash("success", t("account.signed_out"))
    if _oidc_identity() is not None:
        st.logout()


def sign_out_everywhere() -> None:
    account_id = st.session_state.get(identity.SESSION_KEY)
    if account_id is not None:
        with db.session_scope(_engine()) as session:
            accounts.sign_out_everywhere(session, account_id)
    sign_out()


# Merge offer -----------------------------------------------------------------------------------------------


def merge_offer_needed() -> bool:
    """Signed in, the local profile has progress the account lacks, and the learner has not said "not now"."""
    who = identity.current()
    if not who.signed_in or st.session_state.get(_MERGE_LATER):
        return False
    with db.session_scope(_engine()) as session:
        local = local_profile(session, create=False)
        return local is not None and accounts.has_unmerged_progress(session, local.id, who.learner_id)


def merge_now() -> None:
    who = identity.current()
    if not who.signed_in:
        return
    with db.session_scope(_engine()) as session:
        local = local_profile(session, create=False)
        if local is None:
            return
        result = accounts.merge_local_into(session, local.id, who.learner_id, _now())
    _flash("success", t("account.merged", lessons=result.lessons_added, xp=result.xp_added,
                        achievements=result.achievements_added))


def merge_later() -> None:
    st.session_state[_MERGE_LATER] = True


# Export / import -------------------------------------------------------------------------------------------


def export_file() -> tuple[str, bytes]:
    """(file name, JSON bytes) of the current learner's progress."""
    who = identity.current()
    with db.session_scope(_engine()) as session:
        payload = transfer.export_json(session, who.learner_id, _now())
    return f"stream-progress-{who.username or 'local'}-{_now():%Y%m%d}.json", payload


def import_uploaded() -> None:
    uploaded = st.session_state.get(IMPORT_FILE)
    if uploaded is None:
        _flash("error", t("account.import_errors.empty"))
        return
    raw = uploaded.getvalue()
    try:
        with db.session_scope(_engine()) as session:
            result = transfer.import_progress(session, identity.current().learner_id, raw, _now())
    except transfer.ImportRefused as error:
        _flash("error", _explain(error))
        return
    message = t("account.imported", lessons=result.lessons_added, xp=result.xp_added,
                achievements=result.achievements_added)
    if result.awards_left_out:
        message += " " + t("account.imported_left_out", count=result.awards_left_out)
    _flash("success", message)


# Roles (admins) --------------------------------------------------------------------------------------------


def account_rows() -> list[dict[str, Any]]:
    who = identity.current()
    with db.session_scope(_engine()) as session:
        return [
            {t("account.admin.username"): a.username, t("account.admin.display_name"): a.display_name,
             t("account.admin.role"): t(f"account.roles.{a.role}")}
            for a in accounts.list_accounts(session, who.learner_id)
        ]


def save_role() -> None:
    who = identity.current()
    username, role = st.session_state.get(ROLE_USER), st.session_state.get(ROLE_VALUE)
    try:
        with db.session_scope(_engine()) as session:
            accounts.set_role(session, who.learner_id, username or "", role or "")
    except accounts.AccountError as error:
        _flash("error", _explain(error))
        return
    _flash("success", t("account.admin.saved", username=username, role=t(f"account.roles.{role}")))


def usernames(*, passwords_only: bool = False) -> list[str]:
    """The accounts an admin may act on here: everyone but admins (made and reset from the CLI); with
    passwords_only, not the accounts that sign in through OIDC either (they have no password to reset)."""
    who = identity.current()
    with db.session_scope(_engine()) as session:
        return [a.username for a in accounts.list_accounts(session, who.learner_id)
                if a.role != "admin" and not (passwords_only and a.password_hash is None)]


def reset_password() -> None:
    """Admin page: give the chosen account a temporary password, shown under the form on the next run only."""
    who = identity.current()
    username = st.session_state.get(RESET_USER) or ""
    try:
        with db.session_scope(_engine()) as session:
            temporary = accounts.reset_password(session, who.learner_id, username)
    except accounts.AccountError as error:
        st.session_state[_TEMPORARY] = ("error", _explain(error))
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
