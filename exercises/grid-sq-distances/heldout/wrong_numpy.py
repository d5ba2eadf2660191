# diagnosis: float64_result
import numpy as np
import tensorflow as tf


def sq_distances(points, centers):
    p = points.numpy()
    c = centers.numpy().astype(np.float64)
    return tf.convert_to_tensor(((p[:, None, :] - c[None, :, :]) ** 2).sum(axis=-1))
