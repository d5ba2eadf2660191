"""Comments under a lesson: the list with replies, the post form, and edit/delete/flag controls for the right people.

Who may do what is decided by services.comments with the acting learner from ui.identity; the buttons here
only decide what to offer. Comment bodies reach the page only as services.comments_render output.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

import streamlit as st
from streamlit.errors import StreamlitAPIException

import db
from services import comments, notifications
from services.comments_render import paragraph, render_card, render_comment
from ui import celebrate, clock, identity, store
from ui.i18n import t

if TYPE_CHECKING:
    from catalog import Lesson
    from services.comments import CommentView

ACCOUNT_PAGE = "ui/pages/account.py"  # the accounts part's sign-in page
INBOX_PAGE = "ui/pages/inbox.py"
EDITING = "comments:editing"  # id of the comment whose edit box is open
REPLYING = "comments:replying"  # id of the comment whose reply box is open
OUTCOME = "comments:outcome"  # (where, kind, locale key, values) of the last action, shown once
ARRIVED = "comments:arrived"  # inbox links this browser session followed: ({(learner, comment)} read, {comment} scrolled to)
# Streamlit does not follow a URL's #fragment, so the page scrolls to a linked comment itself, once, from a
# zero-height component (same origin as the app: it may reach the parent document).
_SCROLL_SCRIPT = """<script>
const id = %s; let tries = 0;
const timer = setInterval(() => {
  const target = window.parent.document.getElementById(id);
  if (target) { target.scrollIntoView({block: "center"}); clearInterval(timer); }
  if (++tries > 100) clearInterval(timer);
}, 100);
</script>"""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _limits() -> dict[str, int]:
    (_, per_minute), (_, per_hour) = comments.RATE_LIMITS
    return {"max": comments.MAX_BODY_CHARS, "per_minute": per_minute, "per_hour": per_hour}


def _tell(where: str, kind: str, key: str, values: dict | None = None) -> None:
    st.session_state[OUTCOME] = (where, kind, key, values or {})


def _show_outcome(where: str) -> None:
    outcome = st.session_state.get(OUTCOME)
    if not outcome or outcome[0] != where:
        return
    st.session_state.pop(OUTCOME)
    _, kind, key, values = outcome
    (st.success if kind == "success" else st.error)(t(key, **values))


def _act(where: str, action, *args, done: str | None = None) -> bool:
    """Run one service call as the current learner; a refusal becomes a message, never a traceback."""
    who = identity.current()
    try:
        with db.session_scope(store.engine()) as session:
            result = action(session, who.learner_id, *args)
    except comments.CommentError as refused:
        _tell(where, "error", refused.key, refused.values)
        return False
    if done:
        _tell(where, "success", done if result is not False else "comments.already_flagged")
    return True


# ---- callbacks (run before the rerun, so they may reset the widgets they read) ---------------------------

def _post(lesson_id: str, parent_id: int | None, text_key: str, notify_key: str | None) -> None:
    where = text_key
    typed = st.session_state.get(text_key, "")
    notify = st.session_state.get(notify_key, True) if notify_key else True
    earned = []

    def post(session, who):
        stored = comments.post(session, who, lesson_id, typed, parent_id, notify, _now())
        earned.append(stored.rewards)
        return stored

    posted = _act(where, post, done="comments.replied" if parent_id else "comments.posted")
    if earned and earned[0].recorded:
        celebrate.celebrate_later(earned[0])  # the first comment unlocks an achievement
    if posted:  # a refused post keeps the typed text in its box
        st.session_state[text_key] = ""
        if parent_id:
            st.session_state.pop(REPLYING, None)
            _tell(f"comment:{parent_id}", "success", "comments.replied")


def _save_edit(comment_id: int, text_key: str) -> None:
    typed = st.session_state.get(text_key, "")
    if _act(text_key, lambda s, who: comments.edit(s, who, comment_id, typed, _now())):
        st.session_state.pop(EDITING, None)
        st.session_state.pop(text_key, None)
        _tell(f"comment:{comment_id}", "success", "comments.saved")


def _delete(comment_id: int) -> None:
    _act(f"comment:{comment_id}", lambda s, who: comments.delete(s, who, comment_id, _now()), done="comments.deleted_ok")


def _flag(comment_id: int) -> None:
    _act(f"comment:{comment_id}", lambda s, who: comments.flag(s, who, comment_id, "", _now()), done="comments.flagged")


def _set_notify(comment_id: int, key: str) -> None:
    _act(f"comment:{comment_id}", lambda s, who: comments.set_notify(s, who, comment_id, st.session_state[key]))


def _open(state_key: str, comment_id: int | None) -> None:
    if comment_id is None:
        st.session_state.pop(state_key, None)
    else:
        st.session_state[state_key] = comment_id


# ---- drawing ---------------------------------------------------------------------------------------------

def _card(view: CommentView) -> str:
    meta = [clock.shown(view.created_at)]
    if view.edited:
        meta.append(t("comments.edited"))
    if view.mine:
        meta.append(t("comments.you"))
    if view.body is not None:
        body = render_comment(view.body)
    else:
        placeholder = t("comments.deleted") if view.deleted else t("comments.unavailable")
        body = paragraph(placeholder, tag="em")
    author = view.author_name if view.body is not None else "—"
    linked = st.query_params.get("comment") == str(view.id)  # arrived from an inbox link
    return render_card(f"comment-{view.id}", author, " · ".join(meta), body, reply=view.parent_id is not None,
                       linked=linked)


def _comment(view: CommentView, who: identity.Identity) -> None:
    # unsafe_allow_html only ever gets render_card's output: escaped names and nh3-cleaned bodies.
    st.markdown(_card(view), unsafe_allow_html=True)
    if view.hidden:
        st.caption(t("comments.hidden_note"))
    readable = view.body is not None
    editing = st.session_state.get(EDITING) == view.id and view.mine and readable
    if editing:
        key = f"comments:edit:{view.id}"
        st.session_state.setdefault(key, view.body)
        st.text_area(t("comments.label"), key=key, height=120)
        _show_outcome(key)
        with st.container(horizontal=True):
            st.button(t("comments.save"), key=f"{key}:save", type="primary", on_click=_save_edit, args=(view.id, key))
            st.button(t("comments.cancel"), key=f"{key}:cancel", on_click=_open, args=(EDITING, None))
    elif who.signed_in and readable:
        with st.container(horizontal=True):
            if view.parent_id is None:
                st.button(t("comments.reply"), key=f"comments:{view.id}:reply", type="tertiary",
                          icon=":material/reply:", on_click=_open, args=(REPLYING, view.id))
            if view.mine:
                st.button(t("comments.edit"), key=f"comments:{view.id}:edit", type="tertiary",
                          icon=":material/edit:", on_click=_open, args=(EDITING, view.id))
                st.button(t("comments.delete"), key=f"comments:{view.id}:delete", type="tertiary",
                          icon=":material/delete:", on_click=_delete, args=(view.id,))
                if view.parent_id is None:
                    notify_key = f"comments:{view.id}:notify"
                    st.session_state.setdefault(notify_key, view.notify_replies)
                    st.toggle(t("comments.notify"), key=notify_key, on_change=_set_notify, args=(view.id, notify_key))
            else:
                st.button(t("comments.flag"), key=f"comments:{view.id}:flag", type="tertiary",
                          icon=":material/flag:", on_click=_flag, args=(view.id,))
    _show_outcome(f"comment:{view.id}")


def _form(lesson_id: str, parent_id: int | None) -> None:
    """The text box for a new comment or a reply; the typed text survives a refusal."""
    if parent_id is None:
        text_key, notify_key = f"comments:{lesson_id}:new", f"comments:{lesson_id}:notify_new"
        label, button = t("comments.label"), t("comments.post")
    else:
        # Replies cannot be replied to (threads are one level deep), so they need no notify switch.
        text_key, notify_key = f"comments:reply:{parent_id}", None
        label, button = t("comments.reply_label"), t("comments.send_reply")
    st.text_area(label, key=text_key, placeholder=t("comments.placeholder"), height=120)
    st.caption(t("comments.limit", **_limits()))
    _show_outcome(text_key)
    if notify_key:
        st.session_state.setdefault(notify_key, True)  # on by default for your own comments
        st.checkbox(t("comments.notify"), key=notify_key)
    with st.container(horizontal=True):
        st.button(button, key=f"{text_key}:send", type="primary", on_click=_post,
                  args=(lesson_id, parent_id, text_key, notify_key))
        if parent_id is not None:
            st.button(t("comments.cancel"), key=f"{text_key}:cancel", on_click=_open, args=(REPLYING, None))


def sign_in_prompt(message_key: str = "comments.sign_in") -> None:
    """Say that this needs an account, with a link to the sign-in page once it exists."""
    st.info(t(message_key), icon=":material/login:")
    try:
        st.page_link(ACCOUNT_PAGE, label=t("comments.sign_in_link"), icon=":material/login:")
    except StreamlitAPIException:
        pass  # the account page is not registered in this build yet; the message above still says what to do


def _linked_comment(who: identity.Identity) -> int | None:
    """The comment an inbox link (?comment=<id>) opened, to scroll to once. Opening it reads its notifications;
    the sidebar's badge was drawn before this, so the page runs again to draw the lower count."""
    raw = st.query_params.get("comment", "")
    if not raw.isdigit():
        return None
    comment_id = int(raw)
    read, scrolled = st.session_state.setdefault(ARRIVED, (set(), set()))
    if who.signed_in and (who.learner_id, comment_id) not in read:
        read.add((who.learner_id, comment_id))
        with db.session_scope(store.engine()) as session:
            marked = notifications.mark_comment_read(session, who.learner_id, comment_id, _now())
        if marked:
            st.rerun()
    if comment_id in scrolled:
        return None
    scrolled.add(comment_id)
    return comment_id


