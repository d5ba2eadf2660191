# diagnosis: restored_oldest
import os

import tensorflow as tf


def resume(model, optimizer, directory):
    names = sorted(f[:-len(".index")] for f in os.listdir(directory) if f.endswith(".index"))
    newest = os.path.join(directory, names[-1])   # 정렬하면 마지막이 최신이겠지
    step = tf.Variable(0)
    tf.train.Checkpoint(model=model, optimizer=optimizer, step=step).restore(newest)
    return int(step)
