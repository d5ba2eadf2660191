import tensorflow as tf


def semi_gradient_td_step(w, features, rewards, next_features, dones, gamma, lr):
    """One semi-gradient TD(0) step on the linear value function V(s) = features @ w.

    target = rewards + gamma * (1 - dones) * V(next)   -- a fixed regression label (stop_gradient)
    loss = 0.5 * mean((target - V(s))**2); w <- w - lr * dloss/dw, so only V(s) moves.
    Returns the TD errors target - V(s), computed before the update.
    """
    # TODO 1: GradientTape 안에서 V(s) = features @ w (tf.linalg.matvec)
    # TODO 2: target = rewards + gamma * (1 - dones) * V(s'), 고정된 label로
    # TODO 3: td_error = target - V(s), loss = 0.5 * mean(td_error^2)
    # TODO 4: w를 lr * gradient만큼 그 자리에서 줄이고, update 전의 td_error를 return
    ...


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
