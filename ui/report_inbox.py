"""The instructors' problem-report inbox: filters (status, page, category), each report, resolve / reopen."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import streamlit as st

import db
from services import reports
from ui import clock, identity, store
from ui.i18n import current_lang, t
from ui.pages import EXERCISE, LESSON

OUTCOME = "report_inbox:outcome"
ANY = ""  # the "all" choice of a filter


@dataclass(frozen=True)
class ReportRow:
    id: int
    page_kind: str
    page_id: str
    category: str
    text: str
    status: str
    created_at: datetime
    resolved_at: datetime | None


def _pages() -> list[str]:
    """Every page that has a report: the page filter's choices."""
    with db.session_scope(store.engine()) as session:
        return sorted({report.page_id for report in reports.list_reports(session)})


def _rows(status: str | None, page_id: str | None, category: str | None) -> list[ReportRow]:
    # Plain rows: the ORM objects expire when the session commits.
    with db.session_scope(store.engine()) as session:
        return [ReportRow(r.id, r.page_kind, r.page_id, r.category, r.text, r.status, r.created_at, r.resolved_at)
                for r in reports.list_reports(session, status=status, page_id=page_id, category=category)]


def _act(action: str, report_id: int) -> None:
    # The acting learner id comes from identity (read fresh from the database); the service checks the role.
    try:
        with db.session_scope(store.engine()) as session:
            if action == "resolve":
                reports.resolve_report(session, identity.current().learner_id, report_id, datetime.now(timezone.utc))
            else:
                reports.reopen_report(session, identity.current().learner_id, report_id)
    except reports.NotStaff:
        st.session_state[OUTCOME] = ("error", "instructor.reports.forbidden")
        return
    except reports.ReportNotFound:
        st.session_state[OUTCOME] = ("error", "instructor.reports.gone")
        return
    st.session_state[OUTCOME] = ("success", {"resolve": "instructor.reports.resolved_ok",
                                             "reopen": "instructor.reports.reopened_ok"}[action])


def _when(moment: datetime) -> str:
    return clock.shown(moment)


def report_inbox() -> None:
    if OUTCOME in st.session_state:
        kind, key = st.session_state.pop(OUTCOME)
        (st.success if kind == "success" else st.error)(t(key))
    statuses = ["open", "resolved", ANY]
    left, middle, right = st.columns(3)
    status = left.selectbox(t("instructor.reports.status"), statuses, key="report_inbox:status",
                            format_func=lambda s: t(f"instructor.reports.statuses.{s or 'all'}"))
    page_id = middle.selectbox(t("instructor.reports.page"), [ANY, *_pages()], key="report_inbox:page",
                               format_func=lambda p: p or t("instructor.reports.any"))
    category = right.selectbox(t("instructor.reports.category"), [ANY, *reports.CATEGORIES],
                               key="report_inbox:category",
                               format_func=lambda c: t(f"report.categories.{c}") if c else t("instructor.reports.any"))
    rows = _rows(status or None, page_id or None, category or None)
    st.caption(t("instructor.reports.count", count=len(rows)))
    if not rows:
        st.info(t("instructor.reports.none"))
        return
    for row in rows:
        with st.container(border=True, key=f"report_inbox:{row.id}"):
            st.markdown(t("instructor.reports.meta", category=t(f"report.categories.{row.category}"),
                          kind=t(f"instructor.reports.kinds.{row.page_kind}"), page=row.page_id,
                          when=_when(row.created_at)))
            st.text(row.text)  # the learner's words, never interpreted as markdown
            if row.resolved_at is not None:
                st.caption(t("instructor.reports.resolved_at", when=_when(row.resolved_at)))
            target = LESSON if row.page_kind == "lesson" else EXERCISE
            st.page_link(target, label=t("instructor.reports.open_page"),
                         query_params={row.page_kind: row.page_id, "lang": current_lang()})
            if row.status == "open":
                st.button(t("instructor.reports.resolve"), key=f"report_inbox:{row.id}:resolve", type="primary",
                          on_click=_act, args=("resolve", row.id))
            else:
                st.button(t("instructor.reports.reopen"), key=f"report_inbox:{row.id}:reopen",
                          on_click=_act, args=("reopen", row.id))
