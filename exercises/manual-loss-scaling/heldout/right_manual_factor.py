import tensorflow as tf


def scaled_clip_step(model, optimizer, x, y, loss_scale, clip_norm):
    params = model.trainable_variables
    with tf.GradientTape() as tape:
        out = tf.cast(model(x), tf.float32)
        scaled = tf.reduce_mean(tf.square(out - y)) * loss_scale
    real = [g / loss_scale for g in tape.gradient(scaled, params)]
    finite = tf.reduce_all([tf.reduce_all(tf.math.is_finite(g)) for g in real])
    norm = tf.sqrt(tf.add_n([tf.reduce_sum(g * g) for g in real]))
    if not finite:
        return norm, loss_scale * 0.5
    factor = tf.minimum(1.0, clip_norm / norm)
    optimizer.apply([g * factor for g in real], params)
    return norm, loss_scale
