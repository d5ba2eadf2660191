"""The queue grading backend's database side: enqueue a stored submission, claim it, place in line, queue figures.

Why Dramatiq: it acknowledges a message only after the actor has finished (a worker killed mid-job leaves the
message to be delivered again), it ships a Retries middleware, and it speaks both RabbitMQ (durable queues and
persistent messages: queued jobs survive a broker restart) and Redis. It needs no result store and no beat
process, and its worker is a plain Python API we can wrap in `python -m grader worker`.

The database, not the broker, is the source of truth: the submission row is committed before its message is
sent, a worker claims it with one UPDATE that counts the attempt (refused while another live worker holds it), and
finish_submission stores the grade and pays XP once, so a message delivered twice pays once. The sweeper (`sweep`,
run by every worker) re-sends rows nobody live holds after a grace period: the app died between commit and send,
a worker died while re-sending, or a redelivery came before its dead holder's heartbeat had gone stale.
"""
from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.orm import Session

import db
import locales
from db.models import GradingWorker, Submission
from db.types import utcnow
from services import exercises as exercise_service

QUEUE_NAME = "grading"
ACTOR_NAME = "grade_submission"
# A submission is claimed at most this many times; the claim after that stores a grader failure instead of
# running it again (a job that kills its worker every time must not take the whole class's workers down).
MAX_ATTEMPTS = 3
# Redis broker: a worker whose broker heartbeat is this old is dead and its unacked messages go back to the
# queue. Dramatiq's default is 60 s; a learner should not wait that long after a worker dies.
BROKER_HEARTBEAT_TIMEOUT_S = 15
# Redis broker: how many broker commands in a million run the dead-worker sweep. Dramatiq's default (1000)
# means minutes on an idle queue; 100000 (one in ten) finds a dead worker within a few seconds of the timeout.
MAINTENANCE_CHANCE = 100_000
WORKER_ALIVE_S = 30  # a worker seen in the grading_workers table this recently counts as alive
THROUGHPUT_WINDOW = timedelta(minutes=10)
ENQUEUE_FAILED = "enqueue_failed"  # last_error prefix of a stored submission whose message never left


class QueueError(Exception):
    """The grading queue cannot be used."""


class BrokerUrlInvalid(QueueError):
    """The broker URL names no broker we speak (redis:// or amqp://)."""


class BrokerUnavailable(QueueError):
    """The broker did not take the message; the submission is stored and a worker will send it again."""

    submission_id: int | None = None  # set by enqueue: the stored submission the page can keep following


@dataclass(frozen=True)
class Claim:
    """What a worker needs to grade one submission, read in the same statement that claimed it."""

    submission_id: int
    exercise_id: str
    code: str
    attempts: int  # including this one
    lang: str | None = None  # stored with the row (older rows have none: the message says)
    base_xp: int | None = None


@dataclass(frozen=True)
class QueueStats:
    queued: int
    running: int
    workers_alive: int
    graded_last_10_min: int

    @property
    def per_minute(self) -> float:
        return self.graded_last_10_min / (THROUGHPUT_WINDOW.total_seconds() / 60)


# ---- broker ----------------------------------------------------------------------------------------------
def make_broker(url: str, *, worker: bool = False):
    """A Dramatiq broker for a redis:// or amqp:// URL (imported here so the local backend needs no broker)."""
    scheme = urlsplit(url).scheme
    if scheme in ("redis", "rediss", "unix"):
        from dramatiq.brokers.redis import RedisBroker

        options: dict[str, Any] = {"heartbeat_timeout": BROKER_HEARTBEAT_TIMEOUT_S * 1000}
        if worker:
            options["maintenance_chance"] = MAINTENANCE_CHANCE
        return RedisBroker(url=url, **options)
    if scheme in ("amqp", "amqps"):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        return RabbitmqBroker(url=url)
    raise BrokerUrlInvalid(f"broker URL must start with redis:// or amqp://, not {url.split('://')[0]!r}://")


