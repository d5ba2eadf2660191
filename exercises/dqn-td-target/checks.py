"""Hidden cases and checks for dqn-td-target: the DQN TD loss with the target network under stop_gradient."""
import numpy as np

from grader import analysis
from grader.api import Incorrect, check, expect_effect, global_norm

FAMILIES = ["flow", "reduction", "shape"]

ONLINE = ["online_hidden/kernel", "online_hidden/bias", "online_q/kernel", "online_q/bias"]
TARGET = ["target_hidden/kernel", "target_hidden/bias", "target_q/kernel", "target_q/bias"]


def _weights(rng, state_dim, num_actions):
    shapes = [(state_dim, 6), (6,), (6, num_actions), (num_actions,)]
    return [(0.7 * rng.normal(size=s)).astype(np.float32) for s in shapes]


def cases(rng):
    out = []
    for _ in range(3):
        batch, num_actions = int(rng.integers(6, 11)), int(rng.integers(2, 4))
        dones = np.zeros(batch, dtype=np.float32)
        dones[rng.choice(batch, size=int(rng.integers(2, batch // 2 + 1)), replace=False)] = 1.0  # some terminal
        out.append({
            "seed": int(rng.integers(0, 2**31 - 1)), "num_actions": num_actions,
            "states": rng.normal(size=(batch, 3)).astype(np.float32),
            "next_states": rng.normal(size=(batch, 3)).astype(np.float32),
            "actions": rng.integers(0, num_actions, size=batch).astype(np.int32),
            "rewards": rng.normal(0.0, 1.0, size=batch).astype(np.float32),
            "dones": dones, "gamma": float(np.round(rng.uniform(0.9, 0.99), 3)),
            "online_weights": _weights(rng, 3, num_actions), "target_weights": _weights(rng, 3, num_actions),
        })
    return out


def _twin(t, *, done="mask", pick="action", next_from="target", reduce="mean", best="row", loss="square"):
    """The numpy twin of the TD loss, with switches for the known ways of getting it wrong."""
    w = t.want
    q = np.asarray(w["q"], dtype=np.float64)
    nxt = np.asarray(w["next_q_target" if next_from == "target" else "next_q_online"], dtype=np.float64)
    c = t.case
    a, r, d, gamma = np.asarray(c["actions"]), np.asarray(c["rewards"], np.float64), np.asarray(c["dones"], np.float64), c["gamma"]
    keep = {"mask": 1.0 - d, "ignored": np.ones_like(d), "inverted": d}[done]
    y = r + gamma * keep * (nxt.max(axis=1) if best == "row" else nxt.max())
    if pick == "batch_by_batch":  # tf.gather(q, actions, axis=1) without batch_dims: q[i, a_j] for every pair
        err = y[None, :] - q[:, a]
    else:
        err = y - (q[np.arange(len(a)), a] if pick == "action" else q.max(axis=1))
    if loss == "huber":  # keras.losses.Huber(delta=1.0)
        sq = np.where(np.abs(err) <= 1.0, 0.5 * err ** 2, np.abs(err) - 0.5)
    else:
        sq = err ** 2
    return float(sq.mean() if reduce == "mean" else sq.sum())


KNOWN = [
    ("ignored_done", dict(done="ignored"),
     "`dones`를 무시했어: episode가 끝난 transition(done=1)에도 `gamma * max Q_target(s')`를 더했어. 끝난 뒤에는 "
     "미래가 없으니 target은 reward뿐이어야 해. `(1.0 - dones)`를 곱해 줘.",
     "You ignored `dones`: transitions that ended their episode (done=1) still get `gamma * max Q_target(s')`. After the "
     "end there is no future, so the target is the reward alone. Multiply by `(1.0 - dones)`."),
    ("done_inverted", dict(done="inverted"),
     "`dones`를 거꾸로 썼어: 미래 가치를 done=1인 transition에만 더하고 나머지에서는 뺐어. `gamma * (1.0 - dones) * ...`야.",
     "`dones` is used the wrong way round: the future value is added only where done=1 and dropped everywhere else. "
     "It is `gamma * (1.0 - dones) * ...`."),
    ("used_max_not_action", dict(pick="max"),
     "online network에서 **실제로 한 행동**의 Q가 아니라 최대 Q를 골랐어. 학습해야 하는 건 Q(s, a_taken)이야: "
     "`tf.gather(q, actions, axis=1, batch_dims=1)`.",
     "From the online network you took the maximum Q instead of the Q of the **action actually taken**. The value to "
     "learn is Q(s, a_taken): `tf.gather(q, actions, axis=1, batch_dims=1)`."),
    ("target_network_unused", dict(next_from="online"),
     "next_states의 Q를 **online** network로 계산했어. DQN은 target을 안정시키려고 따로 둔 target network로 "
     "`target(next_states)`를 계산해.",
     "You computed the Q of next_states with the **online** network. DQN computes `target(next_states)` with the separate "
     "target network, which keeps the target stable."),
    ("batch_by_batch", dict(pick="batch_by_batch"),
     "`tf.gather(q, actions, axis=1)`에 `batch_dims=1`이 빠져서 Q가 shape (batch, batch)가 됐어: 행마다 **모든** "
     "transition의 행동 열을 골랐고, `y`와 빼면서 batch의 모든 짝이 loss에 들어갔어. 행마다 자기 행동 하나만 고르려면 "
     "`tf.gather(q, actions, axis=1, batch_dims=1)`이야.",
     "`tf.gather(q, actions, axis=1)` lacks `batch_dims=1`, so the Q-values have shape (batch, batch): every row picked "
     "the action columns of **all** transitions, and subtracting from `y` put every pair of the batch into the loss. "
     "To pick each row's own action, use `tf.gather(q, actions, axis=1, batch_dims=1)`."),
    ("wrong_axis", dict(best="batch"),
     "다음 상태의 최댓값을 **batch 전체**에서 하나만 골랐어 (`tf.reduce_max`에 `axis`가 없어). transition마다 "
     "자기 다음 상태에서 제일 좋은 행동의 값이 필요해: `tf.reduce_max(next_q, axis=1)`.",
     "You took one maximum over the **whole batch** of next-state values (`tf.reduce_max` without `axis`). Each "
     "transition needs the best action value of its own next state: `tf.reduce_max(next_q, axis=1)`."),
    ("huber_instead_of_mse", dict(loss="huber"),
     "Huber loss를 썼어. 실전 DQN에서는 흔한 선택이지만, 이 과제가 요구하는 건 오차 제곱의 평균 "
     "`tf.reduce_mean(tf.square(y - q_taken))`이야.",
     "You used the Huber loss. Real DQN code often does, but this task asks for the mean squared error "
     "`tf.reduce_mean(tf.square(y - q_taken))`."),
    ("sum_instead_of_mean", dict(reduce="sum"),
     "batch에 대해 **합**을 냈어. 기대한 건 평균 `tf.reduce_mean`이야 (batch 크기에 따라 loss 크기가 달라지지 않게).",
     "You summed over the batch. Expected the mean, `tf.reduce_mean` (so the loss does not scale with the batch size)."),
]


def _loss_value(t):
    got = t.got["loss"]
    if got is None:
        raise Incorrect(
            "returned_none" if t.got["loss_kind"] == "NoneType" else "wrong_type",
            f"loss(scalar tensor)를 return해야 하는데 {t.got['loss_kind']}을(를) 받았어. `return tf.reduce_mean(...)`을 봐.",
            en=f"Return the loss (a scalar tensor); got {t.got['loss_kind']}. Check your `return tf.reduce_mean(...)`.")
    got = np.asarray(got, dtype=np.float64)
    if got.size != 1:
        raise Incorrect(
            "wrong_shape",
            f"loss는 scalar여야 하는데 shape {got.shape}를 받았어. transition별 오차 제곱을 `tf.reduce_mean`으로 평균 내 줘.",
            en=f"The loss should be a scalar; got shape {got.shape}. Average the per-transition squared errors with "
               "`tf.reduce_mean`.")
    return float(got.ravel()[0])


def _explain_loss(t):
    """Raise the diagnosis of a wrong loss value, if the value is wrong."""
    value = _loss_value(t)
    want = _twin(t)
    if np.isclose(value, want, rtol=1e-4, atol=1e-6):
        return
    for diag, switches, ko, en in KNOWN:
        alt = _twin(t, **switches)
        if not np.isclose(alt, want, rtol=1e-4, atol=1e-6) and np.isclose(value, alt, rtol=1e-4, atol=1e-6):
            raise Incorrect(diag, f"loss가 기대 {want:.6g}가 아니라 {value:.6g}야. " + ko,
                            en=f"The loss is {value:.6g}, not the expected {want:.6g}. " + en)
    raise Incorrect(
        "wrong_loss",
        f"loss가 기대값과 달라: 기대 {want:.6g}, 받은 값 {value:.6g}. "
        "y = rewards + gamma × (1 − dones) × max_a′ Q_target(next_states, a′), loss = mean((y − Q_online(states, actions))²).",
        en=f"The loss differs: expected {want:.6g}, got {value:.6g}. "
           "y = rewards + gamma × (1 − dones) × max_a′ Q_target(next_states, a′), loss = mean((y − Q_online(states, actions))²).")


def _moving(grads):
    return grads is not None and any(g is not None and float(np.max(np.abs(g))) > 1e-8 for g in grads)


def _online_blocked_message(t):
    if t.got["online_grads"] is None:
        return Incorrect(
            "loss_not_tensor",
            f"loss를 {t.got['loss_kind']}(으)로 돌려줬어. tensor가 아니면 GradientTape가 loss에서 weight까지 거슬러 올라갈 "
            "길이 없어서 gradient를 하나도 못 구해. `float()`나 `.numpy()` 없이 `tf.reduce_mean(...)`이 만든 tensor를 그대로 "
            "return해.",
            en=f"You returned the loss as {t.got['loss_kind']}. Without a tensor, the GradientTape has no path from the "
               "loss back to the weights and finds no gradient at all. Return the tensor `tf.reduce_mean(...)` gives, "
               "without `float()` or `.numpy()`.")
    if _moving(t.got["target_grads"]):
        return Incorrect(
            "stop_gradient_on_online",
            "`tf.stop_gradient`를 **online** network 쪽에 씌웠어: online에는 gradient가 하나도 안 가고 "
            f"(norm 0), 대신 target network가 gradient를 받아 (norm {global_norm([g for g in t.got['target_grads'] if g is not None]):.4g}). "
            "학습할 건 online이고, 고정된 기준이어야 하는 게 target이야. `tf.stop_gradient(target(next_states))`로 바꿔.",
            en="You put `tf.stop_gradient` on the **online** network: it gets no gradient at all (norm 0) while the target "
               f"network receives one (norm {global_norm([g for g in t.got['target_grads'] if g is not None]):.4g}). "
               "The online network is the one that learns; the target must be the fixed reference. Use "
               "`tf.stop_gradient(target(next_states))`.")
    got = list(t.got["online_grads"]) + list(t.got["target_grads"] or [None] * len(TARGET))
    want = list(t.want["online_grads"]) + list(t.want["target_grads"])
    finding = analysis.diagnose(got, want, context={"names": ONLINE + TARGET}, families=["flow"], static=t.static,
                                what="online network의 gradient", what_en="the online network's gradients")
    if finding is not None:
        return Incorrect(finding.id, finding.ko, en=finding.en)
    return Incorrect(
        "online_blocked",
        "online network에도 gradient가 하나도 안 가 (모두 None 또는 0). loss까지 가는 길이 어딘가에서 끊겼어: "
        "`tf.stop_gradient`는 `y`(target 쪽)에만 씌우고, 계산은 tensor 연산으로 해.",
        en="No gradient reaches the online network either (all None or zero): the path to the loss is cut somewhere. "
           "Apply `tf.stop_gradient` to `y` (the target side) only, and compute with tensor ops.")




def regions(case):
    """Terminal and non-terminal transitions in each batch."""
    d = np.asarray(case["dones"])
    return ({"terminal"} if np.any(d == 1) else set()) | ({"non-terminal"} if np.any(d == 0) else set())

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


@check("TD loss 값이 맞다", points=2, en="the TD loss value is right")
def loss_right(t):
    _explain_loss(t)


@check("online network가 올바른 gradient를 받는다", points=2, en="the online network gets the right gradients")
def online_gradients(t):
    _after_first(_loss_value, t, "online network의 gradient", "The online network's gradients")
    got = t.got["online_grads"]
    if not _moving(got):
        raise _online_blocked_message(t)
    _after_first(_explain_loss, t, "online network의 gradient", "The online network's gradients")
    for name, g, w in zip(ONLINE, got, t.want["online_grads"]):
        if g is None:
            raise Incorrect(
                "online_blocked",
                f"online network의 {name}에 gradient가 None이야. loss가 online(states)의 출력에서 tensor 연산으로만 "
                "이어져 있는지 봐.",
                en=f"The gradient of the online network's {name} is None. Check that the loss is built from "
                   "online(states) with tensor ops only.")
    expect_effect(got, t.want["online_grads"], what="online network의 gradient", what_en="the online network's gradients",
                  context={"names": ONLINE}, names=ONLINE, diagnosis="wrong_gradient", rtol=1e-3, atol=1e-6)


@check("target network에는 gradient가 흐르지 않는다", points=2, en="no gradient flows into the target network")
def target_frozen(t):
    _after_first(_loss_value, t, "target network의 gradient", "The target network's gradients")
    got = t.got["target_grads"]
    if got is None:
        _after_first(lambda t: _raise(_online_blocked_message(t)), t, "target network의 gradient", "The target network's gradients")
    if not _moving(got):
        return
    if not _moving(t.got["online_grads"]):
        _after_first(lambda t: _raise(_online_blocked_message(t)), t, "target network의 gradient", "The target network's gradients")
    norm = global_norm([g for g in got if g is not None])
    raise Incorrect(
        "no_stop_gradient",
        f"target network가 gradient를 받고 있어 (norm {norm:.4g}, 기대 0). TD target `y`는 고정된 label이라 loss는 "
        "`Q(s, a)` 쪽으로만 미분돼야 해 (semi-gradient TD). 여기선 target 변수가 optimizer에 안 가서 티가 안 나도, "
        "online network가 target 계산에 끼면 gradient가 달라져. `next_q = tf.stop_gradient(target(next_states))`처럼 "
        "target 쪽을 상수로 만들어 줘.",
        en=f"The target network receives gradients (norm {norm:.4g}, expected 0). The TD target `y` is a fixed label, so "
           "the loss must be differentiated through `Q(s, a)` only (semi-gradient TD). It goes unnoticed here because the "
           "target variables never reach the optimizer, but once the online network takes part in the target the "
           "gradient changes. Make the target side a constant: `next_q = tf.stop_gradient(target(next_states))`.")


def charts(t):
    def norm_of(grads):
        if grads is None:
            return 0.0
        present = [g for g in grads if g is not None]
        return global_norm(present) if present else 0.0

    rows = [{"group": "online", "series": "정답 / reference", "value": norm_of(t.want["online_grads"])},
            {"group": "target", "series": "정답 / reference", "value": norm_of(t.want["target_grads"])}]
    got = t.got if isinstance(t.got, dict) else {}
    if got.get("online_grads") is not None:
        rows += [{"group": "online", "series": "내 코드 / yours", "value": norm_of(got["online_grads"])},
                 {"group": "target", "series": "내 코드 / yours", "value": norm_of(got.get("target_grads"))}]
    return [{"kind": "grouped_bars",
             "title": "network별 gradient norm (target은 0이어야 해)",
             "title_en": "Gradient norm per network (the target must be 0)",
             "rows": rows}]
