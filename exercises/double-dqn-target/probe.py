"""Builds the hidden online and target Q-networks (or one network for both), calls the learner's
double_dqn_targets under a tape, and reports y, the gradients from y into each network, and the Q-values
the judge needs to rebuild the alternatives."""


def observe(submission, case):
    import keras
    import tensorflow as tf

    tools.seed_all(case["seed"])
    online = _q_network(keras, case, "online")
    target = online if case["shared"] else _q_network(keras, case, "target")
    next_states = tf.constant(case["next_states"], dtype=tf.float32)
    rewards = tf.constant(case["rewards"], dtype=tf.float32)
    dones = tf.constant(case["dones"], dtype=tf.float32)

    online_vars = online.trainable_variables
    target_vars = [] if case["shared"] else target.trainable_variables
    with tf.GradientTape() as tape:
        y = submission.double_dqn_targets(online, target, rewards, next_states, dones, case["gamma"])
        # A weighted sum, so every element of y is differentiated, whatever its shape.
        probe_loss = tf.reduce_sum(tf.cast(y, tf.float32) * case["upstream"]) if _numeric(tf, y) else None
    found = {"returned": tools.describe(y), "y": tools.numeric(y), "online_grads": None, "target_grads": None}
    if probe_loss is not None and tuple(y.shape) == (len(case["rewards"]),):
        grads = tape.gradient(probe_loss, online_vars + target_vars)
        found["online_grads"] = tools.to_numpy_list(grads[:len(online_vars)])
        found["target_grads"] = tools.to_numpy_list(grads[len(online_vars):])
    # Q-values measured after the call from the same, unchanged weights: inputs for the judge's twins.
    found["q_online"] = online(next_states).numpy()
    found["q_target"] = target(next_states).numpy()
    return found


def _numeric(tf, value):
    return tf.is_tensor(value) and (value.dtype.is_floating or value.dtype.is_integer)


def _q_network(keras, case, name):
    actions = case["num_actions"]
    return tools.job_model((name, actions), lambda: keras.Sequential([
        keras.Input((3,)),
        keras.layers.Dense(6, activation="tanh", name=f"{name}_hidden"),
        keras.layers.Dense(actions, name=f"{name}_q"),
    ], name=name), case[f"{name}_weights"])
