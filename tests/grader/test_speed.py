"""What the grader's speed-ups must not change: seeded random numbers, and one fresh process per job."""
from __future__ import annotations

import json
import time

from grader.result import Status
from tests.grader.conftest import FIXTURES

SEEDED = """
import json
import tensorflow as tf
from grader import probe_tools as tools

def draw(seed):
    tools.seed_all(seed)
    return [float(tf.random.uniform([1], seed=1)[0]), float(tf.random.uniform([1], seed=1)[0])]

first = draw(5)
other = draw(7)
again = draw(5)  # a seed this process already used: its random kernels must start over
tf.random.set_seed(3)
mine = float(tf.random.uniform([1], seed=2)[0])
tf.random.set_seed(3)
mine_again = float(tf.random.uniform([1], seed=2)[0])
print(json.dumps({"first": first, "other": other, "again": again, "mine": [mine, mine_again]}))
"""

FRESH = """
import json
import tensorflow as tf
from grader import probe_tools as tools

tools.seed_all(7)
print(json.dumps([float(tf.random.uniform([1], seed=1)[0]), float(tf.random.uniform([1], seed=1)[0])]))
"""


def _printed(pool, code):
    outcome = pool.run_script(code, time_limit_s=30)
    assert outcome.report and not outcome.report.get("load_error"), outcome
    return json.loads(outcome.report["output"].strip().splitlines()[-1])


def test_seeding_a_case_gives_the_numbers_of_a_fresh_process(pool):
    seen = _printed(pool, SEEDED)
    fresh = _printed(pool, FRESH)
    assert seen["other"] == fresh  # seeding after other seeds draws what a fresh process draws
    assert seen["again"] == seen["first"]  # re-using a seed replays its sequence
    assert seen["first"][0] != seen["first"][1]  # a stateful kernel still moves on within a case
    assert seen["mine"][0] == seen["mine"][1]  # the learner's own tf.random.set_seed still resets


def test_jobs_that_find_no_warmed_sandbox_still_get_their_own_verdicts(pool, toy_solution):
    # More jobs at once than sandboxes kept ready: most land in sandboxes that stop warming up to take them.
    mistake = (FIXTURES / "toy-grad" / "mistakes" / "first_power.py").read_text()
    used_before, cpu_before = pool.sandboxes_used, pool.sandbox_cpu_ms
    tickets = [pool.submit("toy-grad", code) for code in [toy_solution, mistake] * 5]
    results = [t.result(timeout=120) for t in tickets]
    assert [r.status for r in results] == [Status.PASS, Status.FAIL] * 5
    assert all("wrong_value" in r.diagnosis_ids() for r in results[1::2])
    assert all(not r.protections_missing for r in results)
    deadline = time.monotonic() + 10  # sandboxes report their CPU time as they are disposed of
    while pool.sandboxes_used < used_before + 10 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert pool.sandboxes_used >= used_before + 10 and pool.sandbox_cpu_ms > cpu_before


REUSED_MODEL = """
import json
import keras
import numpy as np
from grader import probe_tools as tools

build = lambda: keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, name="d")])
start = [np.ones((2, 1)), np.zeros(1)]
first = tools.job_model("m", build, start)
first.get_layer("d").trainable = False  # what one case's learner code might do
first.weights[0].assign(np.full((2, 1), 7.0))
second = tools.job_model("m", build, start)
print(json.dumps({"same": first is second, "trainable": len(second.trainable_weights),
                  "kernel": second.weights[0].numpy().ravel().tolist()}))
"""


def test_a_reused_model_starts_every_case_afresh(pool):
    seen = _printed(pool, REUSED_MODEL)
    assert seen == {"same": True, "trainable": 2, "kernel": [1.0, 1.0]}


def test_a_full_garbage_collection_in_a_sandbox_stays_cheap(pool):
    # Unfrozen, the zygote's whole heap would be scanned and copied into the sandbox (~0.23 s of CPU).
    code = "import gc, json, time\nt = time.process_time()\ngc.collect()\nprint(json.dumps(time.process_time() - t))\n"
    assert _printed(pool, code) < 0.1
