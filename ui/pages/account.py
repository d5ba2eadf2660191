"""Account: sign in or create an account; when signed in, merge this computer's progress, sign out; export/import."""
import streamlit as st

from ui import account_actions as actions
from ui import browser_session, identity, widgets
from ui.flash import flash_pending, show_flash
from ui.i18n import t
from ui.pages import ADMIN_ACCOUNTS

st.title(t("account.title"))
show_flash()
who = identity.current()

if who.signed_in:
    st.success(t("account.signed_in_as", name=who.display_name, username=who.username), icon="👤")
    st.caption(t("account.role", role=t(f"account.roles.{who.role}")))
    if actions.merge_offer_needed():
        with st.container(border=True, key="account_merge_offer"):
            st.markdown(f"**{t('account.merge_question')}**")
            st.caption(t("account.merge_help"))
            merge, later = st.columns(2)
            merge.button(t("account.merge"), key="account_merge", type="primary", on_click=actions.merge_now)
            later.button(t("account.not_now"), key="account_merge_later", on_click=actions.merge_later)
    out, everywhere = st.columns(2)
    out.button(t("account.sign_out"), key="account_sign_out", on_click=actions.sign_out)
    everywhere.button(t("account.sign_out_everywhere"), key="account_sign_out_everywhere",
                      on_click=actions.sign_out_everywhere)
    password_refused = flash_pending(actions.PASSWORD_FORM)
    with st.expander(t("account.change_password"), expanded=password_refused), st.form("account_password_form"):
        show_flash(actions.PASSWORD_FORM)
        st.text_input(t("account.current_password"), key=actions.PW_CURRENT, type="password",
                      autocomplete="current-password")
        st.text_input(t("account.new_password_label"), key=actions.PW_NEW, type="password",
                      help=t("account.new_password_help"), autocomplete="new-password")
        st.text_input(t("account.new_password_again"), key=actions.PW_AGAIN, type="password",
                      autocomplete="new-password")
        st.form_submit_button(t("account.change_password_button"), on_click=actions.change_password_from_form)
    if who.has_role("admin"):
        st.page_link(ADMIN_ACCOUNTS, label=t("account.admin_link"), icon="🛡️")
else:
    st.info(t("account.local_intro"))
    if browser_session.oidc_configured():
        st.button(t("account.oidc_sign_in", provider=browser_session.oidc_provider_name()), key="account_oidc",
                  on_click=browser_session.oidc_sign_in, type="primary")
    sign_in_tab, sign_up_tab = st.tabs([t("account.sign_in_tab"), t("account.sign_up_tab")], key=actions.TAB,
                                       on_change="rerun")
    with sign_in_tab, st.form("account_sign_in_form"):
        show_flash(actions.SIGN_IN_FORM)
        st.text_input(t("account.username"), key=actions.SIGN_IN_USER, autocomplete="username")
        st.text_input(t("account.password"), key=actions.SIGN_IN_PASSWORD, type="password",
                      autocomplete="current-password")
        st.form_submit_button(t("account.sign_in"), type="primary", on_click=actions.sign_in_from_form)
    with sign_up_tab, st.form("account_sign_up_form"):
        show_flash(actions.SIGN_UP_FORM)
        st.text_input(t("account.new_username"), key=actions.SIGN_UP_USER, help=t("account.new_username_help"),
                      max_chars=32, autocomplete="username")
        st.text_input(t("account.display_name"), key=actions.SIGN_UP_NAME, max_chars=100)
        st.text_input(t("account.new_password"), key=actions.SIGN_UP_PASSWORD, type="password",
                      help=t("account.new_password_help"), autocomplete="new-password")
        st.text_input(t("account.password_again"), key=actions.SIGN_UP_AGAIN, type="password",
                      autocomplete="new-password")
        st.form_submit_button(t("account.sign_up"), type="primary", on_click=actions.sign_up_from_form)

st.divider()
st.subheader(t("account.transfer_title"))
st.caption(identity.sync_note(who))
st.caption(t("account.transfer_help"))
file_name, payload = actions.export_file()
st.download_button(t("account.export"), data=payload, file_name=file_name, mime="application/json",
                   key="account_export", icon=":material/download:")
uploaded = st.file_uploader(t("account.import_label"), type=["json"], key=actions.IMPORT_FILE,
                            max_upload_size=widgets.UPLOAD_LIMIT_MB)
st.button(t("account.import"), key="account_import", on_click=actions.import_uploaded, disabled=uploaded is None,
          icon=":material/upload:")
