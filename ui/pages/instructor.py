"""Instructor home (staff only): the report inbox, flagged comments, content problems and draft lessons."""
import streamlit as st

from ui import data, grading, identity, widgets
from ui.i18n import t
from ui.pages import AUTHORING
from ui.report_inbox import report_inbox

identity.require_role("instructor", "admin")
catalog = data.catalog()
st.title(t("instructor.title"))
st.caption(t("instructor.intro"))
grading.protection_warning()
st.page_link(AUTHORING, label=t("instructor.authoring_link"), icon="✍️")

reports_tab, comments_tab, content_tab = st.tabs(
    [t("instructor.tab_reports"), t("instructor.tab_comments"), t("instructor.tab_content")])
with reports_tab:
    report_inbox()
with comments_tab:
    try:  # the comments part provides the queue; until it is there the tab says so
        from ui.moderation import moderation_queue
    except ImportError:
        st.caption(t("instructor.moderation_pending"))
    else:
        moderation_queue()
with content_tab:
    st.subheader(t("instructor.problems", count=len(catalog.problems)))
    if catalog.problems:
        st.code("\n".join(str(problem) for problem in catalog.problems), language=None)
    else:
        st.success(t("instructor.no_problems"))
    drafts = [lesson for course in catalog.courses for lesson in course.lessons if data.is_draft(lesson)]
    st.subheader(t("instructor.drafts", count=len(drafts)))
    if not drafts:
        st.caption(t("instructor.no_drafts"))
    for lesson in drafts:
        widgets.lesson_link(lesson, f"`{lesson.id}` {widgets.lesson_title(lesson)}", icon="📝")
