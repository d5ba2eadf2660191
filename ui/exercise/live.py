"""Live grading status: the page follows this learner's stored submissions (whichever process grades them, and
across restarts) and this session's runs, polled by a fragment while any is unfinished."""
from __future__ import annotations

from datetime import timedelta

import streamlit as st

from db.types import utcnow
from services.grading import RunJob, TrackedSubmission
from services.run_limit import RUN_LIMITER
from ui import grading
from ui.celebrate import celebrate_earned
from ui.i18n import t

POLL_S = 0.5
FOLLOW_S = 3600.0  # a submission nobody graded for this long is no longer polled; the page says it is kept
KEEP_RUNS = 3


def _watched(exercise_id: str, learner_id: int) -> dict[int, bool]:
    """Submission id -> announced, for the submissions this session has seen unfinished."""
    return st.session_state.setdefault(f"ex:{exercise_id}:{learner_id}:watched", {})


def runs_of(exercise_id: str) -> list[tuple[int, RunJob]]:
    """(number, job) of this session's runs, oldest first; runs are not stored."""
    return st.session_state.setdefault(f"ex:{exercise_id}:runs", [])


def latest_run(exercise_id: str) -> tuple[int, RunJob] | None:
    return next(((n, job) for n, job in reversed(runs_of(exercise_id)) if job.done), None)


def submit(exercise_id: str, learner_id: int, code: str, lang: str, base_xp: int) -> int:
    submission_id = grading.service().submit(learner_id, exercise_id, code, lang, base_xp)
    _watched(exercise_id, learner_id)[submission_id] = False
    return submission_id


def run(exercise_id: str, learner_id: int, code: str, lang: str) -> float:
    """Queue an ungraded run; returns 0, or the seconds to wait when the learner ran too often (lesson blocks and
    exercises share one budget, services/run_limit.py) and nothing was queued."""
    wait = RUN_LIMITER.take(learner_id)
    if wait:
        return wait
    runs = runs_of(exercise_id)
    runs.append(((runs[-1][0] if runs else 0) + 1, grading.service().run(exercise_id, code, lang)))
    del runs[:-KEEP_RUNS]
    return 0.0


def open_submissions(exercise_id: str, learner_id: int) -> list[int]:
    """The learner's ungraded submissions, from the database: also those made before a restart or in another tab."""
    return _follow(grading.service().open_submissions(learner_id, exercise_id), exercise_id, learner_id)


def overview(exercise_id: str, learner_id: int) -> tuple[list[int], TrackedSubmission | None]:
    """(ungraded submission ids, the newest submission if it is done: the current verdict), followed from now on."""
    open_ids, latest = grading.service().overview(learner_id, exercise_id)
    return _follow(open_ids, exercise_id, learner_id), latest


def _follow(ids: list[int], exercise_id: str, learner_id: int) -> list[int]:
    watched = _watched(exercise_id, learner_id)
    for submission_id in ids:
        watched.setdefault(submission_id, False)
    return ids


def announce(exercise_id: str, learner_id: int) -> None:
    """Toast what each followed submission paid (read through its own id), once, when it is done."""
    watched = _watched(exercise_id, learner_id)
    for submission_id, announced in list(watched.items()):
        if announced:
            continue
        tracked = grading.service().submission(submission_id)
        if not tracked.done:
            continue
        watched[submission_id] = True
        celebrate_earned(tracked.paid.xp, tracked.paid.new_level, tracked.paid.achievements)


def status_panel(exercise_id: str, learner_id: int, open_ids: list[int]) -> None:
    """st.status per unfinished submission or run; reruns the whole page when one finishes."""
    waiting_runs = [(n, job) for n, job in runs_of(exercise_id) if not job.done]
    service = grading.service()
    followed = [i for i in open_ids if not given_up(service.submission(i))]
    polling = bool(followed or waiting_runs)
    if not (open_ids or waiting_runs):
        return  # nothing to follow: no fragment to draw

    @st.fragment(run_every=POLL_S if polling else None)
    def panel() -> None:
        health = service.health() if open_ids else None
        finished = False
        for submission_id in open_ids:
            tracked = service.submission(submission_id)
            finished |= tracked.done and submission_id in followed
            if not tracked.done:
                _submission_status(tracked, health)
        for number, job in waiting_runs:
            finished |= job.done
            if not job.done:
                _run_status(number, job)
        if finished:
            st.rerun()  # the whole page: verdict, history, hints and XP follow the new result

    panel()


def given_up(tracked: TrackedSubmission) -> bool:
    return not tracked.done and utcnow() - tracked.created_at > timedelta(seconds=FOLLOW_S)


def _submission_status(tracked: TrackedSubmission, health) -> None:
    what = t("exercise.job_grade", number=tracked.number)
    if given_up(tracked):
        st.status(t("exercise.status_waiting_elsewhere", what=what), state="error", expanded=True).write(
            t("queue.gave_up"))
        return
    # Not `with st.status(...)`: leaving the block would mark it complete while the job still waits.
    if tracked.state == "queued":
        box = st.status(t("exercise.status_queued", what=what, position=tracked.position), state="running")
        box.write(t("exercise.queued_note"))
        if tracked.broker_down:
            box.warning(t("queue.broker_down"))
        elif health.error:
            box.error(t("exercise.grader_down", detail=health.error))
        elif health.warming_up:
            box.caption(t("exercise.warming_up"))
        elif health.workers_alive == 0:
            box.caption(t("queue.no_workers"))
    else:
        st.status(t("exercise.status_running", what=what), state="running").write(t("exercise.running_note"))


def _run_status(number: int, job: RunJob) -> None:
    what = t("exercise.job_run", number=number)
    if job.ticket.state == "queued":
        st.status(t("exercise.status_queued", what=what, position=job.ticket.position), state="running")
    else:
        st.status(t("exercise.status_running", what=what), state="running").write(t("exercise.running_note"))
