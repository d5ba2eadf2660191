"""The code editor (streamlit-code-editor, or a plain text area) with real Run/Submit buttons below it.

The component's own buttons float over the last lines of code, so it draws none: it sends its text when it loses
focus ("blur", which pressing a button below it causes first) and on Ctrl+Enter ("submit"). The learner's choice of
the plain editor is kept in a cookie, so it survives page loads in this browser (the reason for it is the browser).
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from grader.engine import MAX_CODE_BYTES
from ui import browser_session
from ui.i18n import t

try:
    from code_editor import code_editor
except ImportError:  # the component is optional: the text area always works
    code_editor = None

# AppTest cannot drive custom components, and some browsers block their iframe: both use the text area.
PLAIN_ENV = "STREAM_PLAIN_EDITOR"
PLAIN_TOGGLE = "ex_plain_editor"
PLAIN_COOKIE = "stream_plain_editor"
_PLAIN_CHOICE = "ex_plain_editor_choice"  # the toggle's value kept while the toggle is not drawn (another page)
_ACTIONS = {"submit": "grade", "blur": "save"}


@dataclass(frozen=True)
class EditorEvent:
    action: str | None  # run | grade | save | None
    code: str  # the latest text the editor has sent


def _key(exercise_id: str, name: str) -> str:
    return f"ex:{exercise_id}:{name}"


def _remembered_plain() -> bool:
    try:
        return st.context.cookies.get(PLAIN_COOKIE) == "1"
    except Exception:  # no browser behind this run (a bare script): nothing remembered
        return False


def plain_editor() -> bool:
    if PLAIN_TOGGLE not in st.session_state:
        # The cookie is read when the browser connects; a choice made since then is in session state.
        st.session_state[PLAIN_TOGGLE] = st.session_state.get(_PLAIN_CHOICE, _remembered_plain())
    return code_editor is None or os.environ.get(PLAIN_ENV) == "1" or bool(st.session_state[PLAIN_TOGGLE])


def _remember_plain() -> None:
    st.session_state[_PLAIN_CHOICE] = bool(st.session_state.get(PLAIN_TOGGLE))
    browser_session.queue_cookie("set", "1" if st.session_state.get(PLAIN_TOGGLE) else "0", name=PLAIN_COOKIE)


def editor(exercise_id: str, load_code: Callable[[], str]) -> EditorEvent:
    """Draw the editor and its buttons; `load_code` gives the text to start from whenever it is (re)mounted."""
    plain = plain_editor()
    typed = _text_area(exercise_id, load_code) if plain else _component(exercise_id, load_code)
    run_col, submit_col = st.columns(2)
    run = run_col.button(t("exercise.run"), key=_key(exercise_id, "run"), icon=":material/play_arrow:",
                         width="stretch")
    submit = submit_col.button(t("exercise.submit"), key=_key(exercise_id, "submit"), type="primary",
                               icon=":material/send:", width="stretch")
    # A button wins over the save its own click caused (the editor lost focus): the draft is saved either way.
    action = "run" if run else "grade" if submit else typed.action
    size = len(typed.code.encode("utf-8", "surrogatepass"))
    keys = "" if plain else f" · {t('exercise.editor_keys')}"
    st.caption(t("exercise.editor_limit", size=size, limit=MAX_CODE_BYTES) + keys)
    # Text that was not UTF-8 arrives with U+FFFD in place of what could not be read: say where.
    broken = [str(n) for n, line in enumerate(typed.code.splitlines(), start=1) if "\ufffd" in line]
    if broken:
        st.warning(t("exercise.broken_chars", lines=", ".join(broken[:10])))
    if code_editor is not None and os.environ.get(PLAIN_ENV) != "1":
        st.toggle(t("exercise.plain_editor"), key=PLAIN_TOGGLE, help=t("exercise.plain_editor_help"),
                  on_change=_remember_plain)
    return EditorEvent(action, typed.code)


def replace_code(exercise_id: str, code: str) -> None:
    """Show `code` on the next run (reset to starter). Call from a widget callback, before widgets are drawn."""
    st.session_state[_key(exercise_id, "version")] = st.session_state.get(_key(exercise_id, "version"), 0) + 1
    if plain_editor():
        st.session_state[_key(exercise_id, "text")] = code
    else:
        st.session_state[_key(exercise_id, "replace")] = code


def _component(exercise_id: str, load_code: Callable[[], str]) -> EditorEvent:
    version = st.session_state.get(_key(exercise_id, "version"), 0)
    widget_key = _key(exercise_id, f"ace{version}")
    seed_key, code_key, seen_key = (_key(exercise_id, n) for n in ("seed", "code", "seen"))
    if widget_key not in st.session_state:
        # Mounting (first visit, return from another page, reset): start from the saved draft. The seed then
        # stays fixed while mounted, since new arguments would make the editor drop what is being typed.
        replacement = st.session_state.pop(_key(exercise_id, "replace"), None)
        st.session_state[seed_key] = load_code() if replacement is None else replacement
        st.session_state[code_key] = st.session_state[seed_key]
    response = code_editor(
        st.session_state[seed_key], lang="python", height=[14, 24], buttons=[],
        response_mode="blur", options={"wrap": False, "showLineNumbers": True, "fontSize": 13}, key=widget_key,
    )
    action = None
    # The component repeats its last value on every rerun: act once per response id.
    if response and response.get("id") and response["id"] != st.session_state.get(seen_key):
        st.session_state[seen_key] = response["id"]
        st.session_state[code_key] = response.get("text", "")
        action = _ACTIONS.get(response.get("type"))
    return EditorEvent(action, st.session_state[code_key])


def _text_area(exercise_id: str, load_code: Callable[[], str]) -> EditorEvent:
    text_key, dirty_key = _key(exercise_id, "text"), _key(exercise_id, "dirty")
    if text_key not in st.session_state:
        st.session_state[text_key] = load_code()
    # The browser sends a text area's value when it loses focus: that is when the draft is saved.
    st.html("<style>.stTextArea textarea {font-family: 'Source Code Pro', monospace;}</style>")  # code reads as code
    st.text_area(t("exercise.editor_label"), key=text_key, height=420,
                 on_change=st.session_state.__setitem__, args=(dirty_key, True))
    dirty = st.session_state.pop(dirty_key, False)
    return EditorEvent("save" if dirty else None, st.session_state[text_key])
