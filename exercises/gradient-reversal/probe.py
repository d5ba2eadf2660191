"""Pushes a hidden upstream gradient through reverse_gradient and reports the forward value and x's gradient."""


def observe(submission, case):
    import tensorflow as tf

    x = tf.constant(case["x"], dtype=tf.float32)
    upstream = tf.constant(case["upstream"], dtype=tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = submission.reverse_gradient(x, case["lam"])
        if y is None:
            return {"forward": None, "grad": None, "returned": "NoneType", "grad_count_error": None}
        # d(loss)/dy == upstream, so the gradient reaching x is exactly what the reversal made of upstream.
        loss = tf.reduce_sum(tf.cast(y, tf.float32) * upstream)
    try:
        grad = tape.gradient(loss, x)
    except ValueError as exc:
        # A custom_gradient over (x, lam) whose grad returns one gradient fails here, in the probe's call;
        # report it so the checks can explain the one-gradient-per-input rule.
        if "custom_gradient function expected to return" not in str(exc):
            raise
        return {"forward": tools.to_numpy(y), "grad": None, "returned": tools.describe(y),
                "grad_count_error": str(exc)}
    return {"forward": tools.to_numpy(y), "grad": tools.to_numpy(grad), "returned": tools.describe(y),
            "grad_count_error": None}
