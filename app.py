"""Stream's entry point: page setup and navigation only; the pages live in ui/pages/."""
import streamlit as st

from ui import grading, identity, language, sidebar
from ui.i18n import t
from ui.pages import ACCOUNT, ADMIN_ACCOUNTS, INBOX
from ui.pages import ANALYTICS
from ui.pages import ACHIEVEMENTS, AUTHORING, CATALOG, EXERCISE, INSTRUCTOR, LEADERBOARD, LESSON, PROFILE

st.set_page_config(page_title=t("app.title"), page_icon="🌊", layout="centered")
language.init_language()  # before any t() whose text depends on the learner's language

who = identity.current()  # also restores a sign-in from the cookie after a refresh, before the menu is built
staff_menu = "visible" if who.is_staff else "hidden"
admin_menu = "visible" if who.has_role("admin") else "hidden"
navigation = st.navigation([
    st.Page(CATALOG, title=t("nav.catalog"), icon="📚", default=True),
    # Reached through links with ?lesson=<id>, so it is not a menu entry of its own.
    st.Page(LESSON, title=t("nav.lesson"), icon="📖", url_path="lesson", visibility="hidden"),
    st.Page(EXERCISE, title=t("exercise.nav"), icon="🧪", url_path="exercise", visibility="hidden"),
    st.Page(PROFILE, title=t("profile.nav"), icon="👤", url_path="profile"),
    st.Page(ACHIEVEMENTS, title=t("achievements.nav"), icon="🏆", url_path="achievements"),
    st.Page(LEADERBOARD, title=t("leaderboard.nav"), icon="📊", url_path="leaderboard"),
    # Staff pages are in the menu for staff only; each page refuses anyone else who types its URL.
    st.Page(INSTRUCTOR, title=t("nav.instructor"), icon="🧑‍🏫", url_path="instructor", visibility=staff_menu),
    st.Page(AUTHORING, title=t("authoring.nav"), icon="✍️", url_path="authoring", visibility=staff_menu),
    st.Page(ANALYTICS, title=t("analytics.nav"), icon="📈", url_path="analytics", visibility=staff_menu),
    # Reached through the sidebar's "Inbox (N)" link (signed-in learners only), so the menu does not repeat it.
    st.Page(INBOX, title=t("inbox.nav"), icon="📬", url_path="inbox", visibility="hidden"),
    st.Page(ACCOUNT, title=t("account.nav"), icon="🔑", url_path="account"),
    st.Page(ADMIN_ACCOUNTS, title=t("account.admin.nav"), icon="🛡️", url_path="admin_accounts", visibility=admin_menu),
])
grading.service()  # built once per process: the local backend regrades what a dead process left
sidebar.render(stats=navigation.url_path != "lesson")  # the lesson page draws them in its header, as the seed
navigation.run()
