"""The learner's attempts at one exercise: time, status and score, newest first."""
from __future__ import annotations

import streamlit as st

from ui import clock
from ui.exercise.state import Attempt, Workspace
from ui.i18n import t

_STATUS = {"pass": "✓", "fail": "✗", "error": "⚠", "timeout": "⏱", "memory": "⚠"}


def show_history(ws: Workspace) -> None:
    st.subheader(t("exercise.history"))
    if not ws.history:
        st.caption(t("exercise.no_attempts"))
        return
    counted = sum(1 for a in ws.history if a.gradable)
    st.caption(t("exercise.attempts", count=counted))
    st.dataframe(
        [{t("exercise.col_time"): clock.shown(a.at, seconds=True), t("exercise.col_status"): _status(a),
          t("exercise.col_score"): "" if a.score is None or not a.gradable else f"{round(a.score * 100)}%"}
         for a in ws.history],
        hide_index=True, width="stretch",
    )


def _status(attempt: Attempt) -> str:
    if attempt.state != "done":
        return t(f"exercise.state_{attempt.state}")
    if not attempt.gradable:
        return t("exercise.not_counted")
    return f"{_STATUS.get(attempt.status or '', '')} {t(f'exercise.result_{attempt.status}')}"
