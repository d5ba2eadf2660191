"""Hidden cases and checks for double-dqn-target: Double DQN labels (online selects, target evaluates), masked
at terminal transitions and returned as a constant."""
import numpy as np

from grader.api import Evidence, Incorrect, check, global_norm

FAMILIES = ["shape", "sign", "flow"]

SHARED = 2   # the index of the case where `target` is the online model itself


def _weights(rng, num_actions):
    return [(0.8 * rng.normal(size=s)).astype(np.float32) for s in [(3, 6), (6,), (6, num_actions), (num_actions,)]]


def _q(weights, states):
    k1, b1, k2, b2 = (np.asarray(w, np.float64) for w in weights)
    return np.tanh(np.asarray(states, np.float64) @ k1 + b1) @ k2 + b2


def _case(rng, shared):
    """One batch drawn until it covers every region: ended and ongoing transitions, and (with two networks) rows
    where the networks select different actions and rows where they agree."""
    while True:
        batch, num_actions = int(rng.integers(6, 11)), int(rng.integers(3, 5))
        online, target = _weights(rng, num_actions), _weights(rng, num_actions)
        next_states = rng.normal(size=(batch, 3)).astype(np.float32)
        dones = np.zeros(batch, dtype=np.float32)
        dones[rng.choice(batch, size=int(rng.integers(2, batch // 2 + 1)), replace=False)] = 1.0
        live = dones == 0
        a_on, a_tg = _q(online, next_states).argmax(axis=1), _q(target, next_states).argmax(axis=1)
        differ = int(np.sum((a_on != a_tg) & live))
        if shared or (differ >= 2 and np.sum((a_on == a_tg) & live) >= 1):
            return {"seed": int(rng.integers(0, 2**31 - 1)), "shared": shared, "num_actions": num_actions,
                    "next_states": next_states, "dones": dones,
                    "rewards": rng.normal(0.0, 1.0, size=batch).astype(np.float32),
                    "gamma": float(np.round(rng.uniform(0.8, 0.99), 3)),
                    "upstream": rng.uniform(0.5, 1.5, size=batch).astype(np.float32),
                    "online_weights": online, "target_weights": target}


def cases(rng):
    return [_case(rng, shared=(i == SHARED)) for i in range(4)]


def regions(case):
    found = {"ended transition", "ongoing transition"} if 0 < case["dones"].sum() < len(case["dones"]) else set()
    if case["shared"]:
        return found | {"target is the online net"}
    a_on = _q(case["online_weights"], case["next_states"]).argmax(axis=1)
    a_tg = _q(case["target_weights"], case["next_states"]).argmax(axis=1)
    return found | ({"networks disagree"} if (a_on != a_tg).any() else set()) | (
        {"networks agree"} if (a_on == a_tg).any() else set())


def _twin(t, *, select="online", evaluate="target", pick="argmax", done="mask"):
    """The numpy twin of the label, with switches for the known ways of getting it wrong."""
    q = {"online": np.asarray(t.want["q_online"], np.float64), "target": np.asarray(t.want["q_target"], np.float64)}
    c = t.case
    r, d, gamma = np.asarray(c["rewards"], np.float64), np.asarray(c["dones"], np.float64), c["gamma"]
    rows = np.arange(len(r))
    if pick == "max":
        value = q[evaluate].max(axis=1)
    else:
        a = q[select].argmax(axis=1) if pick == "argmax" else q[select].argmin(axis=1)
        value = q[evaluate][rows, a]
    keep = {"mask": 1.0 - d, "ignored": np.ones_like(d), "inverted": d}[done]
    return r + gamma * keep * value


KNOWN = [
    ("used_max_not_argmax", dict(pick="max"),
     "target network의 **최댓값**을 썼어. 그건 DQN의 target이야: 같은 추정으로 고르고 평가까지 해서 과대추정돼. "
     "Double DQN은 online이 `tf.argmax`로 고른 행동을 target이 평가해: `tf.gather(target(next_states), best, axis=1, batch_dims=1)`.",
     "You used the target network's **maximum**. That is the DQN target: the same estimate selects and evaluates, so it "
     "overestimates. In Double DQN the target network scores the action the online network picked with `tf.argmax`: "
     "`tf.gather(target(next_states), best, axis=1, batch_dims=1)`."),
    ("online_evaluates", dict(evaluate="online"),
     "고른 행동을 **online** network로 평가했어 (= online의 최댓값). 그러면 고르기와 평가가 다시 같은 추정이라 과대추정이 "
     "그대로야. 평가는 target network의 Q로 해.",
     "You scored the chosen action with the **online** network (= the online maximum). Selection and evaluation are the "
     "same estimate again, so the overestimation stays. Score it with the target network's Q."),
    ("roles_swapped", dict(select="target", evaluate="online"),
     "두 network의 역할이 바뀌었어: target으로 고르고 online으로 평가했어. 고르기(`argmax`)는 online, 평가(`gather`)는 target이야.",
     "The two networks' roles are swapped: you selected with the target network and scored with the online one. "
     "Selection (`argmax`) is the online network's, evaluation (`gather`) the target network's."),
    ("wrong_selection", dict(pick="argmin"),
     "가장 **작은** Q의 행동을 골랐어 (`argmin`). 다음 행동은 online Q가 가장 큰 `tf.argmax(..., axis=1)`야.",
     "You selected the action with the **smallest** Q (`argmin`). The next action is the one with the largest online Q: "
     "`tf.argmax(..., axis=1)`."),
    ("ignored_done", dict(done="ignored"),
     "`dones`를 무시했어: 끝난 transition(done=1)에도 미래 가치를 더했어. 끝난 뒤에는 미래가 없으니 y는 reward뿐이야. "
     "`gamma * (1.0 - dones) * ...`.",
     "You ignored `dones`: ended transitions (done=1) still get a future value. After the end there is no future, so y is "
     "the reward alone: `gamma * (1.0 - dones) * ...`."),
    ("done_inverted", dict(done="inverted"),
     "`dones`를 거꾸로 썼어: 미래 가치를 끝난 transition에만 더했어. `(1.0 - dones)`를 곱해.",
     "`dones` is the wrong way round: the future value is added only to ended transitions. Multiply by `(1.0 - dones)`."),
]


def _y(t):
    y, n = t.got["y"], len(t.case["rewards"])
    if y is None:
        raise Incorrect(
            "returned_none" if t.got["returned"] == "NoneType" else "wrong_type",
            f"y(shape ({n},)인 tensor)를 return해야 하는데 {t.got['returned']}을(를) 받았어.",
            en=f"Return y (a tensor of shape ({n},)); got {t.got['returned']}.")
    y = np.asarray(y, np.float64)
    if y.shape == (n, n):
        raise Incorrect(
            "batch_gather",
            f"y의 shape이 ({n},)가 아니라 ({n}, {n})이야. `batch_dims` 없이 `tf.gather(q, best, axis=1)`을 쓰면 행마다 "
            "**모든** 행의 index를 다 뽑아서 (batch, batch)가 돼. 행마다 자기 index 하나만: "
            "`tf.gather(q, best, axis=1, batch_dims=1)`.",
            en=f"y has shape ({n}, {n}), not ({n},). `tf.gather(q, best, axis=1)` without `batch_dims` picks **every** row's "
               "index for every row, giving (batch, batch). One index per row, its own: "
               "`tf.gather(q, best, axis=1, batch_dims=1)`.")
    if y.shape != (n,):
        raise Incorrect("wrong_shape", f"y의 shape이 ({n},)여야 하는데 {y.shape}이야. 행마다 값 하나야.",
                        en=f"y should have shape ({n},), got {y.shape}: one value per row.")
    return y


@check("y의 shape이 (batch,)다", points=1, en="y has shape (batch,)")
def y_shape(t):
    _y(t)


@check("y = r + γ(1 − done)·Q_target(s′, argmax Q_online)", points=2,
       en="y = r + γ(1 − done)·Q_target(s′, argmax Q_online)")
def y_values(t):
    y = _y(t)
    want = _twin(t)
    if np.allclose(y, want, rtol=1e-4, atol=1e-5):
        return
    for diag, switches, ko, en in KNOWN:
        alt = _twin(t, **switches)
        if not np.allclose(alt, want, rtol=1e-4, atol=1e-5) and np.allclose(y, alt, rtol=1e-4, atol=1e-5):
            raise Incorrect(diag, ko, en=en)
    i = int(np.argmax(np.abs(y - want)))
    ended = "끝난" if t.case["dones"][i] == 1 else "안 끝난"
    ended_en = "ended" if t.case["dones"][i] == 1 else "ongoing"
    raise Incorrect(
        "wrong_target",
        f"y가 기대값과 달라: {i}번째 ({ended} transition) 기대 {want[i]:.6g}, 받은 값 {y[i]:.6g}. "
        "a* = argmax online(next_states), y = rewards + gamma·(1 − dones)·target(next_states)[a*].",
        en=f"y differs: at index {i} (an {ended_en} transition) expected {want[i]:.6g}, got {y[i]:.6g}. "
           "a* = argmax online(next_states), y = rewards + gamma·(1 − dones)·target(next_states)[a*].",
        generic=True, evidence=Evidence(y, want, "y", "y"))


def _leak(grads):
    present = [g for g in (grads or []) if g is not None]
    return global_norm(present) if present else 0.0


@check("y는 label이다: 어느 network로도 gradient가 흐르지 않는다", points=2,
       en="y is a label: no gradient flows into either network")
def y_constant(t):
    _y(t)
    into_online, into_target = _leak(t.got["online_grads"]), _leak(t.got["target_grads"])
    if into_online > 1e-8:
        raise Incorrect(
            "label_not_constant",
            f"y에서 **online** network로 gradient가 흘러 (norm {into_online:.4g}). 이 case는 target network 없이 online이 자기 "
            "target을 평가하는 경우야. 그러면 loss가 예측뿐 아니라 target까지 예측 쪽으로 끌어당겨서 semi-gradient TD가 "
            "residual gradient로 바뀌어. y 전체를 `tf.stop_gradient`로 감싸.",
            en=f"Gradient flows from y into the **online** network (norm {into_online:.4g}). In this case there is no "
               "target network: the online network scores its own target, so a loss would pull the target towards the "
               "prediction too, turning semi-gradient TD into the residual gradient. Wrap all of y in `tf.stop_gradient`.")
    if into_target > 1e-8:
        raise Incorrect(
            "label_not_constant",
            f"y에서 target network로 gradient가 흘러 (norm {into_target:.4g}). optimizer가 target의 variable을 안 받는 동안은 "
            "update에 영향이 없지만, 같은 함수에 target 대신 online을 넘기는 순간 semi-gradient가 깨져. y는 label이니까 "
            "`tf.stop_gradient`로 상수로 만들어 돌려줘.",
            en=f"Gradient flows from y into the target network (norm {into_target:.4g}). While the optimizer never gets the "
               "target's variables that changes no update, but the moment the online network is passed in its place the "
               "semi-gradient breaks. y is a label: return it as a constant with `tf.stop_gradient`.")
