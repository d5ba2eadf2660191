import keras
import tensorflow as tf


def make_optimizer(learning_rate, clip_norm):
    """Dynamic loss scaling around SGD; the global-norm clip goes on the inner optimizer, which sees the
    gradients only after LossScaleOptimizer has divided them by the scale."""
    # TODO 1: SGD(learning_rate)를 LossScaleOptimizer로 감싸기. clip_norm으로 global norm clip은 어디에 줘야 할까?
    ...


def train_step(model, optimizer, x, y):
    """One step: scale the loss, take the scaled gradients, hand them to apply_gradients as they are.
    Returns the pre-clip global norm of the real (unscaled) gradients."""
    variables = model.trainable_variables
    # TODO 2: GradientTape 안에서 loss = mean((float32로 바꾼 model(x) - y)^2)를 optimizer로 scale
    # TODO 3: scale된 loss의 gradient. 진짜 gradient의 clip 전 norm은? (apply 전에 재)
    # TODO 4: optimizer에 gradient를 넘기고 norm을 return
    ...


def make_model():
    return keras.Sequential([keras.Input((3,)),
                             keras.layers.Dense(4, activation="tanh", dtype="mixed_float16"),
                             keras.layers.Dense(1, dtype="mixed_float16")])


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    model = make_model()
    optimizer = make_optimizer(learning_rate=0.1, clip_norm=1.0)
    if optimizer is None:
        print("make_optimizer가 아직 None을 return해")
    else:
        optimizer.build(model.trainable_variables)
        x = tf.random.normal((8, 3))
        for name, y in [("loss가 큰 step", tf.fill((8, 1), 40.0)), ("평범한 step", tf.random.normal((8, 1)))]:
            scale = float(optimizer.dynamic_scale)
            norm = train_step(model, optimizer, x, y)
            print(f"{name}: scale {scale:g} -> {float(optimizer.dynamic_scale):g}, clip 전 norm "
                  f"{'None' if norm is None else format(float(norm), '.4g')}, update {int(optimizer.iterations)}번")
