"""Hidden cases and checks for grid-sq-distances: squared distances of every float point to every int grid center."""
import numpy as np

from grader.api import Incorrect, check, expect_effect

# Shared mistake families that fit a broadcast distance table (the axis and cast mistakes are this file's own).
FAMILIES = ["shape"]
# (points n, centers k, coordinates d): n != k, n == k (a flipped or pairwise result runs silently), n != k, n == k.
SIZES = [(5, 3, 2), (4, 4, 3), (3, 6, 2), (3, 3, 2)]


def cases(rng):
    out = []
    for n, k, d in SIZES:
        centers = rng.integers(-3, 4, size=(k, d))
        # Real coordinates with a fractional part of at least 0.1, so truncating them always changes them.
        frac = rng.uniform(0.1, 0.9, size=(n, d)) * rng.choice([-1.0, 1.0], size=(n, d))
        points = rng.integers(-3, 4, size=(n, d)) + frac
        points[int(rng.integers(0, n))] = centers[int(rng.integers(0, k))]   # one point on a center: distance 0
        out.append({"points": points.astype(np.float32), "centers": centers.astype(np.int32)})
    return out


def regions(case):
    n, k = len(case["points"]), len(case["centers"])
    return {"as many points as centers (flips and pairwise results run silently)" if n == k else "n != k",
            "a point on a center (distance 0)", "negative coordinates"}


def _inputs(t):
    return np.asarray(t.case["points"], dtype=np.float64), np.asarray(t.case["centers"], dtype=np.float64)


def _dist(p, c):
    return ((p[:, None, :] - c[None, :, :]) ** 2).sum(axis=-1)


def _error_diagnosis(t, err):
    p, c = _inputs(t)
    (n, d), k = p.shape, c.shape[0]
    if f"Incompatible shapes: [{n},{d}] vs. [{k},{d}]" in err or f"Incompatible shapes: [{k},{d}] vs. [{n},{d}]" in err:
        return "no_pairs"
    if ("expected to be a" in err and "tensor but is a" in err) or "must have the same dtype" in err:
        return "mixed_dtypes"
    return "raised"


def _raised(t, short=False):
    """The learner's code raised one of the errors the lesson is about: explain it in its own terms.

    The dtype check (short=True) names the same diagnosis in one line, so the explanation is not shown twice."""
    err = (t.got["error"] or "").rstrip(".")
    if not err:
        return
    diagnosis = _error_diagnosis(t, err)
    if short:
        raise Incorrect(
            diagnosis,
            "에러 때문에 결과가 없어서 dtype을 확인할 수 없어. 아래 check의 설명대로 에러부터 고쳐.",
            en="Your code raised, so there is no result whose dtype could be checked. Fix the error explained "
               "in the check below first.")
    p, c = _inputs(t)
    (n, d), k = p.shape, c.shape[0]
    if diagnosis == "no_pairs":
        raise Incorrect(
            "no_pairs",
            f"`points - centers`에서 shape이 안 맞았어 ({err}). `({n}, {d})`와 `({k}, {d})`를 그대로 빼면 같은 번호끼리만 "
            f"빼려고 해서, 개수가 다르면 에러가 나고 같으면 짝 {n}개만 나와. 모든 짝이 필요하니까 "
            "`points[:, tf.newaxis, :]`(n, 1, d)와 `centers[tf.newaxis, :, :]`(1, k, d)로 축을 끼워서 빼.",
            en=f"The shapes did not match in `points - centers` ({err}). Subtracting `({n}, {d})` and `({k}, {d})` "
               f"as they are pairs same-numbered rows only: it fails when the counts differ and gives just {n} "
               "pairs when they agree. You need every pair, so insert axes, `points[:, tf.newaxis, :]` (n, 1, d) "
               "and `centers[tf.newaxis, :, :]` (1, k, d), before subtracting.")
    if diagnosis == "mixed_dtypes":
        raise Incorrect(
            "mixed_dtypes",
            f"float32 점과 int32 중심을 그대로 계산했어 ({err}). TensorFlow는 dtype을 자동으로 맞춰 주지 않아. "
            "정수 쪽을 `tf.cast(centers, tf.float32)`로 바꿔 (점을 int로 바꾸면 소수점이 잘려).",
            en=f"You combined the float32 points with the int32 centers as they are ({err}). TensorFlow never "
               "matches dtypes for you. Convert the integer side, `tf.cast(centers, tf.float32)` (casting the "
               "points to int would truncate their decimals).")
    raise Incorrect(
        "raised",
        f"sq_distances가 에러를 냈어: {err}. 입력은 float32 `({n}, {d})` 점과 int32 `({k}, {d})` 중심이야. 연산마다 "
        "shape과 dtype을 찍어 보면서 어디서 안 맞는지 찾아봐.",
        en=f"sq_distances raised: {err}. The inputs are float32 points `({n}, {d})` and int32 centers `({k}, {d})`. "
           "Print shapes and dtypes after each op to find where they stop matching.")


