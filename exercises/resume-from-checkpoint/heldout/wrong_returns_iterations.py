# diagnosis: returned_iterations
import tensorflow as tf


def resume(model, optimizer, directory):
    step = tf.Variable(0)
    checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer, step=step)
    checkpoint.restore(tf.train.latest_checkpoint(directory))
    return int(optimizer.iterations)   # 몇 step 했는지는 optimizer가 알겠지
