import keras
import tensorflow as tf


def scaled_clip_step(model, optimizer, x, y, loss_scale, clip_norm):
    """One mixed-precision training step with a hand-made loss scale.

    Scale the loss, take gradients, unscale them, and only then check them and clip them by global norm.
    Returns (pre-clip global norm of the unscaled gradients, the loss scale for the next step).
    """
    variables = model.trainable_variables
    with tf.GradientTape() as tape:
        pred = tf.cast(model(x), tf.float32)                  # the model computes in float16
        loss = tf.reduce_mean(tf.square(pred - y))
        scaled_loss = loss * loss_scale                      # keep small float16 gradients above zero
    scaled_grads = tape.gradient(scaled_loss, variables)
    grads = [g / loss_scale for g in scaled_grads]           # unscale first: these are the real gradients
    norm = tf.linalg.global_norm(grads)
    if not tf.math.is_finite(norm):                          # overflow: skip the step, lower the scale
        return norm, loss_scale / 2.0
    clipped, _ = tf.clip_by_global_norm(grads, clip_norm, use_norm=norm)
    optimizer.apply_gradients(zip(clipped, variables))
    return norm, loss_scale


def make_model():
    return keras.Sequential([keras.Input((3,)),
                             keras.layers.Dense(4, activation="tanh", dtype="mixed_float16"),
                             keras.layers.Dense(1, dtype="mixed_float16")])


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    model = make_model()
    optimizer = keras.optimizers.SGD(learning_rate=0.1)
    x = tf.random.normal((8, 3))
    for name, y, scale in [("평범한 step", tf.random.normal((8, 1)), 1024.0),
                           ("loss가 큰 step", tf.fill((8, 1), 40.0), 2.0**20)]:
        result = scaled_clip_step(model, optimizer, x, y, scale, clip_norm=1.0)
        if result is None:
            print("scaled_clip_step이 아직 None을 return해")
            break
        norm, new_scale = result
        print(f"{name}: loss scale {scale:g} -> {float(new_scale):g}, clip 전 norm {float(norm):.4g}, "
              f"지금까지 update {int(optimizer.iterations)}번")
