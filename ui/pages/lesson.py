"""Lesson: one lesson (?lesson=<id>) with the learner's stats, its body, exercises and a way to mark it done."""
import streamlit as st

from ui import data, lesson_parts, widgets
from ui.blocks import render_markdown
from ui.comments import comments_section
from ui.i18n import current_lang, t
from ui.pages import CATALOG

catalog = data.catalog()
lesson_id = st.query_params.get("lesson")
if not lesson_id:
    st.info(t("lesson.choose"))
    st.page_link(CATALOG, label=t("lesson.back"))
    st.stop()
lesson = data.find_lesson(catalog, lesson_id)
if lesson is None:
    st.error(t("lesson.not_found", id=lesson_id))
    st.page_link(CATALOG, label=t("lesson.back"))
    st.stop()

course = catalog.course(lesson.course_id)
text = lesson.text(current_lang())
progress = data.progress(catalog)
number, total = data.position(course, lesson)
position = t("lesson.position", number=f"{number:02d}", total=f"{total:02d}")
if data.show_drafts():  # whether a lesson is published matters to staff; learners only ever see published ones
    position += " · " + (t("lesson.draft") if data.is_draft(lesson) else t("lesson.published"))

st.caption(course.title_in(current_lang()))
st.caption(position)
st.title(text.title)
st.caption(widgets.lesson_meta(lesson))
if data.is_draft(lesson):
    st.warning(t("lesson.draft_notice"), icon="📝")
widgets.stats_panel(progress.stats)
st.divider()

render_markdown(text.body, lesson.path.parent)  # assets/ images live next to the lesson file

st.divider()
lesson_parts.exercises(catalog, lesson)
lesson_parts.progress_box(lesson, lesson.id in progress.done)
lesson_parts.neighbour_links(course, lesson)
lesson_parts.future_slots(lesson)
comments_section(lesson)
