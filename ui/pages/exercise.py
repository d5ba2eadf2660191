"""Exercise (?exercise=<id>): statement, editor with Run/Submit, live grading, verdict, hints, solution, history."""
import streamlit as st
from streamlit.errors import StreamlitAPIException

from catalog.render import to_blocks
from ui.blocks import render_blocks
from ui.exercise import editor, hints, history, jobs, live, state, verdict
from ui.exercise.content import load_exercise
from ui.i18n import current_lang, t
from ui.pages import LESSON
from ui.report import report_problem

lang = current_lang()
exercise_id = st.query_params.get("exercise", "")
exercise = load_exercise(exercise_id, lang)
if exercise is None:
    st.info(t("exercise.not_found", id=exercise_id) if exercise_id else t("exercise.choose"))
    st.stop()

live.announce(exercise.id)
ws = state.load_workspace(exercise.id)

try:
    st.page_link(LESSON, label=t("exercise.back"), query_params={"lesson": exercise.lesson, "lang": lang})
except StreamlitAPIException:
    pass  # the page runs on its own (tests, a single-page preview): no lesson page to go back to
st.title(exercise.title)
solved = f" · {t('exercise.solved')}" if ws.passed else ""
st.caption(t("exercise.meta", difficulty=t(f"difficulty.{exercise.difficulty}"), xp=exercise.xp) + solved)
render_blocks(to_blocks(exercise.statement))  # the same rendering as lessons: titled code, callouts, tabs

st.subheader(t("exercise.your_code"))
starting_code = ws.draft if ws.draft is not None else exercise.starter
event = editor.editor(exercise.id, lambda: starting_code)
if event.action and event.code != starting_code:
    state.save_draft(ws.learner_id, exercise.id, event.code)
if event.action in ("run", "grade"):
    if event.action == "grade" and any(j.kind == "grade" and not j.done for j in live.jobs_of(exercise.id)):
        st.info(t("exercise.queued_behind"))
    live.add(exercise.id, jobs.start(event.action, ws.learner_id, exercise.id, exercise.xp, event.code, lang))


def _reset() -> None:
    state.save_draft(ws.learner_id, exercise.id, exercise.starter)
    editor.replace_code(exercise.id, exercise.starter)


with st.popover(t("exercise.reset"), icon=":material/restart_alt:"):
    st.write(t("exercise.reset_warning"))
    st.button(t("exercise.reset_confirm"), key=f"ex:{exercise.id}:reset", on_click=_reset)

live.status_panel(exercise.id)
ran, graded = live.latest_done(exercise.id, "run"), live.latest_done(exercise.id, "grade")
for job in sorted(filter(None, [ran, graded]), key=lambda j: j.number, reverse=True):  # newest on top
    if job.kind == "grade":
        verdict.show_grade(job.result, lang)
    else:
        verdict.show_run(job.result)

st.divider()
hints.show_hints(exercise, ws)
hints.show_solution(exercise, ws)
history.show_history(ws)
report_problem("exercise", exercise.id)
