"""What the grader's speed-ups must not change: seeded random numbers, and one fresh process per job."""
from __future__ import annotations

import json

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
