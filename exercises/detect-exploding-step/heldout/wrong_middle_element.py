# diagnosis: median_even_length
import math


def find_exploding_steps(norms, k):
    values = [float(v) for v in list(norms)]
    finite = sorted(v for v in values if math.isfinite(v))
    median = finite[len(finite) // 2]
    threshold = k * median
    steps = [i for i, v in enumerate(values) if not math.isfinite(v) or v > threshold]
    return steps, threshold