def send(broker, submission_id: int, lang: str, base_xp: int, queue_name: str = QUEUE_NAME) -> None:
    """Put one message on the queue; raises BrokerUnavailable if the broker does not take it."""
    from dramatiq import Message

    message = Message(queue_name=queue_name, actor_name=ACTOR_NAME, args=(submission_id,),
                      kwargs={"lang": lang, "base_xp": base_xp}, options={})
    try:
        broker.declare_queue(queue_name)
        broker.enqueue(message)
    except Exception as exc:  # redis / pika connection errors differ; the caller only needs to know it failed
        raise BrokerUnavailable(f"{type(exc).__name__}: {exc}") from None


def enqueue(engine: Engine, broker, learner_id: int, exercise_id: str, code: str, lang: str, base_xp: int,
            queue_name: str = QUEUE_NAME, now: datetime | None = None) -> int:
    """Store a queued submission (committed) and only then send its message; returns the submission id.

    If the broker is down the submission stays stored with last_error 'enqueue_failed…' and BrokerUnavailable
    is raised; any worker resends such rows (resend_unsent), so nothing the learner submitted is lost.
    """
    with db.session_scope(engine) as session:
        submission_id = exercise_service.create_submission(session, learner_id, exercise_id, code, now,
                                                           lang=lang, base_xp=base_xp).id
    try:
        send(broker, submission_id, lang, base_xp, queue_name)
    except BrokerUnavailable as exc:
        with db.session_scope(engine) as session:
            session.execute(update(Submission).where(Submission.id == submission_id)
                            .values(last_error=f"{ENQUEUE_FAILED} {lang} {base_xp}: {exc}"[:2000]))
        exc.submission_id = submission_id
        raise
    return submission_id


def resend_unsent(engine: Engine, broker, queue_name: str = QUEUE_NAME, limit: int = 100) -> int:
    """Send the messages of stored submissions whose enqueue failed; each row is taken by one caller only."""
    sent = 0
    with db.session_scope(engine) as session:
        rows = session.execute(
            select(Submission.id, Submission.last_error)
            .where(Submission.state == "queued", Submission.last_error.like(f"{ENQUEUE_FAILED}%"))
            .order_by(Submission.id).limit(limit)
        ).all()
    for submission_id, note in rows:
        with db.session_scope(engine) as session:
            taken = session.execute(
                update(Submission).where(Submission.id == submission_id, Submission.last_error == note)
                .values(last_error=None).execution_options(synchronize_session=False)
            ).rowcount == 1
        if not taken:
            continue
        _, lang, base_xp = note.split(":", 1)[0].split(" ")
        try:
            send(broker, submission_id, lang, int(base_xp), queue_name)
            sent += 1
        except BrokerUnavailable:
            with db.session_scope(engine) as session:
                session.execute(update(Submission).where(Submission.id == submission_id).values(last_error=note))
            break
    return sent


def waiting_in_broker(broker, queue_name: str = QUEUE_NAME) -> int | None:
    """Messages waiting in the broker's queue (not yet delivered), or None if this broker cannot say."""
    try:
        if hasattr(broker, "get_queue_message_counts"):  # RabbitMQ: (ready, delayed, dead-lettered)
            return int(broker.get_queue_message_counts(queue_name)[0])
        if type(broker).__name__ == "RedisBroker":
            return int(broker.do_qsize(queue_name))
    except Exception:  # cannot tell: sweep as if the line were empty (a duplicate message pays nothing)
        return None
    return None


# ---- worker side -----------------------------------------------------------------------------------------
def claim(session: Session, submission_id: int, worker_id: str, now: datetime | None = None) -> Claim | None:
    """queued/running -> running by `worker_id` and count the attempt; None if it is done already (a redelivery
    after the grade was stored), unknown, or held by another worker that is still alive (a duplicate message: it
    must not be graded twice at once). A row whose holder died is claimed again; that is why it came back.

    Compare-and-set on (state, worker): of two processes claiming at once, exactly one gets the row."""
    now = now or utcnow()
    row = session.execute(select(Submission.state, Submission.worker).where(Submission.id == submission_id)).first()
    if row is None or row.state == "done":
        return None
    if row.worker not in (None, worker_id) and not worker_gone(session, row.worker, now):
        return None
    holder = Submission.worker.is_(None) if row.worker is None else Submission.worker == row.worker
    claimed = session.execute(
        update(Submission)
        .where(Submission.id == submission_id, Submission.state == row.state, holder)
        .values(state="running", attempts=Submission.attempts + 1, worker=worker_id,
                started_at=func.coalesce(Submission.started_at, now))
        .returning(Submission.id, Submission.exercise_id, Submission.code, Submission.attempts, Submission.lang,
                   Submission.base_xp)
        .execution_options(synchronize_session=False)
    ).first()
    return Claim(*claimed) if claimed else None


