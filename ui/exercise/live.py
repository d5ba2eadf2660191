"""Live grading status: each job's place in the queue, polled by a fragment while any job is unfinished."""
from __future__ import annotations

import streamlit as st

from ui import grading
from ui.exercise.jobs import GradingJob
from ui.i18n import current_lang, t

POLL_S = 0.5
KEEP_DONE = 5  # finished jobs kept per exercise; unfinished ones are never dropped


def jobs_of(exercise_id: str) -> list[GradingJob]:
    return st.session_state.setdefault(f"ex:{exercise_id}:jobs", [])


def add(exercise_id: str, job: GradingJob) -> None:
    jobs = jobs_of(exercise_id)
    job.number = (jobs[-1].number if jobs else 0) + 1  # "Submission #2" counts this page's jobs
    jobs.append(job)
    done = [j for j in jobs if j.done]
    for old in done[:-KEEP_DONE]:
        jobs.remove(old)


def latest_done(exercise_id: str, kind: str) -> GradingJob | None:
    return next((j for j in reversed(jobs_of(exercise_id)) if j.kind == kind and j.done and j.result is not None),
                None)


def announce(exercise_id: str) -> None:
    """Toast XP, level-ups and achievements once per job; the page calls this on the full rerun after a job finishes."""
    for job in jobs_of(exercise_id):
        if not job.done or job.announced:
            continue
        job.announced = True
        if job.xp_awarded:
            st.toast(t("exercise.toast_xp", xp=job.xp_awarded), icon="🎉")
        if job.new_level is not None:
            st.balloons()
            st.toast(t("exercise.toast_level", level=job.new_level), icon="⭐")
        if job.achievements and job.new_level is None:
            st.balloons()  # once per job: a level-up already threw them
        for achievement in job.achievements:
            name = achievement.name.get(current_lang()) or achievement.name.get("ko", achievement.id)
            st.toast(t("exercise.toast_achievement", name=name), icon=achievement.icon or "🏆")
        if job.record_error:
            st.error(t("exercise.record_failed", detail=job.record_error))


def status_panel(exercise_id: str) -> None:
    """st.status per unfinished job (and the last finished one); reruns the page when one finishes."""
    waiting = {j.number for j in jobs_of(exercise_id) if not j.done}

    @st.fragment(run_every=POLL_S if waiting else None)
    def panel() -> None:
        jobs = jobs_of(exercise_id)
        finished = [j for j in jobs if j.done and j.ticket is not None]
        shown = [j for j in jobs if not j.done] + finished[-1:]
        for job in sorted(shown, key=lambda j: j.number):
            _status(job)
        if any(j.number in waiting and j.done for j in jobs):
            st.rerun()  # the whole page: verdict, history, hints and XP follow the new result

    panel()


def _status(job: GradingJob) -> None:
    what = t("exercise.job_grade" if job.kind == "grade" else "exercise.job_run", number=job.number)
    if job.gave_up:
        st.status(t("exercise.status_waiting_elsewhere", what=what), state="error", expanded=True).write(
            t("queue.gave_up"))
        return
    if job.done:
        st.status(t("exercise.status_done", what=what), state="complete", expanded=False)
        return
    if isinstance(job.ticket, grading.QueuedTicket):
        _queued_status(job, what)
        return
    # Not `with st.status(...)`: leaving the block would mark it complete while the job still waits.
    handle = grading.get_pool()
    if job.ticket.state == "queued":
        box = st.status(t("exercise.status_queued", what=what, position=job.ticket.position), state="running")
        box.write(t("exercise.queued_note"))
        if handle.error:
            box.error(t("exercise.grader_down", detail=handle.error))
        elif not handle.ready.is_set():
            box.caption(t("exercise.warming_up"))
    else:
        st.status(t("exercise.status_running", what=what), state="running").write(t("exercise.running_note"))


def _queued_status(job: GradingJob, what: str) -> None:
    """Queue backend: place in line across every app replica, read from the database (no local pool involved)."""
    if job.ticket.state == "queued":
        box = st.status(t("exercise.status_queued", what=what, position=job.ticket.position), state="running")
        box.write(t("exercise.queued_note"))
        if job.notice:
            box.warning(t(job.notice))
        elif not grading.workers_alive(job.ticket.engine):
            box.caption(t("queue.no_workers"))
    else:
        st.status(t("exercise.status_running", what=what), state="running").write(t("exercise.running_note"))
