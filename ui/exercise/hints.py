"""Hints revealed one at a time at a stated XP cost, and the solution behind a pass or three failed attempts."""
from __future__ import annotations

import streamlit as st

from ui.exercise import state
from ui.exercise.content import ExerciseView
from ui.exercise.state import SOLUTION_AFTER_FAILS, Workspace
from ui.i18n import t


def show_hints(exercise: ExerciseView, ws: Workspace) -> None:
    st.subheader(t("exercise.hints"))
    if not exercise.hints:
        st.caption(t("exercise.no_hints"))
        return
    for index, hint in enumerate(exercise.hints):
        if index in ws.hints_revealed:
            st.info(f"**{t('exercise.hint_n', n=index + 1)}** — {hint}", icon="💡")
    upcoming = next((i for i in range(len(exercise.hints)) if i not in ws.hints_revealed), None)
    if ws.passed:
        st.caption(t("exercise.hints_free"))
    else:
        st.caption(t("exercise.xp_left", left=ws.xp_left(exercise.xp), xp=exercise.xp))
    if upcoming is None:
        return
    cost = ws.xp_left(exercise.xp) - ws.xp_left(exercise.xp, extra_hints=1)
    key = "exercise.show_hint" if cost else "exercise.show_hint_free"  # never "(−0 XP)": say it costs nothing
    label = t(key, n=upcoming + 1, total=len(exercise.hints), cost=cost)
    st.button(label, key=f"ex:{exercise.id}:hint{upcoming}", icon=":material/lightbulb:",
              on_click=state.reveal_hint, args=(ws.learner_id, exercise.id, upcoming))
    if not ws.passed and not ws.solution_seen:
        st.caption(t("exercise.hint_rule", xp=exercise.xp))


def show_solution(exercise: ExerciseView, ws: Workspace) -> None:
    st.subheader(t("exercise.solution"))
    if ws.solution_seen:
        st.code(exercise.solution, language="python")
        return
    if not ws.solution_unlocked:
        st.caption(t("exercise.solution_locked", fails=ws.failed_attempts, need=SOLUTION_AFTER_FAILS))
        return
    asking = f"ex:{exercise.id}:confirm_solution"
    if not st.session_state.get(asking):
        st.button(t("exercise.show_solution"), key=f"ex:{exercise.id}:solution",
                  on_click=st.session_state.__setitem__, args=(asking, True))
        return
    # Say what it costs before it is spent: after the reveal a pass earns nothing.
    st.warning(t("exercise.solution_kept_xp") if ws.passed else t("exercise.solution_no_xp",
                                                                   left=ws.xp_left(exercise.xp)))
    confirm, cancel = st.columns(2)
    confirm.button(t("exercise.confirm_solution"), key=f"ex:{exercise.id}:solution_yes", type="primary",
                   on_click=_reveal, args=(ws.learner_id, exercise.id, asking))
    cancel.button(t("exercise.cancel"), key=f"ex:{exercise.id}:solution_no",
                  on_click=st.session_state.pop, args=(asking, None))


def _reveal(learner_id: int, exercise_id: str, asking: str) -> None:
    state.reveal_solution(learner_id, exercise_id)
    st.session_state.pop(asking, None)
