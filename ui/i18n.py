"""UI strings in the learner's language (kept in session state), looked up by dotted key through locales/."""
from __future__ import annotations

import streamlit as st

from locales import DEFAULT_LANG, LANGS, strings, text

__all__ = ["LANGS", "DEFAULT_LANG", "strings", "current_lang", "t"]


def current_lang() -> str:
    lang = st.session_state.get("lang", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, **kwargs: object) -> str:
    """The string for `key` in the current language, formatted with kwargs."""
    return text(current_lang(), key, **kwargs)
