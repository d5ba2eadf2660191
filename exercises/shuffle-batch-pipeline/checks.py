"""Hidden cases and checks for shuffle-batch-pipeline: scale, shuffle evenly, batch with drop_remainder, prefetch."""
import numpy as np

from grader.api import Incorrect, check, uses

FAMILIES = []   # batches of traceable examples: every mistake is named below


def cases(rng):
    out = []
    for k, divisible in enumerate((False, True, False)):
        batch = int(rng.integers(5, 9))
        full = int(rng.integers(30, 51)) // batch
        n = batch * full + (0 if divisible else int(rng.integers(1, batch)))
        codes = rng.choice(256 ** 3, size=n, replace=False)   # every example's pixels differ, so each is traceable
        pixels = np.stack([codes // 65536, (codes // 256) % 256, codes % 256], axis=1).astype(np.uint8)
        out.append({"pixels": pixels, "labels": rng.integers(0, 10, size=n).astype(np.int32),
                    "batch_size": batch, "seed": int(rng.integers(0, 10_000)),
                    "epochs": 2 if k == 0 else 1, "rebuild": k == 0})
    return out


def regions(case):
    n, b = len(case["labels"]), case["batch_size"]
    out = {"n divisible by batch_size (drop_remainder drops nothing)" if n % b == 0 else "short last batch dropped"}
    if case["rebuild"]:
        out.add("second epoch and rebuild with the same seed")
    return out


def _structure(t):
    """Raise the mistake that leaves nothing to look at: not a dataset, not (x, y) pairs, never ending."""
    got = t.got
    if got.get("kind") != "dataset":
        raise Incorrect(
            "wrong_type",
            f"`tf.data.Dataset`을 return해야 하는데 {got.get('kind')}을(를) 받았어. 변환을 이은 dataset을 그대로 "
            "return해 (`for`로 돌아서 리스트로 만들지 말고).",
            en=f"Return a `tf.data.Dataset`; got {got.get('kind')}. Return the chained dataset itself (don't iterate "
               "it into a list).")
    for epoch in got["epochs"] + ([got["rebuilt"]] if got.get("rebuilt") else []):
        if epoch["shape"] is not None:
            raise Incorrect(
                "not_pairs",
                f"dataset의 원소가 `(x, y)` 두 개짜리 tuple이어야 하는데 다른 게 나왔어: {epoch['shape']}. "
                "`from_tensor_slices((pixels, labels))`처럼 tuple로 만들고, `map` 함수도 `x, y` 두 개를 return해.",
                en=f"The dataset's elements should be `(x, y)` pairs; got {epoch['shape']}. Build it from a tuple, "
                   "`from_tensor_slices((pixels, labels))`, and have the `map` function return both `x, y`.")
        if epoch["cut"]:
            n, b = len(t.case["labels"]), t.case["batch_size"]
            raise Incorrect(
                "infinite_dataset",
                f"한 epoch가 끝나지 않아: 예제 {n}개, batch {b}면 batch {n // b}개에서 멈춰야 하는데 {n // b + 3}개를 넘게 "
                "나왔어. `repeat()`을 붙였는지 봐. epoch를 반복하는 건 dataset을 다시 도는 쪽(`for` loop, "
                "`model.fit(epochs=...)`)의 일이야.",
                en=f"One epoch never ends: {n} examples in batches of {b} should stop after {n // b} batches, and more "
                   f"than {n // b + 3} came out. Check for `repeat()`: repeating epochs is the job of whoever iterates "
                   "the dataset (a `for` loop, `model.fit(epochs=...)`).")


def _index_of(t):
    pixels = np.asarray(t.case["pixels"], dtype=np.int64)
    return {tuple(row): i for i, row in enumerate(pixels)}


def _batches(t, epoch):
    """One epoch as a list of (example indices, labels) per batch; an index is -1 where x matches no example."""
    _structure(t)
    lookup = _index_of(t)
    data = t.got["rebuilt"] if epoch == "rebuilt" else t.got["epochs"][epoch]
    out = []
    for x, y in zip(data["x"], data["y"]):
        x = np.asarray(x, dtype=np.float64)
        if x.ndim != 2:
            raise Incorrect(
                "not_batched",
                f"`x`의 shape: {x.shape}. batch로 묶이면 `(batch_size, 3)`이어야 해. `.batch(batch_size, "
                "drop_remainder=True)`를 붙였는지 봐.",
                en=f"`x` has shape {x.shape}; once batched it should be `(batch_size, 3)`. Check that you added "
                   "`.batch(batch_size, drop_remainder=True)`.")
        raw = x if x.size and x.max() > 1.5 else x * 255.0
        idx = [lookup.get(tuple(int(v) for v in np.rint(row)), -1) for row in raw]
        out.append((np.asarray(idx), np.asarray(y).reshape(-1)))
    return out


@check("x는 float32이고 255로 나눈 값이다", points=2, en="x is float32, divided by 255")
def scaled_pixels(t):
    _structure(t)
    for x in t.got["epochs"][0]["x"][:1]:
        dtype = np.asarray(x).dtype
        x = np.asarray(x, dtype=np.float64)
        if dtype.kind in "iu":
            raise Incorrect(
                "forgot_map",
                f"`x`의 dtype: {dtype}. 픽셀이 변환 없이 그대로 나왔어. `map`으로 `tf.cast(x, tf.float32) / 255.0`을 "
                "적용해 줘 (y는 그대로 두고).",
                en=f"`x` has dtype {dtype}: the pixels came out untouched. Apply `tf.cast(x, tf.float32) / 255.0` with "
                   "`map` (leaving y as it is).")
        if dtype != np.float32:
            raise Incorrect(
                "x_dtype",
                f"`x`의 dtype: {dtype}. 기대한 건 float32야. `tf.cast(x, tf.float32)`로 바꾼 다음 255로 나눠.",
                en=f"`x` has dtype {dtype}; expected float32. `tf.cast(x, tf.float32)`, then divide by 255.")
        if x.size and x.max() > 1.5:
            raise Incorrect(
                "not_scaled",
                f"`x`가 float32이긴 한데 값이 최대 {x.max():.0f}까지 가: 255로 나누지 않았어. 기대한 범위는 `[0, 1]`이야.",
                en=f"`x` is float32 but reaches {x.max():.0f}: it was not divided by 255. Expected values in `[0, 1]`.")
    for idx, _ in _batches(t, 0):
        if (idx < 0).any():
            raise Incorrect(
                "wrong_values",
                "`x`의 어떤 행도 입력 픽셀 / 255와 맞지 않아. `map`에서 `tf.cast(x, tf.float32) / 255.0`만 해 줘.",
                en="Some rows of `x` match no input's pixels / 255. In `map`, do just `tf.cast(x, tf.float32) / 255.0`.")


@check("모든 batch가 batch_size개이고, 모자란 batch는 버렸다", points=2,
       en="every batch has batch_size examples; the short one is dropped")
def full_batches(t):
    n, b = len(t.case["labels"]), t.case["batch_size"]
    sizes = [len(idx) for idx, _ in _batches(t, 0)]
    if sizes == [b] * (n // b):
        return
    if sizes[:-1] == [b] * (n // b) and sizes[-1] == n % b:
        raise Incorrect(
            "forgot_drop_remainder",
            f"예제 {n}개를 {b}개씩 묶었더니 마지막 batch가 {n % b}개짜리로 나왔어. 모든 step이 같은 크기여야 하니까 "
            "`.batch(batch_size, drop_remainder=True)`로 모자란 마지막 batch를 버려.",
            en=f"{n} examples in batches of {b} left a last batch of {n % b}. Every step must have the same size, so "
               "drop the short last batch with `.batch(batch_size, drop_remainder=True)`.")
    raise Incorrect(
        "wrong_batches",
        f"batch 크기: {sizes}. 예제 {n}개, batch_size {b}면 {b}개짜리 batch {n // b}개가 나와야 해.",
        en=f"The batch sizes are {sizes}. {n} examples with batch_size {b} should give {n // b} batches of {b}.")


def _order(batches):
    return np.concatenate([idx for idx, _ in batches]) if batches else np.zeros(0, dtype=int)


@check("예제 단위로 데이터 전체를 고르게 섞었다", points=3, en="examples are shuffled evenly over the whole data set")
def shuffled_evenly(t):
    n, b = len(t.case["labels"]), t.case["batch_size"]
    epochs = [_batches(t, e) for e in range(len(t.got["epochs"]))]
    orders = [_order(e) for e in epochs]
    if all(np.array_equal(o, np.arange(len(o))) for o in orders):
        raise Incorrect(
            "not_shuffled",
            f"두 epoch 모두 예제가 원래 순서 그대로 나왔어 (0, 1, 2, …). `shuffle(buffer_size, seed=seed)`를 batch보다 "
            "먼저 붙여 줘.",
            en="Both epochs gave the examples in their original order (0, 1, 2, …). Add `shuffle(buffer_size, "
               "seed=seed)` before the batch.")
    runs = all(len(idx) and idx[0] % b == 0 and np.array_equal(idx, np.arange(idx[0], idx[0] + len(idx)))
               for e in epochs for idx, _ in e)
    if runs:
        first = epochs[0][0][0]
        raise Incorrect(
            "batch_before_shuffle",
            f"batch 안의 예제가 언제나 연속된 구간이야 (첫 batch가 {first.tolist()}). batch로 묶은 **뒤에** 섞어서 "
            "batch 통째로 자리만 바뀌었어. 같은 예제들이 매번 같은 gradient에 함께 들어가. `shuffle`을 `batch` "
            "**앞에** 둬.",
            en=f"The examples in a batch are always one consecutive run (the first batch is {first.tolist()}). You "
               "shuffled **after** batching, so only whole batches moved, and the same examples always share a "
               "gradient. Put `shuffle` **before** `batch`.")
    reach = [int(np.max(o - np.arange(len(o)))) + 1 for o in orders]
    if max(reach) <= n // 3:   # a buffer of n/3 or less; an even shuffle gets this far with odds near 1e-6
        raise Incorrect(
            "small_buffer",
            f"예제가 멀리 가지 못하고 가까운 자리끼리만 바뀌었어: p번째로 나온 예제가 언제나 원래 p + {max(reach) - 1}번 "
            f"이내야. shuffle buffer가 {max(reach)}개쯤밖에 안 된다는 뜻이야 (예제는 {n}개). buffer는 그 안에서만 "
            f"섞으니까, 전체를 고르게 섞으려면 `shuffle(buffer_size={n}, ...)`처럼 원소 수 이상을 줘.",
            en=f"Examples never travel far, only neighbours swap: the example handed out at position p is always "
               f"within original index p + {max(reach) - 1}. The shuffle buffer holds only about {max(reach)} "
               f"elements (there are {n} examples). A buffer only mixes what it holds, so for an even shuffle give it "
               f"at least the number of elements, e.g. `shuffle(buffer_size={n}, ...)`.")


@check("(x, y) 짝이 그대로다", points=2, en="(x, y) pairs stay together")
def pairs_kept(t):
    labels = np.asarray(t.case["labels"])
    for idx, y in _batches(t, 0):
        if len(y) != len(idx) or not np.array_equal(y, labels[np.clip(idx, 0, None)]):
            raise Incorrect(
                "pairs_broken",
                f"batch 안의 label이 그 픽셀의 label이 아니야: 기대 {labels[np.clip(idx, 0, None)].tolist()}, 받은 값 "
                f"{np.asarray(y).tolist()}. x와 y를 따로 섞으면 짝이 깨져. `from_tensor_slices((pixels, labels))`로 "
                "짝을 지은 다음에 한 번만 섞어.",
                en=f"The labels in a batch are not those pixels' labels: expected {labels[np.clip(idx, 0, None)].tolist()}"
                   f", got {np.asarray(y).tolist()}. Shuffling x and y separately breaks the pairs. Pair them with "
                   "`from_tensor_slices((pixels, labels))` first, then shuffle once.")


@check("epoch마다 다시 섞이고, 같은 seed면 같은 순서다", points=1,
       en="a new order every epoch, the same order for the same seed")
def reshuffled_and_seeded(t):
    if not t.case["rebuild"]:
        return
    first, second, rebuilt = (_order(_batches(t, e)) for e in (0, 1, "rebuilt"))
    if np.array_equal(first, second):
        if np.array_equal(first, np.arange(len(first))):
            raise Incorrect(
                "not_shuffled",
                "섞지 않았으니 epoch마다 순서도 똑같아. shuffle을 넣으면 기본값 `reshuffle_each_iteration=True`가 "
                "epoch마다 새 순서를 만들어 줘.",
                en="Nothing is shuffled, so every epoch has the same order too. Once you add shuffle, its default "
                   "`reshuffle_each_iteration=True` gives a new order each epoch.")
        cache = uses(t.source, "cache")
        raise Incorrect(
            "same_order_each_epoch",
            "두 epoch의 순서가 똑같아 (첫 batch가 둘 다 " + str(_batches(t, 0)[0][0].tolist()) + "). "
            + ("`shuffle` 뒤의 `cache()`가 첫 epoch의 순서를 저장해 두고 그대로 되풀이해. `cache`는 shuffle **앞에** 둬."
               if cache else
               "한 번 섞어 둔 순서를 계속 쓰고 있어 (미리 섞은 tensor, 또는 `reshuffle_each_iteration=False`). "
               "dataset의 `shuffle`을 기본값 그대로 쓰면 epoch마다 다시 섞여."),
            en="Both epochs have the same order (both start with " + str(_batches(t, 0)[0][0].tolist()) + "). "
               + ("The `cache()` after `shuffle` stores the first epoch's order and replays it. Put `cache` "
                  "**before** the shuffle." if cache else
                  "You keep one order shuffled once (a tensor shuffled up front, or "
                  "`reshuffle_each_iteration=False`). The dataset's `shuffle` with its defaults reshuffles every epoch."))
    if not np.array_equal(first[:len(rebuilt)], rebuilt):
        raise Incorrect(
            "ignored_seed",
            "같은 `seed`로 두 번 만든 dataset의 첫 epoch 순서가 달라. `shuffle(..., seed=seed)`처럼 seed를 넘겨야 "
            "실행할 때마다 같은 순서가 나와서 실험을 재현할 수 있어.",
            en="Two datasets built with the same `seed` give different first-epoch orders. Pass it on, "
               "`shuffle(..., seed=seed)`, so that every run gives the same order and experiments can be repeated.")


@check("파이프라인 끝이 prefetch다", points=1, en="the pipeline ends with prefetch")
def ends_with_prefetch(t):
    _structure(t)
    last = t.got["last_op"]
    if last == "_PrefetchDataset":
        return
    kind = last.strip("_").replace("Dataset", "").lower() or last
    if uses(t.source, "prefetch"):
        raise Incorrect(
            "prefetch_not_last",
            f"`prefetch`를 쓰긴 했는데 마지막 변환은 따로 있어: `{kind}`. prefetch는 model이 계산하는 동안 **다음 batch**를 "
            "준비해 두는 거라 맨 끝에 있어야 효과가 있어.",
            en=f"You used `prefetch`, but the last transformation is `{kind}`. Prefetch prepares **the next batch** "
               "while the model computes, so it only helps at the very end.")
    raise Incorrect(
        "no_prefetch",
        f"마지막 변환: `{kind}`. 끝에 `.prefetch(tf.data.AUTOTUNE)`를 붙여 줘: 결과는 그대로고 기다리는 시간만 줄어.",
        en=f"The last transformation is `{kind}`. Add `.prefetch(tf.data.AUTOTUNE)` at the end: the same results, "
           "less waiting.")
