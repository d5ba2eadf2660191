"""Accounts (admins only): every account with its role; grant or revoke the instructor role; give a learner who
forgot their password a temporary one."""
import streamlit as st

from ui import auth, identity
from ui.i18n import t

identity.require_role("admin", message_key="account.admin.forbidden")
st.title(t("account.admin.title"))
st.caption(t("account.admin.intro"))
auth.show_flash()

rows = auth.account_rows()
if not rows:
    st.info(t("account.admin.none"))
    st.stop()
st.dataframe(rows, hide_index=True, width="stretch")

others = auth.usernames()
if not others:
    st.info(t("account.admin.only_admins"))
    st.stop()
with st.form("admin_role_form"):
    st.selectbox(t("account.admin.pick_user"), others, key=auth.ROLE_USER)
    st.radio(t("account.admin.pick_role"), ["learner", "instructor"], key=auth.ROLE_VALUE, horizontal=True,
             format_func=lambda role: t(f"account.roles.{role}"))
    st.form_submit_button(t("account.admin.save"), type="primary", on_click=auth.save_role)

st.subheader(t("account.admin.reset_title"))
st.caption(t("account.admin.reset_intro"))
resettable = auth.usernames(passwords_only=True)
if resettable:
    with st.form("admin_reset_form"):
        st.selectbox(t("account.admin.pick_user"), resettable, key=auth.RESET_USER)
        st.form_submit_button(t("account.admin.reset"), on_click=auth.reset_password)
    auth.show_reset_result()
else:
    st.info(t("account.admin.none_resettable"))
