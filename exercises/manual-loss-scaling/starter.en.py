import keras
import tensorflow as tf


def scaled_clip_step(model, optimizer, x, y, loss_scale, clip_norm):
    """One mixed-precision training step with a hand-made loss scale.

    Scale the loss, take gradients, unscale them, and only then check them and clip them by global norm.
    Returns (pre-clip global norm of the unscaled gradients, the loss scale for the next step).
    """
    variables = model.trainable_variables
    # TODO 1: inside a GradientTape, loss = mean((model(x) as float32 - y)^2), scaled_loss = loss * loss_scale
    # TODO 2: take the gradients of scaled_loss and divide them all by loss_scale (unscale)
    # TODO 3: the global norm of the unscaled gradients; if it is not finite, (norm, loss_scale / 2) without applying
    # TODO 4: if finite, clip to global norm clip_norm, apply with the optimizer, (norm, loss_scale)
    ...


def make_model():
    return keras.Sequential([keras.Input((3,)),
                             keras.layers.Dense(4, activation="tanh", dtype="mixed_float16"),
                             keras.layers.Dense(1, dtype="mixed_float16")])


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    model = make_model()
    optimizer = keras.optimizers.SGD(learning_rate=0.1)
    x = tf.random.normal((8, 3))
    for name, y, scale in [("an ordinary step", tf.random.normal((8, 1)), 1024.0),
                           ("a step with a large loss", tf.fill((8, 1), 40.0), 2.0**20)]:
        result = scaled_clip_step(model, optimizer, x, y, scale, clip_norm=1.0)
        if result is None:
            print("scaled_clip_step still returns None")
            break
        norm, new_scale = result
        print(f"{name}: loss scale {scale:g} -> {float(new_scale):g}, pre-clip norm {float(norm):.4g}, "
              f"updates so far {int(optimizer.iterations)}")
