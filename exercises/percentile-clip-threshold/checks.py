"""Hidden cases and checks for percentile-clip-threshold: clip_norm = the q-th percentile of the finite norms
after warm-up, and the share of those norms strictly above it."""
import numpy as np

from grader.api import Evidence, Incorrect, check

# Percentile and share mistakes are named below; the shared analysis adds a flipped sign or a shape.
FAMILIES = ["sign", "shape"]

# numpy's other percentile methods: a learner who picks ranks by hand usually lands on one of them.
OTHER_METHODS = ["lower", "higher", "nearest", "midpoint", "inverted_cdf", "averaged_inverted_cdf",
                 "closest_observation", "interpolated_inverted_cdf", "hazen", "weibull", "median_unbiased",
                 "normal_unbiased"]


def _typical(rng, size):
    return rng.lognormal(mean=np.log(rng.uniform(1.0, 4.0)), sigma=0.25, size=size)


def cases(rng):
    out = []
    # 1) the percentile lands exactly on a logged value (q/100 * (n - 1) is a whole number): `>=` counts it.
    n = int(rng.choice([21, 31, 41]))
    q = float(rng.choice([80.0, 90.0]) if n == 31 else rng.choice([80.0, 90.0, 95.0]))
    warmup = int(rng.integers(4, 9))
    after = _typical(rng, n)
    after[rng.choice(n, size=2, replace=False)] *= rng.uniform(10, 30, size=2)  # two spikes
    head = _typical(rng, warmup) * rng.uniform(8, 20)
    head[rng.integers(0, warmup)] = np.nan  # a blown-up warm-up step
    out.append({"kind": "boundary", "as_tensor": False, "q": q, "warmup": warmup,
                "norms": np.concatenate([head, _insert(rng, after, [np.nan])])})
    # 2) a tf.Tensor with inf inside and after the warm-up, and q between ranks.
    warmup, n = int(rng.integers(3, 7)), int(rng.integers(25, 36))
    after = _typical(rng, n)
    after[rng.integers(0, n)] *= rng.uniform(15, 40)
    head = _typical(rng, warmup) * rng.uniform(8, 20)
    head[rng.integers(0, warmup)] = np.inf
    out.append({"kind": "tensor", "as_tensor": True, "q": float(np.round(rng.uniform(85.0, 98.0), 1)),
                "warmup": warmup, "norms": np.concatenate([head, _insert(rng, after, [np.inf, np.nan])])})
    # 3) q = 100: the threshold is the largest kept value and nothing is clipped.
    warmup, n = int(rng.integers(2, 6)), int(rng.integers(15, 26))
    out.append({"kind": "q100", "as_tensor": False, "q": 100.0, "warmup": warmup,
                "norms": np.concatenate([_typical(rng, warmup) * 10, _insert(rng, _typical(rng, n), [np.nan])])})
    # 4) every large value is in the warm-up; the rest is calm and finite.
    warmup, n = int(rng.integers(8, 13)), int(rng.integers(20, 31))
    out.append({"kind": "warmup_spikes", "as_tensor": False, "q": float(rng.choice([85.0, 90.0, 95.0])),
                "warmup": warmup,
                "norms": np.concatenate([_typical(rng, warmup) * rng.uniform(10, 30), _typical(rng, n)])})
    return out


def regions(case):
    kept = _kept(case)
    c = float(np.percentile(kept, case["q"]))
    out = {"boundary (a value equals clip_norm)"} if np.any(kept == c) else set()
    out.add("no-op (nothing clipped)" if not np.any(kept > c) else "clipping")
    if not np.all(np.isfinite(_given(case))):
        out.add("nan/inf in the log")
    if case["as_tensor"]:
        out.add("tf.Tensor input")
    return out


def _insert(rng, values, extra):
    values = list(values)
    for e in extra:
        values.insert(int(rng.integers(1, len(values))), e)
    return np.array(values)


def _given(case):
    """The log as the learner's function saw it (float32 when it came as a tf.Tensor)."""
    v = np.asarray(case["norms"], dtype=np.float64)
    return v.astype(np.float32).astype(np.float64) if case["as_tensor"] else v


def _kept(case):
    v = _given(case)[case["warmup"]:]
    return v[np.isfinite(v)]


def _close(a, b):
    return bool(np.isclose(a, b, rtol=1e-5, atol=1e-9))


def _number(t, key):
    got = t.got[key]
    if got is None or np.size(got) != 1:
        return None
    return float(np.ravel(np.asarray(got, dtype=np.float64))[0])


