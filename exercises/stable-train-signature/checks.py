"""Hidden cases and checks for stable-train-signature: an in-place SGD step traced once for any batch size and lr."""
import re

import numpy as np

from grader.api import Incorrect, check, expect_effect

STEPS = 4
# The weight trajectory goes through this file's own variants first, then the shared step family.
FAMILIES = ["steps", "sign"]


def cases(rng):
    true_w = rng.normal(size=(3, 1))
    # (batch sizes, learning rates, start at the answer?): everything changes; nothing changes (no retrace even
    # without a signature); a zero gradient (the weight must stay); a batch of one among others.
    plans = [([int(b) for b in rng.choice(np.arange(2, 10), size=STEPS, replace=False)],
              [float(np.round(v, 3)) for v in rng.uniform(0.02, 0.2, size=STEPS)], False),
             ([int(rng.integers(3, 8))] * STEPS, [float(np.round(rng.uniform(0.05, 0.15), 3))] * STEPS, False),
             ([int(b) for b in rng.choice(np.arange(2, 10), size=STEPS, replace=False)],
              [float(np.round(v, 3)) for v in rng.uniform(0.02, 0.2, size=STEPS)], True),
             ([1] + [int(b) for b in rng.choice(np.arange(2, 10), size=STEPS - 1, replace=False)],
              [float(np.round(v, 3)) for v in rng.uniform(0.02, 0.2, size=STEPS)], False)]
    out, seen = [], set()
    for sizes, lrs, at_answer in plans:
        seen |= set(zip(sizes, lrs))
        batches = []
        for n, lr in zip(sizes, lrs):
            x = rng.normal(size=(n, 3)).astype(np.float32)
            noise = 0.0 if at_answer else rng.normal(scale=0.5, size=(n, 1))
            batches.append({"x": x, "y": (x @ true_w + noise).astype(np.float32), "lr": lr})
        w0 = true_w if at_answer else rng.normal(size=(3, 1))
        # The probe calls one step for all cases in turn: a default tf.function has traced once per (batch, lr)
        # pair seen so far.
        out.append({"w": w0.astype(np.float32), "batches": batches, "at_answer": at_answer, "pairs_so_far": len(seen)})
    return out


def regions(case):
    sizes = {len(b["x"]) for b in case["batches"]}
    lrs = {b["lr"] for b in case["batches"]}
    out = {"batch size and lr change" if len(sizes) > 1 and len(lrs) > 1 else "nothing changes within the case"}
    if case["at_answer"]:
        out.add("zero gradient (w must not move)")
    if 1 in sizes:
        out.add("a batch of one")
    return out


def _trajectory(case, variant="right"):
    """(weights after each step, loss returned by each step) of one way of writing the step, in float64."""
    w = np.asarray(case["w"], dtype=np.float64)
    weights, losses = [], []
    for b in case["batches"]:
        x, y, lr = np.asarray(b["x"], np.float64), np.asarray(b["y"], np.float64), b["lr"]
        err = x @ w - y
        n = len(x)
        grad = 2.0 / n * x.T @ err
        loss = float(np.mean(err ** 2))
        if variant == "sum_instead_of_mean":
            grad, loss = grad * n, loss * n
        if variant == "rebound_weight":
            grad = grad * 0.0
        w = w + lr * grad if variant == "ascent" else w - lr * grad
        weights.append(w)
        losses.append(loss)
    return weights, losses


def _same(got, want, rtol=2e-3, atol=1e-5):
    return len(got) == len(want) and all(np.shape(g) == np.shape(w) and np.allclose(g, w, rtol=rtol, atol=atol)
                                         for g, w in zip(got, want))


