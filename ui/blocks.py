"""Draw catalog.render blocks with Streamlit: markdown, titled code, callouts, expanders and tabs."""
from __future__ import annotations

import functools
from collections.abc import Sequence

import streamlit as st

from catalog.render import Block, Callout, Code, Markdown, Tabs, to_blocks
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


@functools.lru_cache(maxsize=128)
def blocks_for(markdown: str) -> tuple[Block, ...]:
    """Parsed once per distinct body (~10 ms for a long lesson); an edited lesson is a new key."""
    return tuple(to_blocks(markdown))


def render_markdown(markdown: str) -> None:
    render_blocks(blocks_for(markdown))


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
    if block.title:
        # "Gradient clipping — two strategies · python", as the platform labels its snippets.
        label = t("lesson.code_caption", title=block.title, language=block.language) if block.language else block.title
        st.caption(label)
    st.code(block.code, language=block.language or None)


def _kind_title(kind: str) -> str:
    """The title a callout gets when its author gave none."""
    titles = {
        "note": t("callout.note"), "info": t("callout.note"), "tip": t("callout.tip"), "hint": t("callout.tip"),
        "important": t("callout.important"), "warning": t("callout.warning"), "caution": t("callout.caution"),
        "danger": t("callout.danger"), "error": t("callout.danger"), "success": t("callout.success"),
    }
    return titles.get(kind, kind.capitalize())


def _callout(block: Callout) -> None:
    kind = (block.kind or "note").lower()
    icon = _ICONS.get(kind)
    title = block.title or _kind_title(kind)
    if block.collapsible:
        with st.expander(title, icon=icon, expanded=getattr(block, "expanded", False)):
            render_blocks(block.blocks)
        return
    alert = _ALERTS.get(kind)
    if alert and all(isinstance(inner, Markdown) for inner in block.blocks):
        # An alert holds one markdown string, so only text-only callouts fit in one.
        parts = [f"**{title}**", *(inner.text for inner in block.blocks)]
        alert("\n\n".join(parts), icon=icon)
        return
    with st.container(border=True):
        st.markdown(f"{icon or ''} **{title}**".strip())
        render_blocks(block.blocks)
