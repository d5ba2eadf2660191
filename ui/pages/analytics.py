"""Instructor analytics: a course's funnel, exercises, mistakes, hints and daily active learners, with CSV."""
from datetime import date, timedelta

import streamlit as st

import db
from services import analytics
from ui import analytics_charts as charts
from ui import data, grading, identity, store
from ui.i18n import current_lang, t
from ui.queue_panel import queue_panel

identity.require_role("instructor", "admin")
catalog = data.catalog()
lang = current_lang()
st.title(t("analytics.title"))
grading.protection_warning()
if not catalog.courses:
    st.info(t("analytics.no_courses"))
    st.stop()

courses = {course.id: course for course in catalog.courses}
course = courses[st.selectbox(t("analytics.course"), list(courses), key="analytics_course",
                              format_func=lambda c: courses[c].title.get(lang) or courses[c].title.get("ko") or c)]
today = date.today()
picked = st.date_input(t("analytics.range"), (today - timedelta(days=29), today), key="analytics_range")
if not isinstance(picked, (tuple, list)) or len(picked) != 2:
    st.info(t("analytics.pick_end"))  # the range picker returns one day until the second is clicked
    st.stop()
date_from, date_to = picked
st.caption(t("analytics.utc_note"))

lessons = [lesson for lesson in course.lessons if not data.is_draft(lesson)]
lesson_titles = {lesson.id: lesson.text(lang).title for lesson in lessons}
exercise_ids = [exercise_id for lesson in lessons for exercise_id in lesson.exercises]


def exercise_title(exercise_id: str) -> str:
    try:
        texts = catalog.exercise(exercise_id).texts
    except Exception:  # an exercise listed by a lesson but missing: show its id
        return exercise_id
    return (texts.get(lang) or texts.get("ko") or next(iter(texts.values()))).title


with db.session_scope(store.engine()) as session:
    steps = analytics.funnel(session, [lesson.id for lesson in lessons], date_from, date_to)
    stats = analytics.exercise_stats(session, exercise_ids, date_from, date_to)
    mistakes = analytics.top_diagnoses(session, exercise_ids, date_from, date_to)
    hint_rows = analytics.hint_usage(session, exercise_ids, date_from, date_to)
    # This course's learners only (what counts as one: services.analytics.daily_active), as the tab says.
    active = analytics.daily_active(session, date_from, date_to, [lesson.id for lesson in lessons], exercise_ids)


def section(name: str, rows: list[dict], chart, empty_key: str) -> None:
    if not rows:
        st.info(t(empty_key))
        return
    st.altair_chart(chart(rows), width="stretch")
    st.dataframe(rows, hide_index=True)
    st.download_button(t("analytics.csv"), charts.to_csv(rows), file_name=f"{course.id}-{name}-{date_from}-{date_to}.csv",
                       mime="text/csv", key=f"analytics_csv_{name}")


funnel_tab, exercises_tab, mistakes_tab, hints_tab, active_tab = st.tabs([
    t("analytics.funnel"), t("analytics.exercises"), t("analytics.diagnoses"), t("analytics.hints"),
    t("analytics.active"),
])
with funnel_tab:
    funnel_rows = analytics.as_rows(steps)
    for row in funnel_rows:
        row["title"] = lesson_titles[row["lesson_id"]]
    section("funnel", funnel_rows if any(s.learners for s in steps) else [], charts.funnel, "analytics.no_completions")
with exercises_tab:
    section("exercises", [{**row, "title": exercise_title(row["exercise_id"])} for row in analytics.as_rows(stats)],
            charts.pass_rates, "analytics.no_submissions")
with mistakes_tab:
    section("diagnoses", [{**row, "title": exercise_title(row["exercise_id"])} for row in analytics.as_rows(mistakes)],
            charts.diagnoses, "analytics.no_diagnoses")
with hints_tab:
    section("hints", [{**row, "title": exercise_title(row["exercise_id"])} for row in analytics.as_rows(hint_rows)],
            charts.hints, "analytics.no_hints")
with active_tab:
    st.caption(t("analytics.active_note"))
    section("daily-active", analytics.as_rows(active), charts.daily_active, "analytics.no_activity")

queue_panel()  # the grading queue (queue backend): waiting, being graded, workers alive, throughput
