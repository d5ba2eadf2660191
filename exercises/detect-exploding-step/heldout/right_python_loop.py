# right: plain Python with math.isfinite and statistics.median
import math
import statistics


def find_exploding_steps(norms, k):
    values = [float(v) for v in (norms.numpy() if hasattr(norms, "numpy") else norms)]
    threshold = k * statistics.median([v for v in values if math.isfinite(v)])
    steps = []
    for i, v in enumerate(values):
        if not math.isfinite(v) or v > threshold:
            steps.append(i)
    return steps, float(threshold)
