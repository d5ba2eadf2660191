import tensorflow as tf


def semi_gradient_td_step(w, features, rewards, next_features, dones, gamma, lr):
    """One semi-gradient TD(0) step on the linear value function V(s) = features @ w.

    target = rewards + gamma * (1 - dones) * V(next)   -- a fixed regression label (stop_gradient)
    loss = 0.5 * mean((target - V(s))**2); w <- w - lr * dloss/dw, so only V(s) moves.
    Returns the TD errors target - V(s), computed before the update.
    """
    with tf.GradientTape() as tape:
        value = tf.linalg.matvec(features, w)                                   # V(s), (batch,)
        target = tf.stop_gradient(rewards + gamma * (1.0 - dones) * tf.linalg.matvec(next_features, w))
        td_error = target - value
        loss = 0.5 * tf.reduce_mean(tf.square(td_error))
    w.assign_sub(lr * tape.gradient(loss, w))
    return td_error


if __name__ == "__main__":
    # The A-split chain of lesson 5 with one-hot features: A -> B or C, B ends with reward 1, C with 0.
    eye = tf.eye(3)
    features = tf.gather(eye, [0, 0, 1, 2])
    next_features = tf.gather(eye, [1, 2, 0, 0])
    rewards = tf.constant([0.0, 0.0, 1.0, 0.0])
    dones = tf.constant([0.0, 0.0, 1.0, 1.0])
    w = tf.Variable(tf.zeros(3))
    for step in range(300):
        delta = semi_gradient_td_step(w, features, rewards, next_features, dones, 1.0, 0.5)
        if delta is None:
            print("semi_gradient_td_step이 아직 None을 return해")
            break
    print("V(A), V(B), V(C) =", w.numpy().round(3), "<- [0.5 1. 0.]이면 semi-gradient")
