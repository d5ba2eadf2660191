"""Benchmark: N concurrent real Streamlit sessions against one `streamlit run app.py`, each walking a learner's path.

Each session is a websocket client speaking Streamlit's own protocol (the BackMsg/ForwardMsg protobufs the browser
sends and receives), so the server does exactly the work a browser tab causes, while the client side costs almost
nothing on this 2-core machine (headless Chromium pages would take the CPU the app needs). Each learner: open a
lesson, press "Mark complete", open an exercise, type the solution and press Submit, then follow the page until the
verdict shows, with a full rerun every 0.5 s (the browser reruns only the status fragment at that pace, so this
bounds the cost of following from above). Every session is its own learner
(local_profile=browser: a guest profile per session).

Printed per N: p50/p95 of page response (send -> script_finished, the four actions), p50/p95 of grading as the
learner sees it (Submit -> "Passed" on the page) and as stored (finished_at - created_at), sessions that got no
verdict, and the app's peak memory (PSS of the app process + grader).
Usage: python bench/sessions.py [--postgres[=URL]] [N ...]   (default N: 10 30 50; database: a fresh SQLite file, or
a fresh schema on the PostgreSQL server, default postgresql+psycopg://postgres@127.0.0.1:5432/test)
"""
from __future__ import annotations

import _isolate  # noqa: F401  first: keeps bench/queue.py from shadowing the standard library's queue

import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import warnings
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

EXERCISE_ID = "clip-global-norm-step"
POLL_S = 0.5  # the exercise page's status fragment reruns this often while a submission waits
VERDICT_TIMEOUT_S = 300.0
FOLLOW_UP_S = 0.3  # after a fragment run, how long to wait for the full rerun it may have asked for
DEFAULT_NS = (10, 30, 50)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_for(tmp: Path, postgres: str | None) -> str:
    """A fresh database: a SQLite file, or a new schema on the PostgreSQL server at `postgres`."""
    if not postgres:
        return f"sqlite:///{tmp / 'bench.db'}"
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    schema = f"bench_sessions_{tmp.name.replace('-', '_').lower()}"
    admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    admin.dispose()
    return make_url(postgres).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False)


def start_app(tmp: Path, port: int, database_url: str) -> subprocess.Popen:
    env = {**os.environ, "STREAM_DATABASE_URL": database_url, "STREAM_DATA_DIR": str(tmp / "data"),
           "STREAM_PLAIN_EDITOR": "1", "STREAM_LOCAL_PROFILE": "browser", "STREAM_COOKIE_SECRET": "bench-sessions",
           "STREAM_GRADING_BACKEND": "local"}
    log = (tmp / "app.log").open("w")
    app = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true",
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return app
        except OSError:
            if app.poll() is not None:
                raise SystemExit(f"bench: the app exited:\n{(tmp / 'app.log').read_text()[-2000:]}")
            time.sleep(0.3)
    raise SystemExit("bench: the app did not answer within 90 s")