def _error_diagnosis(err):
    cast = re.search(r"Can not cast TensorSpec\(shape=\(([^)]*)\), dtype=tf\.(\w+).*?to TensorSpec\(shape=\(([^)]*)\), "
                     r"dtype=tf\.(\w+)", err)
    if cast and cast.group(2) != cast.group(4):
        return "spec_dtype"
    if cast:
        return "fixed_batch"
    if ("expected to be a" in err and "tensor but is a" in err) or "must have the same dtype" in err \
            or "does not match type" in err:
        return "spec_dtype"
    return "raised"


def _raised(t, short=False):
    err = t.got["error"]
    if not err:
        return
    diagnosis = _error_diagnosis(err)
    if short:
        raise Incorrect(diagnosis, "에러 때문에 이 부분은 확인할 수 없어. trace check의 설명을 봐.",
                        en="This part can't be checked because of the error; see the trace check.")
    done = len(t.got["losses"])
    sizes = [len(b["x"]) for b in t.case["batches"]]
    if diagnosis == "fixed_batch":
        raise Incorrect(
            "fixed_batch",
            f"`input_signature`의 batch 축을 숫자로 고정해서, 크기가 다른 batch({sizes[done]}개)가 오자 에러가 났어: "
            f"{err}. 바뀌는 축은 `None`으로 열어 둬: `tf.TensorSpec([None, 3], tf.float32)`.",
            en=f"Your `input_signature` fixes the batch axis to a number, so a batch of another size ({sizes[done]}) "
               f"raised: {err}. Leave the changing axis open with `None`: `tf.TensorSpec([None, 3], tf.float32)`.")
    if diagnosis == "spec_dtype":
        raise Incorrect(
            "spec_dtype",
            f"signature의 dtype이 입력이나 weight와 안 맞아: {err}. `x`, `y`, `lr` 모두 float32로 적어 "
            "(`tf.TensorSpec([], tf.float32)`). float64 `lr`은 float32 gradient와 곱할 수 없어.",
            en=f"A dtype in the signature doesn't match the inputs or the weight: {err}. Declare `x`, `y` and `lr` as "
               "float32 (`tf.TensorSpec([], tf.float32)`); a float64 `lr` can't multiply a float32 gradient.")
    raise Incorrect(
        "raised",
        f"step을 부르다가 에러가 났어 (step {done + 1}): {err}.",
        en=f"Calling step raised (step {done + 1}): {err}.")


@check("w가 step마다 제자리에서 SGD로 움직였다", points=2, en="w moves in place by one SGD step per call")
def weights_follow_sgd(t):
    _raised(t, short=True)
    got = [np.asarray(w, dtype=np.float64) for w in t.got["weights"]]
    want, _ = _trajectory(t.case)
    if _same(got, want):
        return
    w0 = np.asarray(t.case["w"], dtype=np.float64)
    if all(np.allclose(g, w0, rtol=0, atol=0) for g in got) and not t.case["at_answer"]:
        raise Incorrect(
            "rebound_weight",
            f"step을 {len(got)}번 불렀는데 `w`가 처음 값 그대로야. `new_w = w - lr * grad`나 `w = w - ...`는 새 텐서를 "
            "만들 뿐이고 Variable은 안 바뀌어. `w.assign_sub(lr * grad)`로 제자리에서 바꿔.",
            en=f"After {len(got)} calls `w` still holds its starting value. `new_w = w - lr * grad` or `w = w - ...` "
               "only makes a new tensor; the Variable stays. Change it in place with `w.assign_sub(lr * grad)`.")
    if _same(got, _trajectory(t.case, "sum_instead_of_mean")[0]):
        raise Incorrect(
            "sum_instead_of_mean",
            "loss를 평균이 아니라 **합**(`tf.reduce_sum`)으로 구해서 gradient가 batch 크기만큼 커졌어. batch가 바뀔 때마다 "
            "step 크기도 같이 바뀌는 거야. `tf.reduce_mean(tf.square(x @ w - y))`.",
            en="You took the **sum** of the squared errors (`tf.reduce_sum`) instead of the mean, so the gradient grows "
               "with the batch size, and the step size changes with every batch. Use "
               "`tf.reduce_mean(tf.square(x @ w - y))`.")
    k = next(i for i, (g, w) in enumerate(zip(got, want)) if not np.allclose(g, w, rtol=2e-3, atol=1e-5))
    before = w0 if k == 0 else got[k - 1]
    lr = t.case["batches"][k]["lr"]
    b = t.case["batches"][k]
    x, y = np.asarray(b["x"], np.float64), np.asarray(b["y"], np.float64)
    from_there = before - lr * (2.0 / len(x) * x.T @ (x @ before - y))
    expect_effect([got[k]], [from_there], what=f"{k + 1}번째 step 뒤의 w", what_en=f"w after step {k + 1}",
                  context={"before": [before], "lr": lr}, names=["w"], rtol=2e-3, atol=1e-5)
    raise Incorrect(
        "wrong_weight",
        f"{k + 1}번째 step 뒤의 w가 달라: 기대 {np.round(np.ravel(want[k]), 4).tolist()}, 받은 값 "
        f"{np.round(np.ravel(got[k]), 4).tolist()}. gradient는 mean((x @ w − y)²)를 w로 미분한 값이고, "
        "`w.assign_sub(lr * grad)`로 한 번 빼.",
        en=f"w after step {k + 1} differs: expected {np.round(np.ravel(want[k]), 4).tolist()}, got "
           f"{np.round(np.ravel(got[k]), 4).tolist()}. The gradient is that of mean((x @ w − y)²) with respect to w, "
           "subtracted once with `w.assign_sub(lr * grad)`.")


