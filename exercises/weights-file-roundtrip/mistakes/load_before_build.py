# diagnosis: load_before_build
import os


def copy_via_file(model, make_model, directory):
    path = os.path.join(directory, "model.weights.h5")
    model.save_weights(path)
    fresh = make_model()
    fresh.load_weights(path)     # make_model's model has no weights yet: Keras refuses
    return fresh
