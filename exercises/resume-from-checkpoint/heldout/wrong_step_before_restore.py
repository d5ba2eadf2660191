# diagnosis: step_not_restored
import tensorflow as tf


def resume(model, optimizer, directory):
    step = tf.Variable(0)
    start = int(step)
    tf.train.Checkpoint(model=model, optimizer=optimizer, step=step).restore(tf.train.latest_checkpoint(directory))
    return start
