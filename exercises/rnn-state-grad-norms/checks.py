"""Hidden cases and checks for rnn-state-grad-norms: the gradient norm of every state of a hand-unrolled tanh RNN."""
import numpy as np

from grader.api import Evidence, Incorrect, check

# Per-state norms: the shared analysis can still tell a flipped sign or a shape; the rest is named below.
FAMILIES = ["sign", "shape"]


def _orthogonal(rng, n):
    q, r = np.linalg.qr(rng.normal(size=(n, n)))
    return q * np.sign(np.diag(r))


def cases(rng):
    """An exploding and a vanishing recurrent weight, an all-zero one (every gradient but h_T's is exactly 0),
    and a one-step sequence (only h_T exists)."""
    out = []
    for kind in ("explode", "vanish", "zero", "one_step"):
        # batch >= 2 where the values are judged hardest, so a per-example norm cannot pass by luck
        n = int(rng.integers(5, 9))
        batch = int(rng.integers(2, 4)) if kind in ("explode", "vanish") else int(rng.integers(1, 4))
        steps = {"explode": int(rng.integers(10, 15)), "vanish": int(rng.integers(10, 15)),
                 "zero": int(rng.integers(4, 8)), "one_step": 1}[kind]
        scale = {"explode": rng.uniform(1.7, 2.3), "vanish": rng.uniform(0.3, 0.6), "zero": 0.0,
                 "one_step": rng.uniform(0.5, 2.0)}[kind]
        out.append({"kind": kind,
                    "w": (float(scale) * _orthogonal(rng, n)).astype(np.float32),
                    "xs": (0.1 * rng.normal(size=(steps, batch, n))).astype(np.float32)})
    return out


def regions(case):
    return {{"explode": "exploding", "vanish": "vanishing", "zero": "zero gradients (w_rec = 0)",
             "one_step": "single step (T = 1)"}[case["kind"]]}


def _twin(case):
    """States h_1..h_T and state gradients g_t = dloss/dh_t in float64, for loss = sum(h_T) and for the
    loss that sums every state (a known mistake)."""
    w = np.asarray(case["w"], dtype=np.float64)
    xs = np.asarray(case["xs"], dtype=np.float64)
    h = np.zeros((xs.shape[1], w.shape[0]))
    states = []
    for x in xs:
        h = np.tanh(h @ w + x)
        states.append(h)
    last, every = [None] * len(states), [None] * len(states)
    g_last, g_every = np.ones_like(h), np.ones_like(h)
    for t in range(len(states) - 1, -1, -1):
        last[t], every[t] = g_last, g_every
        back = lambda g: (g * (1.0 - states[t] ** 2)) @ w.T  # noqa: E731  one step back through h_t
        g_last, g_every = back(g_last), back(g_every) + (1.0 if t > 0 else 0.0)
    return states, last, every


def _norms(tensors):
    return np.array([float(np.linalg.norm(g)) for g in tensors])


def _close(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=2e-3, atol=1e-9))


def _fmt(values, limit=6):
    shown = ", ".join(f"{v:.3g}" for v in values[:limit])
    return f"[{shown}{', …' if len(values) > limit else ''}]"


