"""The process's grading service (services/grading.py), built once from settings; pages only call it.

Whatever the backend (this process's warm pool, or queue workers), a page submits through the service and then
follows the stored row, so nothing here depends on which backend grades."""
from __future__ import annotations

import streamlit as st

from grader import GraderPool
from services.grading import GradingService
from settings import get_settings
from ui import store
from ui.i18n import t


# Keyed by the GraderPool class too: when Streamlit reloads the app's modules after a source edit, a pool built
# from the old grader modules would catch the old Incorrect while checks.py raises the new one. max_entries=1
# hands the old service to on_release, which stops its heartbeat and lets its pool finish before closing.
@st.cache_resource(show_spinner=False, max_entries=1, on_release=GradingService.close)
def _service(database_url: str, backend: str, exercises_dir: str, workers: int, broker_url: str, queue: str,
             generation: int) -> GradingService:
    return GradingService.from_settings(store.engine(), get_settings())


def service() -> GradingService:
    """The grading service of this process. Built on the first page load (app.py), so the local backend's recovery
    of submissions a dead process left runs at start; the warm pool itself starts with the first job."""
    s = get_settings()
    return _service(s.database_url, s.grading_backend, str(s.exercises_dir), s.grader_workers, s.broker_url,
                    s.grading_queue, id(GraderPool))


def backend() -> str:
    """"local" (this process's warm pool) or "queue" (workers fed through the broker)."""
    return get_settings().grading_backend


def protection_warning() -> None:
    """Staff pages: a warning while the running grader lacks any sandbox protection (names from the sandbox)."""
    missing = service().protections_missing()
    if missing:
        st.warning(t("grader_health.protections_missing", names=", ".join(missing)), icon="⚠️")
