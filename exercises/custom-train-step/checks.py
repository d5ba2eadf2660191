"""Hidden cases and checks for custom-train-step: one hand-written training step with a frozen layer."""
import numpy as np

from grader.api import Incorrect, check, expect_effect

FAMILIES = ["steps", "shape"]

# model.weights order of the probe's model: frozen_features, hidden, head (kernel, bias each).
NAMES = ["frozen_features/kernel", "frozen_features/bias", "hidden/kernel", "hidden/bias", "head/kernel", "head/bias"]
SHAPES = [(3, 4), (4,), (4, 3), (3,), (3, 1), (1,)]
FROZEN = [0, 1]
TRAINABLE = [2, 3, 4, 5]


def cases(rng):
    out = []
    for _ in range(3):
        batch = int(rng.integers(6, 11))
        x = rng.normal(size=(batch, 3)).astype(np.float32)
        y = (x @ rng.normal(size=(3, 1)) + 0.1 * rng.normal(size=(batch, 1))).astype(np.float32)
        weights = [(0.6 * rng.normal(size=s)).astype(np.float32) for s in SHAPES]
        out.append({"seed": int(rng.integers(0, 2**31 - 1)), "x": x, "y": y, "weights": weights,
                    "lr": float(np.round(rng.uniform(0.05, 0.3), 3))})
    return out


def _forward_loss(x, y, weights, squeezed=False):
    """The numpy twin of the probe's model and MSE, used to recognise a loss computed after the update (and one
    whose prediction was squeezed to (batch,), which broadcasts against y's (batch, 1) into (batch, batch))."""
    k1, b1, k2, b2, k3, b3 = (np.asarray(w, dtype=np.float64) for w in weights)
    h = np.tanh(np.asarray(x, dtype=np.float64) @ k1 + b1)
    h = np.tanh(h @ k2 + b2)
    out = h @ k3 + b3
    if squeezed:
        out = out[:, 0]
    return float(np.mean((np.asarray(y, dtype=np.float64) - out) ** 2))


def _per_variable(t):
    if t.got.get("per_variable"):
        raise Incorrect(
            "applied_per_variable",
            "`apply_gradients`를 변수마다 따로 불렀어: optimizer는 처음 받은 변수로 만들어지고 (build), 다음 호출에 온 "
            f"다른 변수는 모른다고 에러를 냈어 ({t.got['per_variable'][:80]}…). 모든 (gradient, variable) 쌍을 한 번에 "
            "넘겨: `optimizer.apply_gradients(zip(grads, model.trainable_variables))`. 한 번이어야 step 수와 "
            "Adam 같은 optimizer의 상태도 맞아.",
            en="You called `apply_gradients` once per variable: the optimizer is built from the variables of its first "
               f"call and rejected the next one as unknown ({t.got['per_variable'][:80]}…). Hand over every (gradient, "
               "variable) pair at once: `optimizer.apply_gradients(zip(grads, model.trainable_variables))`. One call "
               "also keeps the step count and the state of optimizers such as Adam right.")


