import tempfile

import keras
import tensorflow as tf


def resume(model, optimizer, directory):
    """Restore the latest checkpoint in `directory` (written for tf.train.Checkpoint(model=..., optimizer=...,
    step=...)) into `model` and `optimizer`, and return the restored step as an int."""
    step = tf.Variable(0)
    ckpt = tf.train.Checkpoint(model=model, optimizer=optimizer, step=step)   # the same keys as when saved
    status = ckpt.restore(tf.train.latest_checkpoint(directory))              # the newest, not the first listed
    status.assert_existing_objects_matched()                                  # a renamed key would fail here
    return int(step)


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
    print(resume(model2, optimizer2, directory), int(optimizer2.iterations))   # 2 10
