import tensorflow as tf


def resume(model, optimizer, directory):
    counter = tf.Variable(0, dtype=tf.int32)
    ckpt = tf.train.Checkpoint(step=counter, optimizer=optimizer, model=model)
    manager = tf.train.CheckpointManager(ckpt, directory=directory, max_to_keep=None)
    ckpt.restore(manager.latest_checkpoint).expect_partial()
    return counter.numpy().item()
