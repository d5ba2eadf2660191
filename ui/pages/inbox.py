"""Inbox: replies to the learner's comments, unread first, with a link to each and a way to mark them read."""
from datetime import datetime, timezone

import streamlit as st

import db
from services import notifications
from services.comments import CommentError
from services.comments_render import render_notification
from ui import comments as comments_ui
from ui import clock, data, identity, store
from ui.i18n import current_lang, t
from ui.pages import LESSON

who = identity.current()
st.title(t("inbox.title"))
if not who.signed_in:
    comments_ui.sign_in_prompt("inbox.sign_in")
    st.stop()


def _mark(notification_id: int | None) -> None:
    # The service refuses anyone else's notification, whatever id reaches this callback.
    now = datetime.now(timezone.utc)
    try:
        with db.session_scope(store.engine()) as session:
            if notification_id is None:
                notifications.mark_all_read(session, identity.current().learner_id, now)
            else:
                notifications.mark_read(session, identity.current().learner_id, notification_id, now)
    except CommentError as refused:
        st.session_state["inbox:error"] = refused.key


if "inbox:error" in st.session_state:
    st.error(t(st.session_state.pop("inbox:error")))
with db.session_scope(store.engine()) as session:
    items = notifications.inbox(session, who.learner_id)
catalog = data.catalog()


def _where(lesson_id: str) -> str:
    lesson = data.find_lesson(catalog, lesson_id)
    return t("inbox.on_lesson", title=lesson.text(current_lang()).title if lesson else lesson_id)
unread = sum(not item.read for item in items)
if not items:
    st.info(t("inbox.empty"), icon=":material/inbox:")
    st.stop()
st.caption(t("inbox.unread", count=unread))
if unread:
    st.button(t("inbox.mark_all_read"), key="inbox:all", on_click=_mark, args=(None,))

for item in items:
    with st.container(border=True, key=f"inbox-{item.id}"):
        # Names and excerpts are other learners' words: escaped into HTML, never read as markdown.
        headline = ("" if item.read else "● ") + t("inbox.reply_from", name=item.from_name)
        excerpt = t("inbox.gone") if item.gone else item.excerpt
        when = f"{clock.shown(item.created_at)} · {_where(item.lesson_id)}"
        note = render_notification(headline, when, excerpt, gone=item.gone)
        st.markdown(note, unsafe_allow_html=True)
        with st.container(horizontal=True):
            st.page_link(LESSON, label=t("inbox.open"), icon=":material/forum:",
                         query_params={"lesson": item.lesson_id, "comment": str(item.comment_id)})
            if not item.read:
                st.button(t("inbox.mark_read"), key=f"inbox:read:{item.id}", on_click=_mark, args=(item.id,))
