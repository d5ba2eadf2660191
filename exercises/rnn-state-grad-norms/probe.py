"""Runs the learner's state_grad_norms on one hidden recurrent weight and input sequence and reports the
norms it returned as one float array, or what it returned instead."""


def observe(submission, case):
    import numpy as np
    import tensorflow as tf

    w = tf.constant(case["w"], dtype=tf.float32)
    xs = tf.constant(case["xs"], dtype=tf.float32)
    found = {"returned": None, "norms": None, "nones": 0, "shapes": None, "none_error": None}
    try:
        result = submission.state_grad_norms(w, xs)
    except (ValueError, TypeError) as exc:
        # tf.norm(None): every gradient was None because nothing was recorded. Reported as an observation so
        # the checks can name the cause; any other error is the learner's to see as it is.
        if "None" not in str(exc):
            raise
        found["none_error"] = f"{type(exc).__name__}: {str(exc)[:160]}"
        return found
    found["returned"] = tools.describe(result)
    if isinstance(result, (list, tuple)):
        items = [tools.to_numpy(v) if v is not None else None for v in result]
        found["nones"] = sum(v is None for v in items)
        if found["nones"]:
            return found
        arrays = [np.asarray(v, dtype=np.float64) for v in items]
        found["shapes"] = [list(a.shape) for a in arrays]
        if all(a.size == 1 for a in arrays):
            found["norms"] = np.array([float(a.ravel()[0]) for a in arrays])
        return found
    arr = tools.numeric(result)
    if arr is not None:
        found["shapes"] = [list(arr.shape)]
        found["norms"] = np.asarray(arr, dtype=np.float64)
    return found
