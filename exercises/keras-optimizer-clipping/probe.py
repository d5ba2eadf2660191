"""Builds the learner's optimizer, reads its clipping settings, and applies it once to known gradients to see
what it really does to them."""


def observe(submission, case):
    import keras
    import tensorflow as tf

    optimizer = submission.make_optimizer(case["learning_rate"], case["max_global_norm"])
    found = {"returned": tools.describe(optimizer), "is_optimizer": isinstance(optimizer, keras.optimizers.Optimizer),
             "config": None, "beta_1": None, "deltas": None, "first_moments": None}
    if not found["is_optimizer"]:
        return found
    found["config"] = tools.optimizer_clipping(optimizer)
    try:
        found["beta_1"] = float(optimizer.get_config().get("beta_1"))
    except (TypeError, ValueError, AttributeError):
        found["beta_1"] = None

    # One step on fresh variables with gradients the judge knows: the update and Adam's first moment
    # (m = (1 - beta_1) * g after one step) show which gradients the optimizer actually used.
    variables = [tf.Variable(w, dtype=tf.float32) for w in case["start"]]
    grads = [tf.constant(g, dtype=tf.float32) for g in case["grads"]]
    optimizer.apply_gradients(zip(grads, variables))
    found["deltas"] = [v.numpy() - w for v, w in zip(variables, case["start"])]
    moments = getattr(optimizer, "_momentums", None)  # Keras 3 Adam keeps m here, one per variable, in order
    if moments is not None and len(moments) == len(variables):
        found["first_moments"] = tools.to_numpy_list(moments)
    return found
