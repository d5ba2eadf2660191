"""Exercise (?exercise=<id>): statement beside the editor with Run/Submit, live grading and the verdict under it,
then hints, solution and history. Wide layout; Streamlit stacks the two columns on a narrow screen."""
import streamlit as st
from streamlit.errors import StreamlitAPIException

from catalog.render import to_blocks
from ui.blocks import render_blocks
from ui.exercise import editor, hints, history, live, state, verdict
from ui.exercise.content import load_exercise
from ui.i18n import current_lang, t
from ui.pages import CATALOG, LESSON
from ui.report import report_problem

st.set_page_config(layout="wide")  # the editor needs the width; app.py keeps the other pages centered
lang = current_lang()


def _link(page: str, label: str, **query: str) -> None:
    try:
        st.page_link(page, label=label, query_params={**query, "lang": lang})
    except StreamlitAPIException:
        pass  # the page runs on its own (tests, a single-page preview): no other page to link to


exercise_id = st.query_params.get("exercise", "")
exercise = load_exercise(exercise_id, lang)
if exercise is None:
    st.info(t("exercise.not_found", id=exercise_id) if exercise_id else t("exercise.choose"))
    _link(CATALOG, t("exercise.back_home"))
    st.stop()

ws = state.load_workspace(exercise.id)
live.announce(exercise.id, ws.learner_id)

statement_col, code_col = st.columns([2, 3], gap="medium")
with statement_col:
    _link(LESSON, t("exercise.back"), lesson=exercise.lesson)
    st.title(exercise.title)
    solved = f" · {t('exercise.solved')}" if ws.passed else ""
    st.caption(t("exercise.meta", difficulty=t(f"difficulty.{exercise.difficulty}"), xp=exercise.xp) + solved)
    render_blocks(to_blocks(exercise.statement))  # the same rendering as lessons: titled code, callouts, tabs

with code_col:
    st.subheader(t("exercise.your_code"))
    starting_code = ws.draft if ws.draft is not None else exercise.starter
    event = editor.editor(exercise.id, lambda: starting_code)
    if event.action and event.code != starting_code:
        state.save_draft(ws.learner_id, exercise.id, event.code)  # before grading: a crash never loses it
    if event.action == "grade":
        if live.open_submissions(exercise.id, ws.learner_id):
            st.info(t("exercise.queued_behind"))
        live.submit(exercise.id, ws.learner_id, event.code, lang, exercise.xp)
        ws = state.load_workspace(exercise.id)  # the history shows what was just submitted
    elif event.action == "run":
        wait = live.run(exercise.id, ws.learner_id, event.code, lang)
        if wait:
            st.warning(t("lesson_code.rate_limited", seconds=max(1, round(wait))), icon="⏳")
    if event.action in ("run", "grade"):
        st.session_state[f"ex:{exercise.id}:last"] = event.action

    def _reset() -> None:
        state.save_draft(ws.learner_id, exercise.id, exercise.starter)
        editor.replace_code(exercise.id, exercise.starter)

    with st.popover(t("exercise.reset"), icon=":material/restart_alt:"):
        st.write(t("exercise.reset_warning"))
        st.button(t("exercise.reset_confirm"), key=f"ex:{exercise.id}:reset", on_click=_reset)

    # The verdict is the newest stored submission's; while a newer one waits, no older verdict poses as current.
    open_ids, latest = live.overview(exercise.id, ws.learner_id)
    live.status_panel(exercise.id, ws.learner_id, open_ids)
    ran = live.latest_run(exercise.id)
    shown = [("grade", latest.result)] if latest is not None and latest.result is not None else []
    if ran is not None:
        shown.append(("run", ran[1].result))
    if st.session_state.get(f"ex:{exercise.id}:last") == "run":
        shown.reverse()  # newest on top
    for kind, result in shown:
        if kind == "grade":
            verdict.show_grade(result, lang)
        else:
            verdict.show_run(result)

st.divider()
hints.show_hints(exercise, ws)
hints.show_solution(exercise, ws)
history.show_history(ws, lang)
report_problem("exercise", exercise.id)