def _structure(t):
    """Everything that stops the values from being compared at all, named by cause."""
    got, steps = t.got, len(t.case["xs"])
    if got["none_error"] or got["nones"]:
        raise Incorrect(
            "forgot_watch",
            "state의 gradient가 `None`으로 나왔어. `w_rec`는 `tf.Variable`이 아니라 그냥 tensor라서, tape가 "
            "아무것도 watch하지 않았고 recurrence의 연산이 하나도 기록되지 않았어. `with tf.GradientTape() as tape:` "
            "바로 다음 줄에서 `tape.watch(w_rec)`를 불러 줘 (state를 만들기 **전에**).",
            en="The states' gradients came out as `None`. `w_rec` is a plain tensor, not a `tf.Variable`, so the tape "
               "watched nothing and none of the recurrence's operations were recorded. Call `tape.watch(w_rec)` right "
               "after `with tf.GradientTape() as tape:` (**before** the states are made).")
    shapes = got["shapes"]
    if got["norms"] is None and shapes and any(int(np.prod(s)) > 1 for s in shapes):
        raise Incorrect(
            "returned_gradients",
            f"norm이 아니라 gradient tensor 자체를 돌려줬어 (shape {shapes[0]} …). state마다 숫자 하나, "
            "`tf.norm(g)`를 return해야 해.",
            en=f"You returned the gradient tensors themselves (shape {shapes[0]} …), not their norms. Return one "
               "number per state, `tf.norm(g)`.")
    norms = got["norms"]
    if norms is None:
        raise Incorrect(
            "wrong_type",
            f"state별 norm을 담은 1-D 결과(float 리스트나 1-D tensor)를 return해야 하는데 {got['returned']}을(를) 받았어.",
            en=f"Return a 1-D result of per-state norms (a list of floats or a 1-D tensor); got {got['returned']}.")
    norms = np.ravel(np.asarray(norms, dtype=np.float64))
    _, last, _ = _twin(t.case)
    want = _norms(last)
    if norms.size == steps + 1 and _close(norms[1:], want):
        raise Incorrect(
            "included_h0",
            f"길이 {steps}이어야 하는데 {norms.size}개를 돌려줬어. 맨 앞의 값은 `h_0`의 것이야. `h_0`은 학습되는 "
            "state가 아니라 0으로 둔 출발점이니까 빼고, `h_1`부터 `h_T`까지만 담아.",
            en=f"Expected length {steps}, got {norms.size}. The extra first value is for `h_0`, the zero starting point, "
               "which is not a state the recurrence computes: leave it out and keep `h_1` to `h_T`.")
    if steps > 1 and norms.size == 1 and _close(norms, want[-1:]):
        raise Incorrect(
            "only_last_state",
            f"값을 하나({norms[0]:.4g})만 돌려줬어: 마지막 state `h_T`의 gradient뿐이야. `h = ...`로 덮어쓰면 앞의 "
            f"state는 사라져. 매 step의 `h`를 리스트에 모아서 {steps}개 모두의 gradient를 받아.",
            en=f"You returned one value ({norms[0]:.4g}): only the gradient of the last state `h_T`. Overwriting "
               f"`h = ...` loses the earlier states. Keep every step's `h` in a list and get the gradients of all {steps}.")
    if norms.size != steps:
        raise Incorrect(
            "wrong_length",
            f"state가 {steps}개(`h_1` … `h_{steps}`)라서 norm도 {steps}개여야 하는데 {norms.size}개야.",
            en=f"There are {steps} states (`h_1` … `h_{steps}`), so expect {steps} norms; got {norms.size}.")
    if steps > 1 and _close(norms, want[::-1]) and not _close(norms, want):
        raise Incorrect(
            "reversed_order",
            f"값은 맞는데 순서가 거꾸로야: 받은 값 {_fmt(norms)}, 기대 {_fmt(want)}. `norms[0]`은 첫 state `h_1`의 "
            "것이어야 해. backward가 뒤에서부터 가도, 결과는 `states`를 만든 순서(t = 1 … T)대로 담아.",
            en=f"The values are right but in reverse order: got {_fmt(norms)}, expected {_fmt(want)}. `norms[0]` belongs "
               "to the first state `h_1`. The backward pass walks from the end, but report in the order the states were "
               "made (t = 1 … T).")
    return norms, want


@check("state 수만큼, h_1부터 순서대로 돌려준다", points=2, en="one norm per state, in order from h_1")
def length_and_order(t):
    _structure(t)