@check("update 전의 loss를 돌려줬다", points=1, en="the loss from before the update is returned")
def returns_loss_before(t):
    _raised(t, short=True)
    losses = t.got["losses"]
    if any(v is None for v in losses):
        raise Incorrect(
            "wrong_type",
            "step이 숫자(loss)를 돌려주지 않았어. 마지막 줄이 `return loss`인지 봐.",
            en="step did not return a number (the loss). Check that it ends with `return loss`.")
    got = [float(np.ravel(v)[0]) for v in losses]
    # Judged against the learner's own weights, so a wrong update is not told twice.
    w0 = np.asarray(t.case["w"], dtype=np.float64)
    weights = [np.asarray(w, dtype=np.float64) for w in t.got["weights"]]
    befores = [w0] + weights[:-1]
    for k, b in enumerate(t.case["batches"][:len(got)]):
        x, y = np.asarray(b["x"], np.float64), np.asarray(b["y"], np.float64)
        before = float(np.mean((x @ befores[k] - y) ** 2))
        after = float(np.mean((x @ weights[k] - y) ** 2))
        if np.isclose(got[k], before, rtol=2e-3, atol=1e-5):
            continue
        if np.isclose(got[k], after, rtol=2e-3, atol=1e-5):
            raise Incorrect(
                "loss_after_update",
                f"{k + 1}번째 step이 돌려준 loss {got[k]:.5g}는 update **뒤** weight로 잰 값이야 (update 전은 {before:.5g}). "
                "tape 안에서 계산한 그 loss를 그대로 return해: 학습 로그의 loss는 그 step의 gradient를 만든 값이야.",
                en=f"Step {k + 1} returned a loss of {got[k]:.5g}, measured with the weight **after** the update "
                   f"(before it: {before:.5g}). Return the loss computed inside the tape: a training log's loss is the "
                   "one that produced that step's gradient.")
        if np.isclose(got[k], before * len(x), rtol=2e-3, atol=1e-5) and len(x) > 1:
            raise Incorrect(
                "sum_instead_of_mean",
                f"{k + 1}번째 step의 loss가 평균의 {len(x)}배(batch 크기)야: 제곱 오차의 합을 돌려줬어. "
                "`tf.reduce_mean`으로 평균을 내.",
                en=f"Step {k + 1}'s loss is {len(x)} times (the batch size) the mean: you returned the sum of squared "
                   "errors. Take the mean with `tf.reduce_mean`.")
        raise Incorrect(
            "wrong_loss",
            f"{k + 1}번째 step의 loss가 {got[k]:.5g}인데, 그 step 전 weight로 잰 mean((x @ w − y)²)는 {before:.5g}야.",
            en=f"Step {k + 1} returned a loss of {got[k]:.5g}, but mean((x @ w − y)²) at the weight before that step "
               f"is {before:.5g}.")


