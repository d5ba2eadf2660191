"""Celebrate what an event earned: a toast for XP, balloons for a level-up and for each new achievement."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import streamlit as st

from ui.i18n import current_lang, t

if TYPE_CHECKING:
    from gamification.achievements import Achievement
    from services.rewards import Rewards

PENDING_KEY = "celebrate_pending"


def celebrate(rewards: Rewards) -> None:
    """Show it now. Pages call this with `.rewards` of what services.complete_lesson / finish_submission returned."""
    celebrate_earned(rewards.xp, rewards.level_after if rewards.leveled_up else None, rewards.achievements)


def celebrate_earned(xp: int, new_level: int | None, achievements: Sequence[Achievement]) -> None:
    """The one way Stream celebrates (a lesson, a report, a graded submission): XP toast, level, achievements."""
    if xp:
        st.toast(t("celebrate.xp", xp=xp), icon="✨")
    if new_level is not None:
        st.balloons()
        st.toast(t("celebrate.level", level=new_level), icon="⬆️")
    lang = current_lang()
    for achievement in achievements:
        st.balloons()
        name = achievement.name.get(lang) or achievement.name["ko"]
        st.toast(t("celebrate.achievement", icon=achievement.icon, name=name), icon="🏆")


def celebrate_later(rewards: Rewards) -> None:
    """From a widget callback: keep it for the run that follows, where show_pending() draws it on the page."""
    st.session_state.setdefault(PENDING_KEY, []).append(rewards)


def show_pending() -> None:
    for rewards in st.session_state.pop(PENDING_KEY, []):
        celebrate(rewards)
