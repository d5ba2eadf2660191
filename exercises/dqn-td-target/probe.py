"""Builds an online and a target Q-network, calls the learner's td_loss under a GradientTape, and reports the
loss, the gradients reaching each network, and the Q-values the judge needs to rebuild alternatives."""


def observe(submission, case):
    import keras
    import tensorflow as tf

    tools.seed_all(case["seed"])
    online = _q_network(keras, case, "online")
    target = _q_network(keras, case, "target")
    states = tf.constant(case["states"], dtype=tf.float32)
    next_states = tf.constant(case["next_states"], dtype=tf.float32)
    actions = tf.constant(case["actions"], dtype=tf.int32)
    rewards = tf.constant(case["rewards"], dtype=tf.float32)
    dones = tf.constant(case["dones"], dtype=tf.float32)

    online_vars, target_vars = online.trainable_weights, target.trainable_weights
    with tf.GradientTape() as tape:
        loss = submission.td_loss(online, target, states, actions, rewards, next_states, dones, case["gamma"])
    found = {"loss_kind": tools.describe(loss), "loss": None, "online_grads": None, "target_grads": None}
    if tf.is_tensor(loss) and loss.dtype.is_floating:
        grads = tape.gradient(loss, online_vars + target_vars)
        found["online_grads"] = tools.to_numpy_list(grads[:len(online_vars)])
        found["target_grads"] = tools.to_numpy_list(grads[len(online_vars):])
    try:
        found["loss"] = tools.to_numpy(loss)
        if found["loss"].dtype.kind not in "fiu":
            found["loss"] = None
    except Exception:
        found["loss"] = None
    # Q-values measured here, after the call, from the same (unchanged) weights: inputs for the judge's twins.
    found["q"] = online(states).numpy()
    found["next_q_target"] = target(next_states).numpy()
    found["next_q_online"] = online(next_states).numpy()
    return found


def _q_network(keras, case, name):
    width, actions = case["states"].shape[1], case["num_actions"]
    # Built once per job and shape, reset per case (weights, trainable flags) by tools.job_model.
    return tools.job_model((name, width, actions), lambda: keras.Sequential([
        keras.Input((width,)),
        keras.layers.Dense(6, activation="tanh", name=f"{name}_hidden"),
        keras.layers.Dense(actions, name=f"{name}_q"),
    ], name=name), case[f"{name}_weights"])
