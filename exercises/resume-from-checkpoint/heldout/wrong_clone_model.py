# diagnosis: model_not_restored
import keras
import tensorflow as tf


def resume(model, optimizer, directory):
    restored = keras.models.clone_model(model)
    step = tf.Variable(0)
    ckpt = tf.train.Checkpoint(model=restored, optimizer=optimizer, step=step)
    ckpt.restore(tf.train.latest_checkpoint(directory))
    return int(step)
