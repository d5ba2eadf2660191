"""Hidden cases and checks for row-shares: int32 counts divided by their row sums, returned as float32."""
import re

import numpy as np

from grader.api import Incorrect, check, expect_effect

# Shared mistake families that fit a broadcast division (the named axis and dtype mistakes are this file's own).
FAMILIES = ["shape"]
# (rows, cols) of the four tables: wide, square (where a missing keepdims broadcasts silently), tall, wide.
SHAPES = [(3, 5), (4, 4), (6, 3), (2, 7)]


def cases(rng):
    out = []
    for n, k in SHAPES:
        counts = rng.integers(0, 10, size=(n, k))
        counts[rng.random(size=(n, k)) < 0.25] = 0          # zeros inside rows
        counts[0] = 0
        counts[0, int(rng.integers(0, k))] = int(rng.integers(1, 10))   # a row with one non-zero count: share 1
        for i in range(n):                                   # every row sums to more than 0 (the statement's promise)
            if counts[i].sum() == 0:
                counts[i, int(rng.integers(0, k))] = int(rng.integers(1, 10))
        out.append({"counts": counts.astype(np.int32)})
    return out


def regions(case):
    n, k = np.shape(case["counts"])
    return {"square (a missing keepdims runs silently)" if n == k else "not square",
            "a row with one non-zero count", "zeros inside rows"}


def _counts(t):
    return np.asarray(t.case["counts"], dtype=np.float64)


def _error_diagnosis(t, err):
    n = _counts(t).shape[0]
    shapes = re.search(r"Incompatible shapes: \[([\d,]*)\] vs\. \[([\d,]*)\]", err)
    if shapes and (str(n) in (shapes.group(1), shapes.group(2))):
        return "missing_keepdims"
    # `+` and friends raise InvalidArgumentError ("expected to be a float tensor but is a int32 tensor");
    # `/` checks in Python first and raises TypeError ("`x` and `y` must have the same dtype").
    if ("expected to be a" in err and "tensor but is a" in err) or "must have the same dtype" in err:
        return "mixed_dtypes"
    return "raised"


def _raised(t, short=False):
    """The learner's code raised one of the errors the lesson is about: explain it in its own terms.

    The dtype check (short=True) names the same diagnosis in one line, so the explanation is not shown twice."""
    err = (t.got["error"] or "").rstrip(".")
    if not err:
        return
    if short:
        raise Incorrect(
            _error_diagnosis(t, err),
            "에러 때문에 결과가 없어서 dtype을 확인할 수 없어. 아래 check의 설명대로 에러부터 고쳐.",
            en="Your code raised, so there is no result whose dtype could be checked. Fix the error explained "
               "in the check below first.")
    n, k = _counts(t).shape
    if _error_diagnosis(t, err) == "missing_keepdims":
        raise Incorrect(
            "missing_keepdims",
            f"나눗셈에서 shape이 안 맞았어 ({err}). 행 합을 `axis=1`로 구하면 shape이 `({n},)`이 되고, broadcasting은 "
            f"**오른쪽 끝 축부터** 맞추니까 `({n}, {k})`의 마지막 축 {k}와 {n}을 비교해서 실패해. "
            f"`tf.reduce_sum(..., axis=1, keepdims=True)`로 `({n}, 1)`을 만들면 행마다 늘어나.",
            en=f"The shapes did not match in the division ({err}). Row sums taken with `axis=1` have shape `({n},)`, "
               f"and broadcasting lines shapes up **from the right end**, so it compares the last axis {k} of "
               f"`({n}, {k})` with {n} and fails. `tf.reduce_sum(..., axis=1, keepdims=True)` gives `({n}, 1)`, "
               "which stretches along each row.")
    if _error_diagnosis(t, err) == "mixed_dtypes":
        raise Incorrect(
            "mixed_dtypes",
            f"dtype이 다른 두 텐서를 나눴어 ({err}). TensorFlow는 float32와 int32를 자동으로 맞춰 주지 않아. "
            "count를 float32로 바꿨다면 행 합도 **바꾼 값으로** 구하거나, 둘 다 `tf.cast(..., tf.float32)` 해.",
            en=f"You divided two tensors of different dtypes ({err}). TensorFlow never matches float32 and int32 for "
               "you. If you cast the counts to float32, take the row sums **of the cast values** too, or "
               "`tf.cast(..., tf.float32)` both.")
    raise Incorrect(
        "raised",
        f"row_shares가 에러를 냈어: {err}. 입력은 int32 `({n}, {k})` 텐서야. shape과 dtype을 찍어 보면서 어느 연산에서 "
        "안 맞는지 찾아봐.",
        en=f"row_shares raised: {err}. The input is an int32 `({n}, {k})` tensor. Print shapes and dtypes to find "
           "the op where they stop matching.")


