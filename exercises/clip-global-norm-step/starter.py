import keras
import tensorflow as tf


def train_step(model, optimizer, loss_fn, x, y, clip_norm):
    """One training step whose gradients are clipped together to a global norm of at most clip_norm.

    Returns the global norm of the gradients measured BEFORE clipping.
    """
    # TODO 1: GradientTape 안에서 pred = model(x, training=True), loss = loss_fn(y, pred)
    # TODO 2: model.trainable_weights에 대한 gradient 구하기
    # TODO 3: tf.clip_by_global_norm으로 전체 gradient를 한꺼번에 clip하기 (무엇을 return하는지 잘 봐!)
    # TODO 4: clip된 gradient를 optimizer.apply_gradients로 적용하기
    # TODO 5: clip 전 global norm return
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
    y = 3.0 * tf.reduce_sum(x, axis=1, keepdims=True)  # target이 크면 gradient도 커져
    for step in range(8):
        norm = train_step(model, optimizer, loss_fn, x, y, clip_norm=1.0)
        print(f"step {step}: clip 전 global norm = {norm}")
