import keras
import tensorflow as tf


def td_loss(online, target, states, actions, rewards, next_states, dones, gamma):
    """The DQN temporal-difference loss; only the online network may receive gradients.

    y = rewards + gamma * (1 - dones) * max_a' Q_target(next_states, a')   (a constant: stop_gradient)
    loss = mean over the batch of (y - Q_online(states, actions))**2
    """
    # TODO 1: online(states)에서 실제로 한 행동(actions)의 Q 값 고르기 (tf.gather의 batch_dims를 봐)
    # TODO 2: target(next_states)의 Q 값에 tf.stop_gradient, 행동 축으로 max
    # TODO 3: y = rewards + gamma * (1 - dones) * max Q (episode가 끝났으면 미래가 없어)
    # TODO 4: (y - Q)^2의 batch 평균을 return
    ...


def make_q_network(num_actions, name):
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(6, activation="tanh"),
                             keras.layers.Dense(num_actions)], name=name)


def group_norm(grads):
    """The global norm of a group of gradients, with None (no gradient at all) shown as such."""
    if all(g is None for g in grads):
        return "None (gradient 없음)"
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
        print("td_loss가 아직 None을 return해")
    else:
        n = len(online.trainable_weights)
        grads = tape.gradient(loss, online.trainable_weights + target.trainable_weights)
        print("TD loss:", round(float(loss), 4))
        print("online network의 gradient norm:", group_norm(grads[:n]))
        print("target network의 gradient norm:", group_norm(grads[n:]), "<- None이나 0이어야 해")
