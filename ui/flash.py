"""A message a callback leaves for the page it returns to ("welcome back", "signed out", an error)."""
from __future__ import annotations

import streamlit as st

_FLASH = "account_flash"  # (kind, message) to show after a callback


def flash(kind: str, message: str) -> None:
    """Keep `message` ("success" or "error") for the next run of the page."""
    st.session_state[_FLASH] = (kind, message)


def show_flash() -> None:
    kind, message = st.session_state.pop(_FLASH, (None, None))
    if kind == "error":
        st.error(message, icon="⚠️")
    elif kind == "success":
        st.success(message, icon="✅")
