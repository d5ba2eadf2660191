"""Hidden cases and checks for cap-recurrent-spectral-norm: rescale a recurrent kernel in place so that its
largest singular value is at most max_sigma, and return that singular value from before."""
import numpy as np

from grader.api import Evidence, Incorrect, check

# The spectral-norm mistakes are this exercise's own (below); the shared analysis adds a flipped sign.
FAMILIES = ["sign"]


def _nonsymmetric(rng, n):
    # A random matrix plus a strictly upper-triangular push: its spectral norm and spectral radius differ clearly.
    return rng.normal(size=(n, n)) / np.sqrt(n) + np.triu(rng.normal(size=(n, n)), k=1)


def cases(rng):
    """Two kernels above the cap, one below, one exactly at it (sigma == max_sigma counts as 'leave it'), one all
    zeros (sigma = 0: dividing by it gives nan)."""
    out = []
    for kind in ("above", "above", "below", "equal", "zero"):
        n = int(rng.integers(3, 7))
        if kind == "equal":
            # A cyclic permutation times a diagonal: its singular values are exactly the diagonal's magnitudes.
            max_sigma = float(rng.integers(6, 14)) / 8.0
            diag = np.concatenate([[max_sigma], rng.uniform(0.1, 0.9, size=n - 1) * max_sigma])
            kernel = np.roll(np.eye(n), 1, axis=0) @ np.diag(diag)
        elif kind == "zero":
            max_sigma, kernel = float(np.round(rng.uniform(0.8, 1.5), 3)), np.zeros((n, n))
        else:
            kernel = _nonsymmetric(rng, n)
            sigma = float(np.linalg.norm(kernel, 2))
            ratio = rng.uniform(0.3, 0.65) if kind == "above" else rng.uniform(1.3, 2.0)
            max_sigma = float(np.round(sigma * ratio, 4))
        out.append({"kind": kind, "kernel": kernel.astype(np.float32), "max_sigma": max_sigma})
    return out


def regions(case):
    return {{"above": "above the cap", "below": "no-op (below the cap)", "equal": "boundary (sigma == max_sigma)",
             "zero": "zero kernel"}[case["kind"]]}


def _measures(kernel):
    k = np.asarray(kernel, dtype=np.float64)
    s = np.linalg.svd(k, compute_uv=False)
    return {"sigma": float(s[0]), "frobenius": float(np.linalg.norm(k)), "smallest": float(s[-1]),
            "radius": float(np.max(np.abs(np.linalg.eigvals(k))))}


_WRONG_MEASURES = {
    "frobenius": ("frobenius_norm", "Frobenius norm", "the Frobenius norm"),
    "radius": ("spectral_radius", "가장 큰 |eigenvalue|", "the largest |eigenvalue|"),
    "smallest": ("smallest_singular", "가장 작은 singular value", "the smallest singular value"),
}


def _measure_used(t, m):
    """Which measure the learner's returned number equals: it tells what the kernel was judged by."""
    got = t.got.get("sigma")
    if got is None or np.size(got) != 1:
        return None
    value = float(np.ravel(np.asarray(got, dtype=np.float64))[0])
    for key in ("sigma", "frobenius", "radius", "smallest"):
        if np.isclose(value, m[key], rtol=1e-4, atol=1e-6):
            return key
    return None


def _capped_by(kernel, measure, c):
    k = np.asarray(kernel, dtype=np.float64)
    return k if measure <= c else k * (c / measure)


def _close(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-4, atol=1e-6))


@check("kernel을 같은 비율로 줄여서 가장 큰 singular value가 max_sigma 이하가 됐다", points=3,
       en="the kernel is shrunk by one factor so that its largest singular value is at most max_sigma")