def _returned_numbers(t, short=False):
    if t.got["value"] is None and short:
        raise Incorrect("wrong_type", "숫자 텐서가 아니라서 dtype을 볼 수 없어 (아래 check를 봐).",
                        en="Not a numeric tensor, so there is no dtype to check (see the check below).")
    if t.got["value"] is None:
        raise Incorrect(
            "wrong_type",
            f"숫자 텐서를 return해야 하는데 {t.got['returned']}을(를) 받았어. 거리 표를 return했는지 봐.",
            en=f"Return a numeric tensor; got {t.got['returned']}. Check that you return the distance table.")


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
            "값은 나왔는데 dtype이 float64야. NumPy로 계산했거나 float64로 cast한 채로 돌려준 것 같아. "
            "k-means의 다음 단계(float32 텐서)와 섞이면 에러가 나니까 float32로 돌려줘.",
            en="You got values, but the dtype is float64: computed in NumPy or cast to float64 and returned as it is. "
               "It raises once it meets the next float32 step of k-means, so return float32.")
    if dtype and dtype.startswith(("int", "uint")):
        raise Incorrect(
            "cast_points_to_int",
            f"결과 dtype이 {dtype}야: 점까지 정수로 바꿔서 계산한 거야. 점 좌표는 실수라서 정수로 바꾸면 소수점이 잘려. "
            "정수인 중심 쪽을 float32로 바꿔.",
            en=f"The result's dtype is {dtype}: the points were turned into integers too. Their coordinates are "
               "real numbers, so that truncates them. Convert the integer centers to float32 instead.")
    raise Incorrect(
        "wrong_dtype",
        f"결과 dtype이 {dtype}인데 float32여야 해.",
        en=f"The result's dtype is {dtype}; it must be float32.")


def _close(got, want):
    return got.shape == want.shape and np.allclose(got, want, rtol=1e-4, atol=1e-4)


@check("모든 점과 모든 중심 사이의 거리 제곱이 (n, k)로 맞다", points=3,
       en="the squared distance of every point to every center, as (n, k)")
