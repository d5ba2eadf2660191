"""Hidden cases and checks for dataset-feature-mean: the per-feature mean over every example of a batched dataset."""
import numpy as np

from grader.api import Incorrect, check

RTOL, ATOL = 1e-5, 1e-5
FAMILIES = ["shape", "sign"]


def cases(rng):
    out = []
    for kind in ("full", "single_last", "unknown"):
        batch = int(rng.integers(4, 9))
        full = int(rng.integers(3, 6))
        extra = {"full": 0, "single_last": 1, "unknown": int(rng.integers(2, batch))}[kind]
        d = int(rng.integers(2, 5))
        x = rng.normal(size=(batch * full + extra, d)) + rng.uniform(-5.0, 5.0, size=d)
        if extra:
            x[-extra:] += rng.uniform(3.0, 6.0)   # the short batch sits apart, so weighting it wrongly shows
        out.append({"kind": kind, "x": x.astype(np.float32), "batch_size": batch, "unknown_length": kind == "unknown"})
    return out


def regions(case):
    return {{"full": "all batches full (batch means would be right)", "single_last": "one-example last batch",
             "unknown": "unknown length, short last batch"}[case["kind"]]}


def _batches(case):
    x = np.asarray(case["x"], dtype=np.float64)
    b = case["batch_size"]
    return [x[i:i + b] for i in range(0, len(x), b)]


def _close(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=RTOL, atol=ATOL))


def _fmt(v):
    return "[" + ", ".join(f"{float(e):.5g}" for e in np.ravel(v)) + "]"


