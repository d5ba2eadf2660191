"""Calls sq_distances on one hidden set of points and centers; reports the values, dtype and shape, or the TF error it raised."""


def observe(submission, case):
    import tensorflow as tf

    points = tf.constant(case["points"], dtype=tf.float32)
    centers = tf.constant(case["centers"], dtype=tf.int32)
    try:
        result = submission.sq_distances(points, centers)
    except (tf.errors.InvalidArgumentError, ValueError, TypeError) as exc:
        # Shape and dtype mismatches are the lesson's subject: the checks explain them instead of a traceback.
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}", "value": None,
                "dtype": None, "returned": None}
    dtype = getattr(result, "dtype", None)
    return {"error": None, "value": tools.numeric(result),
            "dtype": getattr(dtype, "name", None if dtype is None else str(dtype)),
            "returned": tools.describe(result)}
