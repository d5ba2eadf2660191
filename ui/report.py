"""The "report a problem" box on lesson and exercise pages: a category, the learner's words, a thank-you."""
from __future__ import annotations

from datetime import datetime, timezone

import streamlit as st

import db
from services import reports
from ui import celebrate, data, store
from ui.i18n import t


def _keys(page_kind: str, page_id: str) -> dict[str, str]:
    prefix = f"report:{page_kind}:{page_id}"
    return {name: f"{prefix}:{name}" for name in ("category", "text", "submit", "outcome")}


def _send(page_kind: str, page_id: str) -> None:
    # A callback runs before the rerun, so clearing the box here is allowed and the thanks shows at once.
    keys = _keys(page_kind, page_id)
    typed = st.session_state.get(keys["text"], "")
    try:
        with db.session_scope(store.engine()) as session:
            filed = reports.file_report(
                session, data.learner_id(), page_kind, page_id, st.session_state.get(keys["category"]), typed,
                datetime.now(timezone.utc),
            )
    except reports.InvalidReport as refused:
        # The typed text stays in the box: the learner fixes it instead of typing it again.
        st.session_state[keys["outcome"]] = ("error", refused.key, len(typed.strip()))
        return
    st.session_state[keys["text"]] = ""
    st.session_state[keys["outcome"]] = ("success", "report.thanks", 0)
    if filed.rewards.recorded:
        celebrate.celebrate_later(filed.rewards)  # the first report unlocks an achievement


def report_problem(page_kind: str, page_id: str) -> None:
    """Draw the report box for one page; works for everyone (today: the local learner)."""
    keys = _keys(page_kind, page_id)
    outcome = st.session_state.pop(keys["outcome"], None)
    celebrate.show_pending()
    label = f"{t('report.prompt')} **{t('report.title')}**"
    with st.expander(label, icon=":material/flag:", expanded=outcome is not None):
        # Labels looked up now, in this run's language: Streamlit may format options again outside the run.
        labels = {category: t(f"report.categories.{category}") for category in reports.CATEGORIES}
        st.selectbox(t("report.category"), reports.CATEGORIES, key=keys["category"], format_func=labels.__getitem__)
        st.text_area(t("report.text"), key=keys["text"], height=120)
        st.caption(t("report.limit", max=reports.MAX_TEXT_CHARS))
        if outcome is not None:
            kind, key, count = outcome
            message = t(key, max=reports.MAX_TEXT_CHARS, count=count)
            if kind == "success":
                st.success(message, icon=":material/check_circle:")
            else:
                st.error(message)
        st.button(t("report.submit"), key=keys["submit"], on_click=_send, args=(page_kind, page_id))
