# diagnosis: optimizer_not_restored
import tensorflow as tf


def resume(model, optimizer, directory):
    step = tf.Variable(0)
    ckpt = tf.train.Checkpoint(model=model, step=step)   # Adam's moments and iterations stay behind
    ckpt.restore(tf.train.latest_checkpoint(directory))
    return int(step)
