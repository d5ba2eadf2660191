"""Lesson code in the sandbox (GraderPool.submit_parts): blocks share one namespace in order, each block's output
and the first error come back apart, in the learner's terms, with the exercise Run's limits."""
from __future__ import annotations

import os

from grader import snippets
from tests.grader.conftest import CANARY

WAIT_S = 120


def test_blocks_run_in_order_in_one_namespace_each_with_its_own_output(pool):
    result = pool.submit_parts(["import tensorflow as tf\nx = tf.constant(2.0)\nprint('x', x.numpy())",
                                "print('한글', float(x * 21))"], "ko").result(WAIT_S)
    assert result.ok, result.message
    assert result.outputs == ["x 2.0\n", "한글 42.0\n"]


def test_the_first_error_names_its_block_and_line_and_stops_the_rest(pool):
    result = pool.submit_parts(["a = 1", "print(a)\nprint(b)", "print('never')"], "en").result(WAIT_S)
    assert result.status == "error" and result.failed == 1 and result.error_type == "NameError"
    assert "on line 2" in result.message and len(result.outputs) == 2 and result.outputs[1] == "1\n"


def test_a_syntax_error_is_answered_without_a_sandbox(pool):
    result = pool.submit_parts(["print(1)", "x = (1,"], "en").result(1)
    assert result.failed == 1 and result.error_type == "SyntaxError" and "attempt" not in result.message


def test_an_endless_block_hits_the_time_limit_and_exit_is_told_plainly(pool):
    slow = pool.submit_parts(["while True:\n    pass"], "en")
    ended = pool.submit_parts(["import sys\nsys.exit(0)"], "en").result(WAIT_S)
    assert ended.status == "error" and "exit()" in ended.message and "check" not in ended.message
    result = slow.result(WAIT_S)
    assert result.status == "timeout" and f"{snippets.TIME_LIMIT_S:g} s" in result.message


def test_long_output_is_cut_and_the_environment_stays_outside(pool):
    result = pool.submit_parts([f"import os\nprint(os.environ.get({CANARY!r}))\nprint('z' * 9000)"], "en").result(WAIT_S)
    assert os.environ[CANARY] not in result.outputs[0]
    assert len(result.outputs[0]) < 4200 and "more characters cut" in result.outputs[0]


def test_stderr_is_kept_apart_from_what_a_block_printed(pool):
    result = pool.submit_parts(["import sys\nprint('out')\nprint('warn', file=sys.stderr)"], "en").result(WAIT_S)
    assert result.outputs == ["out\n"] and result.stderr == ["warn\n"]
