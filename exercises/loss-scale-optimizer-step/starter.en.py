import keras
import tensorflow as tf


def make_optimizer(learning_rate, clip_norm):
    """Dynamic loss scaling around SGD; the global-norm clip goes on the inner optimizer, which sees the
    gradients only after LossScaleOptimizer has divided them by the scale."""
    # TODO 1: wrap SGD(learning_rate) in a LossScaleOptimizer. Where does the global-norm clip to clip_norm go?
    ...


def train_step(model, optimizer, x, y):
    """One step: scale the loss, take the scaled gradients, hand them to apply_gradients as they are.
    Returns the pre-clip global norm of the real (unscaled) gradients."""
    variables = model.trainable_variables
    # TODO 2: inside a GradientTape, loss = mean((model(x) as float32 - y)^2), scaled by the optimizer
    # TODO 3: the gradients of the scaled loss. The pre-clip norm of the real gradients? (measure before applying)
    # TODO 4: hand the gradients to the optimizer and return the norm
    ...


def make_model():
    return keras.Sequential([keras.Input((3,)),
                             keras.layers.Dense(4, activation="tanh", dtype="mixed_float16"),
                             keras.layers.Dense(1, dtype="mixed_float16")])


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    model = make_model()
    optimizer = make_optimizer(learning_rate=0.1, clip_norm=1.0)
    if optimizer is None:
        print("make_optimizer still returns None")
    else:
        optimizer.build(model.trainable_variables)
        x = tf.random.normal((8, 3))
        for name, y in [("a step with a large loss", tf.fill((8, 1), 40.0)), ("an ordinary step", tf.random.normal((8, 1)))]:
            scale = float(optimizer.dynamic_scale)
            norm = train_step(model, optimizer, x, y)
            print(f"{name}: scale {scale:g} -> {float(optimizer.dynamic_scale):g}, pre-clip norm "
                  f"{'None' if norm is None else format(float(norm), '.4g')}, updates {int(optimizer.iterations)}")
