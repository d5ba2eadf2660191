"""Draw catalog.render blocks with Streamlit: markdown, titled code, callouts, expanders and tabs."""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from catalog.render import Callout, Code, Markdown, Tabs
from ui.i18n import t

# Callout kinds that have a matching Streamlit alert; anything else gets a plain bordered box.
_ALERTS = {
    "note": st.info, "info": st.info, "tip": st.info, "hint": st.info, "important": st.info,
    "success": st.success, "check": st.success,
    "warning": st.warning, "caution": st.warning,
    "danger": st.error, "error": st.error, "bug": st.error,
}
_ICONS = {"note": "ℹ️", "info": "ℹ️", "tip": "💡", "hint": "💡", "important": "❗", "success": "✅",
          "check": "✅", "warning": "⚠️", "caution": "⚠️", "danger": "🛑", "error": "🛑", "bug": "🐞"}


def render_blocks(blocks: Sequence[object]) -> None:
    for block in blocks:
        render_block(block)


def render_block(block: object) -> None:
    if isinstance(block, Markdown):
        st.markdown(block.text)  # lesson authors write markdown, never raw HTML
    elif isinstance(block, Code):
        _code(block)
    elif isinstance(block, Callout):
        _callout(block)
    elif isinstance(block, Tabs):
        labels = [label for label, _ in block.tabs]
        for tab, (_, inner) in zip(st.tabs(labels), block.tabs):
            with tab:
                render_blocks(inner)


def _code(block: Code) -> None:
    language = block.language or "text"
    if block.title:
        st.caption(t("lesson.code_caption", title=block.title, language=language))
    st.code(block.code, language=language)


def _callout(block: Callout) -> None:
    kind = (block.kind or "").lower()
    icon = _ICONS.get(kind)
    if block.collapsible:
        with st.expander(block.title or kind.capitalize(), icon=icon):
            render_blocks(block.blocks)
        return
    alert = _ALERTS.get(kind)
    if alert and all(isinstance(inner, Markdown) for inner in block.blocks):
        # An alert holds one markdown string, so only text-only callouts fit in one.
        parts = [f"**{block.title}**"] if block.title else []
        parts += [inner.text for inner in block.blocks]
        alert("\n\n".join(parts), icon=icon)
        return
    with st.container(border=True):
        if block.title:
            st.markdown(f"{icon or ''} **{block.title}**".strip())
        render_blocks(block.blocks)
