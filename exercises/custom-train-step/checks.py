"""Hidden cases and checks for custom-train-step: one hand-written training step with a frozen layer."""
import numpy as np

from grader.api import Incorrect, check, expect_close

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


def _forward_loss(x, y, weights):
    """The numpy twin of the probe's model and MSE, used to recognise a loss computed after the update."""
    k1, b1, k2, b2, k3, b3 = (np.asarray(w, dtype=np.float64) for w in weights)
    h = np.tanh(np.asarray(x, dtype=np.float64) @ k1 + b1)
    h = np.tanh(h @ k2 + b2)
    out = h @ k3 + b3
    return float(np.mean((out - np.asarray(y, dtype=np.float64)) ** 2))


def _outside_tape(t):
    if t.got.get("no_gradients"):
        raise Incorrect(
            "loss_outside_tape",
            "`optimizer.apply_gradients`가 \"No gradients provided for any variable\" 에러를 냈어: "
            "`tape.gradient`가 모든 weight에 대해 None을 돌려줬다는 뜻이야. 기대한 건 weight마다 gradient가 "
            "있는 거야. loss가 tape의 `with` 블록 **밖에서** 계산되면 tape은 loss가 weight에서 나왔다는 걸 "
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
    raise Incorrect(
        "wrong_loss",
        f"return한 loss가 기대값과 달라: 기대 {want:.6g}, 받은 값 {value:.6g}. `model(x, training=True)`의 "
        "예측으로 `loss_fn(y, pred)`를 계산했는지 봐.",
        en=f"The returned loss differs from the expected value: expected {want:.6g}, got {value:.6g}. "
           "Check that you compute `loss_fn(y, pred)` on the prediction of `model(x, training=True)`.")


@check("학습 가능한 weight가 SGD로 한 번 업데이트됐다", points=2, en="the trainable weights got one SGD update")
def trainable_weights_updated(t):
    _outside_tape(t)
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
        expect_close(t.got["after"][i], t.want["after"][i], what=f"step 후 {NAMES[i]}",
                     what_en=f"{NAMES[i]} after the step", diagnosis="wrong_update", rtol=1e-4, atol=1e-6,
                     hint="gradient를 그대로 한 번만 적용했는지(직접 scale하거나 두 번 적용하지 않았는지) 봐.",
                     hint_en="Check that you apply the plain gradients exactly once (no rescaling, no second apply).")


@check("얼려 둔 frozen_features는 그대로다", points=1, en="the frozen layer frozen_features is untouched")
def frozen_weights_untouched(t):
    _outside_tape(t)
    changed = _changed(t.got["before"], t.got["after"])
    moved = [NAMES[i] for i in FROZEN if changed[i]]
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
    _outside_tape(t)
    iterations = t.got["iterations"]
    if iterations == 1:
        return
    if _nothing_applied(t):
        raise _forgot_apply()
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

    rows = [{"group": name, "series": "정답", "series_en": "expected", "value": v} for name, v in zip(NAMES, moves(t.want))]
    got = t.got if isinstance(t.got, dict) else None
    if got and got.get("after") is not None and len(got["after"]) == len(NAMES):
        rows += [{"group": name, "series": "내 코드", "series_en": "your code", "value": v} for name, v in zip(NAMES, moves(got))]
    return [{"kind": "grouped_bars",
             "title": "step 한 번에 weight가 움직인 거리 ‖after − before‖ (frozen은 0이어야 해)",
             "title_en": "How far each weight moved in one step, ‖after − before‖ (frozen must stay at 0)",
             "rows": rows}]
