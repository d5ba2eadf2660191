import keras
import tensorflow as tf


def byol_loss(online_encoder, predictor, target_encoder, view_a, view_b):
    """BYOL loss: the online branch predicts the target branch's projection of another view.

    p = normalize(predictor(online_encoder(view_a))), z = normalize(target_encoder(view_b)) under stop_gradient,
    loss = mean over the batch of ||p - z||^2  (= 2 - 2 * cosine).
    """
    # TODO 1: p = predictor(online_encoder(view_a))를 l2_normalize (axis=-1)
    # TODO 2: z = target_encoder(view_b)에 tf.stop_gradient를 씌우고 l2_normalize
    # TODO 3: batch 평균 ||p - z||^2 을 return
    ...


def ema_update(target_encoder, online_encoder, tau):
    """Move every target weight a small step towards the online weight: target = tau*target + (1-tau)*online."""
    # TODO 4: target_encoder.weights와 online_encoder.weights를 짝지어서
    #         target 쪽 variable에 tau * target + (1 - tau) * online 을 assign
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
        print("byol_loss가 아직 None을 return해")
    else:
        grads = tape.gradient(loss, target.trainable_weights)
        print("BYOL loss:", round(float(loss), 4))
        print("target encoder의 gradient:", ["None" if g is None else round(float(tf.norm(g)), 4) for g in grads])
    print("EMA 전 online-target 거리:", round(distance(online, target), 4))
    for step in range(3):
        ema_update(target, online, tau=0.9)
        print(f"EMA {step + 1}번 후 거리:", round(distance(online, target), 4))
