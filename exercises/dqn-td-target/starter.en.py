import keras
import tensorflow as tf


def td_loss(online, target, states, actions, rewards, next_states, dones, gamma):
    """The DQN temporal-difference loss; only the online network may receive gradients.

    y = rewards + gamma * (1 - dones) * max_a' Q_target(next_states, a')   (a constant: stop_gradient)
    loss = mean over the batch of (y - Q_online(states, actions))**2
    """
    # TODO 1: from online(states), pick the Q of the action actually taken (look at tf.gather's batch_dims)
    # TODO 2: tf.stop_gradient on target(next_states)'s Q-values, max over the action axis
    # TODO 3: y = rewards + gamma * (1 - dones) * max Q (an episode that ended has no future)
    # TODO 4: return the batch mean of (y - Q)^2
    ...


def make_q_network(num_actions, name):
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(6, activation="tanh"),
                             keras.layers.Dense(num_actions)], name=name)


def group_norm(grads):
    """The global norm of a group of gradients, with None (no gradient at all) shown as such."""
    if all(g is None for g in grads):
        return "None (no gradient)"
    return round(float(tf.linalg.global_norm([g for g in grads if g is not None])), 4)


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    online, target = make_q_network(2, "online"), make_q_network(2, "target")
    states, next_states = tf.random.normal((4, 3)), tf.random.normal((4, 3))
    actions = tf.constant([0, 1, 1, 0])
    rewards = tf.constant([1.0, 0.0, -1.0, 0.5])
    dones = tf.constant([0.0, 0.0, 1.0, 0.0])  # the third transition ended its episode
    with tf.GradientTape() as tape:
        loss = td_loss(online, target, states, actions, rewards, next_states, dones, 0.99)
    if loss is None:
        print("td_loss still returns None")
    else:
        n = len(online.trainable_weights)
        grads = tape.gradient(loss, online.trainable_weights + target.trainable_weights)
        print("TD loss:", round(float(loss), 4))
        print("gradient norm of the online network:", group_norm(grads[:n]))
        print("gradient norm of the target network:", group_norm(grads[n:]), "<- must be None or 0")
