"""Small pieces several pages draw: the learner's stats, a lesson's meta line, a link to a lesson."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

import streamlit as st

from ui import data
from ui.i18n import current_lang, t
from ui.pages import LESSON

if TYPE_CHECKING:
    from catalog import Lesson
    from services.progress import LearnerStats


def stats_panel(stats: LearnerStats, note: str | None = None) -> None:
    """Level, XP, lessons, achievements and the way to the next level, as in the platform's header; `note`
    says where the progress is kept (ui.identity.sync_note: local-only, or synced to the account)."""
    st.markdown(" · ".join([
        f"**{t('stats.level', level=stats.level)}**",
        t("stats.xp", xp=stats.xp_total),
        t("stats.lessons", done=stats.lessons_done, total=stats.lessons_total),
        t("stats.achievements", done=stats.achievements_done, total=stats.achievements_total),
    ]))
    per_level = stats.xp_into_level + stats.xp_to_next
    st.progress(
        stats.xp_into_level / per_level if per_level else 0.0,
        text=" · ".join([
            t("stats.to_next", into=stats.xp_into_level, per=per_level),
            t("stats.to_go", xp=stats.xp_to_next),
            t("stats.percent", percent=stats.percent_complete),
        ]),
    )
    if note:
        st.caption(note)


def lesson_meta(lesson: Lesson) -> str:
    """"~11 min · clipping, stop-gradient" as under the seed's title."""
    return " · ".join([t("lesson.minutes", minutes=lesson.minutes), ", ".join(lesson.tags)]).rstrip(" ·")


def lesson_title(lesson: Lesson) -> str:
    title = lesson.text(current_lang()).title
    return f"[{t('lesson.draft')}] {title}" if data.is_draft(lesson) else title


def lesson_link(lesson: Lesson, label: str, *, icon: str | None = None) -> None:
    # lang travels along because a page switch drops the query string.
    st.page_link(LESSON, label=label, icon=icon, query_params={"lesson": lesson.id, "lang": current_lang()})


UPLOAD_LIMIT_MB = 5  # .streamlit/config.toml's server.maxUploadSize; services refuse bigger files too


def localise_streamlit() -> None:
    """Streamlit draws a few words of its own that no Python argument sets: the uploader's "Upload" button and
    its "200MB per file" line. In Korean they are replaced by CSS (pseudo-elements carry the page's words)."""
    if current_lang() == "en":
        return
    upload = json.dumps(t("streamlit.upload"), ensure_ascii=False)
    limit = json.dumps(t("streamlit.upload_limit", mb=UPLOAD_LIMIT_MB), ensure_ascii=False)
    st.html(
        "<style>"
        '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p{display:none}'
        f'[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after{{content:{upload}}}'
        '[data-testid="stFileUploaderDropzoneInstructions"] span{display:none}'
        f'[data-testid="stFileUploaderDropzoneInstructions"] div::after{{content:{limit}}}'
        "</style>"
    )
