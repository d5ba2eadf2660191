"""Hidden cases and checks for momentum-step-assign: three momentum SGD steps that must change w and velocity in place."""
import numpy as np

from grader.api import Incorrect, Transformation, check, expect_effect

STEPS = 3
# After this file's own variants (rebinding, order, assign vs assign_add …), the shared step family reads one
# step's update: applied twice, learning rate missing, ascent.
FAMILIES = ["steps", "sign"]

# Tried before the shared families: the same numbers as their `applied_twice`, told in this exercise's terms.
TRANSFORMATIONS = [
    Transformation(
        "velocity_twice", "steps",
        "{what}이(가) 새 velocity의 **두 배**만큼 움직였어. velocity를 두 번 더했거나 2를 곱했는지 봐. "
        "한 step에 `w.assign_add(velocity)`는 한 번이야.",
        "{what_en} moved by **twice** the new velocity. Check for the velocity added twice or multiplied by 2: one "
        "step is one `w.assign_add(velocity)`.",
        needs=("before", "update"), make=lambda ctx: [ctx["before"][0] + 2.0 * ctx["update"][0]]),
]


def cases(rng):
    # momentum 0.9 from rest; momentum 0 (plain SGD) with a leftover velocity; a zero gradient in the middle step
    # (the weight still moves by momentum * velocity); a (2, 2) weight with a non-zero start.
    plans = [((3,), float(rng.uniform(0.85, 0.95)), False, False),
             ((2, 3), 0.0, True, False),
             ((4,), float(rng.uniform(0.4, 0.6)), True, True),
             ((2, 2), float(rng.uniform(0.7, 0.8)), True, False)]
    out = []
    for shape, momentum, moving, zero_middle in plans:
        grads = [rng.normal(size=shape).astype(np.float32) for _ in range(STEPS)]
        if zero_middle:
            grads[1] = np.zeros(shape, dtype=np.float32)
        out.append({"w": rng.normal(size=shape).astype(np.float32), "zero_middle": zero_middle,
                    "v": (rng.normal(size=shape) if moving else np.zeros(shape)).astype(np.float32),
                    "grads": grads, "lr": float(np.round(rng.uniform(0.05, 0.3), 3)), "momentum": momentum})
    return out


def regions(case):
    out = {"momentum 0 (plain SGD)" if case["momentum"] == 0 else "momentum > 0"}
    out.add("starts at rest" if not np.any(case["v"]) else "starts moving")
    if case.get("zero_middle"):
        out.add("zero gradient (moves by momentum only)")
    return out


def _run(case, step):
    """Trajectories (ws, vs) of one way of writing the step, in numpy, from the case's start."""
    w = np.asarray(case["w"], dtype=np.float64)
    v = np.asarray(case["v"], dtype=np.float64)
    lr, m = case["lr"], case["momentum"]
    ws, vs = [], []
    for g in case["grads"]:
        w, v = step(w, v, np.asarray(g, dtype=np.float64), lr, m)
        ws.append(w)
        vs.append(v)
    return ws, vs


# Each way a learner may write the step: (w, v, grad, lr, momentum) -> (new w, new v as left in the Variables).
VARIANTS = {
    "right": lambda w, v, g, lr, m: (w + (m * v - lr * g), m * v - lr * g),
    "rebound_weight": lambda w, v, g, lr, m: (w, m * v - lr * g),
    "rebound_velocity": lambda w, v, g, lr, m: (w + (m * v - lr * g), v),
    "no_in_place_update": lambda w, v, g, lr, m: (w, v),
    "stale_velocity": lambda w, v, g, lr, m: (w + v, m * v - lr * g),
    "ascent": lambda w, v, g, lr, m: (w - (m * v - lr * g), m * v - lr * g),
    "assign_not_add": lambda w, v, g, lr, m: (m * v - lr * g, m * v - lr * g),
    "lr_twice": lambda w, v, g, lr, m: (w + lr * (m * v - lr * g), m * v - lr * g),
    "velocity_accumulated": lambda w, v, g, lr, m: (w + (v + m * v - lr * g), v + m * v - lr * g),
    "velocity_sign": lambda w, v, g, lr, m: (w - (m * v + lr * g), m * v + lr * g),
}


