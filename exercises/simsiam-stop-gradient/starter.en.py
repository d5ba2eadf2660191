import keras
import tensorflow as tf


def negative_cosine(p, z):
    """Batch mean of -cos(p, z), row by row."""
    # TODO 0: l2-normalise row by row, dot product, batch mean, negated
    ...


def simsiam_loss(encoder, predictor, view_a, view_b):
    """SimSiam's symmetric loss: each view's prediction chases the other view's projection, held constant.

    L = 0.5 * D(p_a, stop_gradient(z_b)) + 0.5 * D(p_b, stop_gradient(z_a)), D = negative cosine.
    """
    # TODO 1: feed both views to the same encoder for z_a, z_b, and the predictor for p_a, p_b
    # TODO 2: make the prediction target a constant (which side is it?)
    # TODO 3: return 0.5 * D(p_a, z_b) + 0.5 * D(p_b, z_a) (D is negative_cosine)
    ...


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
        print("simsiam_loss still returns None")
    else:
        n = len(encoder.trainable_variables)
        grads = tape.gradient(loss, encoder.trainable_variables + predictor.trainable_variables)
        norm = lambda gs: "None" if all(g is None for g in gs) else round(float(tf.linalg.global_norm(
            [g for g in gs if g is not None])), 4)
        print("loss:", round(float(loss), 4), "(-1 means they agree completely)")
        print("encoder gradient norm:", norm(grads[:n]))
        print("predictor gradient norm:", norm(grads[n:]), "<- if 0 or None, check where your stop_gradient is")
