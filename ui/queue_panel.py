"""Instructors' view of the grading queue: waiting, being graded, workers alive and throughput (queue backend)."""
from __future__ import annotations

import streamlit as st

import db
from services import grading_queue
from ui import grading, store
from ui.i18n import t


def queue_panel() -> None:
    """Four figures read from the database, so every app replica shows the same queue."""
    st.subheader(t("queue.panel_title"))
    if grading.backend() != "queue":
        st.caption(t("queue.backend_local"))
        return
    with db.session_scope(store.engine()) as session:
        stats = grading_queue.queue_stats(session)
    waiting, running, alive, rate = st.columns(4)
    waiting.metric(t("queue.queued"), stats.queued)
    running.metric(t("queue.running"), stats.running)
    alive.metric(t("queue.workers_alive"), stats.workers_alive)
    rate.metric(t("queue.throughput"), f"{stats.per_minute:.1f}")
    if stats.queued and not stats.workers_alive:
        st.warning(t("queue.no_workers"))