def _matches(got, want):
    return len(got) == len(want) and all(
        np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=1e-4, atol=1e-5) for a, b in zip(got, want))


def _variant(t):
    """The first variant whose w and velocity trajectories both match what the learner's Variables held."""
    for name, step in VARIANTS.items():
        ws, vs = _run(t.case, step)
        if _matches(t.got["w"], ws) and _matches(t.got["v"], vs):
            return name
    return None


def _step_text(t):
    m = t.case["momentum"]
    return f"momentum {m:.3g}, lr {t.case['lr']:g}" + (" (momentum 0: 그냥 SGD)" if m == 0 else "")


def _step_text_en(t):
    m = t.case["momentum"]
    return f"momentum {m:.3g}, lr {t.case['lr']:g}" + (" (momentum 0: plain SGD)" if m == 0 else "")


def _plus_equals(t, short=False):
    if t.got["error"] and short:
        raise Incorrect("plus_equals", "`+=` 에러 때문에 velocity도 확인할 수 없어. 위 check의 설명을 봐.",
                        en="The `+=` error stops the velocity from being checked too. See the check above.")
    if t.got["error"]:
        raise Incorrect(
            "plus_equals",
            f"TensorFlow가 `+=`를 거절했어: \"{t.got['error']}\". Variable에 `w += ...`(또는 `-=`)를 쓰면 제자리 덧셈이 "
            "아니라 이름을 새 텐서에 다시 붙이는 코드가 되기 때문에 막혀 있어. `w.assign_add(velocity)`처럼 "
            "assign 메서드로 바꿔.",
            en=f"TensorFlow refused the `+=`: \"{t.got['error']}\". On a Variable, `w += ...` (or `-=`) would not add in "
               "place but attach the name to a new tensor, so it is blocked. Use an assign method such as "
               "`w.assign_add(velocity)`.")


def _unchanged(got, start):
    return all(np.allclose(a, start, rtol=0, atol=0) for a in got)


@check("w가 step마다 새 velocity만큼 제자리에서 움직였다", points=3,
       en="w moves in place by the new velocity on every step")
