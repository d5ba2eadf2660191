"""`grader doctor` names the cause under each missing protection, from the sandbox's own notes."""
from __future__ import annotations

from grader.doctor import cause_of

SECCOMP_NOTE = "seccomp unavailable: ModuleNotFoundError: No module named 'pyseccomp'"


def test_a_missing_filter_and_fork_point_at_the_binding_that_could_not_be_loaded():
    notes = [SECCOMP_NOTE, "namespaces unavailable: [Errno 1] Operation not permitted"]
    assert cause_of("system-call filter (seccomp)", notes) == SECCOMP_NOTE
    assert cause_of("no new processes (fork denied)", notes) == SECCOMP_NOTE
    assert "namespaces unavailable" in cause_of("no network (new network namespace, no sockets)", notes)


def test_without_a_note_the_cause_still_says_where_to_look():
    assert "not running as root" in cause_of("unprivileged identity", [])
    assert "kernel" in cause_of("system-call filter (seccomp)", [])
