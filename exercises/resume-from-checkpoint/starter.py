import tempfile

import keras
import tensorflow as tf


def resume(model, optimizer, directory):
    """Restore the latest checkpoint in `directory` (written for tf.train.Checkpoint(model=..., optimizer=...,
    step=...)) into `model` and `optimizer`, and return the restored step as an int."""
    # TODO 1: 복원할 step 변수를 만들어 (저장할 때는 tf.Variable(0)이었어).
    # TODO 2: 저장할 때와 같은 key(model=, optimizer=, step=)로 tf.train.Checkpoint를 만들어.
    # TODO 3: directory의 가장 최신 checkpoint를 restore해.
    # TODO 4: 복원된 step을 int로 return해.
    ...

if __name__ == "__main__":
    def build():
        return keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]), keras.optimizers.Adam(0.01)

    # 학습 loop처럼 checkpoint 두 개를 써 둬 (step 1, step 2).
    model, optimizer = build()
    step = tf.Variable(0)
    directory = tempfile.mkdtemp()
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(model=model, optimizer=optimizer, step=step),
                                         directory, max_to_keep=2)
    x, y = tf.ones((4, 3)), tf.zeros((4, 2))
    for _ in range(2):
        for _ in range(5):  # step마다 optimizer 업데이트 5번
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean((model(x) - y) ** 2)
            optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_weights), model.trainable_weights))
        step.assign_add(1)
        manager.save(checkpoint_number=int(step))

    model2, optimizer2 = build()
    print(resume(model2, optimizer2, directory), int(optimizer2.iterations))   # 기대값: 2 10
