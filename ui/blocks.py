"""Draw catalog.render blocks with Streamlit: markdown, titled code, output, HTML, callouts, expanders and tabs."""
from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path

import streamlit as st

from catalog.assets import inline_assets
from catalog.render import Block, Callout, Code, Html, Markdown, Output, Tabs, to_blocks
from ui.i18n import t
from ui.lesson_code import LessonCode, printout_html
from ui.lesson_code import draw as draw_runnable

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


@functools.lru_cache(maxsize=128)
def lesson_code_for(markdown: str) -> LessonCode:
    """Which of the body's blocks run, after which (services.lesson_code), for the same cached blocks."""
    return LessonCode.of(markdown, blocks_for(markdown))




def render_markdown(markdown: str, folder: Path | None = None, pending: Mapping[str, bytes] | None = None,
                    runnable: bool = True) -> None:
    """Draw a lesson body; `folder` is the lesson file's folder, where `assets/…` images are found (`pending`:
    images by name that are not written there yet, for the authoring preview). Its python blocks get Run,
    Try it and Reset unless `runnable` is False."""
    render_blocks(blocks_for(markdown), folder, pending, lesson_code_for(markdown) if runnable else None)


def render_blocks(blocks: Sequence[object], folder: Path | None = None,
                  pending: Mapping[str, bytes] | None = None, lesson: LessonCode | None = None) -> None:
    for block in blocks:
        render_block(block, folder, pending, lesson)


def render_block(block: object, folder: Path | None = None, pending: Mapping[str, bytes] | None = None,
                 lesson: LessonCode | None = None) -> None:
    if isinstance(block, Markdown):
        st.markdown(block.text)  # Streamlit escapes any HTML here; HTML the author wrote is in Html blocks
    elif isinstance(block, Html):
        # catalog.render cleaned it with catalog.html's allowlist; only asset images are filled in here.
        st.markdown(inline_assets(block.html, folder, pending), unsafe_allow_html=True)
    elif isinstance(block, Code):
        _code(block, lesson)
    elif isinstance(block, Output):
        st.markdown(output_html(block), unsafe_allow_html=True)
    elif isinstance(block, Callout):
        _callout(block, folder, pending, lesson)
    elif isinstance(block, Tabs):
        labels = [label for label, _ in block.tabs]
        for tab, (_, inner) in zip(st.tabs(labels), block.tabs):
            with tab:
                render_blocks(inner, folder, pending, lesson)


def output_html(block: Output) -> str:
    """The output as one escaped HTML block (one line: Streamlit's markdown pass must not read it)."""
    return printout_html(block.text, block.title or t("lesson.output"))


def _code(block: Code, lesson: LessonCode | None = None) -> None:
    if block.hidden:
        return  # a setup block (run=setup): it runs before the lesson's blocks and is never drawn
    if block.title:
        # "Gradient clipping — two strategies · python", as the platform labels its snippets.
        label = t("lesson.code_caption", title=block.title, language=block.language) if block.language else block.title
        st.caption(label)
    if lesson is None or not draw_runnable(block, lesson):
        st.code(block.code, language=block.language or None)


def _kind_title(kind: str) -> str:
    """The title a callout gets when its author gave none."""
    titles = {
        "note": t("callout.note"), "info": t("callout.note"), "tip": t("callout.tip"), "hint": t("callout.tip"),
        "important": t("callout.important"), "warning": t("callout.warning"), "caution": t("callout.caution"),
        "danger": t("callout.danger"), "error": t("callout.danger"), "success": t("callout.success"),
        "details": t("callout.details"),
    }
    return titles.get(kind, kind.capitalize())


def _callout(block: Callout, folder: Path | None, pending: Mapping[str, bytes] | None,
             lesson: LessonCode | None = None) -> None:
    kind = (block.kind or "note").lower()
    icon = _ICONS.get(kind)
    title = block.title or _kind_title(kind)
    if block.collapsible:
        with st.expander(title, icon=icon, expanded=getattr(block, "expanded", False)):
            render_blocks(block.blocks, folder, pending, lesson)
        return
    alert = _ALERTS.get(kind)
    if alert and all(isinstance(inner, Markdown) for inner in block.blocks):
        # An alert holds one markdown string, so only text-only callouts fit in one.
        parts = [f"**{title}**", *(inner.text for inner in block.blocks)]
        alert("\n\n".join(parts), icon=icon)
        return
    with st.container(border=True):
        st.markdown(f"{icon or ''} **{title}**".strip())
        render_blocks(block.blocks, folder, pending, lesson)
