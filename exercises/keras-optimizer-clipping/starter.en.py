import keras
import tensorflow as tf


def make_optimizer(learning_rate, max_global_norm):
    """An Adam optimizer whose gradients are rescaled together so that their global norm is at most
    max_global_norm before every update."""
    # TODO: build an Adam from learning_rate and max_global_norm and return it.
    ...


def show(optimizer):
    """Print the clipping settings, then what the optimizer really does to one set of gradients."""
    config = optimizer.get_config()
    print("optimizer:", type(optimizer).__name__)
    for key in ("learning_rate", "clipnorm", "global_clipnorm", "clipvalue"):
        print(f"  {key} = {config.get(key)}")
    # Adam's first moment after one step is (1 - beta_1) * (the gradient it really used).
    w = [tf.Variable(tf.zeros((2, 2))), tf.Variable(tf.zeros(2))]
    grads = [tf.constant([[3.0, -4.0], [0.0, 12.0]]), tf.constant([0.5, -0.5])]
    optimizer.apply_gradients(zip(grads, w))
    moments = getattr(optimizer, "_momentums", None)
    if "beta_1" not in config or moments is None:
        print("Not an Adam, so the gradients it really used cannot be read.")
        return
    used = [m / (1.0 - config["beta_1"]) for m in moments]
    print("norm per variable, before clipping:", [round(float(tf.norm(g)), 3) for g in grads])
    print("norm per variable, as the optimizer really used them:", [round(float(tf.norm(g)), 3) for g in used])
    print("global norm, before -> after clipping:", round(float(tf.linalg.global_norm(grads)), 3), "->",
          round(float(tf.linalg.global_norm(used)), 3))


if __name__ == "__main__":
    optimizer = make_optimizer(learning_rate=1e-3, max_global_norm=1.0)
    if optimizer is None:
        print("make_optimizer returns nothing yet (None).")
    else:
        show(optimizer)
