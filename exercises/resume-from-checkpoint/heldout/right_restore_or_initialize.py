import tensorflow as tf


def resume(model, optimizer, directory):
    step = tf.Variable(0)
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(model=model, optimizer=optimizer, step=step),
                                         directory, max_to_keep=3)
    manager.restore_or_initialize()
    return int(step.numpy())
