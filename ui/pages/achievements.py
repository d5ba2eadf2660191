"""Achievements: all of them, unlocked or locked, with tier, description, progress and how rare each is."""
import streamlit as st

from ui import game_data
from ui.i18n import current_lang, t

TIERS = {"bronze": t("achievements.tier_bronze"), "silver": t("achievements.tier_silver"),
         "gold": t("achievements.tier_gold")}
COLUMNS = 2

cards = game_data.achievement_cards()
lang = current_lang()
st.title(t("achievements.title"))
unlocked = sum(card.unlocked for card in cards)
st.progress(unlocked / len(cards), text=t("achievements.summary", done=unlocked, total=len(cards)))


def progress_label(card) -> str:
    kind = card.achievement.condition["type"]
    if kind == "streak":
        return t("achievements.progress_days", progress=card.progress, target=card.target)
    if kind == "level":
        return t("achievements.progress_level", progress=card.progress, target=card.target)
    return t("achievements.progress", progress=card.progress, target=card.target)


for start in range(0, len(cards), COLUMNS):
    for column, card in zip(st.columns(COLUMNS), cards[start:start + COLUMNS]):
        achievement = card.achievement
        with column.container(border=True, key=f"achievement_{achievement.id}"):
            # Locked ones keep their icon but fade it, so the goal is visible and the difference too.
            icon = achievement.icon if card.unlocked else f"🔒 {achievement.icon}"
            st.markdown(f"### {icon} {achievement.name.get(lang) or achievement.name['ko']}")
            st.caption(f"{TIERS[achievement.tier.value]} · " + (
                t("achievements.unlocked", date=card.awarded_at.date().isoformat()) if card.unlocked
                else t("achievements.locked")))
            st.markdown(achievement.description.get(lang) or achievement.description["ko"])
            st.progress(card.progress / card.target if card.target else 0.0, text=progress_label(card))
            st.caption(t("achievements.rarity", percent=round(card.rarity * 100)))
