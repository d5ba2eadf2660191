"""Altair charts and CSV for the instructor analytics page, from services.analytics rows (no Streamlit, no SQL)."""
from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ui.i18n import t


def to_csv(rows: Sequence[dict]) -> bytes:
    # utf-8-sig so spreadsheet programs read Korean titles correctly.
    return pd.DataFrame(rows).to_csv(index=False).encode("utf-8-sig")


def funnel(rows: Sequence[dict]) -> alt.Chart:
    frame = pd.DataFrame(rows)
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("learners:Q", title=t("analytics.axis_learners"), axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("title:N", title=t("analytics.axis_lesson"), sort=alt.SortField("position")),
        tooltip=["position:O", "title:N", "learners:Q"],
    )


def pass_rates(rows: Sequence[dict]) -> alt.Chart:
    frame = pd.DataFrame(rows)
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("pass_rate:Q", title=t("analytics.axis_pass_rate"), axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("title:N", title=t("analytics.axis_exercise"), sort=None),
        tooltip=["title:N", "attempted:Q", "passed:Q", alt.Tooltip("pass_rate:Q", format=".0%"),
                 "median_attempts:Q", "median_seconds_to_pass:Q"],
    )


def diagnoses(rows: Sequence[dict]) -> alt.Chart:
    frame = pd.DataFrame(rows)
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("submissions:Q", title=t("analytics.axis_submissions"), axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("diagnosis_id:N", title=t("analytics.axis_diagnosis"), sort="-x"),
        color=alt.Color("title:N", title=t("analytics.axis_exercise")),
        tooltip=["title:N", "diagnosis_id:N", "submissions:Q"],
    )


def hints(rows: Sequence[dict]) -> alt.Chart:
    frame = pd.DataFrame(rows)
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("learners:Q", title=t("analytics.axis_learners"), stack="zero", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("title:N", title=t("analytics.axis_exercise"), sort=None),
        color=alt.Color("hints:O", title=t("analytics.axis_hints")),
        tooltip=["title:N", "hints:O", "learners:Q"],
    )


def daily_active(rows: Sequence[dict]) -> alt.Chart:
    frame = pd.DataFrame(rows)
    frame["day"] = pd.to_datetime(frame["day"])
    return alt.Chart(frame).mark_line(point=True).encode(
        x=alt.X("day:T", title=t("analytics.axis_day")),
        y=alt.Y("learners:Q", title=t("analytics.axis_learners"), axis=alt.Axis(tickMinStep=1)),
        tooltip=[alt.Tooltip("day:T", format="%Y-%m-%d"), "learners:Q"],
    )
