# diagnosis: returned_original
import os


def copy_via_file(model, make_model, directory):
    path = os.path.join(directory, "w.weights.h5")
    model.save_weights(path)
    model.load_weights(path)
    return model
