"""Write a lesson in the app (staff only): paste or upload markdown, see the learner's view and the checker's
problems as file:line: message, and publish it into the content folder as a hand-written file."""
from pathlib import Path

import streamlit as st

from catalog import importer, publish
from catalog.lint import lint_lesson
from ui import data, identity, widgets
from ui.blocks import render_markdown
from ui.i18n import current_lang, t
from ui.pages import LESSON

TEXT, UPLOAD, UPLOAD_ERROR = "authoring:text", "authoring:upload", "authoring:upload_error"
# A notebook's images, held until publishing writes them into the course's assets/ folder; and what it could
# not carry over, as file:line lines.
ASSETS, NOTICES = "authoring:assets", "authoring:notices"


def _load_upload() -> None:
    # A callback runs before the text area is drawn, so it may fill it; a bad file leaves the typed text alone.
    upload = st.session_state.get(UPLOAD)
    for key in (UPLOAD_ERROR, ASSETS, NOTICES):
        st.session_state.pop(key, None)  # a removed or new file takes the last one's complaint and images along
    if upload is None:
        return
    try:
        text = upload.getvalue().decode("utf-8")
    except UnicodeDecodeError:
        st.session_state[UPLOAD_ERROR] = t("authoring.upload_bad")
        return
    if not upload.name.lower().endswith(".ipynb"):
        st.session_state[TEXT] = text
        return
    # The same conversion as `python -m catalog import`, into the course chosen above.
    catalog = data.catalog()
    chosen = next((c for c in catalog.courses if c.id == st.session_state.get("authoring:course")), catalog.courses[0])
    known = {lesson.id for lesson in catalog.lessons}
    try:
        planned = importer.plan_upload(text, upload.name, chosen.path.parent, chosen.id, known)
    except importer.ImportRefused as error:
        st.session_state[UPLOAD_ERROR] = t("authoring.upload_notebook_bad", error=str(error))
        return
    st.session_state[TEXT] = planned.text
    st.session_state["authoring:slug"] = planned.target.name[3:-3]  # NN-<slug>.md: the notebook's own name
    st.session_state[ASSETS] = planned.assets
    st.session_state[NOTICES] = [f"{n.path.name}:{n.line}: {n.message}" for n in planned.notices]


def _shown(path: Path) -> str:
    return "/".join(path.parts[-3:])  # lessons/<course>/<file>, as `catalog check` names it


identity.require_role("instructor", "admin")
catalog = data.catalog()
st.title(t("authoring.title"))
st.caption(t("authoring.intro"))
if not catalog.courses:
    st.info(t("authoring.no_courses"))
    st.stop()

courses = {course.id: course for course in catalog.courses}
course = courses[st.selectbox(t("authoring.course"), list(courses), key="authoring:course",
                              format_func=lambda c: f"{courses[c].title_in(current_lang())} ({c})")]
lang = st.radio(t("authoring.language"), ["ko", "en"], key="authoring:lang", horizontal=True,
                format_func=lambda code: t(f"authoring.languages.{code}"))
base = None
if lang != "ko":
    if not course.lessons:
        st.info(t("authoring.no_lessons"))
        st.stop()
    lessons = {lesson.id: lesson for lesson in course.lessons}
    base = lessons[st.selectbox(t("authoring.translates"), list(lessons), key="authoring:base",
                                format_func=lambda i: f"{i} · {lessons[i].text('ko').title}")]
st.file_uploader(t("authoring.upload"), type=["md", "ipynb"], key=UPLOAD, on_change=_load_upload)
if st.session_state.get(UPLOAD_ERROR):
    st.error(st.session_state[UPLOAD_ERROR])
if st.session_state.get(NOTICES):
    st.warning(t("authoring.upload_notices", count=len(st.session_state[NOTICES])))
    st.code("\n".join(st.session_state[NOTICES]), language=None)
pending = st.session_state.get(ASSETS) or {}
text = st.text_area(t("authoring.text"), key=TEXT, height=320)
if not text.strip():
    st.info(t("authoring.empty"))
    st.stop()

slug = ""
if base is None:
    checked = publish.validate_lesson_text(text, course.path / "lesson.md", course.id)
    suggested = publish.suggest_slug(checked.lesson.id, course.id) if checked.lesson else ""
    slug = st.text_input(t("authoring.slug"), key="authoring:slug", help=t("authoring.slug_help"),
                         placeholder=suggested).strip()
    plan = publish.plan_lesson(catalog, course, checked, slug) if checked.lesson else None
else:
    plan = publish.plan_translation(base, lang)
    checked = publish.validate_lesson_text(text, plan.target, course.id, base, lang)

problems = checked.problems + (plan.problems if plan else [])
where = _shown(plan.target if plan else course.path / f"{slug or 'new-lesson'}.md")
if problems:
    st.subheader(t("authoring.problems", count=len(problems)))
    st.caption(t("authoring.problems_hint"))
    st.code("\n".join(f"{where}:{p.line}: {p.message}" for p in problems), language=None)

if checked.lesson is not None:
    # What `catalog check` would warn about once the file is written (the lesson shows, but not all as written).
    warnings = lint_lesson(plan.target if plan else course.path / "lesson.md", publish.normalize(text),
                           checked.lesson.text(lang).title, {known.id for known in catalog.lessons},
                           set(catalog.exercise_folders), pending)
    if warnings:
        st.warning(t("authoring.warnings", count=len(warnings)))
        st.code("\n".join(f"{where}:{w.line}: warning: {w.message}" for w in warnings), language=None)
    lesson = checked.lesson
    shown = lesson.text(lang)
    st.subheader(t("authoring.preview"))
    with st.container(border=True, key="authoring:preview"):
        # The lesson page's header and body, drawn by the same pieces.
        st.caption(course.title_in(lang))
        st.title(shown.title)
        st.caption(widgets.lesson_meta(lesson))
        if data.is_draft(lesson):
            st.warning(t("lesson.draft_notice"), icon="📝")
        render_markdown(shown.body, course.path, pending)

if plan is None or checked.lesson is None:
    st.stop()
if plan.needs_confirm:
    warning = t("authoring.replace_warning", path=_shown(plan.target), other=plan.replaces)
    if plan.stale:
        files = ", ".join(f"`{_shown(path)}`" for path in plan.stale)
        warning += " " + t("authoring.replace_translations", files=files)
    st.warning(warning)
    confirmed = st.checkbox(t("authoring.confirm"), key="authoring:confirm")
else:
    confirmed = False
    st.caption(t("authoring.target_update" if plan.exists else "authoring.target_new", path=_shown(plan.target)))
if st.button(t("authoring.publish"), key="authoring:publish", type="primary"):
    if problems:
        st.error(t("authoring.refused_problems"))
    elif plan.needs_confirm and not confirmed:
        st.error(t("authoring.refused_confirm"))
    else:
        try:
            used = {name: image for name, image in pending.items() if f"assets/{name}" in text}
            importer.write_assets(course.path, used)  # first: the lesson never points at images not there yet
            written = publish.publish(plan, text, confirmed=confirmed)
        except (publish.PublishRefused, importer.ImportRefused, OSError) as error:
            st.error(t("authoring.refused_io", error=error))
        else:
            done = "authoring.published_draft" if data.is_draft(checked.lesson) else "authoring.published"
            st.success(t(done, path=_shown(written)))
            st.page_link(LESSON, label=t("authoring.view_lesson"), query_params={"lesson": checked.lesson.id})
