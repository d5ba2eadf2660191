"""The instructors' moderation queue: flagged comments with their flag count, and hide/restore buttons.

The instructor inbox page calls `moderation_queue()`; the role is checked here for the page and again by
services.comments (from the database) for every action.
"""
from __future__ import annotations

from datetime import datetime, timezone

import streamlit as st

import db
from services import comments
from services.comments_render import paragraph, render_card, render_comment
from ui import identity, store
from ui.i18n import t

OUTCOME = "moderation:outcome"


def _act(action, comment_id: int, done: str) -> None:
    try:
        with db.session_scope(store.engine()) as session:
            if action is comments.hide:
                comments.hide(session, identity.current().learner_id, comment_id, datetime.now(timezone.utc))
            else:
                comments.restore(session, identity.current().learner_id, comment_id)
    except comments.CommentError as refused:
        st.session_state[OUTCOME] = ("error", refused.key)
        return
    st.session_state[OUTCOME] = ("success", done)


def moderation_queue() -> None:
    """Draw the flagged-comments queue (stops the page for anyone but instructors and admins)."""
    who = identity.require_role("instructor", "admin")
    st.subheader(t("moderation.title"))
    if OUTCOME in st.session_state:
        kind, key = st.session_state.pop(OUTCOME)
        (st.success if kind == "success" else st.error)(t(key))
    try:
        with db.session_scope(store.engine()) as session:
            queue = comments.flagged_queue(session, who.learner_id)
    except comments.NotAllowed as refused:
        st.error(t(refused.key))
        return
    if not queue:
        st.caption(t("moderation.empty"))
        return
    for item in queue:
        with st.container(border=True, key=f"moderation-{item.id}"):
            status = [t("moderation.flags", count=item.flag_count), t("moderation.lesson", lesson=item.lesson_id)]
            if item.hidden:
                status.append(t("moderation.hidden"))
            if item.deleted:
                status.append(t("moderation.deleted"))
            card = render_card(f"flagged-{item.id}", item.author_name, " · ".join(status), render_comment(item.body))
            # Only render_card's output goes in: escaped names, nh3-cleaned body.
            st.markdown(card, unsafe_allow_html=True)
            if item.reasons:
                reasons = t("moderation.reasons", reasons=" / ".join(item.reasons))
                st.markdown(paragraph(reasons, tag="small"), unsafe_allow_html=True)
            if item.hidden:
                st.button(t("moderation.restore"), key=f"moderation:{item.id}:restore",
                          on_click=_act, args=(comments.restore, item.id, "moderation.restored_ok"))
            elif not item.deleted:
                st.button(t("moderation.hide"), key=f"moderation:{item.id}:hide", type="primary",
                          on_click=_act, args=(comments.hide, item.id, "moderation.hidden_ok"))