def _judge(t):
    case = t.case
    x = np.asarray(case["x"], dtype=np.float64)
    n, d = x.shape
    batches = _batches(case)
    sizes = [len(b) for b in batches]
    got = t.got
    if got.get("len_error"):
        raise Incorrect(
            "used_len",
            f"`len(ds)`에서 에러가 났어: `TypeError: {got['len_error']}`. 이 dataset은 `filter`를 거쳐서 자기 길이를 몰라 "
            "(`ds.cardinality()`가 -2). 길이를 미리 묻지 말고, `for`로 돌면서 예제 수를 직접 세.",
            en=f"`len(ds)` raised `TypeError: {got['len_error']}`. This dataset went through `filter` and does not "
               "know its length (`ds.cardinality()` is -2). Don't ask for the length up front: count the examples "
               "yourself while iterating with `for`.")
    value = got.get("value")
    if value is None:
        raise Incorrect(
            "wrong_type",
            f"feature별 평균(shape `({d},)`)을 return해야 하는데 {got.get('returned')}을(를) 받았어.",
            en=f"Return the per-feature mean (shape `({d},)`); got {got.get('returned')}.")
    value = np.asarray(value, dtype=np.float64)
    want = x.mean(axis=0)
    if value.size == 1 and d > 1:
        raise Incorrect(
            "reduced_all",
            f"숫자 하나({float(value.ravel()[0]):.5g})를 return했어: 모든 feature를 한데 평균 냈어. 기대한 건 feature마다 "
            f"하나, shape `({d},)`: {_fmt(want)}. 예제 축(`axis=0`)으로만 줄여.",
            en=f"You returned a single number ({float(value.ravel()[0]):.5g}), averaging all features together. "
               f"Expected one per feature, shape `({d},)`: {_fmt(want)}. Reduce over the example axis (`axis=0`) only.")
    if value.shape != (d,):
        if value.ndim == 1 and value.shape[0] in set(sizes) | {n}:
            raise Incorrect(
                "wrong_axis",
                f"결과 shape이 `{value.shape}`야: 예제마다 하나씩, 즉 feature 축(`axis=1`)으로 평균 냈어. 기대한 건 "
                f"feature마다 하나인 shape `({d},)`야. 예제 축 `axis=0`으로 줄여.",
                en=f"The result has shape `{value.shape}`, one per example: you averaged over the feature axis "
                   f"(`axis=1`). Expected one per feature, shape `({d},)`. Reduce over the example axis, `axis=0`.")
        raise Incorrect(
            "wrong_shape",
            f"결과 shape이 `{value.shape}`인데 기대한 건 feature마다 하나, `({d},)`야.",
            en=f"The result has shape `{value.shape}`; expected one per feature, `({d},)`.")
    if _close(value, want):
        return
    sums = x.sum(axis=0)
    twins = [
        ("mean_of_batch_means", np.mean([b.mean(axis=0) for b in batches], axis=0),
         f"batch마다 평균을 내고 그 평균들을 다시 평균했어. batch 크기({sizes})가 제각각이라서, 마지막 {sizes[-1]}개짜리 batch의 "
         "예제 하나하나가 꽉 찬 batch의 예제보다 더 큰 무게를 가졌어. 합과 예제 수를 따로 모아서 마지막에 나눠 "
         "(아니면 batch 평균에 batch 크기를 곱해서 더해).",
         f"You averaged each batch, then averaged those means. The batch sizes are {sizes}, so each example of the "
         f"last batch of {sizes[-1]} weighed more than one in a full batch. Collect the sum and the number of "
         "examples separately and divide at the end (or weight each batch mean by its batch size)."),
        ("assumed_full_batches", sums / (len(batches) * sizes[0]),
         f"예제 수를 batch 수 × 첫 batch 크기({len(batches)} × {sizes[0]} = {len(batches) * sizes[0]})로 셌어. 실제 "
         f"예제는 {n}개야: 마지막 batch는 {sizes[-1]}개뿐이야. 각 batch의 크기를 `tf.shape(batch)[0]`로 세서 더해.",
         f"You counted the examples as number of batches × first batch size ({len(batches)} × {sizes[0]} = "
         f"{len(batches) * sizes[0]}). There are {n}: the last batch holds only {sizes[-1]}. Add up each batch's own "
         "size, `tf.shape(batch)[0]`."),
        ("divided_by_batches", sums / len(batches),
         f"합을 batch 수({len(batches)})로 나눴어. 평균은 예제 수({n})로 나눠야 해. batch마다 `tf.shape(batch)[0]`를 "
         "더해서 세.",
         f"You divided the sum by the number of batches, {len(batches)}. A mean divides by the number of examples, "
         f"{n}. Count them by adding `tf.shape(batch)[0]` for each batch."),
        ("first_batch_only", batches[0].mean(axis=0),
         f"첫 batch({sizes[0]}개)의 평균만 구했어 (`next(iter(ds))`). dataset 전체({len(batches)}개 batch, 예제 {n}개)를 "
         "`for`로 끝까지 돌아야 해.",
         f"You took the mean of the first batch only ({sizes[0]} examples, `next(iter(ds))`). Go through the whole "
         f"dataset ({len(batches)} batches, {n} examples) with `for`."),
        ("last_batch_only", batches[-1].mean(axis=0),
         f"마지막 batch({sizes[-1]}개)의 평균이 나왔어: loop 안에서 값을 매번 새로 덮어썼어. batch마다 합을 **누적**하고 "
         "예제 수도 누적해.",
         f"This is the mean of the last batch ({sizes[-1]} examples): the loop overwrote the value every time. "
         "**Accumulate** the sum and the count across batches."),
        ("sum_not_mean", sums,
         f"feature별 **합**을 돌려줬어. 평균은 그 합을 예제 수({n})로 나눈 거야.",
         f"You returned the per-feature **sum**. The mean is that sum divided by the number of examples, {n}."),
    ]
    if case["unknown_length"]:
        twins.insert(0, ("used_cardinality", sums / (-2 * sizes[0]),
                         "`ds.cardinality()`로 batch 수를 구했는데, 이 dataset은 길이를 몰라서 -2"
                         "(`tf.data.UNKNOWN_CARDINALITY`)가 나와. 그래서 평균의 부호까지 뒤집혔어. 길이는 돌면서 직접 세.",
                         "You took the number of batches from `ds.cardinality()`, but this dataset does not know its "
                         "length and returns -2 (`tf.data.UNKNOWN_CARDINALITY`), which even flipped the sign. Count "
                         "while you iterate instead."))
    for diagnosis, twin, ko, en in twins:
        if _close(value, twin):
            raise Incorrect(diagnosis, f"{ko} 받은 값 {_fmt(value)}, 기대 {_fmt(want)}.",
                            en=f"{en} Got {_fmt(value)}, expected {_fmt(want)}.")
    i = int(np.argmax(np.abs(value - want)))
    raise Incorrect(
        "wrong_value",
        f"feature {i}의 평균이 달라: 기대 {want[i]:.6g}, 받은 값 {value[i]:.6g}. 모든 batch의 합을 모으고, 각 batch의 "
        "실제 크기를 더한 예제 수로 나눴는지 봐.",
        en=f"The mean of feature {i} differs: expected {want[i]:.6g}, got {value[i]:.6g}. Check that you add up every "
           "batch's sum and divide by the number of examples, counted from each batch's actual size.")


@check("모든 batch가 같은 크기일 때 평균이 맞다", points=2, en="right mean when all batches are the same size")
def full_batches(t):
    if t.case["kind"] == "full":
        _judge(t)


@check("크기가 다른 batch가 섞여도 평균이 맞다", points=2, en="right mean when batch sizes differ")
def mixed_batches(t):
    if t.case["kind"] == "single_last":
        _judge(t)


@check("길이를 모르는 dataset에서도 평균이 맞다", points=2, en="right mean on a dataset of unknown length")
def unknown_length(t):
    if t.case["kind"] == "unknown":
        _judge(t)
