import keras
import tensorflow as tf


def double_dqn_targets(online, target, rewards, next_states, dones, gamma):
    """Double DQN regression labels: the online network selects the next action, the target network evaluates it.

    y = rewards + gamma * (1 - dones) * Q_target(next_states, argmax_a Q_online(next_states, a)), a constant.
    """
    # TODO 1: online(next_states)로 행마다 다음 행동 고르기 (argmax)
    # TODO 2: 그 행동을 target(next_states)로 평가하기: 행마다 열 하나 (shape (batch,))
    # TODO 3: y = rewards + gamma * (1 - dones) * 평가값, 그리고 label이니까 gradient를 막아
    ...


def make_q_network(num_actions, name):
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(6, activation="tanh"),
                             keras.layers.Dense(num_actions)], name=name)


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    online, target = make_q_network(3, "online"), make_q_network(3, "target")
    next_states = tf.random.normal((5, 3))
    rewards = tf.constant([1.0, 0.0, -1.0, 0.5, 0.0])
    dones = tf.constant([0.0, 0.0, 1.0, 0.0, 0.0])   # the third transition ended its episode
    y = double_dqn_targets(online, target, rewards, next_states, dones, 0.9)
    if y is None:
        print("double_dqn_targets가 아직 None을 return해")
    else:
        print("online이 고른 행동:", tf.argmax(online(next_states), axis=1).numpy())
        print("target이 고른 행동:", tf.argmax(target(next_states), axis=1).numpy(), "<- 다를 수 있어")
        print("Double DQN target y:", tf.convert_to_tensor(y).numpy().round(4))