def _outside_tape(t):
    _per_variable(t)
    if t.got.get("no_gradients"):
        cut = (t.static.inside_with("model", "stop_recording") or [None])[0] or t.static.first("stop_recording")
        if cut is not None:
            raise Incorrect(
                "stop_recording_cut",
                f"{cut.line}번째 줄의 `tape.stop_recording()` 안에서 한 계산은 tape에 기록되지 않아. 그래서 loss에서 weight로 "
                "거슬러 갈 길이 없고, `tape.gradient`가 모든 weight에 None을 돌려줬어 (optimizer가 \"No gradients "
                "provided\" 에러를 냈지). forward pass가 바로 gradient가 지나갈 길이야: `model(x, training=True)`는 "
                "기록되는 곳에 둬.",
                en=f"What runs under `tape.stop_recording()` on line {cut.line} is not recorded by the tape, so there is no "
                   "path from the loss back to the weights and `tape.gradient` returned None for every weight (the "
                   "optimizer raised \"No gradients provided\"). The forward pass is exactly the path the gradient takes: "
                   "keep `model(x, training=True)` where it is recorded.")
        calls = t.static.calls_to("model")
        if calls and not any(any("GradientTape" in w for w in c.in_with) for c in calls):
            raise Incorrect(
                "forward_outside_tape",
                f"{calls[0].line}번째 줄의 `model(...)` 호출이 tape의 `with` 블록 **밖**에 있어. tape는 블록 안에서 일어난 "
                "연산만 기록하니까, 예측이 weight에서 나왔다는 걸 몰라서 모든 weight의 gradient가 None이 됐어 (optimizer가 "
                "\"No gradients provided\" 에러를 냈지). `pred = model(x, training=True)`를 블록 안으로 옮겨.",
                en=f"The `model(...)` call on line {calls[0].line} is **outside** the tape's `with` block. The tape records "
                   "only what happens inside it, so it never saw the prediction come from the weights and every "
                   "weight's gradient is None (the optimizer raised \"No gradients provided\"). Move "
                   "`pred = model(x, training=True)` into the block.")
        raise Incorrect(
            "loss_outside_tape",
            "`optimizer.apply_gradients`가 \"No gradients provided for any variable\" 에러를 냈어: "
            "`tape.gradient`가 모든 weight에 대해 None을 돌려줬다는 뜻이야. 기대한 건 weight마다 gradient가 "
            "있는 거야. loss가 tape의 `with` 블록 **밖에서** 계산되면 tape는 loss가 weight에서 나왔다는 걸 "
            "몰라. `pred = model(x, training=True)`와 `loss = loss_fn(y, pred)` 둘 다 블록 안에 넣어 줘.",
            en="`optimizer.apply_gradients` failed with \"No gradients provided for any variable\": "
               "`tape.gradient` returned None for every weight, where a gradient per weight was expected. "
               "When the loss is computed **outside** the tape's `with` block, the tape never sees that the "
               "loss came from the weights. Put both `pred = model(x, training=True)` and "
               "`loss = loss_fn(y, pred)` inside the block.")


def _changed(before, after):
    return [not np.array_equal(np.asarray(b), np.asarray(a)) for b, a in zip(before, after)]


def _nothing_applied(t):
    return t.got["iterations"] == 0 and not any(_changed(t.got["before"], t.got["after"]))


def _forgot_apply():
    return Incorrect(
        "forgot_apply",
        "step이 끝났는데 weight가 하나도 안 바뀌었고 optimizer도 한 번도 쓰이지 않았어 "
        "(`optimizer.iterations` = 0). 기대한 건 학습 가능한 weight 4개가 SGD로 한 번 업데이트되는 거야. "
        "gradient를 구한 다음 `optimizer.apply_gradients(zip(grads, model.trainable_variables))`를 불러 줘.",
        en="After the step no weight changed and the optimizer was never used (`optimizer.iterations` = 0). "
           "Expected: the 4 trainable weights updated once by SGD. After computing the gradients, call "
           "`optimizer.apply_gradients(zip(grads, model.trainable_variables))`.")



def _after_first(check, t, what, what_en):
    """A shared precondition: the first check explains it in full, a later one only points there (one message per
    cause, not the same text twice in one verdict)."""
    try:
        return check(t)
    except Incorrect as exc:
        raise Incorrect(exc.diagnosis, f"{what}도 확인할 수 없어: 원인은 위 검사의 진단과 같아. 그것부터 고쳐 봐.",
                        en=f"{what_en} cannot be checked either: the cause is the one named by the check above. "
                           "Fix that first.") from None


def _raise(exc):
    raise exc


