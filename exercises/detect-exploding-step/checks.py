"""Hidden cases and checks for detect-exploding-step: a robust threshold from a norm history, and the steps over it."""
import numpy as np

from grader.api import Incorrect, check

FAMILIES: list = []  # no shared family fits a median rule; its own mistakes are named below


def cases(rng):
    out = []
    # (spikes, nan count, inf count, given as a tf.Tensor, a step exactly at the threshold): spikes with a nan,
    # spikes with nan and inf, a clean history with no explosion but one step exactly at the threshold (equal is
    # not above: it must not be reported), and spikes alone.
    plans = [(int(rng.integers(2, 5)), 1, 0, False, False), (int(rng.integers(2, 5)), 1, 1, True, False),
             (0, 0, 0, False, True), (int(rng.integers(3, 6)), 0, 0, True, False)]
    for spikes, nans, infs, as_tensor, boundary in plans:
        k = float(np.round(rng.uniform(3.0, 6.0), 1))
        while True:
            n = int(rng.integers(20, 41))
            base = float(rng.uniform(0.2, 3.0))
            # a slowly drifting, noisy "normal" norm, and a few steps that blow up far past k x median
            norms = base * np.exp(np.linspace(0.0, float(rng.uniform(-0.3, 0.3)), n) + rng.normal(0.0, 0.15, n))
            picks = rng.choice(n, size=spikes + nans + infs, replace=False)
            norms[picks[:spikes]] *= rng.uniform(2.0 * k, 40.0, size=spikes)
            norms[picks[spikes:spikes + nans]] = np.nan
            norms[picks[spikes + nans:]] = np.inf
            if as_tensor:
                norms = norms.astype(np.float32).astype(np.float64)  # exactly what the float32 tensor holds
            finite = norms[np.isfinite(norms)]
            threshold = k * float(np.median(finite))
            margin = np.min(np.abs(finite - threshold)) / threshold
            if margin > 0.02 and len(finite) % 2 == 0:  # no borderline step; an even count tests the median
                break
        if boundary:
            # a step above the median set to exactly k x median: the median (of the two middle values) is unchanged
            median = float(np.median(norms[np.isfinite(norms)]))
            above = np.flatnonzero(np.isfinite(norms) & (norms > median))
            norms[int(rng.choice(above))] = k * median
        out.append({"norms": norms, "k": k, "as_tensor": as_tensor})
    return out


def _expected(case):
    norms = np.asarray(case["norms"], dtype=np.float64)
    finite = np.isfinite(norms)
    threshold = case["k"] * float(np.median(norms[finite]))
    return np.flatnonzero(~finite | (norms > threshold)), threshold


