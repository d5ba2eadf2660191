import keras
import tensorflow as tf


def scaled_clip_step(model, optimizer, x, y, loss_scale, clip_norm):
    """One mixed-precision training step with a hand-made loss scale.

    Scale the loss, take gradients, unscale them, and only then check them and clip them by global norm.
    Returns (pre-clip global norm of the unscaled gradients, the loss scale for the next step).
    """
    variables = model.trainable_variables
    # TODO 1: GradientTape 안에서 loss = mean((float32로 바꾼 model(x) - y)^2), scaled_loss = loss * loss_scale
    # TODO 2: scaled_loss의 gradient를 구하고, 전부 loss_scale로 나눠 (unscale)
    # TODO 3: unscale한 gradient의 global norm. 유한하지 않으면 apply 없이 (norm, loss_scale / 2)
    # TODO 4: 유한하면 global norm clip_norm으로 clip, optimizer로 적용, (norm, loss_scale)
    ...


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
