"""The sandbox wire format keeps numbers exact and refuses anything but plain data."""
from __future__ import annotations

import numpy as np
import pytest

from grader import wire


@pytest.mark.parametrize("value", [
    np.asarray(3.0, dtype=np.float32),  # a scalar loss keeps shape ()
    np.arange(6, dtype=np.float64).reshape(2, 3),
    np.asarray([True, False]),
    np.zeros((0, 4), dtype=np.int32),
])
def test_arrays_round_trip_with_dtype_and_shape(value):
    back = wire.decode(wire.encode(value))
    assert back.shape == value.shape and back.dtype == value.dtype
    assert np.array_equal(back, value)


def test_non_finite_floats_survive():
    back = wire.decode(wire.encode({"a": float("nan"), "b": float("inf"), "c": [None, "x", 1]}))
    assert np.isnan(back["a"]) and back["b"] == float("inf") and back["c"] == [None, "x", 1]


@pytest.mark.parametrize("forged", [
    {"__nd__": "object", "shape": [1], "b64": ""},
    {"__nd__": "float64", "shape": [4], "b64": "AAAAAAAAAAA="},  # 1 element for a shape of 4
    {"__float__": "__import__('os')"},
])
def test_forged_payloads_are_refused(forged):
    with pytest.raises(wire.WireError):
        wire.decode(forged)


def test_arbitrary_objects_cannot_be_sent():
    with pytest.raises(TypeError):
        wire.encode(object())
