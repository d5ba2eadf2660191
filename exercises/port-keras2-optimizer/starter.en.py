import keras
import numpy as np


def port_optimizer(old):
    """A Keras 3 SGD that makes the same updates as a standalone Keras 2.3 SGD config."""
    # TODO 1: rename the old key (lr) to the Keras 3 argument name
    # TODO 2: carry over momentum and nesterov too (defaults when absent)
    # TODO 3: think about which Keras 3 option gives **the same update** as the old clipnorm and clipvalue
    # TODO 4: return a keras.optimizers.SGD
    ...


if __name__ == "__main__":
    grads = [np.array([3.0, 4.0]), np.array([0.6, -0.8])]  # norms 5 and 1
    for old in [{"lr": 1.0, "clipnorm": 1.0}, {"lr": 1.0, "clipvalue": 0.5}, {"lr": 0.1, "momentum": 0.9}]:
        optimizer = port_optimizer(old)
        if optimizer is None:
            print("port_optimizer still returns None")
            break
        config = optimizer.get_config()
        variables = [keras.Variable(np.zeros(2)) for _ in grads]
        optimizer.apply(grads, variables)
        moved = np.concatenate([-v.numpy() for v in variables])
        print(old, "->", {k: config[k] for k in ("clipnorm", "global_clipnorm", "clipvalue")},
              "moved", moved.round(3))
