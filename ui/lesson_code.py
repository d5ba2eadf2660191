"""A lesson's runnable python block: the code, Run / Try it / Reset, and what the run printed, below the block.

The run goes to the grading service's warm pool (services.lesson_code, grader.snippets): sandboxed, the exercise
Run's limits, never an attempt, no XP, rate-limited per learner. Edits live in this browser session only.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from html import escape

import streamlit as st

from catalog.render import Code
from services import lesson_code as service
from ui import data, grading
from ui.i18n import current_lang, t

# Output looks like a printout, not like code: no highlighting, no copy button, a muted frame and a label.
OUTPUT_BOX = ("border:1px solid rgba(128,128,128,.3);border-left:4px solid rgba(128,128,128,.6);"
              "border-radius:.25rem;padding:.4rem .75rem;margin-bottom:.5rem")
OUTPUT_LABEL = "font-size:.75rem;opacity:.65;margin-bottom:.2rem"
OUTPUT_TEXT = ("margin:0;padding:0;background:transparent;white-space:pre;overflow-x:auto;"
               "font-family:'Source Code Pro',monospace;font-size:.85rem;line-height:1.45")
WAIT_S = 60.0  # the sandbox's own limit is 10 s; this bounds a cold pool (TensorFlow's import) and a queue


@dataclass(frozen=True)
class LessonCode:
    """What the code blocks of one lesson body share: their plan and a key for this body's session state."""

    plan: service.Plan
    key: str

    @classmethod
    def of(cls, markdown: str, blocks) -> "LessonCode":
        return cls(service.plan(blocks), hashlib.blake2s(markdown.encode("utf-8"), digest_size=6).hexdigest())


def printout_html(text: str, label: str, css_class: str = "stream-output") -> str:
    """Printed text as one escaped HTML block (one line: Streamlit's markdown pass must not read it); the lesson's
    output blocks and a run's result look the same."""
    return (f'<div class="{css_class}" style="{OUTPUT_BOX}"><div style="{OUTPUT_LABEL}">{escape(label)}</div>'
            f'<div style="{OUTPUT_TEXT}">{escape(text).replace(chr(10), "&#10;")}</div></div>')  # not <pre>: restyled


def _k(lesson: LessonCode, index: int, what: str) -> str:
    return f"lc:{lesson.key}:{index}:{what}"


def edited(lesson: LessonCode) -> dict[int, str]:
    """The blocks this session changed (entry index -> code); a run of a later block uses them too."""
    out = {}
    for entry in lesson.plan.entries:
        code = st.session_state.get(_k(lesson, entry.index, "code"))
        if code is not None and code != entry.code.code:
            out[entry.index] = code
    return out


def _number(lesson: LessonCode, index: int) -> int:
    """1-based, among the blocks a learner sees with a Run button."""
    return sum(1 for e in lesson.plan.entries[: index + 1] if e.code.runnable)


def draw(block: Code, lesson: LessonCode) -> bool:
    """Draw a runnable block; False when `block` is not one of this lesson's runnable blocks (drawn plainly)."""
    entry = lesson.plan.entry_of(block)
    if entry is None or not block.runnable:
        return False
    index = entry.index
    editing = st.session_state.get(_k(lesson, index, "editing"), False)
    if editing:
        code_key = _k(lesson, index, "code")
        st.session_state.setdefault(code_key, block.code)
        lines = st.session_state[code_key].count("\n") + 1
        st.text_area(t("lesson_code.editor"), key=code_key, height=max(100, min(560, 26 * lines + 20)),
                     label_visibility="collapsed")
    else:
        st.code(block.code, language=block.language or None)
    changed = editing and st.session_state.get(_k(lesson, index, "code"), block.code) != block.code
    cols = st.columns([1, 1, 1, 3] if changed or editing else [1, 1, 4])
    cols[0].button(t("lesson_code.run"), key=_k(lesson, index, "run"), icon=":material/play_arrow:",
                   on_click=_run, args=(lesson, index), type="primary")
    if not editing:
        cols[1].button(t("lesson_code.edit"), key=_k(lesson, index, "edit"), icon=":material/edit:",
                       on_click=_edit, args=(lesson, index))
    else:
        cols[1].button(t("lesson_code.reset"), key=_k(lesson, index, "reset"), icon=":material/restart_alt:",
                       on_click=_reset, args=(lesson, index), disabled=not changed)
    _result(lesson, index)
    return True


def _edit(lesson: LessonCode, index: int) -> None:
    st.session_state[_k(lesson, index, "editing")] = True


def _reset(lesson: LessonCode, index: int) -> None:
    st.session_state[_k(lesson, index, "code")] = lesson.plan.entries[index].code.code
    st.session_state.pop(_k(lesson, index, "result"), None)


def _run(lesson: LessonCode, index: int) -> None:
    key = _k(lesson, index, "result")
    try:
        ticket = service.run_block(grading.service(), data.learner_id(), lesson.plan, index, edited(lesson),
                                   current_lang(), label=f"lesson:{lesson.key}:{index}")
    except service.RateLimited as exc:
        st.session_state[key] = ("limited", exc.wait_s)
        return
    st.session_state[key] = ("ticket", ticket)


def _result(lesson: LessonCode, index: int) -> None:
    held = st.session_state.get(_k(lesson, index, "result"))
    if held is None:
        return
    kind, value = held
    if kind == "limited":
        st.warning(t("lesson_code.rate_limited", seconds=max(1, round(value))), icon="⏳")
        return
    ticket = value
    if not ticket.done:
        with st.spinner(t("lesson_code.running")):
            try:
                ticket.result(WAIT_S)
            except TimeoutError:
                st.info(t("lesson_code.still_running"))
                return
    show(ticket.result(0), lesson, index)


def show(result, lesson: LessonCode, index: int) -> None:
    """The block's output as the lesson draws output blocks, then its error (or an earlier block's)."""
    chain = lesson.plan.chain(index)
    parts = lesson.plan.parts(chain, edited(lesson))
    last = len(parts) - 1
    failed_part = result.failed
    text = result.output_of(last) if failed_part is None or failed_part == last else ""
    if result.status in ("timeout", "crashed") and failed_part is None:
        text = result.output_of(0) if len(result.outputs) == 1 and last == 0 else ""
    st.markdown(printout_html(text.rstrip("\n") or t("lesson_code.no_output"), t("lesson_code.result"),
                              "stream-run-output"), unsafe_allow_html=True)
    if (failed_part is None or failed_part == last) and result.stderr_of(last).strip():
        st.caption(t("lesson_code.stderr"))
        st.code(result.stderr_of(last).rstrip("\n"), language=None)
    if result.ok:
        st.caption(t("lesson_code.took", ms=result.duration_ms))
        return
    if failed_part is not None and failed_part < last:
        owner = parts[failed_part].entry
        st.error(t("lesson_code.earlier_failed", number=_number(lesson, owner)), icon="⚠️")
    head, _, trace = result.message.partition("\n\n")
    st.error(head, icon="🛑")
    if trace:
        st.code(trace, language=None)
