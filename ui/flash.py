"""A message a callback leaves for the page it returns to ("welcome back", "signed out", an error).

It stays on that page until the learner's next action there, or until they open another page: reruns in
between (the cookie component reports back, a widget refreshes) no longer wipe it after a fraction of a second.
"""
from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

_FLASH = "account_flash"  # (kind, message, where on the page, page it shows on: None until first drawn)


def _page() -> str | None:
    ctx = get_script_run_ctx()
    return getattr(ctx, "page_script_hash", None) if ctx is not None else None


def flash(kind: str, message: str, where: str | None = None) -> None:
    """Keep `message` ("success" or "error") on the page the learner is on, until their next action. `where`
    names the form it belongs to (drawn by show_flash(where) inside that form's tab); None is the page top."""
    st.session_state[_FLASH] = (kind, message, where, None)


def clear_flash() -> None:
    """The learner acted again: the previous outcome no longer describes the page."""
    st.session_state.pop(_FLASH, None)


def flash_pending(where: str | None = None) -> bool:
    """Whether a message waits to be shown at `where` (so the page can open the expander it sits in)."""
    entry = st.session_state.get(_FLASH)
    return bool(entry) and entry[2] == where


def show_flash(where: str | None = None) -> None:
    entry = st.session_state.get(_FLASH)
    if not entry or entry[2] != where:
        return
    kind, message, _, page = entry
    here = _page()
    if page is None:  # drawn for the first time: it belongs to this page from now on
        st.session_state[_FLASH] = (kind, message, where, here)
    elif page != here:  # the learner moved on to another page
        clear_flash()
        return
    if kind == "error":
        st.error(message, icon="⚠️")
    elif kind == "success":
        st.success(message, icon="✅")
