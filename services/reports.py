"""Problem reports from lesson and exercise pages: checked, stored as typed, and counted toward achievements."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from db import facts, queries
from db.models import REPORT_CATEGORIES, REPORT_PAGE_KINDS, Learner, ProblemReport
from db.types import utcnow
from gamification import Context
from gamification.events import REPORT_FILED
from services import rewards
from services.rewards import Rewards

MAX_TEXT_CHARS = 2000
MAX_PAGE_ID_CHARS = 200  # the column's width
CATEGORIES = REPORT_CATEGORIES
PAGE_KINDS = REPORT_PAGE_KINDS


class InvalidReport(ValueError):
    """A report the service refuses; `key` names the locale string (report.*) that tells the learner why."""

    def __init__(self, key: str, detail: str) -> None:
        super().__init__(detail)
        self.key = key


class NotStaff(PermissionError):
    """Only instructors and admins may resolve or reopen reports."""


class ReportNotFound(LookupError):
    """No report has that id (deleted, or a stale page)."""


STAFF_ROLES = ("instructor", "admin")


@dataclass(frozen=True)
class FiledReport:
    report: ProblemReport
    rewards: Rewards  # what filing it earned (the first report unlocks `first_report`)


def clean_text(text: str) -> str:
    """The text as it will be stored: outer whitespace dropped, nothing else touched; raises if unusable."""
    stripped = (text or "").strip()
    if not stripped:
        raise InvalidReport("report.empty", "report text is empty")
    if len(stripped) > MAX_TEXT_CHARS:
        raise InvalidReport("report.too_long", f"report text has {len(stripped)} characters, at most {MAX_TEXT_CHARS}")
    return stripped


def file_report(
    session: Session, learner_id: int, page_kind: str, page_id: str, category: str, text: str,
    now: datetime | None = None, context: Context | None = None,
) -> FiledReport:
    """Store one report as the learner typed it (HTML and SQL-looking text included) and record
    `report_filed`, so the first report unlocks its achievement. Nothing is written when input is refused."""
    if page_kind not in PAGE_KINDS:
        raise InvalidReport("report.bad_page", f"unknown page kind {page_kind!r}, expected one of {PAGE_KINDS}")
    if not page_id or len(page_id) > MAX_PAGE_ID_CHARS:
        raise InvalidReport("report.bad_page", f"page id {page_id!r} is empty or longer than {MAX_PAGE_ID_CHARS}")
    if category not in CATEGORIES:
        raise InvalidReport("report.bad_category", f"unknown category {category!r}, expected one of {CATEGORIES}")
    body = clean_text(text)
    now = now or utcnow()
    # Lock before the first write: the report's foreign key would otherwise take a share lock that two
    # tabs then both try to upgrade in rewards.record, a deadlock on PostgreSQL.
    facts.lock_learner(session, learner_id)
    report = ProblemReport(
        learner_id=learner_id, page_kind=page_kind, page_id=page_id, category=category, text=body,
        status="open", created_at=now,
    )
    session.add(report)
    session.flush()
    # No dedupe key: every report is its own fact; the achievement table's key makes the unlock happen once.
    earned = rewards.record(
        session, learner_id, REPORT_FILED, subject=page_id,
        data={"report_id": report.id, "page_kind": page_kind, "category": category}, now=now, context=context,
    )
    return FiledReport(report, earned)


def list_reports(
    session: Session, status: str | None = None, page_id: str | None = None, category: str | None = None
) -> list[ProblemReport]:
    """Reports for the instructors' inbox, newest first, filtered by status, page and category."""
    return queries.problem_reports(session, status=status, page_id=page_id, category=category)


def resolve_report(session: Session, actor_id: int, report_id: int, now: datetime | None = None) -> ProblemReport:
    """Mark a report resolved (again is harmless) on behalf of `actor_id`, who must be staff."""
    report = _report_for_staff(session, actor_id, report_id)
    if report.status != "resolved":
        report.status, report.resolved_at = "resolved", now or utcnow()
    return report


def reopen_report(session: Session, actor_id: int, report_id: int) -> ProblemReport:
    """Put a resolved report back into the open list, on behalf of `actor_id`, who must be staff."""
    report = _report_for_staff(session, actor_id, report_id)
    report.status, report.resolved_at = "open", None
    return report


def _report_for_staff(session: Session, actor_id: int, report_id: int) -> ProblemReport:
    # The role is read from the database, never from the caller's session state.
    actor = session.get(Learner, actor_id)
    if actor is None or actor.role not in STAFF_ROLES:
        raise NotStaff(f"learner {actor_id} may not change reports")
    report = session.get(ProblemReport, report_id, with_for_update=True)
    if report is None:
        raise ReportNotFound(f"no report with id {report_id}")
    return report
