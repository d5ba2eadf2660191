# diagnosis: restored_directory
import tensorflow as tf


def resume(model, optimizer, directory):
    step = tf.Variable(0)
    ckpt = tf.train.Checkpoint(model=model, optimizer=optimizer, step=step)
    ckpt.restore(directory)
    return int(step.numpy())
