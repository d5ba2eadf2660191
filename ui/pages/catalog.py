"""Home: where to continue, today's goal and streak, then every course as a card with its lessons, their
exercises and done marks; search (titles, tags, summaries in every language) and a tag filter."""
import streamlit as st

from ui import data, widgets
from ui.i18n import current_lang, t
from ui.pages import EXERCISE

catalog = data.catalog()
home = data.home(catalog)
lang = current_lang()
courses = [(course, data.visible(course.lessons)) for course in catalog.courses]

st.title(t("catalog.title"))
if data.show_drafts() and catalog.problems:
    with st.expander(t("catalog.problems", count=len(catalog.problems)), icon="⚠️"):
        st.code("\n".join(str(problem) for problem in catalog.problems), language=None)

if not any(lessons for _, lessons in courses):
    st.info(t("catalog.no_courses"))
    st.stop()

# What to do next, and how today is going: the first thing a returning learner looks for.
next_col, goal_col, streak_col = st.columns([2, 1, 1])
with next_col.container(border=True, key="home_continue"):
    step = home.next_step
    if step is None:
        st.markdown(f"**{t('home.all_done')}**")
    else:
        lesson = catalog.lesson(step.lesson_id)
        st.caption(t("home.continue") if home.started else t("home.start"))
        if step.kind == "lesson":
            st.markdown(f"**{widgets.lesson_title(lesson)}**")
            widgets.lesson_link(lesson, t("home.open_lesson"), icon=":material/play_arrow:")
        else:
            exercise = catalog.exercise(step.exercise_id)
            st.markdown(f"**{exercise.text(lang).title}**")
            st.caption(t("home.exercise_of", lesson=widgets.lesson_title(lesson)))
            st.page_link(EXERCISE, label=t("home.open_exercise"), icon=":material/play_arrow:",
                         query_params={"exercise": exercise.id, "lang": lang})
with goal_col.container(border=True, key="home_goal"):
    goal = home.goal
    st.metric(t("home.goal"), t("home.goal_value", earned=goal.earned_today, goal=goal.goal))
    st.progress(min(goal.earned_today / goal.goal, 1.0) if goal.goal else 0.0,
                text=t("home.goal_met") if goal.met else t("home.goal_left", xp=goal.goal - goal.earned_today))
with streak_col.container(border=True, key="home_streak"):
    streak = home.streak
    st.metric(t("home.streak"), t("home.streak_days", count=streak.current))
    st.caption(t("home.today_done") if streak.today_done else t("home.today_pending"))

search_col, tags_col = st.columns(2)
query = search_col.text_input(t("catalog.search"), key="catalog_search", placeholder=t("catalog.search_placeholder"))
all_tags = sorted({tag for _, lessons in courses for lesson in lessons for tag in lesson.tags})
chosen_tags = tags_col.multiselect(t("catalog.tags"), all_tags, key="catalog_tags",
                                   placeholder=t("catalog.tags_placeholder"), select_all=False)
filtering = bool(query.strip() or chosen_tags)

for course, lessons in courses:
    if not lessons:
        continue
    shown = [lesson for lesson in lessons if data.matches(lesson, query, chosen_tags)]
    if filtering and not shown:
        continue
    counted = [lesson for lesson in lessons if not data.is_draft(lesson)]
    exercise_ids = [e for lesson in counted for e in lesson.exercises]
    with st.container(border=True, key=f"course-{course.id}"):
        st.subheader(course.title_in(lang))
        st.caption(course.description_in(lang))
        finished = sum(lesson.id in home.lessons_done for lesson in counted)
        st.progress(finished / len(counted) if counted else 0.0, text=" · ".join([
            t("catalog.lessons_done", done=finished, total=len(counted)),
            t("catalog.exercises_passed", done=sum(e in home.exercises_passed for e in exercise_ids),
              total=len(exercise_ids)),
        ]))
        for number, lesson in enumerate(lessons, start=1):
            if lesson not in shown:
                continue  # numbers stay those of the course, not of the filtered list
            done = lesson.id in home.lessons_done
            widgets.lesson_link(lesson, f"{number:02d} · {widgets.lesson_title(lesson)}",
                                icon=":material/check_circle:" if done else ":material/radio_button_unchecked:")
            parts = [widgets.lesson_meta(lesson)]
            if lesson.exercises:
                parts.append(t("catalog.lesson_exercises", done=sum(e in home.exercises_passed
                                                                    for e in lesson.exercises),
                               count=len(lesson.exercises)))
            st.caption(" · ".join(parts))
if filtering and not any(data.matches(lesson, query, chosen_tags) for _, lessons in courses for lesson in lessons):
    st.info(t("catalog.no_match"))
