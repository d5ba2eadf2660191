import keras
import tensorflow as tf


def negative_cosine(p, z):
    """Batch mean of -cos(p, z), row by row."""
    p = tf.math.l2_normalize(p, axis=-1)
    z = tf.math.l2_normalize(z, axis=-1)
    return -tf.reduce_mean(tf.reduce_sum(p * z, axis=-1))


def simsiam_loss(encoder, predictor, view_a, view_b):
    """SimSiam's symmetric loss: each view's prediction chases the other view's projection, held constant.

    L = 0.5 * D(p_a, stop_gradient(z_b)) + 0.5 * D(p_b, stop_gradient(z_a)), D = negative cosine.
    """
    z_a, z_b = encoder(view_a), encoder(view_b)          # one encoder for both views
    p_a, p_b = predictor(z_a), predictor(z_b)            # the predictor only on the predicting side
    return 0.5 * negative_cosine(p_a, tf.stop_gradient(z_b)) + 0.5 * negative_cosine(p_b, tf.stop_gradient(z_a))


def make_models():
    encoder = keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, activation="tanh"), keras.layers.Dense(3)],
                               name="encoder")
    predictor = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3)], name="predictor")
    return encoder, predictor


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    encoder, predictor = make_models()
    x = tf.random.normal((6, 4))
    view_a, view_b = x + 0.1 * tf.random.normal((6, 4)), x + 0.1 * tf.random.normal((6, 4))
    with tf.GradientTape() as tape:
        loss = simsiam_loss(encoder, predictor, view_a, view_b)
    if loss is None:
        print("simsiam_loss가 아직 None을 return해")
    else:
        n = len(encoder.trainable_variables)
        grads = tape.gradient(loss, encoder.trainable_variables + predictor.trainable_variables)
        norm = lambda gs: "None" if all(g is None for g in gs) else round(float(tf.linalg.global_norm(
            [g for g in gs if g is not None])), 4)
        print("loss:", round(float(loss), 4), "(-1이면 완전히 일치)")
        print("encoder gradient norm:", norm(grads[:n]))
        print("predictor gradient norm:", norm(grads[n:]), "<- 0이나 None이면 stop_gradient 자리를 봐")
