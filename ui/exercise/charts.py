"""Altair charts from a verdict's chart dicts: grouped bars per variable, with an optional threshold rule.

A row is {"group", "series", "value"} with optional "series_en" / "group_en" (like a chart's "title_en"): the page
draws its own language only, so a legend never reads "clip 전 / before"."""
from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence

import altair as alt
import streamlit as st

RULE_COLOR = "#d62728"
TITLE_WIDTH = 56  # characters per title line: the chart sits in the editor's column
# An older two-language label, "clip 전 / before": split it rather than show both languages at once.
_BOTH = re.compile(r"^([^/()]+?) / ([^/()]+)$")


def show_charts(charts: Sequence[Mapping], lang: str) -> None:
    for spec in charts:
        chart = build_chart(spec, lang)
        if chart is not None:
            st.altair_chart(chart, width="stretch")


def label(row: Mapping, field: str, lang: str) -> str:
    """The row's `field` ("series" or "group") in `lang`: `<field>_en` in English, else the Korean one."""
    text = str(row.get(field, ""))
    translated = row.get(f"{field}_{lang}") if lang != "ko" else None
    if translated:
        return str(translated)
    both = _BOTH.match(text)
    return (both.group(2) if lang != "ko" else both.group(1)).strip() if both else text


def rows_in(spec: Mapping, lang: str) -> list[dict]:
    """The chart's drawable rows with their labels in `lang` (what the legend and the axis show)."""
    return [{"group": label(r, "group", lang), "series": label(r, "series", lang), "value": r["value"]}
            for r in spec.get("rows") or [] if {"group", "series", "value"} <= set(r)]


def build_chart(spec: Mapping, lang: str) -> alt.LayerChart | None:
    """The chart for one dict, or None for a kind this page does not draw (a teaching aid may be skipped)."""
    rows = rows_in(spec, lang)
    if spec.get("kind") != "grouped_bars" or not rows:
        return None
    title = (spec.get("title_en") if lang == "en" else None) or spec.get("title") or ""
    title_lines = textwrap.wrap(title, TITLE_WIDTH) or [""]  # Vega cuts a long one-line title at the chart's width
    bars = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        # sort=None keeps the order the exercise gave (before, after; variable order in the model).
        x=alt.X("group:N", title=None, sort=None, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("series:N", sort=None),
        y=alt.Y("value:Q", title=None),
        color=alt.Color("series:N", title=None, sort=None, legend=alt.Legend(orient="bottom", labelLimit=320)),
        tooltip=[alt.Tooltip("group:N"), alt.Tooltip("series:N"), alt.Tooltip("value:Q", format=".4g")],
    )
    layers: list[alt.Chart] = [bars]
    if spec.get("rule") is not None:
        value = float(spec["rule"])
        rule_label = f"{spec.get('rule_label') or ''} = {value:.4g}".strip(" =")
        line = alt.Chart(alt.Data(values=[{"y": value, "label": rule_label}]))
        layers.append(line.mark_rule(color=RULE_COLOR, strokeDash=[6, 4], size=2).encode(y="y:Q"))
        layers.append(line.mark_text(color=RULE_COLOR, align="left", dx=4, dy=-7).encode(
            y="y:Q", x=alt.value(0), text="label:N"))
    return alt.layer(*layers).properties(title=alt.TitleParams(title_lines, anchor="start"), height=260)
