# diagnosis: file_outside_dir
def copy_via_file(model, make_model, directory):
    model.save_weights("backup.weights.h5")
    fresh = make_model()
    fresh.build(model.input_shape)
    fresh.load_weights("backup.weights.h5")
    return fresh
