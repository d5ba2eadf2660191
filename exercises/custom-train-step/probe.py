"""Builds the hidden model, runs the learner's train_step once, and reports the loss and the weights."""


def observe(submission, case):
    import keras
    import tensorflow as tf

    tools.seed_all(case["seed"])
    width = case["x"].shape[1]
    # Built once per job and reset per case (the same start in both sandboxes).
    model = tools.job_model(("model", width), lambda: keras.Sequential([
        keras.Input((width,)),
        keras.layers.Dense(4, activation="tanh", name="frozen_features"),
        keras.layers.Dense(3, activation="tanh", name="hidden"),
        keras.layers.Dense(1, name="head"),
    ]), case["weights"])
    model.get_layer("frozen_features").trainable = False
    optimizer = keras.optimizers.SGD(learning_rate=case["lr"])
    loss_fn = keras.losses.MeanSquaredError()
    x = tf.constant(case["x"], dtype=tf.float32)
    y = tf.constant(case["y"], dtype=tf.float32)

    before = [w.numpy().copy() for w in model.weights]
    try:
        loss = submission.train_step(model, optimizer, loss_fn, x, y)
    except ValueError as exc:
        # Keras refuses to apply a list of only-None gradients (the loss-outside-the-tape symptom), and an
        # optimizer built for one variable refuses the next (one apply_gradients per variable); report both as
        # observations the checks can explain.
        if "No gradients provided" in str(exc):
            return {"no_gradients": str(exc), "loss": None, "loss_type": "ValueError",
                    "before": before, "after": before, "iterations": 0}
        if "Unknown variable" in str(exc):
            return {"no_gradients": None, "per_variable": str(exc)[:200], "loss": None, "loss_type": "ValueError",
                    "before": before, "after": [w.numpy() for w in model.weights],
                    "iterations": int(tools.to_numpy(optimizer.iterations))}
        raise
    return {
        "no_gradients": None,
        "loss": tools.numeric(loss),
        "loss_type": tools.describe(loss),
        "before": before,
        "after": [w.numpy() for w in model.weights],
        "iterations": int(tools.to_numpy(optimizer.iterations)),
    }
