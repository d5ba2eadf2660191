"""Who this browser is signed in as, kept across refreshes: a signed 14-day cookie (or st.login's OIDC session),
and on a shared server the browser's own local profile (a signed one-year cookie).

The session cookie holds only `account id + session version`, signed with itsdangerous (settings.cookie_secret)
and refused after 14 days; bumping the account's session version (sign out everywhere) voids every copy. Reading
uses st.context.cookies (sent with every page load); writing and deleting need the browser, so they go through
extra-streamlit-components' cookie component, rendered from the sidebar until the browser confirms. This is
the only module that writes SESSION_KEY.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import streamlit as st
from itsdangerous import BadSignature, URLSafeTimedSerializer

import db
from db.models import Learner
from services import accounts
from services import progress as progress_service
from settings import cookie_secret, get_settings
from ui import store
from ui.flash import flash
from ui.i18n import t

# The signed-in account's learner id; absent means the local profile.
SESSION_KEY = "account_id"
# The account's session version when this browser signed in; "sign out everywhere" bumps the stored one.
VERSION_KEY = "account_session_version"
GUEST_KEY = "guest_learner_id"  # the guest profile this browser uses on a shared server

COOKIE = "stream_session"
COOKIE_MAX_AGE = timedelta(days=14)
# Shared servers (settings.local_profile == "browser"): the browser's own local profile, by its public id.
GUEST_COOKIE = "stream_guest"
GUEST_COOKIE_MAX_AGE = timedelta(days=365)
_RESTORED = "auth_restored"  # the cookie is read once per browser session; after sign-out never again
_OPS = "auth_cookie_ops"  # cookie writes waiting for the browser to confirm
MERGE_LATER = "account_merge_dismissed"  # the learner said "not now" to merging; a new sign-in asks again


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
    known = st.session_state.get(GUEST_KEY)
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
        queue_cookie("set", issue_guest_token(learner.public_id), name=GUEST_COOKIE)
    st.session_state[GUEST_KEY] = learner.id
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
    if SESSION_KEY in st.session_state:
        return
    oidc = oidc_identity()
    if oidc is not None:
        issuer, subject, name, issued_at = oidc
        with db.session_scope(store.engine()) as session:
            learner = accounts.account_for_oidc(session, issuer, subject, name)
            if accounts.signed_in_before_revocation(learner, issued_at):
                # Signed out everywhere (or the password changed) since this browser signed in with the
                # provider: it stays signed out of Stream until it signs in with the provider again.
                flash("error", t("account.signed_out_elsewhere"))
                return
            start_session(learner.id, learner.session_version, cookie=False)
        return
    token = st.context.cookies.get(COOKIE)
    if not token:
        return
    parsed = read_token(token)
    if parsed is not None:
        with db.session_scope(store.engine()) as session:
            current = accounts.session_is_current(session, *parsed)
        if current:
            start_session(*parsed, cookie=False)
            return
    queue_cookie("delete")


def start_session(account_id: int, version: int, cookie: bool = True) -> None:
    st.session_state[SESSION_KEY] = account_id
    st.session_state[VERSION_KEY] = version
    st.session_state.pop(MERGE_LATER, None)
    if cookie:
        queue_cookie("set", issue_token(account_id, version))


def queue_cookie(op: str, value: str = "", name: str = COOKIE) -> None:
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
            max_age = COOKIE_MAX_AGE if name == COOKIE else GUEST_COOKIE_MAX_AGE  # preferences last a year too
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


def oidc_identity() -> tuple[str, str, str | None, float | None] | None:
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




def end_session() -> None:
    """This browser only: forget the session and delete the cookie (and the OIDC session, if any)."""
    st.session_state.pop(SESSION_KEY, None)
    st.session_state.pop(VERSION_KEY, None)
    queue_cookie("delete")
    if oidc_identity() is not None:
        st.logout()
