"""Hidden cases and checks for stable-logsumexp: log(sum(exp(x))) per row, without overflow, in x's dtype."""
import re

import numpy as np

from grader.api import Incorrect, check, uses

TOL = {"float32": (1e-5, 1e-5), "float16": (3e-3, 1e-2)}  # (relative, absolute) per input dtype
FLOAT32_EXP_LIMIT = 88.72   # exp(x) is inf in float32 above this
FLOAT16_EXP_LIMIT = 11.09   # ... and in float16 above this
# The shared analysis adds a shape or sign reading to a generic failure; the rest is named below.
FAMILIES = ["shape", "sign"]


def _as_dtype(a, dtype):
    return np.asarray(a, dtype=np.float64).astype(dtype).astype(np.float32)


def cases(rng):
    """Ordinary inputs (the formula as written is fine), inputs that overflow float32 and float16, a square one."""
    def shape(square=False):
        b = int(rng.integers(3, 6))
        n = b if square else int(rng.choice([k for k in range(5, 10) if k != b]))
        return b, n

    b, n = shape()
    small32 = rng.normal(0.0, 3.0, size=(b, n))
    b, n = shape()
    small16 = rng.uniform(-4.0, 6.0, size=(b, n))  # exp(6) * 9 < 65504: no overflow even as written
    n = int(rng.integers(5, 9))
    # Rows far apart in scale: huge (overflow as written), tiny (exp underflows to 0), ordinary, huge again.
    centres = [float(rng.uniform(300, 900)), float(rng.uniform(-900, -300)), 0.0, float(rng.uniform(100, 300))]
    wide32 = np.stack([c + rng.uniform(-3.0, 3.0, size=n) for c in centres])
    b, n = shape()
    big16 = rng.uniform(12.0, 40.0, size=(b, n))    # exp(12) > 65504: overflows float16 as written
    b, _ = shape(square=True)
    # Square, so subtracting a (batch,) maximum broadcasts silently; rows offset so that it shows.
    square32 = rng.normal(0.0, 2.0, size=(b, b)) + rng.uniform(-25.0, 25.0, size=(b, 1))
    out = []
    for name, x, dtype in [("small32", small32, "float32"), ("small16", small16, "float16"),
                           ("wide32", wide32, "float32"), ("big16", big16, "float16"),
                           ("square32", square32, "float32")]:
        out.append({"name": name, "dtype": dtype, "x": _as_dtype(x, dtype), "overflows": name in ("wide32", "big16")})
    return out


def regions(case):
    x = np.asarray(case["x"], dtype=np.float64)
    naive = _naive(x, case["dtype"])
    out = {case["dtype"], "overflows as written" if not np.isfinite(naive).all() else "fine as written"}
    if x.shape[0] == x.shape[1]:
        out.add("square (forgotten keepdims broadcasts silently)")
    return out


def _truth(x):
    x = np.asarray(x, dtype=np.float64)
    m = x.max(axis=-1, keepdims=True)
    return (m + np.log(np.exp(x - m).sum(axis=-1, keepdims=True)))[:, 0]


def _emulate(fn, dtype):
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        return np.asarray(fn(np.dtype(dtype)), dtype=np.float64)


def _naive(x, dtype):
    return _emulate(lambda d: np.log(np.exp(np.asarray(x).astype(d)).sum(axis=-1)), dtype)


def _global_max(x, dtype):
    def run(d):
        a = np.asarray(x).astype(d)
        big = a.max()
        return big + np.log(np.exp(a - big).sum(axis=-1))
    return _emulate(run, dtype)


def _matches(got, want, dtype):
    """Same shape, non-finite in the same places, finite values within the dtype's tolerance."""
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        return False
    rtol, atol = TOL[dtype]
    return bool(np.allclose(got, want, rtol=rtol, atol=atol, equal_nan=True))


def _fmt_row(values):
    return "[" + ", ".join(f"{v:.6g}" for v in np.asarray(values, dtype=np.float64)) + "]"