def _returned_numbers(t, short=False):
    if t.got["value"] is None and short:
        raise Incorrect("wrong_type", "숫자 텐서가 아니라서 dtype을 볼 수 없어 (아래 check를 봐).",
                        en="Not a numeric tensor, so there is no dtype to check (see the check below).")
    if t.got["value"] is None:
        raise Incorrect(
            "wrong_type",
            f"숫자 텐서를 return해야 하는데 {t.got['returned']}을(를) 받았어. 마지막에 나눈 결과를 return했는지 봐.",
            en=f"Return a numeric tensor; got {t.got['returned']}. Check that you return the result of the division.")


@check("결과 dtype이 float32다", points=1, en="the result is float32")
def is_float32(t):
    _raised(t, short=True)
    _returned_numbers(t, short=True)
    dtype = t.got["dtype"]
    if dtype == "float32":
        return
    if dtype == "float64":
        raise Incorrect(
            "float64_result",
            "값은 실수인데 dtype이 float64야. int32끼리 `/`로 나누면 (NumPy로 계산해도) 결과가 float64가 돼. "
            "float32 weight와 섞이는 순간 InvalidArgumentError가 나니까, 나누기 **전에** "
            "`tf.cast(counts, tf.float32)`로 바꾸거나 결과를 float32로 cast해.",
            en="The values are real numbers but the dtype is float64. Dividing int32 by int32 with `/` (or computing "
               "it in NumPy) gives float64, which raises an InvalidArgumentError the moment it meets a float32 "
               "weight. Cast with `tf.cast(counts, tf.float32)` **before** dividing, or cast the result to float32.")
    if dtype and dtype.startswith(("int", "uint")):
        raise Incorrect(
            "integer_result",
            f"결과 dtype이 {dtype}야. 비율은 0과 1 사이의 실수라서 정수로 두면 소수점이 다 사라져. `//`로 나눴거나 "
            "정수로 cast했는지 봐. float32로 바꾼 다음 `/`로 나눠.",
            en=f"The result's dtype is {dtype}. Shares are real numbers between 0 and 1, and as integers every "
               "decimal is lost. Check for a `//` or a cast to an integer type; convert to float32, then divide with `/`.")
    raise Incorrect(
        "wrong_dtype",
        f"결과 dtype이 {dtype}인데 float32여야 해. `tf.cast(..., tf.float32)`로 맞춰.",
        en=f"The result's dtype is {dtype}; it must be float32. Use `tf.cast(..., tf.float32)`.")


def _close(got, want):
    return got.shape == want.shape and np.allclose(got, want, rtol=1e-5, atol=1e-6)


