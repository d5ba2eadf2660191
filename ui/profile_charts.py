"""Altair charts for the profile page, built from services.profile's dataclasses (no Streamlit, no SQL)."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from ui.i18n import t

if TYPE_CHECKING:
    from services.profile import CourseCompletion, DayActivity, ExerciseAttempts, XpPoint


DAY_MS = 24 * 60 * 60 * 1000


def xp_over_time(points: Sequence[XpPoint]) -> alt.Chart:
    # Wall-clock times without a zone: Vega would otherwise redraw them in the browser's zone, not the learner's.
    frame = pd.DataFrame({"at": [p.at.replace(tzinfo=None) for p in points], "xp": [p.total for p in points]})
    first, last = points[0].at, points[-1].at
    if first.date() == last.date():  # all on one day: hours on the axis, the day in its title
        axis = alt.Axis(format="%H:%M", labelOverlap=True)
        title = t("profile.axis_time_of_day", day=first.strftime("%Y-%m-%d"))
    else:  # days apart: dates, at most one tick a day (Vega's default would label hours like ":20 :25")
        axis = alt.Axis(format="%m-%d", tickMinStep=DAY_MS, labelOverlap=True)
        title = t("profile.axis_time")
    return alt.Chart(frame).mark_line(interpolate="step-after", point=True).encode(
        x=alt.X("at:T", title=title, axis=axis),
        y=alt.Y("xp:Q", title=t("profile.axis_xp")),
        tooltip=[alt.Tooltip("at:T", title=t("profile.axis_time"), format="%Y-%m-%d %H:%M"),
                 alt.Tooltip("xp:Q", title=t("profile.axis_xp"))],
    )


def activity_calendar(days: Sequence[DayActivity]) -> alt.Chart:
    """GitHub-style: one column per week, one row per weekday (Monday on top), darker for more XP."""
    names = t("profile.weekdays").split()
    mondays = [d.day - timedelta(days=d.day.weekday()) for d in days]
    frame = pd.DataFrame({
        "week": [monday.toordinal() for monday in mondays],
        "week_label": [monday.strftime("%m-%d") for monday in mondays],
        "weekday": [names[d.day.weekday()] for d in days],
        "date": [d.day.isoformat() for d in days],
        "xp": [d.xp for d in days],
        "active": [d.active for d in days],
    })
    return alt.Chart(frame).mark_rect(cornerRadius=2, stroke="white", strokeWidth=1).encode(
        x=alt.X("week_label:O", title=t("profile.axis_week"), sort=alt.SortField("week"),
                axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("weekday:O", title=t("profile.axis_weekday"), sort=names),
        # An active day earned something worth a colour even at 0 XP (a pass after seeing the solution).
        color=alt.condition(
            "datum.active || datum.xp > 0",
            alt.Color("xp:Q", title=t("profile.axis_day_xp"), scale=alt.Scale(scheme="greens", domainMin=0)),
            alt.value("#ebedf0"),
        ),
        tooltip=[alt.Tooltip("date:N", title=t("profile.axis_time")),
                 alt.Tooltip("xp:Q", title=t("profile.axis_day_xp"))],
    )


def course_completion(courses: Sequence[CourseCompletion], lang: str) -> alt.Chart:
    frame = pd.DataFrame({
        "course": [c.title.get(lang) or c.title.get("ko") or c.course_id for c in courses],
        "percent": [c.done * 100 // c.total if c.total else 0 for c in courses],
        "lessons": [f"{c.done}/{c.total}" for c in courses],
    })
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("percent:Q", title=t("profile.axis_percent"), scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("course:N", title=t("profile.axis_course")),
        tooltip=["course:N", "lessons:N", "percent:Q"],
    )


def attempts_to_pass(rows: Sequence[ExerciseAttempts], lang: str) -> alt.Chart:
    frame = pd.DataFrame({
        "exercise": [r.title.get(lang) or r.title.get("ko") or r.exercise_id for r in rows],
        "attempts": [r.attempts for r in rows],
    })
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("attempts:Q", title=t("profile.axis_attempts"), axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("exercise:N", title=t("profile.axis_exercise"), sort="-x"),
        tooltip=["exercise:N", "attempts:Q"],
    )
