import keras
import numpy as np


def port_optimizer(old):
    """A Keras 3 SGD that makes the same updates as a standalone Keras 2.3 SGD config."""
    return keras.optimizers.SGD(
        learning_rate=old["lr"],  # Keras 3 no longer accepts the old name `lr`
        momentum=old.get("momentum", 0.0),
        nesterov=old.get("nesterov", False),
        # Keras 2.3's clipnorm measured one norm over all gradients: in Keras 3 that is global_clipnorm
        # (Keras 3's own clipnorm clips every variable on its own).
        global_clipnorm=old.get("clipnorm"),
        clipvalue=old.get("clipvalue"),
    )


if __name__ == "__main__":
    grads = [np.array([3.0, 4.0]), np.array([0.6, -0.8])]  # norms 5 and 1
    for old in [{"lr": 1.0, "clipnorm": 1.0}, {"lr": 1.0, "clipvalue": 0.5}, {"lr": 0.1, "momentum": 0.9}]:
        optimizer = port_optimizer(old)
        config = optimizer.get_config()
        variables = [keras.Variable(np.zeros(2)) for _ in grads]
        optimizer.apply(grads, variables)
        moved = np.concatenate([-v.numpy() for v in variables])
        print(old, "->", {k: config[k] for k in ("clipnorm", "global_clipnorm", "clipvalue")},
              "이동량", moved.round(3))
