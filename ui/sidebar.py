"""The sidebar every page shares: language switch, who is signed in, and the learner's stats."""
from __future__ import annotations

import streamlit as st

from ui import browser_session, data, identity, language, widgets
from ui.comments import unread_badge
from ui.i18n import t


def render(stats: bool = True) -> None:
    browser_session.restore_session()  # before anything reads who this is (app.py's identity.current() also triggers it)
    language.language_switch()
    widgets.localise_streamlit()  # Streamlit's own uploader words, in the page's language
    unread_badge()  # "Inbox (3)" for signed-in learners
    with st.sidebar:
        st.divider()
        who = identity.current()
        if stats:
            widgets.stats_panel(data.progress(data.catalog()).stats, note=identity.sync_note(who))
        _account_status(who)
        browser_session.render_cookie_ops()


def _account_status(who: identity.Identity) -> None:
    # Text only: signing in and out happen on the Account page (in the menu), so the sidebar adds no button or
    # link that every page's own controls would have to share the page with.
    if who.signed_in:
        st.caption(t("account.sidebar_signed_in", name=who.display_name, username=who.username))
    else:
        st.caption(t("account.sidebar_sign_in"))
