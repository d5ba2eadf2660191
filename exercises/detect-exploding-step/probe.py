"""Hands the learner's function one hidden history of global gradient norms (numpy or tf.Tensor) and reports
the steps and the threshold it returned."""


def observe(submission, case):
    import numpy as np
    import tensorflow as tf

    norms = np.asarray(case["norms"], dtype=np.float64)
    given = tf.constant(norms, dtype=tf.float32) if case["as_tensor"] else norms.copy()
    result = submission.find_exploding_steps(given, case["k"])
    found = {"returned": tools.describe(result), "steps": None, "steps_kind": None, "threshold": None,
             "threshold_kind": None}
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return found
    steps, threshold = result
    found["steps_kind"] = tools.describe(steps)
    found["threshold_kind"] = tools.describe(threshold)
    arr = _as_array(steps)
    if arr is not None and arr.dtype.kind in "biuf":
        found["steps"] = arr
    arr = _as_array(threshold)
    if arr is not None and arr.dtype.kind in "fiu":
        found["threshold"] = arr
    return found


def _as_array(value):
    import numpy as np

    try:
        if value is None:
            return None
        if hasattr(value, "numpy") or isinstance(value, (np.ndarray, np.generic, int, float)):
            return np.asarray(tools.to_numpy(value))
        if isinstance(value, (list, tuple, range)):
            items = [tools.to_numpy(v) if hasattr(v, "numpy") else v for v in value]
            return np.asarray(items) if items else np.zeros((0,), dtype=np.int64)
    except Exception:
        return None
    return None