def _observed(t):
    """The learner's result as float64 of shape (batch,), or an Incorrect naming why there is none."""
    got = t.got
    b, n = np.asarray(t.case["x"]).shape
    dtype = t.case["dtype"]
    if got.get("error"):
        err = got["error"]
        shapes = re.search(r"Incompatible shapes: \[([\d,]*)\] vs\. \[([\d,]*)\]", err)
        if shapes:
            left, right = ([int(s) for s in part.split(",") if s] for part in shapes.groups())
            if sorted([left, right], key=len) == [[b], [b, n]]:
                raise Incorrect(
                    "forgot_keepdims",
                    f"shape `{left}`인 tensor와 `{right}`인 tensor를 계산하다가 에러가 났어: \"{err}\". 행마다 구한 "
                    f"최댓값이 `keepdims` 없이 shape `({b},)`가 돼서, `({b}, {n})`에서 빼면 broadcasting이 끝 축끼리 맞추려는데 "
                    f"두 길이({n}, {b})가 달라. `tf.reduce_max(x, axis=-1, keepdims=True)`로 shape `({b}, 1)`을 만들어 줘.",
                    en=f"Computing with shapes `{left}` and `{right}` raised: \"{err}\". The per-row maximum lost its axis "
                       f"without `keepdims` and became shape `({b},)`; subtracting it from `({b}, {n})` makes "
                       f"broadcasting line up the last axis {n} with {b}. Use `tf.reduce_max(x, axis=-1, "
                       f"keepdims=True)` for shape `({b}, 1)`.")
            if sorted([left, right]) == sorted([[b], [n]]):
                raise Incorrect(
                    "wrong_axis",
                    f"shape `[{n}]`(열마다 하나)과 `[{b}]`(행마다 하나)을 더하다가 에러가 났어: \"{err}\". 어떤 값은 "
                    f"`axis=0`(열 방향)으로, 어떤 값은 `axis=-1`(행 방향)로 줄였다는 뜻이야. 최댓값도 합도 전부 "
                    "마지막 축(`axis=-1`, 행마다)으로 구해.",
                    en=f"Adding shape `[{n}]` (one per column) to `[{b}]` (one per row) raised: \"{err}\". Some value "
                       "was reduced over `axis=0` (down the columns) and another over `axis=-1` (along the rows). "
                       "Take both the maximum and the sum over the last axis (`axis=-1`, per row).")
            raise Incorrect(
                "shape_mismatch",
                f"shape이 맞지 않는 두 tensor를 계산했어: \"{err}\". x의 shape은 `({b}, {n})`이야. 행마다 최댓값을 "
                f"`keepdims=True`로 구하면 `({b}, 1)`이 돼서 x와 바로 계산할 수 있어.",
                en=f"Two tensors whose shapes do not fit met: \"{err}\". x has shape `({b}, {n})`. A per-row maximum "
                   f"taken with `keepdims=True` has shape `({b}, 1)` and works with x directly.")
        if "expected to be a" in err:
            raise Incorrect(
                "dtype_mix",
                f"dtype이 다른 두 tensor를 한 연산에 넣었어: \"{err}\". 이번 입력은 {dtype}인데, `tf.constant(1e-12)`"
                " 같은 상수는 따로 dtype을 안 주면 float32야. TensorFlow는 dtype을 알아서 맞춰 주지 않아. 상수는 "
                "파이썬 숫자로 쓰거나 `tf.cast(c, x.dtype)`로 맞춰. 그리고 최댓값을 빼면 합이 1 이상이라 "
                "`log(0)`을 막는 epsilon은 필요 없어.",
                en=f"Two tensors of different dtypes met in one op: \"{err}\". This input is {dtype}, and a constant "
                   "such as `tf.constant(1e-12)` is float32 unless you give it a dtype; TensorFlow never converts "
                   "dtypes for you. Write constants as plain Python numbers or `tf.cast(c, x.dtype)` them. Also, "
                   "with the maximum subtracted the sum is at least 1, so no epsilon against `log(0)` is needed.")
    value = got.get("value")
    if value is None:
        raise Incorrect(
            "wrong_type",
            f"숫자 tensor를 return해야 하는데 {got.get('returned')}을(를) 받았어. 함수 끝에 `return`이 있는지 봐.",
            en=f"Return a numeric tensor; got {got.get('returned')}. Check that the function ends with `return`.")
    value = np.asarray(value, dtype=np.float64)
    if value.shape == (b,):
        return value
    if value.shape == (b, 1):
        raise Incorrect(
            "kept_axis",
            f"결과 shape이 `({b}, 1)`이야. 기대한 건 행마다 숫자 하나, shape `({b},)`야. 계산 중에는 `keepdims=True`가 "
            "맞지만, return하기 전에 `tf.squeeze(..., axis=-1)`로 그 축을 없애 줘.",
            en=f"The result has shape `({b}, 1)`; expected one number per row, shape `({b},)`. `keepdims=True` is "
               "right while computing, but drop that axis with `tf.squeeze(..., axis=-1)` before returning.")
    if value.shape == (n,):
        raise Incorrect(
            "wrong_axis",
            f"결과 shape이 `({n},)`, 즉 **열마다** 하나야. x는 `({b}, {n})`이고 기대한 건 행마다 하나인 `({b},)`야. "
            "`axis=0`으로 줄였는지 봐. 최댓값도 합도 마지막 축(`axis=-1`)으로 구해.",
            en=f"The result has shape `({n},)`, one per **column**. x is `({b}, {n})` and one per row, `({b},)`, is "
               "expected. Check for `axis=0`: take the maximum and the sum over the last axis (`axis=-1`).")
    if value.size == 1:
        raise Incorrect(
            "reduced_all",
            f"숫자 하나를 return했어. 기대한 건 행마다 하나, shape `({b},)`야. `reduce_sum`/`reduce_max`에 "
            "`axis=-1`을 줬는지 봐. 축을 안 주면 tensor 전체를 줄여.",
            en=f"You returned a single number; expected one per row, shape `({b},)`. Check that `reduce_sum` / "
               "`reduce_max` get `axis=-1`: without an axis they reduce the whole tensor.")
    raise Incorrect(
        "wrong_shape",
        f"결과 shape이 `{value.shape}`인데 기대한 건 `({b},)`야 (x는 `({b}, {n})`).",
        en=f"The result has shape `{value.shape}`; expected `({b},)` (x is `({b}, {n})`).")


