# diagnosis: restored_oldest
import tensorflow as tf


def resume(model, optimizer, directory):
    step = tf.Variable(0)
    ckpt = tf.train.Checkpoint(model=model, optimizer=optimizer, step=step)
    manager = tf.train.CheckpointManager(ckpt, directory, max_to_keep=5)
    ckpt.restore(manager.checkpoints[0])    # checkpoints runs oldest first
    return int(step)
