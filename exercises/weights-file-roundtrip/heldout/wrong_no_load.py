# diagnosis: not_loaded
import os


def copy_via_file(model, make_model, directory):
    model.save_weights(os.path.join(directory, "saved.weights.h5"))
    fresh = make_model()
    fresh.build(model.input_shape)
    return fresh
