"""Builds the hidden encoder and predictor, calls the learner's simsiam_loss under a GradientTape, and reports the
loss and the gradients each model gets. The reference also reports the projections and predictions, and the
encoder gradients a loss without stop_gradient would give, for the judge's alternatives."""


def observe(submission, case):
    import keras
    import tensorflow as tf

    tools.seed_all(case["seed"])
    encoder = tools.job_model("encoder", lambda: keras.Sequential([
        keras.Input((4,)), keras.layers.Dense(5, activation="tanh", name="hidden"),
        keras.layers.Dense(3, name="projection")], name="encoder"), case["encoder_weights"])
    predictor = tools.job_model("predictor", lambda: keras.Sequential([
        keras.Input((3,)), keras.layers.Dense(3, name="prediction")], name="predictor"), case["predictor_weights"])
    view_a = tf.constant(case["view_a"], dtype=tf.float32)
    view_b = tf.constant(case["view_b"], dtype=tf.float32)
    enc_vars, pred_vars = encoder.trainable_variables, predictor.trainable_variables

    with tf.GradientTape() as tape:
        loss = submission.simsiam_loss(encoder, predictor, view_a, view_b)
    found = {"loss_kind": tools.describe(loss), "loss": None, "grads": None}
    if tf.is_tensor(loss) and loss.dtype.is_floating:
        grads = tape.gradient(loss, enc_vars + pred_vars)
        found["grads"] = {"encoder": tools.to_numpy_list(grads[:len(enc_vars)]),
                          "predictor": tools.to_numpy_list(grads[len(enc_vars):])}
    found["loss"] = tools.numeric(loss)

    if ROLE == "reference":
        z_a, z_b = encoder(view_a), encoder(view_b)
        found["z"] = [z_a.numpy(), z_b.numpy()]
        found["p"] = [predictor(z_a).numpy(), predictor(z_b).numpy()]
        found["variants"] = {"no_stop": _unstopped_encoder_grads(tf, encoder, predictor, view_a, view_b, enc_vars)}
    return found


def _unstopped_encoder_grads(tf, encoder, predictor, view_a, view_b, enc_vars):
    """The encoder's gradients of the symmetric loss with stop_gradient left out (the path through z included)."""
    def d(p, z):
        p, z = tf.math.l2_normalize(p, axis=-1), tf.math.l2_normalize(z, axis=-1)
        return -tf.reduce_mean(tf.reduce_sum(p * z, axis=-1))

    with tf.GradientTape() as tape:
        z_a, z_b = encoder(view_a), encoder(view_b)
        loss = 0.5 * d(predictor(z_a), z_b) + 0.5 * d(predictor(z_b), z_a)
    return tools.to_numpy_list(tape.gradient(loss, enc_vars))