def weight_moves(t):
    _plus_equals(t)
    want_ws, _ = _run(t.case, VARIANTS["right"])
    if _matches(t.got["w"], want_ws):
        return
    variant = _variant(t)
    w0 = np.asarray(t.case["w"], dtype=np.float64)
    if variant in ("rebound_weight", "no_in_place_update") or _unchanged(t.got["w"], w0):
        returned = t.got["returned"][0] if t.got["returned"] else None
        computed = returned is not None and np.allclose(returned, want_ws[0], rtol=1e-4, atol=1e-5)
        raise Incorrect(
            "no_in_place_update" if variant == "no_in_place_update" else "rebound_weight",
            "step을 3번 불렀는데 `w` Variable이 처음 값 그대로야. "
            + ("새 w 값은 맞게 계산해서 return했지만, " if computed else "")
            + "`w = w + velocity`(또는 `tf.Variable(...)`로 새로 만들기)는 새 텐서를 함수 안의 **이름** `w`에 붙일 뿐이고, "
            "호출한 쪽이 들고 있는 Variable은 아무도 안 건드려. `w.assign_add(velocity)`로 그릇 안의 값을 바꿔.",
            en="After 3 calls the `w` Variable still holds its starting value. "
               + ("You computed the right new w and returned it, but " if computed else "")
               + "`w = w + velocity` (or making a new `tf.Variable(...)`) only attaches a new tensor to the **name** `w` "
                 "inside the function; the Variable the caller holds is never touched. Change the value inside the "
                 "container with `w.assign_add(velocity)`.")
    if variant == "stale_velocity":
        raise Incorrect(
            "stale_velocity",
            "w가 **이전** step의 velocity만큼 움직였어: `w`를 먼저 바꾸고 velocity를 나중에 바꿨거나, 바꾸기 전 값을 "
            "따로 읽어 뒀다가 썼어. 식은 `w ← w + (새 velocity)`야. `velocity.assign(...)`을 먼저 하고, 그다음 "
            "`w.assign_add(velocity)`.",
            en="w moved by the **previous** step's velocity: you changed `w` before the velocity, or kept the velocity "
               "from before the update and used that. The rule is `w ← w + (new velocity)`: do `velocity.assign(...)` "
               "first, then `w.assign_add(velocity)`.")
    if variant == "ascent":
        raise Incorrect(
            "ascent",
            "w가 velocity의 **반대** 방향으로 움직였어 (`assign_sub(velocity)`). velocity에 이미 `- lr · grad`가 들어 있어서, "
            "한 번 더 빼면 gradient 방향, 즉 loss가 커지는 쪽으로 가. `w.assign_add(velocity)`.",
            en="w moved **against** the velocity (`assign_sub(velocity)`). The velocity already contains `- lr · grad`, "
               "so subtracting it again goes along the gradient, the way the loss grows. Use `w.assign_add(velocity)`.")
    if variant == "assign_not_add":
        raise Incorrect(
            "assign_not_add",
            "w가 velocity **값 자체**로 덮어써졌어 (`w.assign(velocity)`). velocity는 w가 움직일 **양**이라서 더해야 해: "
            "`w.assign_add(velocity)`.",
            en="w was overwritten with the velocity **itself** (`w.assign(velocity)`). The velocity is the **amount** "
               "w moves, so add it: `w.assign_add(velocity)`.")
    if variant == "lr_twice":
        raise Incorrect(
            "lr_twice",
            f"w가 velocity에 lr을 **한 번 더** 곱한 만큼만 움직였어 (lr {t.case['lr']:g}이 두 번). velocity에 이미 "
            "`lr · grad`가 들어 있으니 `w.assign_add(velocity)`로 그대로 더해.",
            en=f"w moved by the velocity multiplied by lr **once more** (lr {t.case['lr']:g} applied twice). The velocity "
               "already contains `lr · grad`, so add it as it is: `w.assign_add(velocity)`.")
    if variant in ("rebound_velocity", "velocity_accumulated", "velocity_sign"):
        raise Incorrect(
            variant,  # the velocity check below explains this one; here it is named in a line
            "w의 이동은 velocity를 따라가니까, velocity가 틀리면 w도 같이 틀어져. 아래 velocity check의 설명부터 봐.",
            en="w moves by the velocity, so when the velocity is wrong, w goes off with it. See the velocity check "
               "below first.")
    ws = t.got["w"]
    if len(ws) != len(want_ws):
        raise Incorrect(
            "wrong_weight",
            f"step을 {len(want_ws)}번 불러야 하는데 {len(ws)}번에서 멈췄어.",
            en=f"Expected {len(want_ws)} steps; it stopped after {len(ws)}.")
    k = next(i for i, (a, b) in enumerate(zip(ws, want_ws)) if not np.allclose(a, b, rtol=1e-4, atol=1e-5))
    before = np.asarray(t.case["w"], dtype=np.float64) if k == 0 else np.asarray(ws[k - 1], dtype=np.float64)
    # The step the learner took from where their w stood: the shared analysis names a doubled or lr-less update.
    _, from_there = VARIANTS["right"](before, np.asarray(t.got["v"][k - 1] if k else t.case["v"], dtype=np.float64),
                                      np.asarray(t.case["grads"][k], dtype=np.float64), t.case["lr"], t.case["momentum"])
    expect_effect([ws[k]], [before + from_there], what=f"{k + 1}번째 step 뒤의 w", what_en=f"w after step {k + 1}",
                  context={"before": [before], "lr": t.case["lr"], "update": [from_there]}, names=["w"],
                  rtol=1e-4, atol=1e-5)
    i = int(np.argmax(np.abs(np.ravel(ws[k]) - np.ravel(want_ws[k]))))
    raise Incorrect(
        "wrong_weight",
        f"{k + 1}번째 step 뒤의 w가 달라 ({_step_text(t)}): 원소 {i}가 {np.ravel(want_ws[k])[i]:.5g}여야 하는데 "
        f"{np.ravel(ws[k])[i]:.5g}야. velocity를 먼저 `momentum · velocity − lr · grad`로 바꾸고, 그 새 velocity를 "
        "w에 더해.",
        en=f"w after step {k + 1} differs ({_step_text_en(t)}): element {i} should be {np.ravel(want_ws[k])[i]:.5g}, "
           f"got {np.ravel(ws[k])[i]:.5g}. First change the velocity to `momentum · velocity − lr · grad`, then add "
           "that new velocity to w.")


