"""Helpers for an exercise's probe.py, which runs inside the sandbox next to the learner's code.

A probe only turns what the learner's functions return into plain numbers (numpy arrays, floats,
strings); judging happens elsewhere. Probes get this module as the global name `tools`.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable

import numpy as np
import tensorflow as tf
import keras
from tensorflow.python.eager import context as _context


_seeds_set: set[int] = set()


def seed_all(seed: int) -> None:
    """Make weight initialisation and random ops repeatable inside one case.

    `tf.random.set_seed` also empties the eager kernel cache, so that a stateful random kernel used
    under an earlier setting of the *same* seed starts its sequence again. Emptying it costs every
    later op its first-execution setup once more (~370 ops, ~100 ms of CPU in a grading job, paid on
    every case), so the cache is kept when this process never set this seed before: a kernel's
    random state is keyed by its seed attributes, which derive from the global seed, so kernels made
    under other seeds can never be reused and the numbers are those of a fresh cache.
    """
    seed = int(seed) % (2**31)
    clear = getattr(_context.pywrap_tfe, "TFE_ContextClearCaches", None)
    if seed in _seeds_set or clear is None:
        keras.utils.set_random_seed(seed)
        return
    _seeds_set.add(seed)
    _context.pywrap_tfe.TFE_ContextClearCaches = lambda handle: None
    try:
        keras.utils.set_random_seed(seed)
    finally:
        _context.pywrap_tfe.TFE_ContextClearCaches = clear


_job_models: dict = {}


def job_model(key: Any, build: Callable[[], Any], weights: Iterable[Any]) -> Any:
    """The job's Keras model for `key`: built by `build()` once per job, then reset for every case (every
    layer and variable trainable again, the case's `weights` set), so each case starts as from a new model.

    Building a small Sequential model costs ~15 ms of CPU, the reset well under 1 ms; probes that build
    two or three models per case spent most of their time there.
    """
    model = _job_models.get(key)
    if model is None:
        model = _job_models[key] = build()
    # Undo a learner's `layer.trainable = False`. Keras passes the flag down to every layer and variable,
    # but setting True on a model that already says True leaves its layers as they are (measured, Keras
    # 3.15), so it goes through False first.
    model.trainable = False
    model.trainable = True
    model.set_weights([np.asarray(w, dtype="float32") for w in weights])
    return model


def to_numpy(value: Any) -> Any:
    """A tensor, variable, IndexedSlices or number as numpy; None stays None (a missing gradient)."""
    if value is None:
        return None
    if isinstance(value, tf.IndexedSlices):
        value = tf.convert_to_tensor(value)
    if hasattr(value, "numpy"):
        return np.asarray(value.numpy())
    return np.asarray(value)


def numeric(value: Any) -> np.ndarray | None:
    """What the learner returned as a numeric array, or None when it is not one (report its type apart
    with `describe`), so a wrong return type becomes an observation instead of an error."""
    if value is None or isinstance(value, (list, tuple)):
        return None
    try:
        arr = to_numpy(value)
    except Exception:
        return None
    if arr is None or arr.dtype.kind not in "fiub":
        return None
    return arr


def to_numpy_list(values: Iterable[Any]) -> list:
    return [to_numpy(v) for v in values]


def optimizer_clipping(optimizer: Any) -> dict:
    """The clipping an optimizer was configured with, read the same way across Keras 2 and Keras 3."""
    found = {"clipnorm": None, "clipvalue": None, "global_clipnorm": None, "class": type(optimizer).__name__}
    config = {}
    try:
        config = optimizer.get_config()
    except Exception:
        pass
    for key in ("clipnorm", "clipvalue", "global_clipnorm"):
        value = config.get(key)
        if value is None:
            value = getattr(optimizer, key, None)
        if value is None:
            value = getattr(optimizer, "_" + key, None)  # tf.keras 2.x keeps them private
        found[key] = None if value is None else float(value)
    found["learning_rate"] = _learning_rate(optimizer)
    return found


def _learning_rate(optimizer: Any) -> float | None:
    lr = getattr(optimizer, "learning_rate", None)
    try:
        return float(to_numpy(lr)) if lr is not None else None
    except Exception:  # a schedule, not a number
        return None


def describe(value: Any) -> str:
    """A short description of what a learner's function returned, for messages about wrong types."""
    if isinstance(value, (tuple, list)):
        return f"{type(value).__name__} of {len(value)}"
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return f"{type(value).__name__}(shape={tuple(value.shape)}, dtype={getattr(value.dtype, 'name', value.dtype)})"
    return type(value).__name__
