"""Hands copy_via_file a built model, a make_model() that returns unbuilt copies and a fresh temporary directory,
then reports the files written, what came back and its weights."""


def observe(submission, case):
    import os
    import shutil
    import tempfile

    import keras

    width, hidden = case["width"], case["hidden"]

    def layers():
        return [keras.layers.Dense(hidden, activation="tanh"), keras.layers.Dense(2)]

    original = tools.job_model(("original", width, hidden),
                               lambda: keras.Sequential([keras.Input((width,))] + layers()), case["weights"])
    made = []

    def make_model():
        fresh = keras.Sequential(layers())   # no Input: unbuilt, no weights yet
        made.append(fresh)
        return fresh

    directory = tempfile.mkdtemp()
    here = set(os.listdir("."))
    try:
        try:
            result = submission.copy_via_file(original, make_model, directory)
        except ValueError as exc:
            # The three ways saving/loading refuses are the mistakes this exercise teaches; other errors are the learner's.
            text = str(exc)
            kind = next((k for k, needle in (("not_built", "not yet been built"), ("extension", "must end in"),
                                             ("mismatch", "could not be loaded")) if needle in text), None)
            if kind is None:
                raise
            return {"error": kind, "message": text.splitlines()[0][:240], "files": sorted(os.listdir(directory)),
                    "outside": sorted(set(os.listdir(".")) - here)}
        built = isinstance(result, keras.Model) and bool(result.built)
        return {
            "error": None,
            "files": sorted(os.listdir(directory)),
            "outside": sorted(set(os.listdir(".")) - here),
            "returned": tools.describe(result) if not isinstance(result, keras.Model) else "model",
            "is_original": result is original,
            "made": len(made),
            "built": built,
            "weights": [w.numpy() for w in result.weights] if built else None,
        }
    finally:
        shutil.rmtree(directory, ignore_errors=True)
        for name in set(os.listdir(".")) - here:   # files a learner wrote beside the submission
            path = os.path.join(".", name)
            shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) else os.remove(path)