def _judge_values(t):
    x = np.asarray(t.case["x"], dtype=np.float64)
    dtype = t.case["dtype"]
    b, n = x.shape
    got = _observed(t)
    want = _truth(x)
    if _matches(got, want, dtype):
        return
    row_max = x.max(axis=-1)
    bad = ~np.isfinite(got)
    if bad.any():
        i = int(np.argmax(bad))
        limit = FLOAT16_EXP_LIMIT if dtype == "float16" else FLOAT32_EXP_LIMIT
        naive_here = any(_matches(got, _naive(x, d), dtype) for d in {dtype, "float32"})
        if naive_here:
            if got[i] > 0:
                why = (f"행 {i}의 최댓값({row_max[i]:.4g})이 커서 `exp`가 {dtype}의 한계(약 exp({limit:g}))를 넘어 inf가 됐어",
                       f"row {i} reaches {row_max[i]:.4g}, so `exp` passed {dtype}'s limit (about exp({limit:g})) and became inf")
            else:
                why = (f"행 {i}의 값이 전부 {row_max[i]:.4g} 이하라서 `exp`가 0으로 underflow했고 `log(0) = -inf`가 됐어",
                       f"row {i} is at most {row_max[i]:.4g}, so every `exp` underflowed to 0 and `log(0) = -inf`")
            raise Incorrect(
                "naive_overflow",
                f"식 그대로 `log(sum(exp(x)))`를 계산했어: {why[0]} (받은 값 {got[i]:.6g}, 기대 {want[i]:.6g}). "
                "행마다 최댓값 m을 빼고 `m + log(sum(exp(x - m)))`로 계산하면 `exp`에 들어가는 값이 0 이하라 넘치지 "
                "않고, 합이 1 이상이라 `log(0)`도 없어.",
                en=f"You computed `log(sum(exp(x)))` as written: {why[1]} (got {got[i]:.6g}, expected {want[i]:.6g}). "
                   "Subtract each row's maximum m and compute `m + log(sum(exp(x - m)))`: what goes into `exp` is at "
                   "most 0, so nothing overflows, and the sum is at least 1, so there is no `log(0)`.")
        if _matches(got, _global_max(x, dtype), dtype):
            big = float(x.max())
            raise Incorrect(
                "global_max",
                f"tensor 전체의 최댓값 하나({big:.4g})를 뺐어. 수학적으로는 맞지만, 행 {i}의 최댓값은 그보다 훨씬 작은 {row_max[i]:.4g}뿐이라서 "
                f"`exp({row_max[i] - big:.4g})`가 0으로 underflow하고 `log(0) = -inf`가 됐어. 최댓값은 **행마다** "
                "구해: `tf.reduce_max(x, axis=-1, keepdims=True)`.",
                en=f"You subtracted one maximum for the whole tensor ({big:.4g}). That is right on paper, but row {i} "
                   f"only reaches {row_max[i]:.4g}, so `exp({row_max[i] - big:.4g})` underflows to 0 and `log(0) = -inf`. "
                   "Take the maximum **per row**: `tf.reduce_max(x, axis=-1, keepdims=True)`.")
        raise Incorrect(
            "not_finite",
            f"행 {i}의 결과: {got[i]:.6g} (기대 {want[i]:.6g}), 이 행의 최댓값: {row_max[i]:.4g}. "
            f"`exp`에 들어가는 값이 {dtype}에서 넘치거나(약 {limit:g} 초과) 전부 0이 되지 않게, 행마다 최댓값을 빼고 "
            "계산했는지 봐.",
            en=f"Row {i} came out as {got[i]:.6g} (expected {want[i]:.6g}); its maximum is {row_max[i]:.4g}. Check that "
               f"you subtract each row's maximum, so that what goes into `exp` neither overflows {dtype} (above about "
               f"{limit:g}) nor turns all to 0.")
    if _matches(got, want - row_max, dtype):
        raise Incorrect(
            "forgot_add_max",
            f"최댓값을 빼고 나서 다시 더하지 않았어: 받은 값 {_fmt_row(got)}, 정답 {_fmt_row(want)}. 둘의 차이가 "
            f"정확히 행마다의 최댓값({_fmt_row(row_max)})과 같아. `m + log(sum(exp(x - m)))`의 앞쪽 `m +`를 잊지 마.",
            en=f"You subtracted the maximum and never added it back: your {_fmt_row(got)} is the answer "
               f"{_fmt_row(want)} minus each row's maximum {_fmt_row(row_max)}. Don't forget the leading `m +` of "
               "`m + log(sum(exp(x - m)))`.")
    if _matches(got, want - np.log(n), dtype):
        raise Incorrect(
            "mean_not_sum",
            f"받은 값이 정답보다 행마다 정확히 log({n}) = {np.log(n):.4g}만큼 작아. `reduce_mean`으로 평균을 냈어. "
            "log-sum-exp는 **합**의 log야: `tf.reduce_sum`을 써.",
            en=f"Every row is exactly log({n}) = {np.log(n):.4g} below the answer: you averaged with `reduce_mean`. "
               "Log-sum-exp is the log of the **sum**: use `tf.reduce_sum`.")
    if b == n:
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            columns = x.max(axis=0)
            transposed = row_max + np.log(np.exp(x - row_max[None, :]).sum(axis=-1))
            by_column = columns + np.log(np.exp(x - columns).sum(axis=0))
        if _matches(got, transposed, dtype):
            raise Incorrect(
                "forgot_keepdims",
                f"에러는 안 났지만 값이 틀려: 입력이 정사각 `({b}, {b})`이라 keepdims 없이 구한 shape `({b},)` 최댓값이 "
                f"**열마다** 빼졌어 (행 0에서 행 1의 최댓값까지 빼고 있어). 받은 값 {_fmt_row(got)}, 기대 {_fmt_row(want)}. "
                "`tf.reduce_max(x, axis=-1, keepdims=True)`로 `(batch, 1)`을 만들어 빼 줘.",
                en=f"No error, but wrong values: the input is square, `({b}, {b})`, so the maximum taken without "
                   f"keepdims, shape `({b},)`, was subtracted **per column** (row 0 gets row 1's maximum, and so on). "
                   f"Got {_fmt_row(got)}, expected {_fmt_row(want)}. Subtract `tf.reduce_max(x, axis=-1, "
                   "keepdims=True)`, shape `(batch, 1)`.")
        if _matches(got, by_column, dtype):
            raise Incorrect(
                "wrong_axis",
                f"열마다 계산했어 (`axis=0`). 정사각 입력이라 shape은 맞았지만 값은 열의 log-sum-exp야: 받은 값 "
                f"{_fmt_row(got)}, 기대 {_fmt_row(want)}. 마지막 축(`axis=-1`)으로 줄여.",
                en=f"You computed per column (`axis=0`). On a square input the shape fits, but these are the columns' "
                   f"log-sum-exps: got {_fmt_row(got)}, expected {_fmt_row(want)}. Reduce over the last axis (`axis=-1`).")
    i = int(np.argmax(np.abs(got - want)))
    raise Incorrect(
        "wrong_value",
        f"행 {i}의 값이 달라: 기대 {want[i]:.6g}, 받은 값 {got[i]:.6g} (차이 {got[i] - want[i]:+.4g}). 행마다 "
        "`m + log(sum(exp(x - m)))`, m은 그 행의 최댓값인지 확인해 봐.",
        en=f"Row {i} differs: expected {want[i]:.6g}, got {got[i]:.6g} (off by {got[i] - want[i]:+.4g}). Check that "
           "each row is `m + log(sum(exp(x - m)))` with m that row's maximum.")


