"""Hidden cases and checks for semi-gradient-td: one TD(0) step on a linear value function whose target is held
fixed with stop_gradient (no target network: the same w makes both)."""
import numpy as np

from grader.api import Evidence, Incorrect, check

FAMILIES = ["steps", "sign", "reduction"]

ALL_ENDED = 3   # the index of the batch where every transition ended (the target holds no w there)


def cases(rng):
    out = []
    for i in range(4):
        batch, d = int(rng.integers(5, 10)), int(rng.integers(3, 6))
        dones = np.zeros(batch, dtype=np.float32)
        if i == ALL_ENDED:
            dones[:] = 1.0
        else:
            dones[rng.choice(batch, size=int(rng.integers(2, batch - 1)), replace=False)] = 1.0
        out.append({"w": rng.normal(size=d).astype(np.float32),
                    "features": rng.normal(size=(batch, d)).astype(np.float32),
                    "next_features": rng.normal(size=(batch, d)).astype(np.float32),
                    "rewards": rng.normal(size=batch).astype(np.float32), "dones": dones,
                    "gamma": float(np.round(rng.uniform(0.8, 0.99), 3)),
                    "lr": float(np.round(rng.uniform(0.05, 0.3), 3))})
    return out


def regions(case):
    ended = float(np.sum(case["dones"]))
    if ended == len(case["dones"]):
        return {"all ended"}
    return {"ended transition", "ongoing transition"} if ended > 0 else {"ongoing transition"}


def _td(c, w, done="mask"):
    phi, phin = np.asarray(c["features"], np.float64), np.asarray(c["next_features"], np.float64)
    d = np.asarray(c["dones"], np.float64)
    keep = {"mask": 1.0 - d, "ignored": np.ones_like(d)}[done]
    return np.asarray(c["rewards"], np.float64) + c["gamma"] * keep * (phin @ w) - phi @ w, keep


def _twin(c, *, path="semi", done="mask", direction=1.0, reduce="mean", factor=1.0):
    """w after one step, with switches for the known ways of getting it wrong. `path` says which branches of
    td_error = target − V(s) the gradient of ½·mean(td_error²) flows through."""
    w = np.asarray(c["w"], np.float64)
    phi, phin = np.asarray(c["features"], np.float64), np.asarray(c["next_features"], np.float64)
    delta, keep = _td(c, w, done)
    d_delta = {"semi": -phi, "residual": c["gamma"] * keep[:, None] * phin - phi,
               "prediction_stopped": c["gamma"] * keep[:, None] * phin}[path]
    grad = (delta[:, None] * d_delta).mean(axis=0)
    if reduce == "sum":
        grad = grad * len(delta)
    return w - direction * factor * c["lr"] * grad


KNOWN = [
    ("residual_gradient", dict(path="residual"),
     "target에 `tf.stop_gradient`가 없어서 gradient가 V(s′) 쪽으로도 흘렀어. 그러면 update가 예측을 target 쪽으로 당기면서 "
     "**target도 예측 쪽으로** 당겨 (residual gradient). 같은 w가 target을 계산하니까 semi-gradient TD에서는 target을 "
     "고정된 label로 감싸야 해: `target = tf.stop_gradient(rewards + gamma * (1.0 - dones) * V(s′))`.",
     "Your target has no `tf.stop_gradient`, so gradient also flowed through V(s′): the update pulls the prediction "
     "towards the target **and the target towards the prediction** (the residual gradient). The same w computes the "
     "target, so semi-gradient TD must wrap it as a fixed label: "
     "`target = tf.stop_gradient(rewards + gamma * (1.0 - dones) * V(s′))`."),
    ("stop_gradient_on_prediction", dict(path="prediction_stopped"),
     "`tf.stop_gradient`를 예측 V(s) 쪽에 씌웠어. 그러면 w는 target V(s′)을 통해서만 움직여: 학습할 예측은 그대로고 "
     "정답이 움직여. stop_gradient는 target에 씌워.",
     "You put `tf.stop_gradient` on the prediction V(s). Then w moves only through the target V(s′): the prediction "
     "that should learn stays put and the label moves. Put stop_gradient on the target."),
    ("ignored_done", dict(done="ignored"),
     "`dones`를 무시했어: 끝난 transition에도 `gamma · V(s′)`를 더했어. 끝난 뒤에는 미래가 없으니 target은 reward뿐이야. "
     "`(1.0 - dones)`를 곱해.",
     "You ignored `dones`: ended transitions still get `gamma · V(s′)`. There is no future after the end, so the target "
     "is the reward alone. Multiply by `(1.0 - dones)`."),
    ("sign_flipped", dict(direction=-1.0),
     "w가 반대 방향으로 움직였어 (loss가 커지는 쪽). `w ← w − lr·∂loss/∂w`이고, 손으로 쓰면 `w += lr · mean(td_error · φ(s))`야.",
     "w moved the opposite way (making the loss larger). It is `w ← w − lr·∂loss/∂w`; written out by hand, "
     "`w += lr · mean(td_error · φ(s))`."),
    ("sum_instead_of_mean", dict(reduce="sum"),
     "batch에 대해 평균이 아니라 **합**을 냈어. 그러면 update가 batch 크기만큼 커져. `tf.reduce_mean`을 써.",
     "You summed over the batch instead of averaging, so the update grows with the batch size. Use `tf.reduce_mean`."),
    ("update_doubled", dict(factor=2.0),
     "update가 정확히 두 배야. loss의 ½을 빼먹었거나 (`mean(td_error²)`의 gradient는 `2·td_error`) lr을 두 번 곱했어. "
     "`loss = 0.5 * tf.reduce_mean(tf.square(td_error))`.",
     "The update is exactly twice as large: the ½ of the loss is missing (the gradient of `mean(td_error²)` is "
     "`2·td_error`) or lr was applied twice. `loss = 0.5 * tf.reduce_mean(tf.square(td_error))`."),
]