@check("각 행을 그 행의 합으로 나눴다", points=3, en="each row is divided by its own sum")
def shares_per_row(t):
    _raised(t)
    _returned_numbers(t)
    c = _counts(t)
    n, k = c.shape
    got = np.asarray(t.got["value"], dtype=np.float64)
    row_sum = c.sum(axis=1, keepdims=True)
    want = c / row_sum
    if _close(got, want):
        return
    if got.shape != want.shape:
        if got.shape == (k, n):
            raise Incorrect(
                "transposed",
                f"결과 shape이 ({k}, {n})로 뒤집혔어. 입력과 같은 ({n}, {k})이어야 해. 어디선가 transpose했거나 "
                "축을 반대로 끼웠는지 봐.",
                en=f"The result came out transposed, shape ({k}, {n}); it must match the input, ({n}, {k}). Look for "
                   "a transpose or axes inserted the other way round.")
        raise Incorrect(
            "wrong_shape",
            f"결과 shape이 {got.shape}인데 입력과 같은 ({n}, {k})이어야 해. 나누는 두 텐서의 shape을 찍어 보고 "
            "broadcasting이 어떻게 늘렸는지 확인해.",
            en=f"The result has shape {got.shape}; it must match the input, ({n}, {k}). Print the shapes of both "
               "sides of the division and see how broadcasting stretched them.")
    if _close(got, np.floor(want)):
        raise Incorrect(
            "floor_division",
            "결과가 0과 1뿐이야: `//`(floordiv)로 나눠서 몫만 남았어. 행 합보다 작은 count는 전부 0이 돼. "
            "float32로 바꾼 다음 `/`로 나눠.",
            en="The result holds only 0s and 1s: `//` (floordiv) keeps only the quotient, so every count smaller than "
               "its row sum becomes 0. Convert to float32, then divide with `/`.")
    if _close(got, c / c.sum(axis=0, keepdims=True)):
        raise Incorrect(
            "wrong_axis",
            "**열**마다 합이 1이 됐어: 행 합(`axis=1`) 대신 열 합(`axis=0`)으로 나눴어. 기대한 건 한 행(한 사람) 안에서의 "
            f"비율이야. 예를 들어 0번 행의 합은 {row_sum[0, 0]:g}인데 그 행이 합쳐서 {got[0].sum():.3g}가 됐어.",
            en="Each **column** sums to 1: you divided by the column sums (`axis=0`) instead of the row sums "
               f"(`axis=1`). Expected the shares within one row (one person). Row 0 sums to {row_sum[0, 0]:g}, yet "
               f"your row 0 adds up to {got[0].sum():.3g}.")
    if n == k and _close(got, c / row_sum.reshape(1, n)):
        raise Incorrect(
            "missing_keepdims",
            f"이 표는 정사각 ({n}, {k})이라 에러 없이 돌았지만 값이 틀렸어. `axis=1`로 구한 행 합이 `({n},)`이라서 "
            "broadcasting이 그걸 **열** 방향으로 깔았어: i번째 행의 합이 i번째 열을 나눈 거야. "
            "`keepdims=True`로 `(n, 1)`을 만들어야 행마다 자기 합으로 나뉘어.",
            en=f"This table is square, ({n}, {k}), so it ran without an error, but the values are wrong. The row "
               f"sums from `axis=1` have shape `({n},)`, and broadcasting laid them along the **columns**: the sum "
               "of row i divided column i. With `keepdims=True` they are `(n, 1)` and each row is divided by its own sum.")
    if _close(got, c / c.sum()):
        raise Incorrect(
            "total_sum",
            f"표 **전체**의 합({c.sum():g})으로 나눴어. 그래서 행이 아니라 표 전체가 합쳐서 1이 돼. "
            "`tf.reduce_sum`에 `axis=1, keepdims=True`를 줘서 행마다 합을 구해.",
            en=f"You divided by the sum of the **whole** table ({c.sum():g}), so the table, not each row, adds up "
               "to 1. Give `tf.reduce_sum` `axis=1, keepdims=True` to sum each row.")
    if _close(got, want * k):
        raise Incorrect(
            "mean_not_sum",
            f"행 **평균**으로 나눴어: 모든 값이 정답의 {k}배(열 개수)야. 비율은 합으로 나눠야 행마다 1이 돼. "
            "`tf.reduce_mean` 대신 `tf.reduce_sum`.",
            en=f"You divided by the row **mean**: every value is {k} times (the number of columns) the expected "
               "one. Shares divide by the sum, so each row adds up to 1. Use `tf.reduce_sum`, not `tf.reduce_mean`.")
    e = np.exp(c - c.max(axis=1, keepdims=True))
    if _close(got, e / e.sum(axis=1, keepdims=True)):
        raise Incorrect(
            "softmax",
            "softmax를 썼어. 행마다 합이 1인 건 맞지만 softmax는 count를 지수(exp)로 부풀려서 큰 count가 훨씬 큰 몫을 "
            f"가져가. 예를 들어 0번 행의 기대값은 {np.round(want[0], 3).tolist()}인데 {np.round(got[0], 3).tolist()}가 "
            "나왔어. 비율은 그냥 count / 행 합이야.",
            en="You used softmax. Each row does add up to 1, but softmax inflates the counts exponentially, so large "
               f"counts take far more than their share: row 0 should be {np.round(want[0], 3).tolist()}, yours is "
               f"{np.round(got[0], 3).tolist()}. A share is simply count / row sum.")
    # Anything else: the shared analysis (flipped sign, constant ratio, …) or its fallback names what differs.
    expect_effect(got, want, what="행별 비율", what_en="the row shares", rtol=1e-5, atol=1e-6)