@check("velocity Variable이 step마다 제자리에서 바뀌었다", points=2,
       en="the velocity Variable changes in place on every step")
def velocity_updates(t):
    _plus_equals(t, short=True)
    _, want_vs = _run(t.case, VARIANTS["right"])
    if _matches(t.got["v"], want_vs):
        return
    variant = _variant(t)
    v0 = np.asarray(t.case["v"], dtype=np.float64)
    if variant in ("rebound_velocity", "no_in_place_update") or _unchanged(t.got["v"], v0):
        raise Incorrect(
            "no_in_place_update" if variant == "no_in_place_update" else "rebound_velocity",
            "`velocity` Variable이 처음 값 그대로야. `velocity = momentum * velocity - lr * grad`는 새 텐서를 지역 이름에 "
            "붙일 뿐이라 이번 step의 w는 맞게 움직여도, 다음 step은 **묵은** velocity에서 다시 시작해. momentum이 "
            "쌓이지 않는 거야. `velocity.assign(momentum * velocity - lr * grad)`로 그릇을 바꿔.",
            en="The `velocity` Variable still holds its starting value. `velocity = momentum * velocity - lr * grad` "
               "attaches a new tensor to a local name, so even if w moves right this step, the next step starts again "
               "from the **stale** velocity and momentum never builds up. Change the container with "
               "`velocity.assign(momentum * velocity - lr * grad)`.")
    if variant == "velocity_accumulated":
        raise Incorrect(
            "velocity_accumulated",
            "velocity에 새 값을 **더했어** (`velocity.assign_add(momentum * velocity - lr * grad)`). 그러면 velocity가 "
            "`(1 + momentum) · velocity − lr · grad`가 돼서 step마다 부풀어. 식의 오른쪽이 이미 새 velocity 전체니까 "
            "`velocity.assign(...)`으로 통째로 바꿔.",
            en="You **added** the new value to the velocity (`velocity.assign_add(momentum * velocity - lr * grad)`), "
               "which makes it `(1 + momentum) · velocity − lr · grad` and inflates it every step. The right-hand side is "
               "already the whole new velocity, so replace it with `velocity.assign(...)`.")
    if variant == "velocity_sign":
        raise Incorrect(
            "velocity_sign",
            "velocity의 부호가 과제의 정의와 반대야: `momentum · velocity + lr · grad`로 쌓고 w에서 빼는 방식이야. 그 자체로도 "
            "쓰이는 관례지만, 여기서 velocity는 처음부터 `momentum · velocity − lr · grad`로 정의돼 있어서 호출한 쪽이 넘긴 "
            "velocity와 부호가 안 맞아. 식 그대로 `velocity.assign(momentum * velocity - lr * grad)`, `w.assign_add(velocity)`.",
            en="Your velocity has the opposite sign from the task's definition: you accumulate `momentum · velocity + lr · "
               "grad` and subtract it from w. That convention exists, but here the velocity is defined as `momentum · "
               "velocity − lr · grad`, so its sign no longer matches the velocity the caller passed in. Follow the rule "
               "as given: `velocity.assign(momentum * velocity - lr * grad)`, `w.assign_add(velocity)`.")
    vs = t.got["v"]
    k = next(i for i, (a, b) in enumerate(zip(vs, want_vs)) if not np.allclose(a, b, rtol=1e-4, atol=1e-5))
    i = int(np.argmax(np.abs(np.ravel(vs[k]) - np.ravel(want_vs[k]))))
    raise Incorrect(
        "wrong_velocity",
        f"{k + 1}번째 step 뒤의 velocity가 달라 ({_step_text(t)}): 원소 {i}가 {np.ravel(want_vs[k])[i]:.5g}여야 하는데 "
        f"{np.ravel(vs[k])[i]:.5g}야. 새 velocity는 `momentum · (지금 velocity) − lr · grad`야.",
        en=f"The velocity after step {k + 1} differs ({_step_text_en(t)}): element {i} should be "
           f"{np.ravel(want_vs[k])[i]:.5g}, got {np.ravel(vs[k])[i]:.5g}. The new velocity is "
           "`momentum · (current velocity) − lr · grad`.")
