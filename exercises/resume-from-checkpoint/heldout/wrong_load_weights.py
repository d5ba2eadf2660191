# diagnosis: keras_format
import tensorflow as tf


def resume(model, optimizer, directory):
    latest = tf.train.latest_checkpoint(directory)
    model.load_weights(latest)
    return int(latest.split("-")[-1])