@check("평범한 입력에서 값이 맞다", points=2, en="right values on ordinary inputs")
def ordinary_values(t):
    if not t.case["overflows"]:
        _judge_values(t)


@check("넘치는 입력에서도 inf/nan 없이 맞다", points=3, en="right values, no inf/nan, on inputs that overflow as written")
def overflowing_values(t):
    if t.case["overflows"]:
        _judge_values(t)


@check("결과 dtype이 입력과 같다", points=1, en="the result keeps the input's dtype")
def keeps_dtype(t):
    _observed(t)
    want, got = t.case["dtype"], t.got.get("dtype")
    if got != want:
        raise Incorrect(
            "wrong_dtype",
            f"{want} 입력에 {got} 결과를 돌려줬어. 안에서 float32로 올려 계산하는 건 좋지만, 마지막에 "
            "`tf.cast(result, x.dtype)`로 입력의 dtype으로 돌려줘. mixed precision에서는 다음 layer가 그 dtype을 기대해.",
            en=f"A {want} input got a {got} result. Computing in float32 inside is fine, but convert back with "
               "`tf.cast(result, x.dtype)` at the end: under mixed precision the next layer expects that dtype.")


@check("기본 연산으로 직접 만들었다", points=1, en="built from basic ops")
def built_by_hand(t):
    for name in ("reduce_logsumexp", "log_softmax"):
        if uses(t.source, name):
            raise Incorrect(
                "used_builtin",
                f"`{name}`를 불렀어. 실전에서는 그게 정답이지만, 이 과제는 그 안에서 일어나는 일(행마다 최댓값을 빼고 "
                "다시 더하기)을 직접 짜 보는 거야. `tf.reduce_max`, `tf.exp`, `tf.reduce_sum`, `tf.math.log`로 만들어 봐.",
                en=f"You called `{name}`. In real code that is the right call, but this exercise is about writing what "
                   "happens inside it (subtract each row's maximum, add it back). Build it from `tf.reduce_max`, "
                   "`tf.exp`, `tf.reduce_sum` and `tf.math.log`.")