def _returned_pair(t):
    if t.got["clip_kind"] is None:
        raise Incorrect(
            "returned_none" if t.got["returned"] == "NoneType" else "wrong_type",
            f"`(clip_norm, clipped_fraction)` 두 개를 tuple로 return해야 하는데 {t.got['returned']}을(를) 받았어.",
            en=f"Return the two values `(clip_norm, clipped_fraction)` as a tuple; got {t.got['returned']}.")


def _threshold_alternatives(case):
    """What a known way of getting the threshold wrong gives, in the order they are told apart."""
    v, w, q = _given(case), case["warmup"], case["q"]
    kept = _kept(case)
    finite_all = v[np.isfinite(v)]
    with np.errstate(invalid="ignore"):
        raw = float(np.percentile(v[w:], q))
    out = [("included_warmup", float(np.percentile(finite_all, q))),
           ("warmup_after_filter", float(np.percentile(finite_all[w:], q))),
           ("included_nonfinite", raw),
           ("q_scale", float(np.percentile(kept, q / 100.0))),
           ("ignored_q", float(np.median(kept)))]
    out += [("wrong_interpolation", float(np.percentile(kept, q, method=m))) for m in OTHER_METHODS]
    return out


_THRESHOLD_TEXT = {
    "included_warmup": (
        "warm-up step까지 넣고 percentile을 구했어. 학습 초반 norm은 원래 크고 빨리 변해서 threshold가 너무 높아져. "
        "`values[warmup:]`로 먼저 잘라 내.",
        "You took the percentile with the warm-up steps included. Early norms are large and change fast, so the threshold "
        "comes out too high. Cut them off first with `values[warmup:]`."),
    "warmup_after_filter": (
        "nan/inf를 먼저 빼고 warm-up을 잘랐어. 그러면 warm-up 안에 있던 nan/inf 개수만큼 warm-up이 뒤로 밀려서 엉뚱한 "
        "step을 버려. 순서는 `values[warmup:]`가 먼저, 그다음 `np.isfinite`야.",
        "You dropped nan/inf first and cut the warm-up afterwards. The warm-up then shifts by the number of nan/inf "
        "inside it and the wrong steps are dropped. First `values[warmup:]`, then `np.isfinite`."),
    "included_nonfinite": (
        "nan/inf를 빼지 않고 percentile을 구했어. `nan`이 하나라도 있으면 결과가 `nan`이 되고, `inf`는 위쪽 "
        "percentile을 끌어올려. `kept[np.isfinite(kept)]`로 먼저 걸러.",
        "You took the percentile without dropping nan/inf. A single `nan` makes the result `nan`, and `inf` drags the "
        "upper percentiles up. Filter with `kept[np.isfinite(kept)]` first."),
    "q_scale": (
        "`np.percentile`에 `q / 100`을 넘겼어. `np.percentile`은 q를 0~100 그대로 받아 (0~1로 받는 건 "
        "`np.quantile`이야). 그래서 거의 최솟값이 나왔어.",
        "You passed `q / 100` to `np.percentile`. `np.percentile` takes q as 0–100 (it is `np.quantile` that takes 0–1), "
        "so you got almost the minimum."),
    "ignored_q": (
        "q와 상관없이 median(50번째 percentile)을 돌려줬어. threshold는 q번째 percentile이야: `np.percentile(kept, q)`.",
        "You returned the median (the 50th percentile) whatever q was. The threshold is the q-th percentile: "
        "`np.percentile(kept, q)`."),
    "wrong_interpolation": (
        "percentile을 다른 방식으로 셌어 (순위를 반올림하거나 가장 가까운 값을 고르는 방식). 규칙은 두 순위 사이를 "
        "직선으로 잇는 linear 보간이야: `np.percentile(kept, q)`의 기본값.",
        "You computed the percentile another way (rounding the rank, or picking the nearest value). The rule is linear "
        "interpolation between the two neighbouring ranks: `np.percentile(kept, q)`'s default."),
}


def _threshold_diagnosis(t, value):
    """(diagnosis, ko, en) for a wrong threshold value that matches a known mistake, else None."""
    want = float(np.percentile(_kept(t.case), t.case["q"]))
    for diag, alt in _threshold_alternatives(t.case):
        if _close(alt, want):
            continue
        if (np.isnan(alt) and np.isnan(value)) or (np.isfinite(alt) and _close(value, alt)) or (np.isinf(alt) and alt == value):
            ko, en = _THRESHOLD_TEXT[diag]
            return diag, ko, en
    if np.isnan(value):
        ko, en = _THRESHOLD_TEXT["included_nonfinite"]
        return "included_nonfinite", ko, en
    return None