@check("state별 gradient norm 값이 맞다", points=3, en="every state's gradient norm is right")
def values_right(t):
    try:
        norms, want = _structure(t)
    except Incorrect as exc:
        raise Incorrect(exc.diagnosis,
                        "길이나 순서가 맞지 않아서 값을 하나하나 비교할 수 없었어. 위의 항목부터 고쳐 봐.",
                        en="The length or order is off, so the values could not be compared one by one. "
                           "Fix the item above first.") from None
    if _close(norms, t.want["norms"]):
        return
    states, last, every = _twin(t.case)
    batch, n = np.asarray(t.case["xs"]).shape[1:]
    if _close(norms, want ** 2):
        raise Incorrect(
            "squared_norm",
            f"norm의 **제곱**을 돌려줬어 (받은 값 {_fmt(norms)}, 기대 {_fmt(want)}). `tf.reduce_sum(tf.square(g))` 뒤에 "
            "`tf.sqrt`를 씌우거나, 그냥 `tf.norm(g)`를 써.",
            en=f"You returned the **squared** norms (got {_fmt(norms)}, expected {_fmt(want)}). Take `tf.sqrt` of "
               "`tf.reduce_sum(tf.square(g))`, or simply use `tf.norm(g)`.")
    pre = _norms([g * (1.0 - h ** 2) for g, h in zip(last, states)])
    if _close(norms, pre):
        raise Incorrect(
            "preactivation_grad",
            "tanh **안쪽**(`h_{t-1} @ w_rec + x_t`, 또는 그와 같은 입력 `x_t`)의 gradient를 쟀어. 그 값은 state의 gradient에 "
            "`1 − h_t²`가 한 번 더 곱해진 거야. 기대한 건 tanh를 통과한 **state `h_t` 자체**의 gradient야. "
            "`h = tf.tanh(...)`의 결과를 리스트에 모아.",
            en="You measured the gradient **inside** the tanh (at `h_{t-1} @ w_rec + x_t`, or equivalently at the input "
               "`x_t`). That is the state's gradient multiplied once more by `1 − h_t²`. Expected the gradient of **the "
               "state `h_t` itself**, after the tanh: collect the results of `h = tf.tanh(...)`.")
    if _close(norms, want / (batch * n)):
        raise Incorrect(
            "mean_loss",
            f"모든 값이 기대값의 1/{batch * n}이야. loss를 `tf.reduce_mean(h_T)`로 했지? 규칙은 마지막 state 원소의 "
            "**합** `tf.reduce_sum(h)`이야.",
            en=f"Every value is 1/{batch * n} of the expected one. Did you take `tf.reduce_mean(h_T)` as the loss? The "
               "rule is the **sum** of the last state's elements, `tf.reduce_sum(h)`.")
    if _close(norms, _norms(every)):
        raise Incorrect(
            "loss_all_states",
            "loss에 **모든** state의 합을 넣었어. 그러면 앞쪽 state는 자기 자신에게서 오는 gradient 1도 받아서 norm이 "
            "커져. 규칙은 마지막 state `h_T`만 보는 `loss = tf.reduce_sum(h_T)`야.",
            en="Your loss sums **every** state. Then each earlier state also gets a gradient of 1 from itself and its "
               "norm grows. The rule is a loss that sees only the last state, `loss = tf.reduce_sum(h_T)`.")
    per_example = np.array([float(np.mean(np.linalg.norm(g, axis=1))) for g in last])
    if batch > 1 and _close(norms, per_example):
        raise Incorrect(
            "norm_per_example",
            f"batch 원소마다 norm을 재서 평균을 냈어. 기대한 건 state `h_t` 전체(batch {batch}개 × unit {n}개)에 대한 "
            "L2 norm 하나야: `tf.norm(g)`에 axis를 주지 마.",
            en=f"You took a norm per batch element and averaged them. Expected one L2 norm over the whole state `h_t` "
               f"({batch} batch rows × {n} units): call `tf.norm(g)` without an axis.")
    diff = np.abs(norms - want) / np.maximum(want, 1e-12)
    i = int(np.argmax(diff))
    raise Incorrect(
        "wrong_norms",
        f"state `h_{i + 1}`의 gradient norm이 달라: 기대 {want[i]:.4g}, 받은 값 {norms[i]:.4g} (받은 값 {_fmt(norms)}, "
        f"기대 {_fmt(want)}). recurrence `h_t = tanh(h_(t-1) @ w_rec + xs[t-1])`, `loss = reduce_sum(h_T)`, "
        "state마다 `tf.norm(∂loss/∂h_t)`인지 하나씩 확인해 봐.",
        en=f"The gradient norm of state `h_{i + 1}` differs: expected {want[i]:.4g}, got {norms[i]:.4g} (got "
           f"{_fmt(norms)}, expected {_fmt(want)}). Check each piece: the recurrence `h_t = tanh(h_(t-1) @ w_rec + "
           "xs[t-1])`, `loss = reduce_sum(h_T)`, and `tf.norm(∂loss/∂h_t)` per state.",
        generic=True, evidence=Evidence(norms, want, "state별 gradient norm", "the per-state gradient norms"))


def charts(t):
    _, last, _ = _twin(t.case)
    want = _norms(last)
    rows = [{"group": f"h_{i + 1}", "series": "정답 / reference", "value": float(v)} for i, v in enumerate(want)]
    got = t.got.get("norms") if isinstance(t.got, dict) else None
    if got is not None and np.size(got) == want.size:
        rows += [{"group": f"h_{i + 1}", "series": "내 코드 / yours", "value": float(v)}
                 for i, v in enumerate(np.ravel(got))]
    return [{"kind": "grouped_bars",
             "title": "state별 ‖∂loss/∂h_t‖ (첫 번째 case: 폭주하는 w_rec)",
             "title_en": "‖∂loss/∂h_t‖ per state (first case: an exploding w_rec)",
             "rows": rows}]