@check("return한 loss가 업데이트 전 MSE다", points=1, en="the returned loss is the MSE before the update")
def loss_is_right(t):
    _outside_tape(t)
    got = t.got["loss"]
    if got is None:
        raise Incorrect(
            "returned_none" if t.got["loss_type"] == "NoneType" else "wrong_type",
            f"loss(scalar tensor)를 return해야 하는데 {t.got['loss_type']}을(를) 받았어. "
            "함수 마지막에 `return loss`가 있는지 확인해 봐.",
            en=f"Return the loss (a scalar tensor); got {t.got['loss_type']}. Check that the function ends "
               "with `return loss`.")
    got = np.asarray(got, dtype=np.float64)
    # A scalar may arrive as shape () or (1,) depending on how it was sent; both are one number.
    want = float(np.ravel(np.asarray(t.want["loss"], dtype=np.float64))[0])
    if got.size != 1:
        raise Incorrect(
            "wrong_shape",
            f"loss는 숫자 하나(scalar)여야 하는데 shape이 {got.shape}인 값을 받았어. "
            "`loss_fn(y, pred)`가 돌려주는 scalar를 그대로 return해.",
            en=f"The loss should be a single number (a scalar); got shape {got.shape}. "
               "Return the scalar that `loss_fn(y, pred)` gives you.")
    value = float(got.ravel()[0])
    if np.isclose(value, want, rtol=1e-4, atol=1e-6):
        return
    after_loss = _forward_loss(t.case["x"], t.case["y"], t.want["after"])
    if np.isclose(value, after_loss, rtol=1e-3, atol=1e-5):
        raise Incorrect(
            "loss_after_step",
            f"return한 loss {value:.6g}는 업데이트가 끝난 **뒤** weight로 다시 잰 값이야. "
            f"기대한 건 이번 step의 gradient를 만든 loss {want:.6g}이야. tape 안에서 계산한 `loss`를 그대로 "
            "return해.",
            en=f"Your loss {value:.6g} was measured with the weights **after** the update. "
               f"Expected the loss this step's gradients came from, {want:.6g}. Return the `loss` you "
               "computed inside the tape.")
    squeezed = _forward_loss(t.case["x"], t.case["y"], t.want["before"], squeezed=True)
    if np.isclose(value, squeezed, rtol=1e-3, atol=1e-5):
        n = len(t.case["y"])
        raise Incorrect(
            "broadcast_shape",
            f"loss {value:.6g}가 기대 {want:.6g}와 달라: 예측을 shape ({n},)로 줄인 다음 shape ({n}, 1)인 y에서 뺐어. "
            f"broadcasting 때문에 ({n}, {n}) 행렬이 돼서, 모든 예제가 다른 모든 예제의 정답과 비교됐어. 예측은 "
            "`model(x)`가 주는 (batch, 1) 그대로 두고 `loss_fn(y, pred)`를 써.",
            en=f"The loss {value:.6g} differs from {want:.6g}: the prediction was squeezed to shape ({n},) and then "
               f"subtracted from y of shape ({n}, 1). Broadcasting made a ({n}, {n}) matrix, comparing every example "
               "with every other example's target. Keep the prediction as the (batch, 1) `model(x)` gives and use "
               "`loss_fn(y, pred)`.")
    raise Incorrect(
        "wrong_loss",
        f"return한 loss가 기대값과 달라: 기대 {want:.6g}, 받은 값 {value:.6g}. `model(x, training=True)`의 "
        "예측으로 `loss_fn(y, pred)`를 계산했는지 봐.",
        en=f"The returned loss differs from the expected value: expected {want:.6g}, got {value:.6g}. "
           "Check that you compute `loss_fn(y, pred)` on the prediction of `model(x, training=True)`.")


