# diagnosis: wrong_keys
import tensorflow as tf


def resume(model, optimizer, directory):
    step = tf.Variable(0)
    ckpt = tf.train.Checkpoint(net=model, optimizer=optimizer, step=step)
    ckpt.restore(tf.train.latest_checkpoint(directory)).expect_partial()
    return int(step)
