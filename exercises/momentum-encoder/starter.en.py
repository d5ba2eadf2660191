import keras
import tensorflow as tf


def byol_loss(online_encoder, predictor, target_encoder, view_a, view_b):
    """BYOL loss: the online branch predicts the target branch's projection of another view.

    p = normalize(predictor(online_encoder(view_a))), z = normalize(target_encoder(view_b)) under stop_gradient,
    loss = mean over the batch of ||p - z||^2  (= 2 - 2 * cosine).
    """
    # TODO 1: l2_normalize p = predictor(online_encoder(view_a)) (axis=-1)
    # TODO 2: wrap z = target_encoder(view_b) in tf.stop_gradient, then l2_normalize
    # TODO 3: return the batch mean of ||p - z||^2
    ...


def ema_update(target_encoder, online_encoder, tau):
    """Move every target weight a small step towards the online weight: target = tau*target + (1-tau)*online."""
    # TODO 4: pair target_encoder.weights with online_encoder.weights and
    #         assign tau * target + (1 - tau) * online to each target variable
    ...


def make_encoder(name):
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, activation="tanh"), keras.layers.Dense(3)],
                            name=name)


def distance(a, b):
    """How far apart two encoders' weights are."""
    return float(tf.linalg.global_norm([x - y for x, y in zip(a.weights, b.weights)]))


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    online, target = make_encoder("online"), make_encoder("target")
    predictor = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3)], name="predictor")
    x = tf.random.normal((6, 4))
    view_a, view_b = x + 0.1 * tf.random.normal((6, 4)), x + 0.1 * tf.random.normal((6, 4))  # two augmentations

    with tf.GradientTape() as tape:
        loss = byol_loss(online, predictor, target, view_a, view_b)
    if loss is None:
        print("byol_loss still returns None")
    else:
        grads = tape.gradient(loss, target.trainable_weights)
        print("BYOL loss:", round(float(loss), 4))
        print("gradients of the target encoder:", ["None" if g is None else round(float(tf.norm(g)), 4) for g in grads])
    print("online-target distance before EMA:", round(distance(online, target), 4))
    for step in range(3):
        ema_update(target, online, tau=0.9)
        print(f"distance after {step + 1} EMA step(s):", round(distance(online, target), 4))