def kernel_capped(t):
    k = np.asarray(t.case["kernel"], dtype=np.float64)
    c = float(t.case["max_sigma"])
    m = _measures(k)
    sigma = m["sigma"]
    after = np.asarray(t.got["after"], dtype=np.float64)
    want = _capped_by(k, sigma, c)
    if _close(after, want):
        return
    if not np.all(np.isfinite(after)):
        raise Incorrect(
            "always_scaled",
            f"kernel이 nan/inf가 됐어. 이번 kernel은 전부 0이라 `sigma = 0`인데, 조건 없이 `max_sigma / sigma`를 곱해서 "
            "0으로 나눴어. `sigma > max_sigma`일 때만 줄이고, 아니면 건드리지 마.",
            en="The kernel became nan/inf. This kernel is all zeros, so `sigma = 0`, and multiplying by `max_sigma / sigma` "
               "without a condition divided by zero. Shrink only when `sigma > max_sigma`; otherwise leave it alone.")
    if sigma < c and _close(after, k * (c / sigma)):
        raise Incorrect(
            "always_scaled",
            f"`σ_max`가 {sigma:.4g}로 이미 max_sigma {c:g} 이하인데 kernel을 {c / sigma:.3g}배로 **키웠어**. 상한은 넘을 "
            "때만 걸어: `if sigma > max_sigma:` 안에서만 `assign`해.",
            en=f"`σ_max` is {sigma:.4g}, already at most max_sigma {c:g}, yet you **scaled the kernel up** by "
               f"{c / sigma:.3g}. A cap only acts when it is exceeded: `assign` inside `if sigma > max_sigma:` only.")
    if sigma > c and _close(after, k):
        used = _measure_used(t, m)
        if used in _WRONG_MEASURES and m[used] <= c:
            diag, name_ko, name_en = _WRONG_MEASURES[used]
            raise Incorrect(
                diag,
                f"kernel을 그대로 뒀어. 판단에 쓴 값이 {name_ko} {m[used]:.4g}라서 max_sigma {c:g} 이하로 보였거든. "
                f"하지만 가장 큰 singular value는 {sigma:.4g}라서 상한을 넘어. 기준은 "
                "`tf.linalg.svd(kernel, compute_uv=False)[0]`이야.",
                en=f"You left the kernel as it was: the value you judged by, {name_en} {m[used]:.4g}, looked within "
                   f"max_sigma {c:g}. But the largest singular value is {sigma:.4g}, above the cap. Judge by "
                   "`tf.linalg.svd(kernel, compute_uv=False)[0]`.")
        raise Incorrect(
            "not_assigned",
            f"`σ_max` {sigma:.4g}가 max_sigma {c:g}보다 큰데 변수 `kernel`의 값이 그대로야. `kernel = kernel * s`는 "
            "새 tensor를 이름에 붙일 뿐 변수를 바꾸지 않아. `kernel.assign(kernel * s)`로 **그 자리에서** 바꿔.",
            en=f"`σ_max` {sigma:.4g} is above max_sigma {c:g}, but the variable `kernel` still holds its old value. "
               "`kernel = kernel * s` only binds a new tensor to the name. Change it **in place** with "
               "`kernel.assign(kernel * s)`.")
    if _close(after, _capped_by(k, m["frobenius"], c)):
        raise Incorrect(
            "frobenius_norm",
            f"kernel을 **Frobenius norm** {m['frobenius']:.4g} 기준으로 줄였어 (`tf.norm(k)`나 `tf.clip_by_norm`이 재는 "
            f"값). 가장 큰 singular value는 {sigma:.4g}라서 더 작아. 상한을 걸 대상은 `σ_max`야: "
            "`tf.linalg.svd(kernel, compute_uv=False)[0]`.",
            en=f"You shrank the kernel by its **Frobenius norm** {m['frobenius']:.4g} (what `tf.norm(k)` and "
               f"`tf.clip_by_norm` measure). The largest singular value is smaller, {sigma:.4g}. The cap is on `σ_max`: "
               "`tf.linalg.svd(kernel, compute_uv=False)[0]`.")
    if _close(after, _capped_by(k, m["radius"], c)):
        raise Incorrect(
            "spectral_radius",
            f"가장 큰 |eigenvalue| {m['radius']:.4g}(spectral radius)를 기준으로 줄였어. 대칭이 아닌 행렬에서는 "
            f"`σ_max` {sigma:.4g}가 더 커서, 한 step의 배율을 묶는 건 singular value야. `tf.linalg.svd`를 써.",
            en=f"You shrank by the largest |eigenvalue| {m['radius']:.4g} (the spectral radius). For a non-symmetric "
               f"matrix `σ_max` {sigma:.4g} is larger, and it is the singular value that bounds one step's factor. "
               "Use `tf.linalg.svd`.")
    if _close(after, _capped_by(k, m["smallest"], c)):
        raise Incorrect(
            "smallest_singular",
            f"**가장 작은** singular value {m['smallest']:.4g}로 판단했어. `tf.linalg.svd`는 singular value를 "
            "**내림차순**으로 돌려줘서 가장 큰 건 `[0]`이야.",
            en=f"You went by the **smallest** singular value {m['smallest']:.4g}. `tf.linalg.svd` returns singular "
               "values in **descending** order, so the largest is `[0]`.")
    if _close(after, np.clip(k, -c, c)):
        raise Incorrect(
            "value_clip",
            "kernel의 원소를 하나하나 `[-max_sigma, max_sigma]`로 잘랐어 (`tf.clip_by_value`). 원소별로 자르면 "
            "singular value가 얼마가 될지 보장이 없고 행렬의 모양도 바뀌어. 행렬 전체에 같은 비율 "
            "`max_sigma / sigma`를 곱해.",
            en="You cut the kernel's elements one by one to `[-max_sigma, max_sigma]` (`tf.clip_by_value`). That says "
               "nothing about the singular values afterwards and changes the matrix's shape of action. Multiply the "
               "whole matrix by one factor, `max_sigma / sigma`.")
    u, s, vt = np.linalg.svd(k)
    if _close(after, (u * np.minimum(s, c)) @ vt):
        raise Incorrect(
            "clipped_singular_values",
            "singular value를 하나씩 `max_sigma`로 잘랐어 (`tf.minimum(s, max_sigma)`로 다시 조립). 그러면 "
            "max_sigma를 넘은 값들만 줄어서 행렬이 하는 일이 바뀌어. 과제는 행렬 **전체**를 같은 비율 "
            "`max_sigma / sigma`로 줄이는 거야 (Keras의 `SpectralNormalization`처럼).",
            en="You cut the singular values one by one to `max_sigma` (rebuilt with `tf.minimum(s, max_sigma)`). Only "
               "the ones above the cap shrink, which changes what the matrix does. The task is to shrink the **whole** "
               "matrix by one factor `max_sigma / sigma` (as Keras's `SpectralNormalization` does).")
    got_sigma = float(np.linalg.norm(after, 2)) if np.all(np.isfinite(after)) else float("nan")
    raise Incorrect(
        "wrong_kernel",
        f"호출 뒤 kernel이 기대와 달라: 가장 큰 singular value가 {got_sigma:.4g}인데, 기대는 "
        f"{min(sigma, c):.4g}이야 (cap 전 {sigma:.4g}, max_sigma {c:g}). 넘을 때만 kernel 전체에 "
        "`max_sigma / sigma`를 곱해서 `assign`해.",
        en=f"The kernel after the call differs: its largest singular value is {got_sigma:.4g}, expected "
           f"{min(sigma, c):.4g} (before the cap {sigma:.4g}, max_sigma {c:g}). Only when it is above, multiply the "
           "whole kernel by `max_sigma / sigma` and `assign` it.",
        generic=True, evidence=Evidence(after, want, "호출 뒤 kernel", "the kernel after the call"))


