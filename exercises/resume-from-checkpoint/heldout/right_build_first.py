import tensorflow as tf


def resume(model, optimizer, directory):
    optimizer.build(model.trainable_variables)   # slots exist before restoring: no deferred restoration needed
    step = tf.Variable(0)
    status = tf.train.Checkpoint(model=model, optimizer=optimizer, step=step).restore(
        tf.train.latest_checkpoint(directory))
    status.assert_consumed()
    return int(step)
