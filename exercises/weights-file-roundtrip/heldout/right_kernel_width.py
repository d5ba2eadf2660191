def copy_via_file(model, make_model, directory):
    width = model.layers[0].kernel.shape[0]
    target = f"{directory}/copy.weights.h5"
    model.save_weights(target)
    fresh = make_model()
    fresh.build((None, width))
    fresh.load_weights(target)
    return fresh
