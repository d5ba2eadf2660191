"""Runnable lesson code: which blocks of a lesson run, after which others, and running them for a learner.

A lesson's python blocks run in the grader's sandbox (grader.snippets, through the process's pool). By default a
block runs after the lesson's earlier runnable blocks, in order and in one namespace, since lessons build on the
previous block; only its own output is shown. Fence attributes change that (lessons/README.md, "Runnable code"):
`run=false` (not runnable), `run=alone` (runs by itself, after the setup blocks only), `run=setup` (a hidden block
every runnable block of the lesson runs after), `setup="…"` (code run right before this block, not shown) and
`output=varies` (its output block shows one possible printout: random numbers, timings).

Running is never an attempt and pays nothing; a learner may run a few blocks a minute (RunLimiter).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from catalog.render import Callout, Code, Output, Tabs
from services.run_limit import RUN_LIMITER, RateLimited, RunLimiter  # noqa: F401  (RunLimiter: for tests)


@dataclass(frozen=True)
class Entry:
    """A lesson block that takes part in runs: a runnable block (with its output block, if any) or a setup block."""

    index: int  # in document order among the lesson's entries
    code: Code
    output: Output | None = None


@dataclass(frozen=True)
class Part:
    """One piece of a run: an entry's code, or the `setup="…"` of the entry it belongs to."""

    entry: int
    code: str
    is_setup_attr: bool = False


@dataclass(frozen=True)
class Plan:
    entries: tuple[Entry, ...]

    @property
    def runnable(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.code.runnable)

    def entry_of(self, code: Code) -> Entry | None:
        return next((e for e in self.entries if e.code is code), None)

    def chain(self, index: int) -> list[int]:
        """The entries a run of entry `index` executes, in order, ending with it."""
        me = self.entries[index].code
        before = [e.index for e in self.entries[:index]
                  if e.code.hidden or (me.run == "" and e.code.run == "" and e.code.runnable)]
        return before + [index]

    def parts(self, indices: Sequence[int], edited: Mapping[int, str] | None = None) -> list[Part]:
        edited = edited or {}
        out: list[Part] = []
        for i in indices:
            code = self.entries[i].code
            if code.setup:
                out.append(Part(i, code.setup, is_setup_attr=True))
            out.append(Part(i, edited.get(i, code.code)))
        return out

    def groups(self) -> list[list[int]]:
        """How the all-lessons check runs a lesson with the fewest runs: the chained blocks together, and each
        `run=alone` block after the setup blocks."""
        setup = [e.index for e in self.entries if e.code.hidden]
        chained = [e.index for e in self.entries if e.code.hidden or (e.code.runnable and e.code.run == "")]
        groups = [chained] if len(chained) > len(setup) else []
        return groups + [setup + [e.index] for e in self.entries if e.code.runnable and e.code.run == "alone"]


def plan(blocks: Sequence[object]) -> Plan:
    """The lesson's runnable and setup blocks in document order (inside callouts and tabs too), each runnable one
    with the output block right after it."""
    found: list[tuple[Code, Output | None]] = []

    def walk(items: Sequence[object]) -> None:
        for position, block in enumerate(items):
            if isinstance(block, Code) and (block.runnable or block.hidden):
                after = items[position + 1] if position + 1 < len(items) else None
                found.append((block, after if isinstance(after, Output) and block.runnable else None))
            elif isinstance(block, Callout):
                walk(block.blocks)
            elif isinstance(block, Tabs):
                for _, inner in block.tabs:
                    walk(inner)

    walk(blocks)
    return Plan(tuple(Entry(i, code, output) for i, (code, output) in enumerate(found)))


def normalise_output(text: str) -> str:
    """Printed text as an output block holds it: lines without trailing spaces, no trailing blank lines."""
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip("\n")


LIMITER = RUN_LIMITER  # shared with the exercise page's Run: one budget per learner


def run_block(service, learner_id: int, lesson_plan: Plan, index: int, edited: Mapping[int, str] | None, lang: str,
              label: str = "lesson", limiter: RunLimiter | None = None):
    """Queue a run of entry `index` after the blocks it builds on, on the grading service's warm pool (like the
    exercise Run); returns the ticket, whose result is a grader.snippets.SnippetResult with this block's output
    last. Raises RateLimited instead of queueing."""
    wait = (limiter or LIMITER).take(learner_id)
    if wait:
        raise RateLimited(wait)
    handle = service.pool
    if handle.error or not handle.ready.is_set():
        handle.start_in_background()  # the job waits in the pool's queue meanwhile
    parts = lesson_plan.parts(lesson_plan.chain(index), edited)
    return handle.pool.submit_parts([p.code for p in parts], lang, label=label)