def tree_pss_mb(pid: int) -> float:
    """Proportional memory (PSS: shared pages split among their sharers, so the grader's forked sandboxes are not
    counted once each) of a process and all its descendants: the app, the grader's zygote and sandboxes."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


class Session:
    """One browser tab, as the server sees it: a websocket speaking Streamlit's protocol."""

    def __init__(self, url: str) -> None:
        from websockets.sync.client import connect

        warnings.filterwarnings("ignore", category=DeprecationWarning, module=__name__)
        self.ws = connect(url, subprotocols=["streamlit"], origin=url.replace("ws://", "http://").split("/_stcore")[0],
                          max_size=None, open_timeout=60)
        self.widgets: dict[str, str] = {}  # label or key -> widget id, from the last run
        self.texts: list[str] = []
        self.errors: list[str] = []  # exceptions the page drew
        self.auto_rerun: tuple[str, float] | None = None  # (fragment id, interval) the server asked to rerun

    def run(self, page: str, query: str, widgets: list | None = None, fragment_id: str = "") -> float:
        """One script run (or, with fragment_id, one run of that fragment, as the browser's timer sends it);
        returns the seconds until the server said it finished, including a full rerun the run asked for."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = page
        msg.rerun_script.fragment_id = fragment_id
        msg.rerun_script.is_auto_rerun = bool(fragment_id)
        for state in widgets or []:
            msg.rerun_script.widget_states.widgets.append(state)
        if not fragment_id:
            self.widgets, self.auto_rerun = {}, None  # a full run forgets the fragments' timers, as the browser does
        self.texts = []
        started = time.perf_counter()
        self.ws.send(msg.SerializeToString())
        finished_fragment = False
        while True:
            forward = ForwardMsg()
            try:
                # After a fragment run, a full run may follow (st.rerun in the fragment): its first message comes at once.
                forward.ParseFromString(self.ws.recv(timeout=FOLLOW_UP_S if finished_fragment else VERDICT_TIMEOUT_S))
            except TimeoutError:
                if finished_fragment:
                    return ended - started
                raise
            kind = forward.WhichOneof("type")
            if kind == "new_session" and finished_fragment:  # the full run the fragment asked for
                finished_fragment, self.widgets, self.auto_rerun = False, {}, None
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                self._note(forward.delta.new_element)
            elif kind == "auto_rerun":
                self.auto_rerun = (forward.auto_rerun.fragment_id, forward.auto_rerun.interval)
            elif kind == "stop_auto_rerun":
                self.auto_rerun = None
            elif kind == "script_finished" and forward.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                finished_fragment, ended = True, time.perf_counter()
            elif kind == "script_finished" and forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return time.perf_counter() - started

    def _note(self, element) -> None:
        kind = element.WhichOneof("type")
        part = getattr(element, kind)
        if kind in ("button", "text_area"):
            self.widgets[part.label] = part.id
            if part.id.startswith("$$ID-"):
                self.widgets[part.id.split("-", 2)[2]] = part.id  # by key too ($$ID-<hash>-<key>)
        elif kind in ("markdown", "alert"):
            self.texts.append(part.body)
        elif kind == "exception":
            self.errors.append(f"{part.type}: {part.message}")

    def close(self) -> None:
        self.ws.close()


def _trigger(widget_id: str):
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    return WidgetState(id=widget_id, trigger_value=True)


def _text(widget_id: str, value: str):
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    return WidgetState(id=widget_id, string_value=value)


@dataclass
class Walk:
    page_s: list[float] = field(default_factory=list)
    poll_s: list[float] = field(default_factory=list)
    grading_s: float | None = None
    error: str | None = None


def learner_path(url: str, lesson_id: str, solution: str, start: threading.Barrier, walk: Walk) -> None:
    try:
        session = Session(url)
        start.wait()
        try:
            lesson_query = f"lesson={lesson_id}&lang=en"
            walk.page_s.append(session.run("lesson", lesson_query))
            walk.page_s.append(session.run("lesson", lesson_query, [_trigger(session.widgets["Mark complete"])]))
            exercise_query = f"exercise={EXERCISE_ID}&lang=en"
            walk.page_s.append(session.run("exercise", exercise_query))
            if session.errors:
                raise RuntimeError(f"the exercise page failed: {session.errors[0][:200]}")
            code, submit = session.widgets[f"ex:{EXERCISE_ID}:text"], session.widgets[f"ex:{EXERCISE_ID}:submit"]
            session.auto_rerun = None
            submitted = time.perf_counter()
            walk.page_s.append(session.run("exercise", exercise_query, [_text(code, solution), _trigger(submit)]))
            while not any("Passed" in text for text in session.texts):
                if session.errors:
                    raise RuntimeError(f"the exercise page failed: {session.errors[0][:200]}")
                if time.perf_counter() - submitted > VERDICT_TIMEOUT_S:
                    raise TimeoutError("no verdict")
                # A full rerun at the status fragment's pace: heavier than the browser's fragment-only rerun, so
                # the figures bound what following a submission costs from above.
                time.sleep(POLL_S)
                walk.poll_s.append(session.run("exercise", exercise_query, [_text(code, solution)]))
            walk.grading_s = time.perf_counter() - submitted
        finally:
            session.close()
    except Exception as exc:  # counted and shown; one failed session must not hide the others' figures
        walk.error = f"{type(exc).__name__}: {exc}"


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def stored_grading_s(database_url: str) -> list[float]:
    from sqlalchemy import create_engine, select

    from db.models import Submission

    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(Submission.created_at, Submission.finished_at)
                                      .where(Submission.state == "done")).all()
    finally:
        engine.dispose()
    return [(finished - created).total_seconds() for created, finished in rows if finished and created]


def measure(n: int, lesson_id: str, solution: str, postgres: str | None) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"stream-sessions-{n}-"))
    port = free_port()
    database_url = database_for(tmp, postgres)
    app = start_app(tmp, port, database_url)
    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    peak = [0.0]
    stop = threading.Event()

    def watch_memory() -> None:
        while not stop.wait(0.5):
            peak[0] = max(peak[0], tree_pss_mb(app.pid))

    try:
        # One session first, alone: imports, catalog, the engine and TensorFlow's warm pool are not what N costs.
        warm = Walk()
        learner_path(url, lesson_id, solution, threading.Barrier(1), warm)
        if warm.error:
            raise SystemExit(f"bench: the warm-up learner failed: {warm.error}\n{(tmp / 'app.log').read_text()[-2000:]}")
        before = len(stored_grading_s(database_url))
        threading.Thread(target=watch_memory, daemon=True).start()
        walks = [Walk() for _ in range(n)]
        start = threading.Barrier(n)
        threads = [threading.Thread(target=learner_path, args=(url, lesson_id, solution, start, w)) for w in walks]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - began
    finally:
        stop.set()
        os.killpg(app.pid, signal.SIGTERM)  # the app and the grader it started; only what this bench started
        try:
            app.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(app.pid, signal.SIGKILL)
    pages = [s for w in walks for s in w.page_s]
    polls = [s for w in walks for s in w.poll_s]
    seen = [w.grading_s for w in walks if w.grading_s is not None]
    stored = stored_grading_s(database_url)[before:]
    errors = [w.error for w in walks if w.error]
    return {"n": n, "page_p50": pct(pages, 0.5), "page_p95": pct(pages, 0.95), "poll_p50": pct(polls, 0.5),
            "poll_p95": pct(polls, 0.95), "grade_p50": pct(seen, 0.5), "grade_p95": pct(seen, 0.95),
            "stored_p50": pct(stored, 0.5), "stored_p95": pct(stored, 0.95), "failed": len(errors),
            "first_error": errors[0] if errors else "", "peak_mb": peak[0], "wall_s": wall}


def main(argv: list[str]) -> None:
    from catalog import load_catalog

    catalog = load_catalog()
    lesson_id = catalog.exercise(EXERCISE_ID).lesson
    solution = (REPO / "exercises" / EXERCISE_ID / "solution.py").read_text(encoding="utf-8")
    postgres = None
    if argv and argv[0].startswith("--postgres"):
        postgres = argv[0].partition("=")[2] or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        argv = argv[1:]
    ns = [int(a) for a in argv] or list(DEFAULT_NS)
    print(f"one `streamlit run app.py` (local backend, {os.cpu_count()} cores, "
          f"{'PostgreSQL' if postgres else 'SQLite'}); each session: open {lesson_id}, "
          f"mark complete, open {EXERCISE_ID}, submit, follow until the verdict")
    results = []
    for n in ns:
        r = measure(n, lesson_id, solution, postgres)
        results.append(r)
        print(f"N={n:3d}: page p50 {r['page_p50'] * 1000:6.0f} ms p95 {r['page_p95'] * 1000:6.0f} ms | "
              f"poll rerun p50 {r['poll_p50'] * 1000:5.0f} ms | grading seen p50 {r['grade_p50']:5.1f} s "
              f"p95 {r['grade_p95']:5.1f} s (stored p50 {r['stored_p50']:5.1f} s p95 {r['stored_p95']:5.1f} s) | "
              f"no verdict {r['failed']} | peak {r['peak_mb']:.0f} MB | {r['wall_s']:.0f} s"
              + (f" | {r['first_error']}" if r["first_error"] else ""), flush=True)
    print(" ".join(f"n{r['n']}_page_p95_ms={r['page_p95'] * 1000:.0f} n{r['n']}_grade_p95_s={r['grade_p95']:.1f}"
                   for r in results))


if __name__ == "__main__":
    main(sys.argv[1:])
