import tempfile

import keras
import tensorflow as tf


def resume(model, optimizer, directory):
    """Restore the latest checkpoint in `directory` (written for tf.train.Checkpoint(model=..., optimizer=...,
    step=...)) into `model` and `optimizer`, and return the restored step as an int."""
    # TODO 1: create the step variable to restore into (it was tf.Variable(0) when saved).
    # TODO 2: make a tf.train.Checkpoint with the same keys as when saving (model=, optimizer=, step=).
    # TODO 3: restore the newest checkpoint in directory.
    # TODO 4: return the restored step as an int.
    ...

if __name__ == "__main__":
    def build():
        return keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]), keras.optimizers.Adam(0.01)

    # Write two checkpoints the way a training loop would (step 1 and step 2).
    model, optimizer = build()
    step = tf.Variable(0)
    directory = tempfile.mkdtemp()
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(model=model, optimizer=optimizer, step=step),
                                         directory, max_to_keep=2)
    x, y = tf.ones((4, 3)), tf.zeros((4, 2))
    for _ in range(2):
        for _ in range(5):  # 5 optimizer updates per step
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean((model(x) - y) ** 2)
            optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_weights), model.trainable_weights))
        step.assign_add(1)
        manager.save(checkpoint_number=int(step))

    model2, optimizer2 = build()
    print(resume(model2, optimizer2, directory), int(optimizer2.iterations))   # expected: 2 10