def release(session: Session, submission_id: int, worker_id: str, error: str) -> None:
    """Give a claimed row back (its grading raised): queued again with no holder, so a retry may claim it."""
    session.execute(
        update(Submission)
        .where(Submission.id == submission_id, Submission.worker == worker_id, Submission.state == "running")
        .values(state="queued", worker=None, last_error=error[:2000]).execution_options(synchronize_session=False)
    )


def worker_gone(session: Session, worker_id: str, now: datetime | None = None) -> bool:
    """True if the process holding a claim is dead: no heartbeat row (it retired), none for WORKER_ALIVE_S, or
    on this host with its pid gone (a killed app or worker is known dead at once, not after the timeout)."""
    now = now or utcnow()
    seen = session.execute(select(GradingWorker.last_seen, GradingWorker.host, GradingWorker.pid)
                           .where(GradingWorker.id == worker_id)).first()
    if seen is None or seen.last_seen < now - timedelta(seconds=WORKER_ALIVE_S):
        return True
    return seen.host == socket.gethostname()[:255] and not _pid_alive(seen.pid)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def sweep(engine: Engine, broker, grace_s: float, queue_name: str = QUEUE_NAME, now: datetime | None = None,
          limit: int = 100) -> int:
    """Re-send every unfinished row no live worker holds whose last hand-out (send, or commit if never sent) is
    older than `grace_s`. Each row is taken by one sweeper (compare-and-set on sent_at); a sweeper that dies after
    taking it leaves sent_at to age again, so the next sweep sends it. Returns how many were sent."""
    now = now or utcnow()
    due = now - timedelta(seconds=grace_s)
    # While messages wait in the broker, a queued row is most likely one of them (a long line, or no worker up):
    # re-sending it would only add duplicates. Once the line is empty, a queued row past the grace has lost its.
    line_is_empty = waiting_in_broker(broker, queue_name) in (0, None)
    with db.session_scope(engine) as session:
        rows = session.execute(
            select(Submission.id, Submission.state, Submission.worker, Submission.sent_at, Submission.lang,
                   Submission.base_xp)
            .where(Submission.state.in_(("queued", "running")),
                   func.coalesce(Submission.sent_at, Submission.created_at) < due)
            .order_by(Submission.id).limit(limit)
        ).all()
    sent = 0
    for row in rows:
        if row.state == "queued" and row.worker is None and not line_is_empty:
            continue
        with db.session_scope(engine) as session:
            if row.worker is not None and not worker_gone(session, row.worker, now):
                continue  # being graded by a live worker (or handed to a live app process)
            was = Submission.sent_at.is_(None) if row.sent_at is None else Submission.sent_at == row.sent_at
            taken = session.execute(
                update(Submission).where(Submission.id == row.id, Submission.state == row.state, was)
                .values(sent_at=now).execution_options(synchronize_session=False)
            ).rowcount == 1
        if not taken:
            continue
        try:
            send(broker, row.id, row.lang or "ko", row.base_xp or 0, queue_name)
            sent += 1
        except BrokerUnavailable:
            break  # sent_at ages again; the next sweep tries once the broker is back
    return sent


def grader_failure(exercise_id: str, lang: str, attempts: int) -> dict[str, Any]:
    """The stored result of a job that failed MAX_ATTEMPTS times: ungradable, so never the learner's attempt."""
    text = locale_text(lang, "queue.grader_failed").format(attempts=attempts)
    return {"exercise_id": exercise_id, "status": "error", "gradable": False, "score": 0.0, "message": text,
            "mode": "grade", "tests": [], "diagnoses": [{"id": "grader_failed", "message": text}]}


