"""The sidebar every page shares: language switch and the learner's stats."""
from __future__ import annotations

import streamlit as st

from ui import data, language, widgets
from ui.comments import unread_badge


def render() -> None:
    language.language_switch()
    unread_badge()  # "Inbox (3)" for signed-in learners
    with st.sidebar:
        st.divider()
        widgets.stats_panel(data.progress(data.catalog()).stats)
