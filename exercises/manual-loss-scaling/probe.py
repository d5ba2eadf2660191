"""Builds the hidden mixed-precision model, records the real (unscaled) gradients, runs the learner's step once and
reports what the optimizer got, how the weights moved, and what came back."""


def observe(submission, case):
    import keras
    import tensorflow as tf

    tools.seed_all(case["seed"])
    model = tools.job_model("mixed", lambda: keras.Sequential([
        keras.Input((3,)),
        keras.layers.Dense(4, activation="tanh", dtype="mixed_float16", name="hidden"),
        keras.layers.Dense(1, dtype="mixed_float16", name="head"),
    ]), case["weights"])
    x = tf.constant(case["x"], dtype=tf.float32)
    y = tf.constant(case["y"], dtype=tf.float32)
    scale = float(case["loss_scale"])

    # The real gradients as a correct step sees them (scaled in float16, unscaled in float32), for the judge's
    # alternatives. Only the reference's are read, so the learner's run skips the work.
    raw = None
    if ROLE == "reference":
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.cast(model(x), tf.float32) - y))
            scaled = loss * scale
        raw = [tools.to_numpy(g / scale) for g in tape.gradient(scaled, model.trainable_variables)]

    calls = []

    class WatchedSGD(keras.optimizers.SGD):
        def apply(self, grads, trainable_variables=None):
            grads = list(grads)
            calls.append([None if g is None else tools.to_numpy(g) for g in grads])
            return super().apply(grads, trainable_variables)

    optimizer = WatchedSGD(learning_rate=case["lr"])
    before = [w.numpy().copy() for w in model.trainable_variables]
    result = submission.scaled_clip_step(model, optimizer, x, y, scale, case["clip_norm"])
    pair = isinstance(result, (list, tuple)) and len(result) == 2
    return {
        "raw": raw,
        "calls": len(calls),
        "before": before,
        "after": [w.numpy() for w in model.trainable_variables],
        "returned": tools.describe(result),
        "norm": tools.numeric(result[0]) if pair else None,
        "scale": tools.numeric(result[1]) if pair else None,
    }
