"""The lesson page's sections below the body: exercises, the progress box, neighbours and future slots."""
from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from catalog import ExerciseNotFound
from ui import celebrate, data, identity, report, widgets
from ui.i18n import current_lang, t
from ui.pages import EXERCISE

if TYPE_CHECKING:
    from catalog import Catalog, Course, Lesson

TOAST_KEY = "lesson_toast"


def exercises(catalog: Catalog, lesson: Lesson) -> None:
    st.subheader(t("lesson.exercises"))
    if not lesson.exercises:
        st.caption(t("lesson.no_exercises"))
        return
    difficulty = {"easy": t("difficulty.easy"), "medium": t("difficulty.medium"), "hard": t("difficulty.hard")}
    for exercise_id in lesson.exercises:
        try:
            exercise = catalog.exercise(exercise_id)
        except ExerciseNotFound:
            st.markdown(f"- {t('lesson.exercise_missing', id=exercise_id)}")
            continue
        text = exercise.text(current_lang())
        level = difficulty.get(exercise.difficulty, exercise.difficulty)
        label = t("lesson.exercise_item", title=text.title, difficulty=level, xp=exercise.xp)
        st.page_link(EXERCISE, label=label, icon="🧪", query_params={"exercise": exercise.id, "lang": current_lang()})


def _mark_complete(lesson: Lesson) -> None:
    # A callback runs before the rerun, so the header and sidebar drawn next already show the new XP.
    award = data.complete_lesson(lesson)
    if award.rewards.recorded:
        celebrate.celebrate_later(award.rewards)  # the XP toast, and balloons for a level-up or an achievement
    else:
        st.session_state[TOAST_KEY] = t("lesson.already_done")


def progress_box(lesson: Lesson, done: bool) -> None:
    if TOAST_KEY in st.session_state:
        st.toast(st.session_state.pop(TOAST_KEY), icon="🎉")
    celebrate.show_pending()
    with st.container(border=True):
        st.subheader(t("lesson.progress"))
        if data.is_draft(lesson):
            # Drafts count toward nothing, so they offer nothing to complete.
            st.caption(t("lesson.draft_notice"))
        elif done:
            st.button(t("lesson.completed"), key="lesson_complete", disabled=True)
        else:
            st.button(
                t("lesson.mark_complete"), key="lesson_complete", type="primary",
                on_click=_mark_complete, args=(lesson,), help=t("lesson.xp_reward", xp=lesson.xp),
            )
        st.caption(identity.sync_note())  # local-only, or synced to the signed-in account


def neighbour_links(course: Course, lesson: Lesson) -> None:
    previous, following = data.neighbours(course, lesson)
    left, right = st.columns(2)
    with left:
        if previous:
            widgets.lesson_link(previous, t("lesson.previous", title=widgets.lesson_title(previous)))
    with right:
        if following:
            widgets.lesson_link(following, t("lesson.next", title=widgets.lesson_title(following)))


def future_slots(lesson: Lesson) -> None:
    """The "report a problem" box; the comments follow it (ui/comments.comments_section, called by the page)."""
    with st.container(border=True, key="lesson_report_slot"):
        report.report_problem("lesson", lesson.id)