def record_error(session: Session, submission_id: int, error: str) -> None:
    session.execute(update(Submission).where(Submission.id == submission_id).values(last_error=error[:2000])
                    .execution_options(synchronize_session=False))


def beat(session: Session, worker_id: str, threads: int, jobs_done: int, now: datetime | None = None,
         protections_missing: list[str] | None = None) -> None:
    """Write this worker's heartbeat row (insert the first time), with the sandbox protections it lacks."""
    now = now or utcnow()
    missing = json.dumps(sorted(protections_missing)) if protections_missing else None
    changed = session.execute(
        update(GradingWorker).where(GradingWorker.id == worker_id)
        .values(last_seen=now, jobs_done=jobs_done, threads=threads, protections_missing=missing)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        host, pid = socket.gethostname(), int(worker_id.split(":")[1])
        session.execute(insert(GradingWorker).values(id=worker_id, host=host[:255], pid=pid, threads=threads,
                                                     started_at=now, last_seen=now, jobs_done=jobs_done,
                                                     protections_missing=missing))


def protections_missing(session: Session, now: datetime | None = None) -> dict[str, list[str]]:
    """Live graders (queue workers, app processes grading locally) that lack a sandbox protection: id -> names."""
    now = now or utcnow()
    rows = session.execute(select(GradingWorker.id, GradingWorker.protections_missing)
                           .where(GradingWorker.last_seen >= now - timedelta(seconds=WORKER_ALIVE_S),
                                  GradingWorker.protections_missing.is_not(None))).all()
    return {worker_id: json.loads(missing) for worker_id, missing in rows if missing and json.loads(missing)}


def retire(session: Session, worker_id: str) -> None:
    """A worker that stops cleanly removes its row at once (a killed one just stops being seen)."""
    session.execute(delete(GradingWorker).where(GradingWorker.id == worker_id))


# ---- app side --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SubmissionState:
    state: str  # queued | running | done
    position: int  # 1 = next to be graded; 0 once running or done
    result: dict[str, Any] | None  # GradeResult.to_dict() once done


def submission_state(session: Session, submission_id: int) -> SubmissionState:
    row = session.execute(select(Submission.state, Submission.result_json).where(Submission.id == submission_id)).first()
    if row is None:
        raise exercise_service.SubmissionNotFound(f"no submission with id {submission_id}")
    state, result_json = row
    result = json.loads(result_json) if state == "done" and result_json else None
    position = place_in_queue(session, submission_id) if state == "queued" else 0
    return SubmissionState(state, position, result)


def place_in_queue(session: Session, submission_id: int) -> int:
    """1 + the queued submissions stored before this one, from the database (so across app replicas); 0 if it is
    not queued. Ids, not clocks: replicas' clocks may differ, the database hands out ids in order."""
    mine = session.scalar(select(Submission.state).where(Submission.id == submission_id))
    if mine != "queued":
        return 0
    ahead = session.scalar(select(func.count()).select_from(Submission)
                           .where(Submission.state == "queued", Submission.id < submission_id))
    return int(ahead) + 1


def queue_stats(session: Session, now: datetime | None = None) -> QueueStats:
    """Queue length, running jobs, workers alive (heartbeat in the last WORKER_ALIVE_S) and grades stored in the
    last ten minutes."""
    now = now or utcnow()
    counts = dict(session.execute(
        select(Submission.state, func.count()).where(Submission.state.in_(("queued", "running")))
        .group_by(Submission.state)
    ).all())
    alive = session.scalar(select(func.count()).select_from(GradingWorker)
                           .where(GradingWorker.last_seen >= now - timedelta(seconds=WORKER_ALIVE_S)))
    graded = session.scalar(select(func.count()).select_from(Submission)
                            .where(Submission.state == "done", Submission.finished_at >= now - THROUGHPUT_WINDOW))
    return QueueStats(queued=int(counts.get("queued", 0)), running=int(counts.get("running", 0)),
                      workers_alive=int(alive or 0), graded_last_10_min=int(graded or 0))


def locale_text(lang: str, key: str) -> str:
    """A string from locales/ for text a worker stores (it has no Streamlit session to ask for the language)."""
    return locales.text(lang, key)