@check("학습 가능한 weight가 SGD로 한 번 업데이트됐다", points=2, en="the trainable weights got one SGD update")
def trainable_weights_updated(t):
    _after_first(_outside_tape, t, "weight update", "The weight update")
    if _nothing_applied(t):
        raise _forgot_apply()
    changed = _changed(t.got["before"], t.got["after"])
    stuck = [NAMES[i] for i in TRAINABLE if not changed[i]]
    if stuck:
        raise Incorrect(
            "wrong_variables",
            f"학습 가능한 weight 중 {', '.join(stuck)}이(가) 그대로야. 기대한 건 "
            f"{', '.join(NAMES[i] for i in TRAINABLE)} 4개가 전부 바뀌는 거야. gradient를 일부 weight에 대해서만 "
            "구한 것 같아. `model.trainable_variables` 전체에 대해 `tape.gradient`를 부르고 같은 리스트로 "
            "`apply_gradients` 해 줘.",
            en=f"Among the trainable weights, {', '.join(stuck)} did not change. Expected all 4 "
               f"({', '.join(NAMES[i] for i in TRAINABLE)}) to move. It looks like you took gradients for only "
               "some of the weights. Call `tape.gradient` on all of `model.trainable_variables` and apply with "
               "that same list.")
    for i in TRAINABLE:
        before = np.asarray(t.got["before"][i], dtype=np.float64)
        got_step = np.asarray(t.got["after"][i], dtype=np.float64) - before
        want_step = np.asarray(t.want["after"][i], dtype=np.float64) - before
        if np.allclose(got_step, -want_step, rtol=1e-3, atol=1e-6):
            raise Incorrect(
                "gradient_ascent",
                f"{NAMES[i]}이(가) 기대한 방향과 정반대로 움직였어: loss를 줄이는 대신 키우고 있어. "
                "gradient를 직접 더했다면 빼야 해. 제일 확실한 건 `optimizer.apply_gradients`에 맡기는 거야.",
                en=f"{NAMES[i]} moved in exactly the opposite direction: the step increases the loss instead of "
                   "decreasing it. If you add the gradient yourself, subtract it instead; simplest is to let "
                   "`optimizer.apply_gradients` do it.")
    got_after = [t.got["after"][i] for i in TRAINABLE]
    want_after = [t.want["after"][i] for i in TRAINABLE]
    if all(np.allclose(np.asarray(g, np.float64), np.asarray(w, np.float64), rtol=1e-4, atol=1e-6)
           for g, w in zip(got_after, want_after)):
        return
    squeezed = _forward_loss(t.case["x"], t.case["y"], t.want["before"], squeezed=True)
    value = t.got["loss"]
    if value is not None and np.size(value) == 1 and np.isclose(float(np.ravel(value)[0]), squeezed, rtol=1e-3, atol=1e-5):
        raise Incorrect(
            "broadcast_shape",
            "weight update도 기대와 달라. 이 update는 (batch, batch)로 broadcasting된 loss에서 나온 gradient라서 그래: "
            "loss를 바로잡으면 update도 같이 맞아.",
            en="The weight update differs too, because it comes from the gradient of a loss broadcast to (batch, "
               "batch): fix the loss and the update follows.")
    expect_effect(got_after, want_after, what="step 후 학습 가능한 weight", what_en="the trainable weights after the step",
                  context={"before": [t.got["before"][i] for i in TRAINABLE], "lr": float(t.case["lr"])},
                  names=[NAMES[i] for i in TRAINABLE], diagnosis="wrong_update", rtol=1e-4, atol=1e-6)