@check("clip_norm이 warm-up 뒤 유한한 값의 q번째 percentile이다", points=3,
       en="clip_norm is the q-th percentile of the finite values after warm-up")
def threshold_right(t):
    _returned_pair(t)
    want = float(np.percentile(_kept(t.case), t.case["q"]))
    value = _number(t, "clip_norm")
    if value is None:
        raise Incorrect(
            "wrong_type",
            f"clip_norm은 숫자 하나여야 하는데 {t.got['clip_kind']}을(를) 받았어. `float(...)`로 돌려줘.",
            en=f"clip_norm should be one number; got {t.got['clip_kind']}. Return it as `float(...)`.")
    if _close(value, want):
        return
    fraction = _number(t, "fraction")
    want_fraction = float(np.mean(_kept(t.case) > want))
    if fraction is not None and _close(value, want_fraction) and _close(fraction, want):
        raise Incorrect(
            "swapped_outputs",
            f"두 값의 순서가 바뀌었어: 첫 번째로 {value:.4g}(비율), 두 번째로 {fraction:.4g}(threshold)를 돌려줬어. "
            "`return clip_norm, clipped_fraction` 순서야.",
            en=f"The two values are swapped: you returned {value:.4g} (the share) first and {fraction:.4g} (the threshold) "
               "second. The order is `return clip_norm, clipped_fraction`.")
    found = _threshold_diagnosis(t, value)
    if found:
        diag, ko, en = found
        raise Incorrect(diag, f"clip_norm이 {value:.6g}인데 기대는 {want:.6g}야. " + ko,
                        en=f"clip_norm is {value:.6g}, expected {want:.6g}. " + en)
    raise Incorrect(
        "wrong_threshold",
        f"clip_norm이 달라: 기대 {want:.6g}, 받은 값 {value:.6g}. 앞의 {t.case['warmup']}개를 버리고, 유한한 값만 남긴 "
        f"다음, 그 값들의 {t.case['q']:g}번째 percentile(linear 보간)이야.",
        en=f"clip_norm differs: expected {want:.6g}, got {value:.6g}. Drop the first {t.case['warmup']} values, keep the "
           f"finite ones, then take their {t.case['q']:g}th percentile (linear interpolation).",
        generic=True, evidence=Evidence(value, want, "clip_norm", "clip_norm"))


@check("clipped_fraction이 clip_norm을 넘는 값의 비율이다", points=2,
       en="clipped_fraction is the share of values above clip_norm")
