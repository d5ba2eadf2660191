"""Hidden cases and checks for batch-jacobian: per-example Jacobians of a tanh layer, shape (batch, K, D)."""
import numpy as np

from grader.api import Incorrect, check, expect_effect, uses

FAMILIES = ["shape", "reduction", "sign"]

# (D, K) pairs with D != K, so a transposed answer is told apart by its shape.
DIMS = [(3, 2), (3, 4), (4, 2), (2, 3)]


def cases(rng):
    out = []
    for i in rng.permutation(len(DIMS))[:3]:
        d, k = DIMS[int(i)]
        batch = int(rng.integers(2, 5))
        out.append({"x": rng.normal(size=(batch, d)).astype(np.float32),
                    "w": (0.8 * rng.normal(size=(d, k))).astype(np.float32),
                    "b": (0.3 * rng.normal(size=(k,))).astype(np.float32)})
    return out


def _dims(t):
    batch, d = np.shape(t.case["x"])
    return batch, int(np.shape(t.case["w"])[1]), d


def _jacobian(t):
    """The learner's Jacobian with the right shape, or a tailored Incorrect for a recognisable shape mistake."""
    batch, k, d = _dims(t)
    jac = t.got.get("jac")
    want = np.asarray(t.want["jac"], dtype=np.float64)
    if jac is None:
        if t.got.get("returned") == "NoneType" and (uses(t.source, "tape.jacobian") or uses(t.source, "tape.batch_jacobian")):
            raise Incorrect(
                "forgot_watch",
                f"shape {(batch, k, d)}인 Jacobian을 기대했는데 None을 받았어. `x`는 constant라서 tape가 기록하지 않았고, "
                "그래서 x와 y 사이에 이어진 길이 없어. `with` 블록 안에서 y를 계산하기 전에 `tape.watch(x)`를 불러 줘.",
                en=f"Expected a Jacobian of shape {(batch, k, d)} but got None. `x` is a constant, so the tape did not "
                   "record it and there is no path from x to y. Call `tape.watch(x)` inside the `with` block before "
                   "computing y.")
        raise Incorrect(
            "returned_none" if t.got.get("returned") == "NoneType" else "wrong_type",
            f"shape {(batch, k, d)}인 Jacobian tensor를 return해야 하는데 {t.got.get('returned')}을(를) 받았어.",
            en=f"Return the Jacobian tensor of shape {(batch, k, d)}; got {t.got.get('returned')}.")
    jac = np.asarray(jac, dtype=np.float64)
    if jac.shape == (batch, k, batch, d):
        diag = np.stack([jac[i, :, i, :] for i in range(batch)])
        off = jac.copy()
        for i in range(batch):
            off[i, :, i, :] = 0.0
        raise Incorrect(
            "full_jacobian_shape",
            f"shape이 {(batch, k, d)}여야 하는데 {jac.shape}이야. `tape.jacobian`은 모든 예제 쌍 (i, j)에 대해 "
            f"∂y[i]/∂x[j]를 다 계산해. 네 결과에서도 i≠j인 블록은 최대 |값|이 {np.max(np.abs(off)):.3g}, 그러니까 "
            "전부 0이야: 예제끼리는 서로 영향을 안 주거든. 필요한 건 대각 블록 ∂y[i]/∂x[i]뿐이니 "
            "`tape.batch_jacobian(y, x)`를 써. 메모리도 batch배 덜 써."
            + (" (대각 블록 값 자체는 맞아.)" if np.allclose(diag, want, rtol=1e-4, atol=1e-5) else ""),
            en=f"The shape should be {(batch, k, d)}, got {jac.shape}. `tape.jacobian` computes ∂y[i]/∂x[j] for every "
               f"pair of examples (i, j). In your result the blocks with i≠j have max |value| {np.max(np.abs(off)):.3g}, "
               "i.e. they are all zero, because examples do not affect each other. You only need the diagonal blocks "
               "∂y[i]/∂x[i], so use `tape.batch_jacobian(y, x)`; it also needs batch times less memory."
               + (" (The diagonal blocks themselves are right.)" if np.allclose(diag, want, rtol=1e-4, atol=1e-5) else ""))
    if jac.shape == (batch, d):
        summed = np.allclose(jac, want.sum(axis=1), rtol=1e-4, atol=1e-5)
        raise Incorrect(
            "used_gradient",
            f"shape이 {(batch, k, d)}여야 하는데 {jac.shape}이야. "
            + ("받은 값은 Jacobian을 출력 K개에 대해 **더한** 것과 같아: " if summed else "")
            + "`tape.gradient(y, x)`는 y가 벡터여도 모든 원소를 더한 scalar의 gradient를 줘. "
            "출력 하나하나의 미분이 따로 필요하니 `tape.batch_jacobian(y, x)`를 써.",
            en=f"The shape should be {(batch, k, d)}, got {jac.shape}. "
               + ("Your values equal the Jacobian **summed** over the K outputs: " if summed else "")
               + "`tape.gradient(y, x)` gives the gradient of the sum of all entries of y, even when y is a vector. "
               "You need each output's derivative separately, so use `tape.batch_jacobian(y, x)`.")
    if jac.shape == (batch, d, k) and np.allclose(jac, np.swapaxes(want, 1, 2), rtol=1e-4, atol=1e-5):
        raise Incorrect(
            "transposed",
            f"shape이 {(batch, k, d)}여야 하는데 {jac.shape}이야: 마지막 두 축이 바뀌었어. "
            "`batch_jacobian(target, source)`의 결과는 (batch, target 차원, source 차원) 순서야. 여기서 target은 y(K), "
            "source는 x(D)야.",
            en=f"The shape should be {(batch, k, d)}, got {jac.shape}: the last two axes are swapped. "
               "`batch_jacobian(target, source)` returns (batch, target dims, source dims); here the target is y (K) "
               "and the source is x (D).")
    if jac.shape == (k, batch, d) and np.allclose(jac, np.swapaxes(want, 0, 1), rtol=1e-4, atol=1e-5):
        raise Incorrect(
            "wrong_axis",
            f"shape이 {(batch, k, d)}여야 하는데 {jac.shape}이야: 전체 Jacobian (batch, K, batch, D)을 **첫 번째** batch 축으로 "
            "더해서 축 순서가 (K, batch, D)가 됐어. 값은 맞아 (i≠j 블록이 0이라서). 더하려면 두 번째 batch 축 `axis=2`로: "
            "`tf.reduce_sum(tape.jacobian(y, x), axis=2)`. 더 간단한 건 `tape.batch_jacobian(y, x)`야.",
            en=f"The shape should be {(batch, k, d)}, got {jac.shape}: the full Jacobian (batch, K, batch, D) was summed "
               "over the **first** batch axis, which leaves the axes as (K, batch, D). The values are right (the i≠j "
               "blocks are zero). To sum, use the second batch axis, `axis=2`: "
               "`tf.reduce_sum(tape.jacobian(y, x), axis=2)`. Simpler still: `tape.batch_jacobian(y, x)`.")
    if jac.shape != (batch, k, d):
        raise Incorrect(
            "wrong_shape",
            f"shape이 {(batch, k, d)} (batch, K, D)여야 하는데 {jac.shape}이야. "
            "`tape.batch_jacobian(y, x)`가 바로 이 shape을 줘.",
            en=f"The shape should be {(batch, k, d)} (batch, K, D), got {jac.shape}. "
               "`tape.batch_jacobian(y, x)` gives exactly this shape.")
    if not np.any(jac) and np.any(want):
        raise Incorrect(
            "forgot_watch",
            "Jacobian이 전부 0이야. 기대한 건 (1 - tanh(z)²) · w 꼴의 0이 아닌 값이야. `x`는 constant라서 tape가 "
            "watch하지 않으면 `batch_jacobian`이 에러 없이 0을 돌려줘. y를 계산하기 전에 `tape.watch(x)`를 불러 줘.",
            en="The Jacobian is all zeros; expected non-zero values of the form (1 - tanh(z)²) · w. `x` is a constant, "
               "and when the tape does not watch it, `batch_jacobian` returns zeros without any error. Call "
               "`tape.watch(x)` before computing y.")
    return jac



