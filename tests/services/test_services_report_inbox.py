"""The instructors' inbox: staff resolve and reopen reports; a learner cannot, whatever the page says."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from db import session_scope
from db.models import Learner
from services import progress, reports
from services.reports import NotStaff, ReportNotFound

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=timezone.utc)


def _account(engine, role: str) -> int:
    with session_scope(engine) as session:
        learner = Learner(kind="account", username=f"{role}-1", display_name=role.title(), role=role)
        session.add(learner)
        session.flush()
        return learner.id


@pytest.fixture
def report_id(engine) -> int:
    with session_scope(engine) as session:
        learner = progress.get_local_learner(session)
        return reports.file_report(session, learner.id, "lesson", "tf-gradients-01", "typo", "오타", NOW).report.id


def _statuses(engine) -> dict[str, list[str]]:
    with session_scope(engine) as session:
        return {status: [r.text for r in reports.list_reports(session, status=status)] for status in ("open", "resolved")}


def test_instructor_resolves_then_reopens(engine, report_id):
    teacher = _account(engine, "instructor")
    with session_scope(engine) as session:
        resolved = reports.resolve_report(session, teacher, report_id, now=NOW)
        assert resolved.resolved_at == NOW
    assert _statuses(engine) == {"open": [], "resolved": ["오타"]}
    with session_scope(engine) as session:
        reports.resolve_report(session, teacher, report_id)  # a second click changes nothing
        assert session.get(reports.ProblemReport, report_id).resolved_at == NOW
    with session_scope(engine) as session:
        reopened = reports.reopen_report(session, teacher, report_id)
        assert reopened.resolved_at is None
    assert _statuses(engine) == {"open": ["오타"], "resolved": []}


def test_admin_may_resolve_too(engine, report_id):
    admin = _account(engine, "admin")
    with session_scope(engine) as session:
        reports.resolve_report(session, admin, report_id)
    assert _statuses(engine)["resolved"] == ["오타"]


def test_a_learner_cannot_resolve_and_nothing_changes(engine, report_id):
    learner = _account(engine, "learner")
    with session_scope(engine) as session:
        local = progress.get_local_learner(session).id
    for who in (learner, local, 999_999):
        with pytest.raises(NotStaff), session_scope(engine) as session:
            reports.resolve_report(session, who, report_id)
    assert _statuses(engine) == {"open": ["오타"], "resolved": []}


def test_unknown_report_is_named(engine):
    teacher = _account(engine, "instructor")
    with pytest.raises(ReportNotFound), session_scope(engine) as session:
        reports.reopen_report(session, teacher, 12345)