@check("얼려 둔 frozen_features는 그대로다", points=1, en="the frozen layer frozen_features is untouched")
def frozen_weights_untouched(t):
    _after_first(_outside_tape, t, "얼린 layer", "The frozen layer")
    changed = _changed(t.got["before"], t.got["after"])
    moved = [NAMES[i] for i in FROZEN if changed[i]]
    unfrozen = [a for a in t.static.sets("trainable") if a.value == "True"]
    if moved and unfrozen:
        a = unfrozen[0]
        raise Incorrect(
            "unfroze_layers",
            f"얼려 둔 {', '.join(moved)}이(가) 바뀌었어: {a.line}번째 줄의 `{a.target} = True`가 frozen_features의 얼음을 "
            "풀었어. 그 layer는 미리 학습된 feature extractor라서 `trainable = False`로 둔 거야. 학습할 layer를 "
            "직접 고르지 말고 그 줄을 지워: `model.trainable_variables`가 알아서 얼린 layer를 빼 줘.",
            en=f"The frozen {', '.join(moved)} changed: `{a.target} = True` on line {a.line} unfroze frozen_features. That "
               "layer is a pre-trained feature extractor, frozen on purpose with `trainable = False`. Don't pick the "
               "layers to train yourself; delete that line: `model.trainable_variables` leaves the frozen layer out.")
    if moved:
        raise Incorrect(
            "wrong_variables",
            f"얼려 둔 {', '.join(moved)}이(가) 바뀌었어. 기대한 건 `trainable=False`인 frozen_features가 step 뒤에도 "
            "그대로인 거야. `model.weights`에는 non-trainable weight도 들어 있어서 그걸로 gradient를 구하고 "
            "적용하면 얼린 layer까지 학습돼 버려. `model.trainable_variables` (= `trainable_weights`)를 써 줘.",
            en=f"The frozen {', '.join(moved)} changed. Expected frozen_features (`trainable=False`) to be the same "
               "after the step. `model.weights` also holds non-trainable weights, so taking and applying "
               "gradients for it trains the frozen layer too. Use `model.trainable_variables` (= `trainable_weights`).")


@check("optimizer.apply_gradients를 한 번 불렀다", points=1, en="optimizer.apply_gradients is called once")
def optimizer_applied_once(t):
    _after_first(_outside_tape, t, "optimizer 호출 횟수", "The number of optimizer calls")
    iterations = t.got["iterations"]
    if iterations == 1:
        return
    if _nothing_applied(t):
        _after_first(lambda t: _raise(_forgot_apply()), t, "optimizer 호출 횟수", "The number of optimizer calls")
    if iterations == 0:
        raise Incorrect(
            "manual_update",
            "weight는 바뀌었는데 optimizer는 한 번도 안 쓰였어 (`optimizer.iterations` = 0). weight를 직접 "
            "`assign_sub` 한 것 같아. 이 과제는 `optimizer.apply_gradients`로 업데이트하는 연습이야. "
            "그래야 Adam 같은 optimizer로 바꿔도 코드가 그대로 돌아가.",
            en="The weights changed but the optimizer was never used (`optimizer.iterations` = 0); it looks like "
               "you updated them yourself with `assign_sub`. This exercise practises updating through "
               "`optimizer.apply_gradients`, so the same code keeps working when you switch to Adam.")
    raise Incorrect(
        "applied_twice",
        f"optimizer가 {iterations}번 적용됐어 (`optimizer.iterations` = {iterations}). 기대한 건 step 한 번에 "
        "`apply_gradients` 한 번이야.",
        en=f"The optimizer was applied {iterations} times (`optimizer.iterations` = {iterations}). "
           "Expected one `apply_gradients` per step.")


def charts(t):
    def moves(obs):
        return [float(np.linalg.norm(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)))
                for b, a in zip(obs["before"], obs["after"])]

    rows = [{"group": name, "series": "reference", "value": v} for name, v in zip(NAMES, moves(t.want))]
    got = t.got if isinstance(t.got, dict) else None
    if got and got.get("after") is not None and len(got["after"]) == len(NAMES):
        rows += [{"group": name, "series": "내 코드 / yours", "value": v} for name, v in zip(NAMES, moves(got))]
    return [{"kind": "grouped_bars",
             "title": "step 한 번에 weight가 움직인 거리 ‖after − before‖ (frozen은 0이어야 해)",
             "title_en": "How far each weight moved in one step, ‖after − before‖ (frozen must stay at 0)",
             "rows": rows}]
