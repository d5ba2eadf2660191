"""The learner's attempts at one exercise: time, status and score, newest first."""
from __future__ import annotations

import streamlit as st

from ui import clock, grading
from ui.exercise.state import Attempt, Workspace
from ui.exercise.verdict import show_grade
from ui.i18n import t

_STATUS = {"pass": "✓", "fail": "✗", "error": "⚠", "timeout": "⏱", "memory": "⚠"}


def show_history(ws: Workspace, lang: str) -> None:
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
    _reopen(ws, lang)


def _reopen(ws: Workspace, lang: str) -> None:
    """Any past verdict (checks, diagnosis, chart) drawn again from its stored row."""
    graded = [a for a in ws.history if a.state == "done"]
    if not graded:
        return
    label = {a.id: f"{a.at.strftime('%Y-%m-%d %H:%M:%S')} · {_status(a)}" for a in graded}
    picked = st.selectbox(t("exercise.reopen"), [None, *label], key=f"ex:reopen:{ws.learner_id}:{graded[-1].id}",
                          format_func=lambda i: t("exercise.reopen_none") if i is None else label[i])
    if picked is not None:
        result = grading.service().submission(picked).result
        if result is not None:
            with st.container(border=True):
                show_grade(result, lang)


def _status(attempt: Attempt) -> str:
    if attempt.state != "done":
        return t(f"exercise.state_{attempt.state}")
    if not attempt.gradable:
        return t("exercise.not_counted")
    return f"{_STATUS.get(attempt.status or '', '')} {t(f'exercise.result_{attempt.status}')}"