def distances(t):
    _raised(t)
    _returned_numbers(t)
    p, c = _inputs(t)
    (n, d), k = p.shape, c.shape[0]
    got = np.asarray(t.got["value"], dtype=np.float64)
    want = _dist(p, c)
    if _close(got, want):
        return
    if _close(got, want.T):
        raise Incorrect(
            "transposed",
            f"행과 열이 뒤바뀌었어: 결과가 `(중심 {k}, 점 {n})` 순서야. "
            + ("이번 입력은 점과 중심 개수가 같아서 shape만으로는 티가 안 나지만 값이 뒤집혀 있어. " if n == k else "")
            + "점을 첫 번째 축에 세우려면 `points[:, tf.newaxis, :] - centers[tf.newaxis, :, :]` 순서로 축을 끼워.",
            en=f"Rows and columns are swapped: your result is ordered `(centers {k}, points {n})`. "
               + ("Here there are as many points as centers, so the shape doesn't show it, but the values are "
                  "flipped. " if n == k else "")
               + "To put the points on the first axis, insert the axes as "
                 "`points[:, tf.newaxis, :] - centers[tf.newaxis, :, :]`.")
    if _close(got, _dist(np.trunc(p), c)):
        raise Incorrect(
            "cast_points_to_int",
            "점을 정수로 cast한 다음 거리를 쟀어. `tf.cast`는 0 쪽으로 잘라내서 예를 들어 "
            f"{p[0, 0]:.3g}가 {np.trunc(p[0, 0]):g}이 됐고, 거리가 전부 틀어졌어. dtype을 맞출 땐 값이 안 망가지는 쪽, "
            "정수 중심을 float32로 바꿔.",
            en="You cast the points to integers before measuring. `tf.cast` truncates toward zero, so for example "
               f"{p[0, 0]:.3g} became {np.trunc(p[0, 0]):g} and every distance went off. When matching dtypes, "
               "convert the side that survives it: the integer centers, to float32.")
    if _close(got, np.sqrt(want)):
        raise Incorrect(
            "took_sqrt",
            "제곱근을 씌웠어 (`tf.norm`이나 `tf.sqrt`): 결과가 거리 제곱이 아니라 거리야. 과제는 제곱근 없이 "
            "Σ(차이²)를 원해. k-means에서 가장 가까운 중심을 고르는 데는 제곱이면 충분하고 더 싸.",
            en="You took the square root (`tf.norm` or `tf.sqrt`): the result is the distance, not its square. The "
               "task asks for Σ(difference²) without a root; picking the nearest center needs nothing more, and it is cheaper.")
    diff = p[:, None, :] - c[None, :, :]
    if _close(got, np.abs(diff).sum(axis=-1)):
        raise Incorrect(
            "l1_distance",
            "차이의 **절댓값**을 더했어 (L1, 맨해튼 거리). 과제는 차이의 **제곱**의 합이야: `diff ** 2`나 `tf.square(diff)`.",
            en="You summed the **absolute** differences (L1, Manhattan distance). The task is the sum of the "
               "**squared** differences: `diff ** 2` or `tf.square(diff)`.")
    if _close(got, want / d):
        raise Incorrect(
            "mean_not_sum",
            f"좌표 축에서 더하지 않고 **평균**을 냈어: 모든 값이 정답의 1/{d}(좌표 {d}개)야. `tf.reduce_mean` 대신 "
            "`tf.reduce_sum(..., axis=-1)`.",
            en=f"You took the **mean** over the coordinates instead of the sum: every value is 1/{d} of the expected "
               f"one ({d} coordinates). Use `tf.reduce_sum(..., axis=-1)`, not `tf.reduce_mean`.")
    if got.shape == (n, k, d):
        raise Incorrect(
            "no_reduce",
            f"결과 shape이 `({n}, {k}, {d})`야: 좌표별 차이의 제곱까지는 맞는데, 마지막 축(좌표 {d}개)을 더하지 않았어. "
            "`tf.reduce_sum(..., axis=-1)`로 좌표 축을 없애면 `(n, k)`가 돼.",
            en=f"The result has shape `({n}, {k}, {d})`: the squared differences per coordinate are right, but the "
               f"last axis (the {d} coordinates) was never summed. `tf.reduce_sum(..., axis=-1)` removes it and leaves `(n, k)`.")
    sq = diff ** 2
    if _close(got, sq.sum(axis=1)) or _close(got, sq.sum(axis=0)):
        axis = 1 if _close(got, sq.sum(axis=1)) else 0
        raise Incorrect(
            "wrong_reduce_axis",
            f"`({n}, {k}, {d})` 차이 텐서를 좌표 축이 아니라 axis={axis}({'중심' if axis == 1 else '점'} 축)로 더했어. "
            f"결과 shape이 {got.shape}이 됐어. 더해야 하는 건 마지막 축, 좌표야: `axis=-1`.",
            en=f"You summed the `({n}, {k}, {d})` difference tensor over axis={axis} (the "
               f"{'centers' if axis == 1 else 'points'} axis) instead of the coordinates, so the result has shape "
               f"{got.shape}. Sum the last axis, the coordinates: `axis=-1`.")
    if n == k and _close(got, ((p - c) ** 2).sum(axis=-1)):
        raise Incorrect(
            "no_pairs",
            f"결과가 `({n},)`, 같은 번호끼리의 거리 {n}개뿐이야. 점과 중심 개수가 같아서 `points - centers`가 에러 없이 "
            "돌았지만, 그건 i번째 점과 i번째 중심만 빼. 모든 짝을 얻으려면 `points[:, tf.newaxis, :]`와 "
            "`centers[tf.newaxis, :, :]`로 축을 끼워서 `(n, k, d)`로 늘려.",
            en=f"Your result is `({n},)`, only the {n} distances between same-numbered rows. With as many points as "
               "centers, `points - centers` ran without an error, but it subtracts only point i from center i. For "
               "every pair, insert axes with `points[:, tf.newaxis, :]` and `centers[tf.newaxis, :, :]` to stretch it to `(n, k, d)`.")
    if got.shape != want.shape:
        raise Incorrect(
            "wrong_shape",
            f"결과 shape이 {got.shape}인데 `(점 {n}, 중심 {k})`이어야 해. 빼기 직전 두 텐서의 shape과 더한 축을 찍어 봐.",
            en=f"The result has shape {got.shape}; it must be `(points {n}, centers {k})`. Print the shapes of both "
               "sides just before the subtraction, and the axis you summed.")
    expect_effect(got, want, what="거리 제곱 표", what_en="the squared-distance table", rtol=1e-4, atol=1e-4)