def _scroll_to(comment_id: int) -> None:
    import json

    import streamlit.components.v1 as components

    components.html(_SCROLL_SCRIPT % json.dumps(f"comment-{comment_id}"), height=0)


def comments_section(lesson: Lesson) -> None:
    """Everything below a lesson about its comments. Reading is open to all; posting needs an account."""
    who = identity.current()
    linked = _linked_comment(who)
    with db.session_scope(store.engine()) as session:
        total = comments.count(session, lesson.id)
        threads = comments.list_for_lesson(session, lesson.id, who.learner_id)
    st.subheader(t("comments.header", count=total), anchor="comments")
    if not threads:
        st.caption(t("comments.empty"))
    for thread in threads:
        with st.container(key=f"comments-thread-{thread.id}"):
            _comment(thread, who)
            for reply in thread.replies:
                _comment(reply, who)
            if who.signed_in and st.session_state.get(REPLYING) == thread.id and thread.body is not None:
                _form(lesson.id, thread.id)
    st.divider()
    if who.signed_in:
        _form(lesson.id, None)
    else:
        sign_in_prompt()
    if linked is not None:
        _scroll_to(linked)


def unread_badge() -> None:
    """In the sidebar: a link to the inbox with the unread count, for signed-in learners."""
    who = identity.current()
    if not who.signed_in:
        return
    with db.session_scope(store.engine()) as session:
        unread = notifications.unread_count(session, who.learner_id)
    label = t("inbox.nav_count", count=unread) if unread else t("inbox.nav")
    with st.sidebar:
        st.page_link(INBOX_PAGE, label=label, icon=":material/inbox:")