def _alternatives(case):
    """Thresholds that known wrong rules give: (diagnosis, value)."""
    norms = np.asarray(case["norms"], dtype=np.float64)
    k = case["k"]
    finite = np.sort(norms[np.isfinite(norms)])
    n = len(finite)
    return [
        ("mean_instead_of_median", k * float(np.mean(finite))),
        ("nonfinite_in_median", k * float(np.median(norms))),           # nan anywhere makes it nan
        ("nonfinite_in_median", k * float(np.nanmedian(norms))),        # inf kept inside the median
        ("median_even_length", k * float(finite[n // 2])),              # upper middle only
        ("median_even_length", k * float(finite[(n - 1) // 2])),        # lower middle only
        ("forgot_k", float(np.median(finite))),
    ]


def _returned_pair(t):
    if t.got["steps_kind"] is None:
        raise Incorrect(
            "returned_none" if t.got["returned"] == "NoneType" else "wrong_type",
            f"`(steps, threshold)` 두 개짜리 tuple을 return해야 하는데 {t.got['returned']}을(를) 받았어. "
            "마지막 줄이 `return steps, threshold`인지 봐.",
            en=f"Return a tuple of two, `(steps, threshold)`; got {t.got['returned']}. Check that the last line is "
               "`return steps, threshold`.")


def _threshold_message(diag, got, want, case):
    k = case["k"]
    norms = np.asarray(case["norms"], dtype=np.float64)
    finite = norms[np.isfinite(norms)]
    texts = {
        "mean_instead_of_median": (
            f"threshold {got:.6g}는 k × **평균**이야 (기대: k × median = {want:.6g}). 폭발한 step 몇 개가 평균을 "
            f"{np.mean(finite):.4g}까지 끌어올렸어 (median은 {np.median(finite):.4g}). 그래서 threshold가 너무 높아져서 "
            "폭발을 놓쳐. 이상값에 흔들리지 않는 `np.median`을 써.",
            f"The threshold {got:.6g} is k × the **mean** (expected k × median = {want:.6g}). A few exploded steps "
            f"drag the mean up to {np.mean(finite):.4g} (the median is {np.median(finite):.4g}), so the threshold "
            "ends up too high and misses explosions. Use `np.median`, which outliers barely move."),
        "nonfinite_in_median": (
            f"threshold로 {got:.6g}을(를) 받았어 (기대 {want:.6g}). nan이나 inf가 섞인 채로 통계를 냈어. nan이 하나라도 있으면 "
            "`np.median`(평균도)은 nan이 되고, 그러면 `norms > threshold`가 전부 False라서 아무것도 못 잡아. inf는 "
            "median을 위로 밀고. `np.isfinite(norms)`로 유한한 값만 골라서 median을 구해.",
            f"The threshold is {got:.6g} (expected {want:.6g}): the statistic was taken with nan or inf still inside. "
            "A single nan makes `np.median` (and the mean) nan, and then every `norms > threshold` is False, so "
            "nothing is caught; inf pushes the median up. Keep only the finite values, `norms[np.isfinite(norms)]`, "
            "before taking the median."),
        "median_even_length": (
            f"threshold {got:.6g}가 기대값 {want:.6g}와 조금 달라. 유한한 값이 {len(finite)}개(짝수)일 때 median은 가운데 "
            "**두 값의 평균**이야. 한쪽 값만 골랐어. `np.median`을 쓰면 알아서 해 줘.",
            f"The threshold {got:.6g} is slightly off from {want:.6g}. With {len(finite)} finite values (an even "
            "count), the median is the **average of the two middle values**; you took only one of them. `np.median` "
            "does this for you."),
        "forgot_k": (
            f"threshold {got:.6g}는 median 그 자체야. 기대한 건 k × median = {k:g} × {np.median(finite):.4g} = "
            f"{want:.6g}야.",
            f"The threshold {got:.6g} is the median itself. Expected k × median = {k:g} × {np.median(finite):.4g} = "
            f"{want:.6g}."),
    }
    return texts[diag]




def regions(case):
    """nan, inf, spikes, no explosion at all, a step exactly at the threshold, a tf.Tensor input."""
    norms = np.asarray(case["norms"], dtype=np.float64)
    steps, threshold = _expected(case)
    found = {"tensor input" if case["as_tensor"] else "numpy input"}
    if np.isnan(norms).any():
        found.add("nan")
    if np.isinf(norms).any():
        found.add("inf")
    found.add("spikes" if np.any(np.isfinite(norms) & (norms > threshold)) else "no spike")
    if np.any(norms == threshold):
        found.add("exactly at threshold")
    return found

def _after_first(check, t, what, what_en):
    """A shared precondition: the first check explains it in full, a later one only points there (one message per
    cause, not the same text twice in one verdict)."""
    try:
        return check(t)
    except Incorrect as exc:
        raise Incorrect(exc.diagnosis, f"{what}도 확인할 수 없어: 원인은 위 검사의 진단과 같아. 그것부터 고쳐 봐.",
                        en=f"{what_en} cannot be checked either: the cause is the one named by the check above. "
                           "Fix that first.") from None


@check("threshold = k × (유한한 norm의 median)", points=2, en="threshold = k × (median of the finite norms)")
def threshold_right(t):
    _returned_pair(t)
    _, want = _expected(t.case)
    got = t.got["threshold"]
    if got is None or np.asarray(got).size != 1:
        raise Incorrect(
            "wrong_type",
            f"threshold는 숫자 하나여야 하는데 {t.got['threshold_kind']}을(를) 받았어. `float(...)`로 돌려줘.",
            en=f"The threshold should be a single number; got {t.got['threshold_kind']}. Return it as `float(...)`.")
    value = float(np.ravel(np.asarray(got, dtype=np.float64))[0])
    if np.isclose(value, want, rtol=1e-5):
        return
    for diag, alt in _alternatives(t.case):
        if (np.isnan(alt) and np.isnan(value)) or np.isclose(value, alt, rtol=1e-5):
            ko, en = _threshold_message(diag, value, want, t.case)
            raise Incorrect(diag, ko, en=en)
    raise Incorrect(
        "wrong_threshold",
        f"threshold가 기대값과 달라: 기대 {want:.6g}, 받은 값 {value:.6g}. 규칙은 `k * median(유한한 norm)`이야 "
        f"(k = {t.case['k']:g}). nan/inf는 median 계산에서 빼.",
        en=f"The threshold differs: expected {want:.6g}, got {value:.6g}. The rule is `k * median(finite norms)` "
           f"(k = {t.case['k']:g}); leave nan/inf out of the median.")


@check("폭발한 step의 index를 오름차순으로 찾는다", points=2, en="the exploding steps' indices, ascending")
def steps_right(t):
    _after_first(_returned_pair, t, "steps", "steps")
    want, threshold = _expected(t.case)
    norms = np.asarray(t.case["norms"], dtype=np.float64)
    got = t.got["steps"]
    if got is None:
        raise Incorrect(
            "wrong_type",
            f"steps는 정수 index의 1-D 배열(또는 리스트)이어야 하는데 {t.got['steps_kind']}을(를) 받았어.",
            en=f"steps should be a 1-D array (or list) of integer indices; got {t.got['steps_kind']}.")
    got = np.asarray(got)
    if got.dtype.kind == "b":
        raise Incorrect(
            "returned_mask",
            f"steps로 True/False mask(길이 {got.size})를 돌려줬어. 기대한 건 폭발한 step의 **index** 목록이야 "
            f"(이번 case: {want.tolist()}). mask가 있다면 `np.flatnonzero(mask)`로 index를 뽑아.",
            en=f"You returned a True/False mask (length {got.size}) as steps. Expected the **indices** of the exploding "
               f"steps (this case: {want.tolist()}). From a mask, `np.flatnonzero(mask)` gives the indices.")
    if got.ndim == 2 and got.shape[1] == 1:
        raise Incorrect(
            "steps_not_flat",
            f"steps의 shape이 {got.shape}이야. `tf.where`는 (개수, 1) 모양을 돌려줘. 기대한 건 1-D "
            f"{want.shape}야. `tf.reshape(idx, [-1])`나 `np.flatnonzero`를 써.",
            en=f"steps has shape {got.shape}: `tf.where` returns shape (count, 1). Expected 1-D, {want.shape}. Use "
               "`tf.reshape(idx, [-1])` or `np.flatnonzero`.")
    if got.ndim != 1 or (got.size and not np.all(np.equal(np.mod(got, 1), 0))):
        raise Incorrect(
            "wrong_type",
            f"steps는 정수 index의 1-D 배열이어야 하는데 shape {got.shape}, dtype {got.dtype}를 받았어.",
            en=f"steps should be a 1-D array of integer indices; got shape {got.shape}, dtype {got.dtype}.")
    got = got.astype(np.int64)
    if np.array_equal(got, want):
        return
    if np.array_equal(np.sort(got), want):
        raise Incorrect(
            "not_sorted",
            f"index는 다 맞는데 순서가 달라: 받은 값 {got.tolist()}, 기대 {want.tolist()}. 오름차순으로 정렬해 줘.",
            en=f"The indices are right but out of order: got {got.tolist()}, expected {want.tolist()}. Sort them "
               "ascending.")
    if want.size and (np.array_equal(got, want + 1) or np.array_equal(got, want - 1)):
        shift = int(got[0] - want[0])
        raise Incorrect(
            "off_by_one",
            f"index가 전부 {shift:+d}만큼 밀렸어: 받은 값 {got.tolist()}, 기대 {want.tolist()}. step index는 0부터 "
            "세: `norms[i]`가 폭발했으면 i를 넣어.",
            en=f"Every index is shifted by {shift:+d}: got {got.tolist()}, expected {want.tolist()}. Step indices start "
               "at 0: when `norms[i]` exploded, report i.")
    at = np.flatnonzero(norms == threshold)
    if at.size and np.array_equal(got, np.union1d(want, at)):
        raise Incorrect(
            "ge_instead_of_gt",
            f"step {at.tolist()}의 norm은 threshold {threshold:.6g}와 **정확히 같아**. 규칙은 threshold를 **초과**(`>`)할 "
            "때만 폭발이야. 같은 값까지 넣었으니 `>=`를 썼지? `norms > threshold`로 바꿔.",
            en=f"The norm of step(s) {at.tolist()} is **exactly equal** to the threshold {threshold:.6g}. The rule counts "
               "an explosion only **above** it (`>`). Equal values got in, so you used `>=`: change it to "
               "`norms > threshold`.")
    nonfinite = np.flatnonzero(~np.isfinite(norms))
    nan_steps = np.flatnonzero(np.isnan(norms))
    missing = sorted(set(want.tolist()) - set(got.tolist()))
    extra = sorted(set(got.tolist()) - set(want.tolist()))
    if missing and set(missing) <= set(nonfinite.tolist()) and not extra:
        which = "nan" if set(missing) <= set(nan_steps.tolist()) else "nan/inf"
        raise Incorrect(
            "missed_nonfinite",
            f"{which}인 step {missing}을(를) 빠뜨렸어. `nan > threshold`는 언제나 False라서 비교만으로는 nan이 안 잡혀. "
            "nan/inf가 나온 step은 그 자체로 폭발이야: `~np.isfinite(norms) | (norms > threshold)`.",
            en=f"You missed the {which} step(s) {missing}. `nan > threshold` is always False, so a comparison alone never "
               "catches nan. A nan/inf step is an explosion in itself: `~np.isfinite(norms) | (norms > threshold)`.")
    for diag, alt in _alternatives(t.case):
        if np.isnan(alt):  # every comparison with nan is False: only an explicit nan/inf test finds anything
            candidates = [nonfinite, np.zeros((0,), dtype=np.int64)]
        else:
            candidates = [np.flatnonzero(~np.isfinite(norms) | (norms > alt))]
        if any(np.array_equal(got, c) and not np.array_equal(c, want) for c in candidates):
            ko, en = _threshold_message(diag, alt, threshold, t.case)
            raise Incorrect(diag, f"찾은 step {got.tolist()}이(가) 기대 {want.tolist()}와 달라. " + ko,
                            en=f"The steps you found, {got.tolist()}, differ from {want.tolist()}. " + en)
    raise Incorrect(
        "wrong_steps",
        f"폭발한 step이 달라: 기대 {want.tolist()}, 받은 값 {got.tolist()} (빠진 것 {missing}, 더 들어간 것 {extra}). "
        f"threshold {threshold:.6g}보다 **큰** step과 nan/inf인 step이 폭발이야.",
        en=f"The exploding steps differ: expected {want.tolist()}, got {got.tolist()} (missing {missing}, extra "
           f"{extra}). A step explodes when its norm is **above** the threshold {threshold:.6g} or is nan/inf.")


def charts(t):
    norms = np.asarray(t.case["norms"], dtype=np.float64)
    steps, threshold = _expected(t.case)
    exploding = set(steps.tolist())
    rows = [{"group": str(i), "series": "폭발 / exploding" if i in exploding else "정상 / normal", "value": float(v)}
            for i, v in enumerate(norms) if np.isfinite(v)]
    return [{"kind": "grouped_bars",
             "title": "step별 global gradient norm (가로선: k × median; nan/inf step은 생략)",
             "title_en": "Global gradient norm per step (line: k × median; nan/inf steps left out)",
             "rows": rows, "rule": threshold, "rule_label": "k × median"}]
