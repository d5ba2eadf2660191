"""Builds the hidden model, records the raw gradients, runs the learner's train_step once and reports
what the optimizer was handed, how the weights moved and which norm came back."""


def observe(submission, case):
    import keras
    import tensorflow as tf

    tools.seed_all(case["seed"])
    width = case["x"].shape[1]
    # Built once per job and reset per case (the same start in both sandboxes): a build costs far more than a step.
    model = tools.job_model(width, lambda: keras.Sequential([
        keras.Input((width,)),
        keras.layers.Dense(4, activation="tanh", name="hidden"),
        keras.layers.Dense(1, name="head"),
    ]), case["weights"])
    loss_fn = keras.losses.MeanSquaredError()
    x = tf.constant(case["x"], dtype=tf.float32)
    y = tf.constant(case["y"], dtype=tf.float32)

    # The unclipped gradients, so the judge can build every alternative from them. Only the reference's
    # are read (the same model, weights and data give the same numbers), so the learner's run skips them.
    raw = None
    if ROLE == "reference":
        with tf.GradientTape() as tape:
            raw_loss = loss_fn(y, model(x, training=True))
        raw = tools.to_numpy_list(tape.gradient(raw_loss, model.trainable_weights))

    calls = []  # what each optimizer.apply / apply_gradients call received, one entry per gradient

    class WatchedSGD(keras.optimizers.SGD):
        def apply(self, grads, trainable_variables=None):
            grads = list(grads)
            calls.append([_entry(g) for g in grads])
            return super().apply(grads, trainable_variables)

    optimizer = WatchedSGD(learning_rate=case["lr"])
    before = [w.numpy().copy() for w in model.trainable_weights]
    apply_error = None
    try:
        result = submission.train_step(model, optimizer, loss_fn, x, y, case["clip_norm"])
    except Exception as exc:
        # A (gradients, norm) pair handed to apply_gradients as if it were the gradient list: report it as an
        # observation the checks can explain. Any other error is the learner's to see as it is.
        if not any(isinstance(e, str) and e.startswith("sequence") for call in calls for e in call):
            raise
        apply_error = f"{type(exc).__name__}: {str(exc)[:200]}"
        result = None
    return {
        "raw": raw,
        "calls": calls,
        "apply_error": apply_error,
        "before": before,
        "after": [w.numpy() for w in model.trainable_weights],
        "iterations": int(tools.to_numpy(optimizer.iterations)),
        "returned": tools.describe(result),
        "pair": _is_pair(result),
        "norm": tools.numeric(result),
    }


def _entry(g):
    """One gradient as the optimizer got it: an array, None, or a note that it was a sequence."""
    if g is None:
        return None
    if isinstance(g, (list, tuple)):
        return f"sequence of {len(g)}"
    try:
        return tools.to_numpy(g)
    except Exception:
        return f"object {type(g).__name__}"


def _is_pair(value):
    return isinstance(value, (list, tuple)) and len(value) == 2 and isinstance(value[0], (list, tuple))
