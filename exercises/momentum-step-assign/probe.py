"""Calls momentum_step three times on the same two Variables; reports both after every step."""


def observe(submission, case):
    import tensorflow as tf

    w = tf.Variable(case["w"], dtype=tf.float32)
    velocity = tf.Variable(case["v"], dtype=tf.float32)
    ws, vs, returned = [], [], []
    for g in case["grads"]:
        try:
            result = submission.momentum_step(w, velocity, tf.constant(g, dtype=tf.float32),
                                              case["lr"], case["momentum"])
        except RuntimeError as exc:
            # `variable += value` is refused by TensorFlow itself: the checks explain why.
            if "tf.Variable" not in str(exc) or "not supported" not in str(exc):
                raise
            return {"error": str(exc).splitlines()[0][:300], "w": ws, "v": vs, "returned": returned}
        ws.append(w.numpy().copy())
        vs.append(velocity.numpy().copy())
        returned.append(_returned(result, w.shape))
    return {"error": None, "w": ws, "v": vs, "returned": returned}


def _returned(result, shape):
    """The learner's return value when it looks like a new w (the sign of a rebinding), else None."""
    first = result[0] if isinstance(result, (list, tuple)) and result else result
    value = tools.numeric(first)
    if value is None or tuple(value.shape) != tuple(shape):
        return None
    return value