@check("update 뒤의 w가 semi-gradient TD(0) 한 step과 같다", points=3, en="w after the update is one semi-gradient TD(0) step")
def w_updated(t):
    got = np.asarray(t.got["w_after"], np.float64)
    want = _twin(t.case)
    if np.allclose(got, want, rtol=1e-4, atol=1e-5):
        return
    if np.array_equal(got, np.asarray(t.case["w"], np.float64)):
        raise Incorrect(
            "w_not_updated",
            "step이 끝났는데 w가 그대로야. `w = w - ...`는 Python 이름만 새 tensor에 붙일 뿐, 넘겨받은 variable은 안 바뀌어. "
            "`w.assign_sub(lr * grad)`로 그 자리에서 바꿔.",
            en="After the step w is unchanged. `w = w - ...` only binds the Python name to a new tensor; the variable you "
               "were given stays as it was. Change it in place with `w.assign_sub(lr * grad)`.")
    for diag, switches, ko, en in KNOWN:
        alt = _twin(t.case, **switches)
        if not np.allclose(alt, want, rtol=1e-4, atol=1e-5) and np.allclose(got, alt, rtol=1e-4, atol=1e-5):
            raise Incorrect(diag, ko, en=en)
    moved, should = got - np.asarray(t.case["w"], np.float64), want - np.asarray(t.case["w"], np.float64)
    cos = float(moved @ should / max(np.linalg.norm(moved) * np.linalg.norm(should), 1e-30))
    raise Incorrect(
        "wrong_update",
        f"w가 움직인 양이 기대와 달라: 기대한 변화의 norm은 {np.linalg.norm(should):.4g}, 받은 변화는 "
        f"{np.linalg.norm(moved):.4g}이고 방향의 cosine은 {cos:.3f}야. w += lr · mean(td_error · φ(s)), "
        "td_error = rewards + gamma·(1 − dones)·V(s′) − V(s)를 봐.",
        en=f"w moved by the wrong amount: the expected change has norm {np.linalg.norm(should):.4g}, yours "
           f"{np.linalg.norm(moved):.4g}, with cosine {cos:.3f} between them. Check w += lr · mean(td_error · φ(s)), "
           "td_error = rewards + gamma·(1 − dones)·V(s′) − V(s).",
        generic=True, evidence=Evidence([got], [want], "update 뒤의 w", "w after the update",
                                        context={"before": [np.asarray(t.case["w"], np.float64)], "lr": t.case["lr"]}))


@check("update 전의 td_error를 돌려준다", points=1, en="returns the td_error from before the update")
def td_error_returned(t):
    n = len(t.case["rewards"])
    got = t.got["td_error"]
    if got is None:
        raise Incorrect(
            "returned_none" if t.got["returned"] == "NoneType" else "wrong_type",
            f"td_error(shape ({n},))를 return해야 하는데 {t.got['returned']}을(를) 받았어.",
            en=f"Return td_error (shape ({n},)); got {t.got['returned']}.")
    got = np.asarray(got, np.float64)
    if got.shape != (n,):
        raise Incorrect("wrong_shape", f"td_error의 shape이 ({n},)여야 하는데 {got.shape}이야.",
                        en=f"td_error should have shape ({n},), got {got.shape}.")
    w = np.asarray(t.case["w"], np.float64)
    want, _ = _td(t.case, w)
    if np.allclose(got, want, rtol=1e-4, atol=1e-5):
        return
    if np.allclose(got, -want, rtol=1e-4, atol=1e-5):
        raise Incorrect("td_error_sign", "td_error의 부호가 반대야: `target − V(s)`야 (`V(s) − target`이 아니라).",
                        en="td_error has the wrong sign: it is `target − V(s)`, not `V(s) − target`.")
    after, _ = _td(t.case, np.asarray(t.got["w_after"], np.float64))
    if not np.allclose(after, want, rtol=1e-4, atol=1e-5) and np.allclose(got, after, rtol=1e-4, atol=1e-5):
        raise Incorrect(
            "td_error_after_update",
            "td_error를 update **뒤의** w로 다시 계산해서 돌려줬어. 기록할 건 이 step이 줄이려던 오차, 즉 update **전**의 값이야.",
            en="You recomputed td_error with w **after** the update. Report the error this step set out to reduce: the "
               "value from **before** the update.")
    ignored, _ = _td(t.case, w, done="ignored")
    if not np.allclose(ignored, want, rtol=1e-4, atol=1e-5) and np.allclose(got, ignored, rtol=1e-4, atol=1e-5):
        raise Incorrect("ignored_done", "td_error에서 `dones`를 무시했어: 끝난 transition의 target은 reward뿐이야.",
                        en="td_error ignores `dones`: an ended transition's target is its reward alone.")
    i = int(np.argmax(np.abs(got - want)))
    raise Incorrect("wrong_td_error", f"td_error가 달라: {i}번째 기대 {want[i]:.6g}, 받은 값 {got[i]:.6g}.",
                    en=f"td_error differs: at index {i} expected {want[i]:.6g}, got {got[i]:.6g}.")
