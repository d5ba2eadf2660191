"""The verdict: each check with ✓/✗ and points, the diagnosis in plain words, output, charts and seed."""
from __future__ import annotations

import streamlit as st

from grader import GradeResult
from ui import identity
from ui.exercise.charts import show_charts
from ui.i18n import t

# Screened submissions: not attempts, each with its own title. Anything else ungradable is the grader's fault.
_NOT_COUNTED = {
    "not_attempted": ("exercise.not_attempted", st.info),
    "syntax_error": ("exercise.syntax_error", st.error),
    "empty": ("exercise.bad_input", st.warning),
    "too_large": ("exercise.bad_input", st.warning),
    "not_utf8": ("exercise.bad_input", st.warning),
}


def show_run(result: GradeResult) -> None:
    """What Run printed, or why the script could not run."""
    st.subheader(t("exercise.run_output"))
    if _not_counted(result):
        return
    if result.output:
        st.code(result.output, language=None)
    elif result.passed:
        st.caption(t("exercise.no_output"))
    if result.passed:  # a run "passes" when the script ended without an error
        st.caption(t("exercise.ran", ms=round(result.duration_ms)))
    else:
        _problem(result.message)


def show_grade(result: GradeResult, lang: str) -> None:
    st.subheader(t("exercise.verdict"))
    if _not_counted(result):
        return
    score = round(result.score * 100)
    # The heading is the page's (polite); the message below it is the grader's teaching voice (casual):
    # two paragraphs, so the two registers never run together in one sentence (locales/README.md).
    if result.passed:
        st.success(f"**{t('exercise.passed')}** · {score}%\n\n{result.message}")
    else:
        st.error(f"**{t('exercise.failed')}** · {score}%\n\n{result.message}")
    for test in result.tests:
        mark = "✓" if test.status == "pass" else "✗"
        st.markdown(f"{mark} {test.name} — {t('exercise.points', got=f'{test.points:g}', max=f'{test.max_points:g}', count=test.max_points)}")
    if result.diagnoses:
        st.markdown(f"**{t('exercise.diagnosis')}**")
        for diagnosis in result.diagnoses:
            _problem(diagnosis.message)
    for test in result.tests:
        if test.output:
            with st.expander(t("exercise.check_output", name=test.name)):
                st.code(test.output, language=None)
    if result.output:
        st.markdown(f"**{t('exercise.your_output')}**")
        st.code(result.output, language=None)
    show_charts(result.charts, lang)
    if result.seed is not None and identity.current().is_staff:  # a learner cannot run the grader's CLI
        st.caption(t("exercise.seed", seed=result.seed, id=result.exercise_id))


def _not_counted(result: GradeResult) -> bool:
    """Draw an ungradable answer (bad input, grader trouble) as such; True if it was one."""
    if result.gradable or (result.mode == "run" and not result.diagnoses):
        return False
    diagnosis = result.diagnoses[0] if result.diagnoses else None
    title, box = _NOT_COUNTED.get(diagnosis.id if diagnosis else "", ("exercise.grader_problem", st.warning))
    box(f"**{t(title)}**\n\n{result.message}")
    return True


def _problem(message: str) -> None:
    # A learner's exception comes as "what happened" + blank line + traceback; the traceback reads best as code.
    head, _, trace = message.partition("\n\n")
    st.warning(head)
    if trace.strip():
        st.code(trace, language=None)
