"""Accounts (admins only): every account with its role; grant or revoke the instructor role; give a learner who
forgot their password a temporary one."""
import streamlit as st

from ui import admin_actions as admin
from ui import identity
from ui.flash import show_flash
from ui.i18n import t

identity.require_role("admin", message_key="account.admin.forbidden")
st.title(t("account.admin.title"))
st.caption(t("account.admin.intro"))
show_flash()

rows = admin.account_rows()
if not rows:
    st.info(t("account.admin.none"))
    st.stop()
st.dataframe(rows, hide_index=True, width="stretch")

others = admin.usernames()
if not others:
    st.info(t("account.admin.only_admins"))
    st.stop()
with st.form("admin_role_form"):
    st.selectbox(t("account.admin.pick_user"), others, key=admin.ROLE_USER)
    st.radio(t("account.admin.pick_role"), ["learner", "instructor"], key=admin.ROLE_VALUE, horizontal=True,
             format_func=lambda role: t(f"account.roles.{role}"))
    st.form_submit_button(t("account.admin.save"), type="primary", on_click=admin.save_role)

st.subheader(t("account.admin.reset_title"))
st.caption(t("account.admin.reset_intro"))
resettable = admin.usernames(passwords_only=True)
if resettable:
    with st.form("admin_reset_form"):
        st.selectbox(t("account.admin.pick_user"), resettable, key=admin.RESET_USER)
        st.form_submit_button(t("account.admin.reset"), on_click=admin.reset_password)
    admin.show_reset_result()
else:
    st.info(t("account.admin.none_resettable"))
