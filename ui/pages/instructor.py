"""Instructor (stub until roles exist): content problems as file:line: message, and the draft lessons."""
import streamlit as st

from ui import data, widgets
from ui.i18n import t

catalog = data.catalog()
st.title(t("instructor.title"))
st.caption(t("instructor.stub_note"))

st.subheader(t("instructor.problems", count=len(catalog.problems)))
if catalog.problems:
    st.code("\n".join(str(problem) for problem in catalog.problems), language=None)
else:
    st.success(t("instructor.no_problems"))

drafts = [lesson for course in catalog.courses for lesson in course.lessons if data.is_draft(lesson)]
st.subheader(t("instructor.drafts", count=len(drafts)))
for lesson in drafts:
    st.markdown(f"- `{lesson.id}` {widgets.lesson_title(lesson)}")
