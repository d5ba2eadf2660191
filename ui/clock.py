"""Times as the learner reads them: in their browser's time zone (else their profile's), always labelled."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import streamlit as st

from services.context import zone_name


def zone() -> ZoneInfo:
    """The browser's zone (st.context.timezone), so comments, the inbox and attempt history agree with the
    learner's own clock; where the browser does not say (or names no zone we know), the profiles' default."""
    try:
        name = st.context.timezone
    except Exception:  # no browser behind this run (AppTest, a bare script)
        name = None
    return ZoneInfo(zone_name(name))


def shown(at: datetime, *, seconds: bool = False) -> str:
    """"2026-12-01 18:10 KST": a stored time (UTC, or naive UTC from SQLite) in the learner's zone."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    local = at.astimezone(zone())
    return local.strftime("%Y-%m-%d %H:%M:%S %Z" if seconds else "%Y-%m-%d %H:%M %Z")
