"""The queue grading backend's database side: enqueue a stored submission, claim it, place in line, queue figures.

Why Dramatiq: it acknowledges a message only after the actor has finished (a worker killed mid-job leaves the
message to be delivered again), it ships a Retries middleware, and it speaks both RabbitMQ (durable queues and
persistent messages: queued jobs survive a broker restart) and Redis. It needs no result store and no beat
process, and its worker is a plain Python API we can wrap in `python -m grader worker`.

The database, not the broker, is the source of truth: the submission row is committed before its message is
sent, a worker claims it with one UPDATE that counts the attempt, and finish_submission stores the grade and pays
XP once, so a message delivered twice grades twice at worst and pays once.
"""
from __future__ import annotations

import json
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
        submission_id = exercise_service.create_submission(session, learner_id, exercise_id, code, now).id
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


# ---- worker side -----------------------------------------------------------------------------------------
def claim(session: Session, submission_id: int, worker_id: str, now: datetime | None = None) -> Claim | None:
    """queued/running -> running and count the attempt; None if it is done already (a redelivery after the grade
    was stored) or unknown. A 'running' row is claimed again: its worker died, which is why it came back."""
    now = now or utcnow()
    row = session.execute(
        update(Submission)
        .where(Submission.id == submission_id, Submission.state.in_(("queued", "running")))
        .values(state="running", attempts=Submission.attempts + 1, worker=worker_id,
                started_at=func.coalesce(Submission.started_at, now))
        .returning(Submission.id, Submission.exercise_id, Submission.code, Submission.attempts)
        .execution_options(synchronize_session=False)
    ).first()
    return Claim(*row) if row else None


def grader_failure(exercise_id: str, lang: str, attempts: int) -> dict[str, Any]:
    """The stored result of a job that failed MAX_ATTEMPTS times: ungradable, so never the learner's attempt."""
    text = locale_text(lang, "queue.grader_failed").format(attempts=attempts)
    return {"exercise_id": exercise_id, "status": "error", "gradable": False, "score": 0.0, "message": text,
            "mode": "grade", "tests": [], "diagnoses": [{"id": "grader_failed", "message": text}]}


def record_error(session: Session, submission_id: int, error: str) -> None:
    session.execute(update(Submission).where(Submission.id == submission_id).values(last_error=error[:2000])
                    .execution_options(synchronize_session=False))


def beat(session: Session, worker_id: str, threads: int, jobs_done: int, now: datetime | None = None) -> None:
    """Write this worker's heartbeat row (insert the first time)."""
    now = now or utcnow()
    changed = session.execute(
        update(GradingWorker).where(GradingWorker.id == worker_id)
        .values(last_seen=now, jobs_done=jobs_done, threads=threads).execution_options(synchronize_session=False)
    ).rowcount
    if not changed:
        host, pid = socket.gethostname(), int(worker_id.split(":")[1])
        session.execute(insert(GradingWorker).values(id=worker_id, host=host[:255], pid=pid, threads=threads,
                                                     started_at=now, last_seen=now, jobs_done=jobs_done))


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
