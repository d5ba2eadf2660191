"""Weekly leaderboard: opt in under a display name; the top 30 by XP since Monday 00:00 in the learner's zone."""
import pandas as pd
import streamlit as st

from services.leaderboard import NAME_MAX, TOP, LeaderboardNameInvalid
from ui import game_data
from ui.i18n import t

NAME_KEY = "leaderboard_name"
ERROR_KEY = "leaderboard_error"
REASONS = {"empty": t("leaderboard.name_empty"), "too_long": t("leaderboard.name_too_long", max=NAME_MAX)}


def _join() -> None:
    try:
        game_data.join_leaderboard(st.session_state[NAME_KEY])
    except LeaderboardNameInvalid as refused:
        st.session_state[ERROR_KEY] = REASONS[refused.reason]


board = game_data.weekly_board()
st.title(t("leaderboard.title"))
st.caption(t("leaderboard.resets", tz=str(board.resets_at.tzinfo), when=board.resets_at.strftime("%Y-%m-%d %H:%M")))

with st.container(border=True):
    if board.opted_in:
        st.markdown(t("leaderboard.shown_as", name=board.name))
    else:
        st.markdown(t("leaderboard.join_prompt"))
    st.session_state.setdefault(NAME_KEY, board.name)
    st.text_input(t("leaderboard.name"), key=NAME_KEY, max_chars=NAME_MAX)
    if ERROR_KEY in st.session_state:
        st.error(st.session_state.pop(ERROR_KEY))
    join_col, leave_col = st.columns(2)
    join_col.button(t("leaderboard.rename") if board.opted_in else t("leaderboard.join"), key="leaderboard_join",
                    type="primary", on_click=_join)
    if board.opted_in:
        leave_col.button(t("leaderboard.leave"), key="leaderboard_leave", on_click=game_data.leave_leaderboard)

st.subheader(t("leaderboard.top", count=TOP))
if not board.rows:
    st.info(t("leaderboard.empty"))
else:
    me = board.me.learner_id if board.me else None
    st.dataframe(
        pd.DataFrame({
            t("leaderboard.col_rank"): [row.rank for row in board.rows],
            # The viewer's own row is marked so it is found at a glance.
            t("leaderboard.col_name"): [f"⭐ {row.display_name}" if row.learner_id == me else row.display_name
                                        for row in board.rows],
            t("leaderboard.col_xp"): [row.xp for row in board.rows],
        }),
        hide_index=True,
    )
if board.opted_in:
    st.caption(t("leaderboard.my_place", rank=board.me.rank, xp=board.me.xp) if board.me
               else t("leaderboard.not_ranked"))
