"""The learner's language: kept in session state and mirrored in the `lang` query param so a refresh keeps it."""
from __future__ import annotations

import streamlit as st

from settings import get_settings
from ui.i18n import LANGS, t


def init_language() -> None:
    """Decide the language before anything is drawn: session state, else ?lang=, else the default."""
    if "lang" not in st.session_state:
        asked = st.query_params.get("lang")
        default = get_settings().default_lang
        st.session_state.lang = asked if asked in LANGS else (default if default in LANGS else LANGS[0])
    # A page switch drops query params, so put it back on every run.
    if st.query_params.get("lang") != st.session_state.lang:
        st.query_params["lang"] = st.session_state.lang


def _switch() -> None:
    st.session_state.lang = st.session_state.sidebar_lang
    st.query_params["lang"] = st.session_state.lang


def language_switch() -> None:
    """한국어 / English in the sidebar; the callback runs before the rerun, so the whole page follows."""
    if "sidebar_lang" not in st.session_state:
        st.session_state.sidebar_lang = st.session_state.lang
    names = {"ko": t("lang.ko"), "en": t("lang.en")}
    st.sidebar.segmented_control(
        t("lang.label"), LANGS, format_func=names.get, key="sidebar_lang", required=True, on_change=_switch
    )
