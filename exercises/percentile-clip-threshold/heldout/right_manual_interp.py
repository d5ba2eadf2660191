import math


def choose_clip_norm(norms, q, warmup):
    values = [float(v) for v in list(norms)[warmup:]]
    kept = sorted(v for v in values if math.isfinite(v))
    pos = q / 100 * (len(kept) - 1)            # linear interpolation between the two closest ranks
    lo, hi = math.floor(pos), math.ceil(pos)
    clip_norm = kept[lo] + (kept[hi] - kept[lo]) * (pos - lo)
    above = sum(1 for v in kept if v > clip_norm)
    return clip_norm, above / len(kept)
