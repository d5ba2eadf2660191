"""Builds the hidden mixed-precision model and the learner's optimizer, sets the step's loss scale, runs the
learner's train_step once and reports how the optimizer is set up, how the weights and the scale moved, and
the norm that came back."""


def observe(submission, case):
    import keras
    import tensorflow as tf

    tools.seed_all(case["seed"])
    model = tools.job_model("mixed", lambda: keras.Sequential([
        keras.Input((3,)),
        keras.layers.Dense(4, activation="tanh", dtype="mixed_float16", name="hidden"),
        keras.layers.Dense(1, dtype="mixed_float16", name="head"),
    ]), case["weights"])
    variables = model.trainable_variables
    x = tf.constant(case["x"], dtype=tf.float32)
    y = tf.constant(case["y"], dtype=tf.float32)
    scale = float(case["loss_scale"])

    raw = None   # the real gradients at this scale, for the judge's alternatives (only the reference's are read)
    if ROLE == "reference":
        with tf.GradientTape() as tape:
            scaled = tf.reduce_mean(tf.square(tf.cast(model(x), tf.float32) - y)) * scale
        raw = [tools.to_numpy(g / scale) for g in tape.gradient(scaled, variables)]

    found = {"raw": raw, "make_error": None, "kind": None, "inner": None, "scale_after": None}
    try:
        optimizer = submission.make_optimizer(case["lr"], case["clip_norm"])
    except (TypeError, ValueError) as exc:   # e.g. a clipping option given to the LossScaleOptimizer itself
        found["make_error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
        return found
    found["kind"] = type(optimizer).__name__
    inner = getattr(optimizer, "inner_optimizer", None)
    found["inner"] = tools.optimizer_clipping(inner if inner is not None else optimizer)
    if not hasattr(optimizer, "apply_gradients"):
        return found
    optimizer.build(variables)
    if hasattr(optimizer, "dynamic_scale"):
        optimizer.dynamic_scale.assign(scale)
    found["before"] = [v.numpy().copy() for v in variables]
    result = submission.train_step(model, optimizer, x, y)
    found["after"] = [v.numpy() for v in variables]
    if hasattr(optimizer, "dynamic_scale"):
        found["scale_after"] = float(tools.to_numpy(optimizer.dynamic_scale))
    found["returned"] = tools.describe(result)
    found["norm"] = tools.numeric(result)
    return found