def _after_first(check, t, what, what_en):
    """A shared precondition: the first check explains it in full, a later one only points there (one message per
    cause, not the same text twice in one verdict)."""
    try:
        return check(t)
    except Incorrect as exc:
        raise Incorrect(exc.diagnosis, f"{what}도 확인할 수 없어: 원인은 위 검사의 진단과 같아. 그것부터 고쳐 봐.",
                        en=f"{what_en} cannot be checked either: the cause is the one named by the check above. "
                           "Fix that first.") from None


@check("shape이 (batch, K, D)다", points=1, en="the shape is (batch, K, D)")
def shape_is_right(t):
    _jacobian(t)


@check("예제별 Jacobian 값이 맞다", points=3, en="the per-example Jacobian values are right")
def values_are_right(t):
    jac = _after_first(_jacobian, t, "Jacobian 값", "The Jacobian's values")
    want = np.asarray(t.want["jac"], dtype=np.float64)
    if np.allclose(jac, want, rtol=1e-4, atol=1e-5):
        return
    x, w, b = (np.asarray(t.case[k], dtype=np.float64) for k in ("x", "w", "b"))
    y = np.tanh(x @ w + b)
    wt = np.broadcast_to(w.T[None, :, :], want.shape)
    batch, k, d = _dims(t)
    if np.allclose(jac, wt, rtol=1e-4, atol=1e-5):
        raise Incorrect(
            "missed_activation",
            "Jacobian의 모든 예제가 똑같이 wᵀ야: tanh를 빼고 `x @ w + b`만 미분했어. y = tanh(z)를 tape 안에서 계산하고 그 y로 "
            "`batch_jacobian`을 불러야 tanh의 미분 (1 − tanh(z)²)이 곱해져.",
            en="Every example's Jacobian is the same wᵀ: only `x @ w + b` was differentiated, without the tanh. Compute "
               "y = tanh(z) inside the tape and call `batch_jacobian` on that y, so the tanh derivative (1 − tanh(z)²) "
               "is multiplied in.")
    if np.allclose(jac, (1.0 - y)[:, :, None] * wt, rtol=1e-4, atol=1e-5):
        raise Incorrect(
            "wrong_derivative",
            "손으로 쓴 tanh의 미분이 틀렸어: (1 − tanh(z))를 곱했는데 tanh′(z) = 1 − tanh(z)**²**야. 미분 공식을 직접 쓰는 대신 "
            "tape에 맡기면 이런 실수가 없어: `tape.batch_jacobian(y, x)`.",
            en="The hand-written tanh derivative is wrong: you multiplied by (1 − tanh(z)), but tanh′(z) = 1 − tanh(z)**²**. "
               "Letting the tape do it avoids such slips: `tape.batch_jacobian(y, x)`.")
    summed = want.sum(axis=1, keepdims=True)
    if k > 1 and np.allclose(jac, np.broadcast_to(summed, want.shape), rtol=1e-4, atol=1e-5):
        raise Incorrect(
            "used_gradient",
            f"Jacobian의 K = {k}개 행이 전부 같아: 모든 출력을 **더한** 값의 gradient `tape.gradient(y, x)`를 K번 복사했어. "
            "출력 하나하나의 미분은 서로 달라: `tape.batch_jacobian(y, x)`가 행마다 따로 구해 줘.",
            en=f"All K = {k} rows of the Jacobian are the same: the gradient of the **sum** of the outputs, "
               "`tape.gradient(y, x)`, copied K times. Each output's derivative is different: `tape.batch_jacobian(y, x)` "
               "computes every row on its own.")
    swapped = np.swapaxes(want, 0, 1)
    if swapped.shape == jac.shape and np.allclose(jac, swapped, rtol=1e-4, atol=1e-5):
        raise Incorrect(
            "wrong_axis",
            "축 순서가 (K, batch, D)야 (batch와 K의 크기가 같아서 shape만으로는 안 보였어): 전체 Jacobian을 첫 번째 batch 축으로 "
            "더했어. 두 번째 batch 축 `axis=2`로 더하거나 `tape.batch_jacobian(y, x)`를 써.",
            en="The axes are in the order (K, batch, D) (batch and K have the same size, so the shape did not show it): the "
               "full Jacobian was summed over the first batch axis. Sum over the second batch axis, `axis=2`, or use "
               "`tape.batch_jacobian(y, x)`.")
    expect_effect(jac, want, what="Jacobian", what_en="the Jacobian", context={"batch_size": batch},
                  diagnosis="wrong_jacobian")


def charts(t):
    want = np.asarray(t.want["jac"], dtype=np.float64)
    n = min(3, want.shape[0])
    rows = []
    for j in range(n):
        for i in range(n):
            value = float(np.linalg.norm(want[i])) if i == j else 0.0
            rows.append({"group": f"x[{j}]", "series": f"y[{i}]", "value": value})
    return [{"kind": "grouped_bars",
             "title": "‖∂y[i]/∂x[j]‖: 예제끼리 독립이라 i≠j는 전부 0, 그래서 batch_jacobian은 i=j만 계산해",
             "title_en": "‖∂y[i]/∂x[j]‖: examples are independent, so i≠j is all zero and batch_jacobian computes only i=j",
             "rows": rows}]
