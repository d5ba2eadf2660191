"""Builds a BYOL-style online encoder, predictor and target encoder; calls byol_loss under a GradientTape, then
ema_update; reports the loss, the gradients per network, the raw outputs, and the weights before and after."""


def observe(submission, case):
    import keras
    import tensorflow as tf

    tools.seed_all(case["seed"])
    online = _encoder(keras, "online", case["online_weights"])
    target = _encoder(keras, "target", case["target_weights"])
    predictor = tools.job_model("predictor", lambda: keras.Sequential(
        [keras.Input((3,)), keras.layers.Dense(3, name="predictor_dense")], name="predictor"), case["predictor_weights"])
    view_a = tf.constant(case["view_a"], dtype=tf.float32)
    view_b = tf.constant(case["view_b"], dtype=tf.float32)

    groups = {"online": online.trainable_weights, "predictor": predictor.trainable_weights,
              "target": target.trainable_weights}
    with tf.GradientTape() as tape:
        loss = submission.byol_loss(online, predictor, target, view_a, view_b)
    found = {"loss_kind": tools.describe(loss), "loss": _number(loss), "grads": None}
    if tf.is_tensor(loss) and loss.dtype.is_floating:
        flat = tape.gradient(loss, groups["online"] + groups["predictor"] + groups["target"])
        n_o, n_p = len(groups["online"]), len(groups["predictor"])
        found["grads"] = {"online": tools.to_numpy_list(flat[:n_o]),
                          "predictor": tools.to_numpy_list(flat[n_o:n_o + n_p]),
                          "target": tools.to_numpy_list(flat[n_o + n_p:])}
    # Raw outputs for the judge's twins (same weights as during the loss; nothing was updated yet).
    found["o_a"] = online(view_a).numpy()  # the online encoder's output before the predictor
    found["p_a"] = predictor(online(view_a)).numpy()
    found["z_b"] = target(view_b).numpy()
    found["p_b"] = predictor(online(view_b)).numpy()
    found["z_a"] = target(view_a).numpy()

    found["target_before"] = [w.numpy().copy() for w in target.weights]
    found["online_before"] = [w.numpy().copy() for w in online.weights]
    submission.ema_update(target, online, case["tau"])
    found["target_after"] = [w.numpy() for w in target.weights]
    found["online_after"] = [w.numpy() for w in online.weights]
    return found


def _encoder(keras, name, weights):
    # Built once per job, reset per case (weights, trainable flags) by tools.job_model.
    return tools.job_model(name, lambda: keras.Sequential([
        keras.Input((4,)),
        keras.layers.Dense(5, activation="tanh", name=f"{name}_hidden"),
        keras.layers.Dense(3, name=f"{name}_projection"),
    ], name=name), weights)


def _number(value):
    try:
        arr = tools.to_numpy(value)
    except Exception:
        return None
    if arr is None or arr.dtype.kind not in "fiu":
        return None
    return arr
