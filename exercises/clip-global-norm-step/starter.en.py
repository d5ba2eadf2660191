import keras
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y, clip_norm):
    """One training step whose gradients are clipped together to a global norm of at most clip_norm.

    Returns the global norm of the gradients measured BEFORE clipping.
    """
    # TODO 1: inside a GradientTape, pred = model(x, training=True), loss = loss_fn(y, pred)
    # TODO 2: the gradients with respect to model.trainable_weights
    # TODO 3: clip all gradients together with tf.clip_by_global_norm (look closely at what it returns!)
    # TODO 4: apply the clipped gradients with optimizer.apply_gradients
    # TODO 5: return the global norm before clipping
    ...


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((3,)),
        keras.layers.Dense(4, activation="tanh", name="hidden"),
        keras.layers.Dense(1, name="head"),
    ])
    optimizer = keras.optimizers.SGD(learning_rate=0.3)
    loss_fn = keras.losses.MeanSquaredError()
    x = tf.random.normal((8, 3))
    y = 3.0 * tf.reduce_sum(x, axis=1, keepdims=True)  # a large target makes large gradients
    for step in range(8):
        norm = train_step(model, optimizer, loss_fn, x, y, clip_norm=1.0)
        print(f"step {step}: global norm before clipping = {norm}")
