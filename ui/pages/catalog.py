"""Catalog: every course with its lessons in order, per-course progress, a tag filter and title search."""
import streamlit as st

from ui import data, widgets
from ui.i18n import current_lang, t

catalog = data.catalog()
done = data.progress(catalog).done
courses = [(course, data.visible(course.lessons)) for course in catalog.courses]

st.title(t("catalog.title"))
if data.show_drafts() and catalog.problems:
    with st.expander(t("catalog.problems", count=len(catalog.problems)), icon="⚠️"):
        st.code("\n".join(str(problem) for problem in catalog.problems), language=None)

if not any(lessons for _, lessons in courses):
    st.info(t("catalog.no_courses"))
    st.stop()

search_col, tags_col = st.columns(2)
query = search_col.text_input(
    t("catalog.search"), key="catalog_search", placeholder=t("catalog.search_placeholder")
)
all_tags = sorted({tag for _, lessons in courses for lesson in lessons for tag in lesson.tags})
chosen_tags = tags_col.multiselect(t("catalog.tags"), all_tags, key="catalog_tags")

for course, lessons in courses:
    if not lessons:
        continue
    st.header(course.title_in(current_lang()))
    st.write(course.description_in(current_lang()))
    counted = [lesson for lesson in lessons if not data.is_draft(lesson)]
    finished = sum(lesson.id in done for lesson in counted)
    st.progress(
        finished / len(counted) if counted else 0.0,
        text=t("catalog.lessons_done", done=finished, total=len(counted)),
    )
    shown = [lesson for lesson in lessons if data.matches(lesson, query, chosen_tags)]
    for number, lesson in enumerate(lessons, start=1):
        if lesson not in shown:
            continue  # numbers stay those of the course, not of the filtered list
        check = " ✓" if lesson.id in done else ""
        widgets.lesson_link(lesson, f"{number:02d} · {widgets.lesson_title(lesson)}{check}")
        st.caption(widgets.lesson_meta(lesson))
    if not shown:
        st.caption(t("catalog.no_match"))
