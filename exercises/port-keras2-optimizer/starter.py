import keras
import numpy as np


def port_optimizer(old):
    """A Keras 3 SGD that makes the same updates as a standalone Keras 2.3 SGD config."""
    # TODO 1: 옛 key 이름(lr)을 Keras 3 인자 이름으로 바꿔
    # TODO 2: momentum과 nesterov도 옮겨 (없으면 기본값)
    # TODO 3: 옛 clipnorm과 clipvalue를 Keras 3의 어떤 옵션으로 옮겨야 **같은 update**가 될지 생각해
    # TODO 4: keras.optimizers.SGD를 return
    ...


if __name__ == "__main__":
    grads = [np.array([3.0, 4.0]), np.array([0.6, -0.8])]  # norms 5 and 1
    for old in [{"lr": 1.0, "clipnorm": 1.0}, {"lr": 1.0, "clipvalue": 0.5}, {"lr": 0.1, "momentum": 0.9}]:
        optimizer = port_optimizer(old)
        if optimizer is None:
            print("port_optimizer가 아직 None을 return해")
            break
        config = optimizer.get_config()
        variables = [keras.Variable(np.zeros(2)) for _ in grads]
        optimizer.apply(grads, variables)
        moved = np.concatenate([-v.numpy() for v in variables])
        print(old, "->", {k: config[k] for k in ("clipnorm", "global_clipnorm", "clipvalue")},
              "이동량", moved.round(3))