def fraction_right(t):
    _returned_pair(t)
    kept = _kept(t.case)
    v, w = _given(t.case), t.case["warmup"]
    c = float(np.percentile(kept, t.case["q"]))
    want = float(np.mean(kept > c))
    got = _number(t, "fraction")
    if got is None:
        raise Incorrect(
            "wrong_type",
            f"clipped_fraction은 0과 1 사이의 숫자 하나여야 하는데 {t.got['fraction_kind']}을(를) 받았어.",
            en=f"clipped_fraction should be one number between 0 and 1; got {t.got['fraction_kind']}.")
    if _close(got, want):
        return
    count = int(np.sum(kept > c))
    mine = _number(t, "clip_norm")
    if mine is not None and not _close(mine, c):
        found = _threshold_diagnosis(t, mine)
        if found and np.isfinite(mine) and _close(got, float(np.mean(kept > mine))):
            diag, _, _ = found
            raise Incorrect(
                diag,
                f"비율 {got:.4g}는 네 threshold {mine:.6g}로 센 거라 셈 자체는 맞아. threshold가 {c:.6g}이어야 해서 "
                f"비율도 {want:.4g}가 돼. 위의 clip_norm 항목부터 고쳐.",
                en=f"The share {got:.4g} is right for your threshold {mine:.6g}, so the counting itself is fine. The "
                   f"threshold should be {c:.6g}, which makes the share {want:.4g}. Fix the clip_norm item first.")
        if found:
            # The same slip (warm-up kept, nan/inf kept, …) went into the share as well: one cause, told once above.
            diag, _, _ = found
            raise Incorrect(
                diag,
                f"비율이 {got:.4g}인데 기대는 {want:.4g}야. threshold에서 생긴 같은 문제가 비율 계산에도 들어갔어. "
                "clip_norm 항목을 고치면서 비율도 같은 남긴 값으로 세.",
                en=f"The share is {got:.4g}, expected {want:.4g}. The slip behind the threshold went into the share as "
                   "well. Fix the clip_norm item and count the share over the same kept values.")
    alternatives = [
        ("counted_boundary", float(np.mean(kept >= c)),
         f"clip_norm과 **같은** 값까지 잘린 것으로 셌어 (`>=`). 이번 기록에는 clip_norm {c:.6g}과 똑같은 값이 있어. "
         "norm이 정확히 clip_norm이면 `tf.clip_by_global_norm`은 아무것도 안 바꾸니까 `>`로 세.",
         f"You counted values **equal** to clip_norm as clipped (`>=`). This log has a value exactly at clip_norm "
         f"{c:.6g}. A norm exactly at clip_norm is left unchanged by `tf.clip_by_global_norm`, so count with `>`."),
        ("percent_not_fraction", 100.0 * want,
         f"비율을 **퍼센트**로 돌려줬어 ({got:g}). 0과 1 사이의 비율 {want:.4g}를 돌려줘 (100을 곱하지 마).",
         f"You returned the share as a **percentage** ({got:g}). Return the fraction between 0 and 1, {want:.4g} "
         "(no factor 100)."),
        ("count_not_fraction", float(count),
         f"잘린 값의 **개수**({count})를 돌려줬어. 비율이어야 하니까 남긴 값의 개수 {kept.size}로 나눠.",
         f"You returned the **count** of clipped values ({count}). It should be a share: divide by the number of kept "
         f"values, {kept.size}."),
        ("fraction_denominator", count / v.size,
         f"잘린 개수 {count}를 기록 전체 길이 {v.size}로 나눴어. 분모는 warm-up과 nan/inf를 뺀 **남긴 값**의 개수 "
         f"{kept.size}야.",
         f"You divided the clipped count {count} by the whole log's length {v.size}. The denominator is the number of "
         f"**kept** values, without warm-up and nan/inf: {kept.size}."),
        ("fraction_denominator", count / max(v[w:].size, 1),
         f"잘린 개수 {count}를 warm-up 뒤 전체 {v[w:].size}개로 나눴어. nan/inf도 빼고 남긴 {kept.size}개로 나눠.",
         f"You divided the clipped count {count} by all {v[w:].size} values after warm-up. Leave nan/inf out too and "
         f"divide by the {kept.size} kept values."),
        ("included_nonfinite", float(np.mean(v[w:] > c)) if v[w:].size else want,
         "비율을 셀 때 nan/inf를 빼지 않았어 (`inf > clip_norm`은 True라서 잘린 것으로 세졌고, 분모에도 들어갔어). "
         "threshold를 구할 때와 같은 남긴 값으로 세.",
         "You counted the share without dropping nan/inf (`inf > clip_norm` is True, so it counted as clipped, and it "
         "went into the denominator too). Count over the same kept values as the threshold."),
        ("included_warmup", float(np.mean(v[np.isfinite(v)] > c)),
         "비율을 셀 때 warm-up step까지 넣었어. 남긴 값(warm-up 뒤, 유한한 값)만으로 세.",
         "You counted the share with the warm-up steps included. Count over the kept values only (after warm-up, finite)."),
    ]
    for diag, alt, ko, en in alternatives:
        if not _close(alt, want) and _close(got, alt):
            raise Incorrect(diag, ko, en=en)
    raise Incorrect(
        "wrong_fraction",
        f"clipped_fraction이 달라: 기대 {want:.4g} (남긴 값 {kept.size}개 중 {count}개가 clip_norm {c:.6g}보다 커), "
        f"받은 값 {got:.4g}.",
        en=f"clipped_fraction differs: expected {want:.4g} ({count} of the {kept.size} kept values are above clip_norm "
           f"{c:.6g}), got {got:.4g}.",
        generic=True, evidence=Evidence(got, want, "clipped_fraction", "clipped_fraction"))


def charts(t):
    v = _given(t.case)
    c = float(np.percentile(_kept(t.case), t.case["q"]))
    w = t.case["warmup"]
    rows = [{"group": str(i), "series": "warm-up" if i < w else ("잘림 / clipped" if x > c else "그대로 / kept"),
             "value": float(x)} for i, x in enumerate(v) if np.isfinite(x)]
    return [{"kind": "grouped_bars",
             "title": "step별 clip 전 norm (가로선: clip_norm, nan/inf step은 생략)",
             "title_en": "Pre-clip norm per step (line: clip_norm; nan/inf steps left out)",
             "rows": rows, "rule": c, "rule_label": "clip_norm"}]