@check("batch 크기와 lr이 바뀌어도 한 번만 trace됐다", points=2,
       en="traced once, however the batch size and lr change")
def traced_once(t):
    _raised(t)
    traces = t.got["traces"]
    if traces is None:
        raise Incorrect(
            "not_tf_function",
            "`make_train_step`이 돌려준 `step`이 tf.function이 아니야 (그걸 부르는 보통 Python 함수거나). 바깥 함수가 "
            "`tf.constant(lr)`로 바꿔 주는 방법도 있지만, 이 과제는 tf.function 자체가 Python float를 받아도 한 번만 "
            "trace되게 만드는 거야: `input_signature`에 `tf.TensorSpec([], tf.float32)`를 적어.",
            en="The `step` that `make_train_step` returns is not a tf.function (it is a plain Python function around "
               "one). Converting with `tf.constant(lr)` outside works too, but this task is about the tf.function "
               "itself taking a Python float and tracing once: put `tf.TensorSpec([], tf.float32)` in its "
               "`input_signature`.")
    if traces == 1:
        return
    batches = t.case["batches"]
    pairs = t.case["pairs_so_far"]
    if re.search(r"(reduce_retracing|experimental_relax_shapes)\s*=\s*True", t.source):
        raise Incorrect(
            "python_lr",
            f"지금까지 {traces}번 trace됐어. `reduce_retracing=True`는 batch 축을 `None`으로 일반화해 "
            "주지만, **Python float** `lr`은 값 자체가 graph의 상수라서 값이 바뀔 때마다 여전히 retrace해 (함수 안에서 "
            "`tf.constant(lr)`로 바꿔도 trace가 이미 시작된 뒤라 소용없어). `input_signature`에 "
            "`tf.TensorSpec([], tf.float32)`를 적어서 lr을 텐서로 받아.",
            en=f"It has been traced {traces} times so far. `reduce_retracing=True` generalizes the batch axis to `None`, "
               "but a **Python float** `lr` is a constant of the graph, so every new value still retraces (turning it "
               "into `tf.constant(lr)` inside the function is too late: tracing has already begun). Take lr as a "
               "tensor by putting `tf.TensorSpec([], tf.float32)` in an `input_signature`.")
    if traces == pairs:
        raise Incorrect(
            "no_signature",
            f"지금까지 {traces}번 trace됐어: 새 (batch 크기, lr) 조합이 올 때마다 한 번씩이야. 기본 "
            "tf.function은 텐서의 shape과 Python 숫자의 **값**이 바뀌면 새 graph를 만들어. `input_signature`로 batch 축은 "
            "`None`, lr은 `tf.TensorSpec([], tf.float32)`로 정해 두면 graph 하나로 돌아.",
            en=f"It has been traced {traces} times so far: once per new (batch size, lr) pair. A default tf.function builds "
               "a new graph whenever a tensor's shape or a Python number's **value** changes. Fix the batch axis to "
               "`None` and lr to `tf.TensorSpec([], tf.float32)` with an `input_signature`, and one graph serves every call.")
    raise Incorrect(
        "retraced",
        f"지금까지 {traces}번 trace됐어 (한 번이어야 해). 입력 중 무엇이 trace마다 달라지는지 "
        "(shape, dtype, Python 값) 보고, `input_signature`로 고정해.",
        en=f"It has been traced {traces} times so far (it should be once). See which input differs between traces "
           "(a shape, a dtype, a Python value) and pin it down with an `input_signature`.")
