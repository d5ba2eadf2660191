"""One warm grader for the whole test session: TensorFlow is imported once, not per test."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from grader import GraderPool

FIXTURES = Path(__file__).parent / "fixtures" / "exercises"
CANARY = "STREAM_TEST_CANARY"


@pytest.fixture(scope="session")
def pool():
    os.environ[CANARY] = "secret-value-that-must-not-reach-learners"
    with GraderPool(FIXTURES, workers=2).start() as p:
        yield p


@pytest.fixture(scope="session")
def toy_solution() -> str:
    return (FIXTURES / "toy-grad" / "solution.py").read_text()
