"""Profile: streak and daily goal, then XP over time, the activity calendar, course completion and attempts."""
import streamlit as st

from gamification import DAILY_GOALS
from ui import celebrate, game_data, profile_charts
from ui.i18n import current_lang, t

GOAL_KEY = "profile_goal"


def _set_goal() -> None:
    celebrate.celebrate_later(game_data.set_daily_goal(st.session_state[GOAL_KEY]))


celebrate.show_pending()
profile = game_data.learner_profile()
lang = current_lang()
st.title(t("profile.title"))

st.subheader(t("profile.streak"))
current, longest, freezes = st.columns(3)
current.metric(t("profile.streak_current"), t("profile.streak_days", count=profile.streak.current))
longest.metric(t("profile.streak_longest"), t("profile.streak_days", count=profile.streak.longest))
freezes.metric(t("profile.freezes"), t("profile.freezes_value", available=profile.streak.freezes_available),
               help=t("profile.freezes_help"))
st.caption(t("profile.today_done") if profile.streak.today_done else t("profile.today_pending"))

st.subheader(t("profile.goal"))
# The stored goal is the widget's start value; afterwards the widget's own state is the truth until it changes.
st.session_state.setdefault(GOAL_KEY, profile.goal.goal)
st.segmented_control(t("profile.goal"), DAILY_GOALS, key=GOAL_KEY, required=True, on_change=_set_goal,
                     format_func=lambda xp: t("profile.goal_option", xp=xp), label_visibility="collapsed")
goal = profile.goal
st.progress(min(1.0, goal.earned_today / goal.goal),
            text=t("profile.goal_progress", earned=goal.earned_today, goal=goal.goal))
if goal.met:
    st.success(t("profile.goal_met"))

# An empty line or bar chart draws bare axes that look broken, so those say why they are empty instead.
st.subheader(t("profile.xp_chart"))
if profile.xp_over_time:
    st.altair_chart(profile_charts.xp_over_time(profile.xp_over_time), width="stretch")
else:
    st.caption(t("profile.no_xp"))

st.subheader(t("profile.calendar"))
st.caption(t("profile.calendar_caption", weeks=len(profile.calendar) // 7, tz=profile.timezone))
st.altair_chart(profile_charts.activity_calendar(profile.calendar), width="stretch")

st.subheader(t("profile.courses"))
st.altair_chart(profile_charts.course_completion(profile.courses, lang), width="stretch")

st.subheader(t("profile.attempts"))
if profile.attempts:
    st.altair_chart(profile_charts.attempts_to_pass(profile.attempts, lang), width="stretch")
else:
    st.caption(t("profile.no_attempts"))
