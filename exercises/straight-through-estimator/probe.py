"""Calls quantize_ste on hidden x under a GradientTape with a known upstream gradient; reports the forward value
and the gradient that reached x."""


def observe(submission, case):
    import tensorflow as tf

    x = tf.constant(case["x"], dtype=tf.float32)
    upstream = tf.constant(case["upstream"], dtype=tf.float32)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = submission.quantize_ste(x, case["step"])
        loss = tf.reduce_sum(tf.cast(y, tf.float32) * upstream) if tf.is_tensor(y) and y.dtype.is_floating else None
    found = {"returned": tools.describe(y), "value": None, "dtype": None, "grad": None, "grad_kind": None}
    if tf.is_tensor(y) or hasattr(y, "shape"):
        try:
            found["value"] = tools.to_numpy(y).astype("float64")
            found["dtype"] = getattr(y.dtype, "name", str(y.dtype))
        except Exception:
            found["value"] = None
    if loss is not None:
        grad = tape.gradient(loss, x)
        found["grad_kind"] = "None" if grad is None else "tensor"
        found["grad"] = tools.to_numpy(grad)
    return found
