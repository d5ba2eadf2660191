import pathlib

import numpy as np


def copy_via_file(model, make_model, directory):
    path = pathlib.Path(directory) / "snapshot.weights.h5"
    model.save_weights(str(path))
    clone = make_model()
    clone(np.zeros((1,) + tuple(model.input_shape[1:]), dtype="float32"))   # one call builds it
    clone.load_weights(str(path))
    return clone