@check("cap 전의 가장 큰 singular value를 float로 돌려준다", points=2,
       en="the largest singular value before the cap is returned as a float")
def sigma_returned(t):
    k = np.asarray(t.case["kernel"], dtype=np.float64)
    c = float(t.case["max_sigma"])
    m = _measures(k)
    sigma = m["sigma"]
    got = t.got["sigma"]
    if got is None:
        raise Incorrect(
            "returned_none" if t.got["returned"] == "NoneType" else "wrong_type",
            f"cap 전 `σ_max`를 숫자 하나로 return해야 하는데 {t.got['returned']}을(를) 받았어. 마지막에 "
            "`return sigma`가 있는지 봐.",
            en=f"Return `σ_max` from before the cap as one number; got {t.got['returned']}. Check that the function ends "
               "with `return sigma`.")
    got = np.asarray(got, dtype=np.float64)
    if got.size != 1:
        raise Incorrect(
            "wrong_shape",
            f"숫자 하나를 기대했는데 shape {got.shape}인 값을 받았어. kernel이나 singular value 전체가 아니라 가장 큰 "
            "singular value 하나를 return해.",
            en=f"Expected one number, got a value of shape {got.shape}. Return the largest singular value alone, not the "
               "kernel or every singular value.")
    value = float(got.ravel()[0])
    if np.isclose(value, sigma, rtol=1e-4, atol=1e-6):
        return
    if sigma > c and np.isclose(value, c, rtol=1e-4, atol=1e-6):
        raise Incorrect(
            "sigma_after",
            f"return한 {value:.6g}는 cap **후**의 값(= max_sigma)이야. 기대한 건 바꾸기 **전**의 `σ_max` {sigma:.6g}야. "
            "이 값을 로그로 남겨야 상한이 얼마나 세게 걸렸는지 보여. `assign`하기 전에 구한 값을 돌려줘.",
            en=f"The {value:.6g} you returned is the value **after** the cap (= max_sigma). Expected `σ_max` from "
               f"**before** the change, {sigma:.6g}: logged, it shows how hard the cap bit. Return the value you measured "
               "before the `assign`.")
    for key, diag, ko, en in [
        ("frobenius", "frobenius_norm", "Frobenius norm(`tf.norm(kernel)`)", "the Frobenius norm (`tf.norm(kernel)`)"),
        ("radius", "spectral_radius", "가장 큰 |eigenvalue|", "the largest |eigenvalue|"),
        ("smallest", "smallest_singular", "가장 작은 singular value", "the smallest singular value"),
    ]:
        if np.isclose(value, m[key], rtol=1e-4, atol=1e-6):
            raise Incorrect(
                diag,
                f"return한 {value:.6g}는 {ko}야. 기대한 건 가장 큰 singular value {sigma:.6g}야: "
                "`tf.linalg.svd(kernel, compute_uv=False)[0]`.",
                en=f"The {value:.6g} you returned is {en}. Expected the largest singular value {sigma:.6g}: "
                   "`tf.linalg.svd(kernel, compute_uv=False)[0]`.")
    raise Incorrect(
        "wrong_sigma",
        f"return한 값이 달라: 기대 {sigma:.6g} (cap 전 가장 큰 singular value), 받은 값 {value:.6g}.",
        en=f"The returned value differs: expected {sigma:.6g} (the largest singular value before the cap), got {value:.6g}.",
        generic=True, evidence=Evidence(value, sigma, "return한 sigma", "the returned sigma"))
