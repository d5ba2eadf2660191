import keras
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y, clip_norm):
    """One training step whose gradients are clipped together to a global norm of at most clip_norm.

    Returns the global norm of the gradients measured BEFORE clipping.
    """
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = loss_fn(y, pred)
    variables = model.trainable_weights
    grads = tape.gradient(loss, variables)
    # clip_by_global_norm returns a pair: the rescaled list and the norm it measured before rescaling.
    clipped, global_norm = tf.clip_by_global_norm(grads, clip_norm)
    optimizer.apply_gradients(zip(clipped, variables))
    return global_norm


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
        print(f"step {step}: clip 전 global norm = {float(norm):.3f}"
              f"{'  -> 1.0으로 clip됨' if float(norm) > 1.0 else ''}")
