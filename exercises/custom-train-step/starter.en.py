import keras
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y):
    """One training step: loss under a tape, gradients of the trainable weights, one optimizer update."""
    # TODO 1: inside a GradientTape, pred = model(x, training=True), loss = loss_fn(y, pred)
    # TODO 2: the gradients with respect to the trainable weights
    # TODO 3: apply the gradients with the optimizer
    # TODO 4: loss return
    ...


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((3,)),
        keras.layers.Dense(4, activation="tanh", name="frozen_features"),
        keras.layers.Dense(3, activation="tanh", name="hidden"),
        keras.layers.Dense(1, name="head"),
    ])
    model.get_layer("frozen_features").trainable = False
    optimizer = keras.optimizers.SGD(learning_rate=0.1)
    loss_fn = keras.losses.MeanSquaredError()
    x = tf.random.normal((8, 3))
    y = tf.reduce_sum(x, axis=1, keepdims=True) * 0.5
    frozen_before = model.get_layer("frozen_features").kernel.numpy().copy()
    for step in range(5):
        loss = train_step(model, optimizer, loss_fn, x, y)
        if loss is None:
            print("train_step does not return the loss yet.")
            break
        print(f"step {step}: loss = {float(loss):.4f}")
    frozen_after = model.get_layer("frozen_features").kernel.numpy()
    print("frozen_features unchanged?", bool((frozen_before == frozen_after).all()))
