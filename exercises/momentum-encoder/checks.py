"""Hidden cases and checks for momentum-encoder: a BYOL loss with the target branch under stop_gradient, and an
EMA update of the target encoder."""
import numpy as np

from grader.api import Incorrect, check, expect_effect, global_norm

FAMILIES = ["flow", "reduction"]

ENCODER = ["hidden/kernel", "hidden/bias", "projection/kernel", "projection/bias"]
ENCODER_SHAPES = [(4, 5), (5,), (5, 3), (3,)]
GROUP_KO = {"online": "online encoder", "predictor": "predictor", "target": "target encoder"}


def cases(rng):
    out = []
    for _ in range(3):
        batch = int(rng.integers(5, 9))
        x = rng.normal(size=(batch, 4))
        out.append({
            "seed": int(rng.integers(0, 2**31 - 1)),
            "view_a": (x + 0.2 * rng.normal(size=x.shape)).astype(np.float32),
            "view_b": (x + 0.2 * rng.normal(size=x.shape)).astype(np.float32),
            "online_weights": [(0.7 * rng.normal(size=s)).astype(np.float32) for s in ENCODER_SHAPES],
            "target_weights": [(0.7 * rng.normal(size=s)).astype(np.float32) for s in ENCODER_SHAPES],
            "predictor_weights": [(0.7 * rng.normal(size=s)).astype(np.float32) for s in [(3, 3), (3,)]],
            "tau": float(np.round(rng.uniform(0.9, 0.995), 3)),
        })
    return out


def _normalize(v, axis=-1):
    v = np.asarray(v, dtype=np.float64)
    return v / np.maximum(np.linalg.norm(v, axis=axis, keepdims=True), 1e-12)


def _loss(p, z, normalize=True, axis=-1, reduce="mean"):
    if normalize:
        p, z = _normalize(p, axis), _normalize(z, axis)
    per_example = np.sum((np.asarray(p, np.float64) - np.asarray(z, np.float64)) ** 2, axis=-1)
    return float(per_example.mean() if reduce == "mean" else per_example.sum())


def _loss_value(t):
    got = t.got["loss"]
    if got is None:
        raise Incorrect(
            "returned_none" if t.got["loss_kind"] == "NoneType" else "wrong_type",
            f"byol_loss는 scalar tensor를 return해야 하는데 {t.got['loss_kind']}을(를) 받았어.",
            en=f"byol_loss should return a scalar tensor; got {t.got['loss_kind']}.")
    got = np.asarray(got, dtype=np.float64)
    if got.size != 1:
        raise Incorrect(
            "wrong_shape",
            f"loss는 scalar여야 하는데 shape {got.shape}를 받았어. 샘플별 값을 `tf.reduce_mean`으로 평균 내.",
            en=f"The loss should be a scalar; got shape {got.shape}. Average the per-sample values with `tf.reduce_mean`.")
    return float(got.ravel()[0])


def _explain_loss(t):
    value = _loss_value(t)
    w = t.want
    want = _loss(w["p_a"], w["z_b"])
    if np.isclose(value, want, rtol=1e-4, atol=1e-6):
        return
    known = [
        ("forgot_normalize", _loss(w["p_a"], w["z_b"], normalize=False),
         "p와 z를 l2 normalize하지 않았어. BYOL loss는 방향(cosine)만 비교해야 해서, 두 벡터를 먼저 "
         "`tf.math.l2_normalize(..., axis=-1)`로 길이 1로 만들어.",
         "p and z were not l2-normalised. The BYOL loss compares directions (cosine) only, so first bring both vectors to "
         "length 1 with `tf.math.l2_normalize(..., axis=-1)`."),
        ("skipped_predictor", _loss(w["o_a"], w["z_b"]) if w.get("o_a") is not None else None,
         "online 쪽에서 **predictor를 건너뛰었어**: `online_encoder(view_a)`를 바로 target과 비교했어. BYOL에서는 online "
         "encoder의 출력을 predictor에 한 번 더 통과시킨 `p = predictor(online_encoder(view_a))`가 target을 예측해. "
         "predictor가 빠지면 두 branch가 대칭이 돼서 collapse를 막는 장치 하나가 사라져.",
         "The online side **skips the predictor**: `online_encoder(view_a)` is compared with the target directly. In BYOL "
         "the online encoder's output goes through the predictor once more, `p = predictor(online_encoder(view_a))`, "
         "which predicts the target. Without the predictor the two branches are symmetric and one guard against "
         "collapse is gone."),
        ("wrong_axis", _loss(w["p_a"], w["z_b"], axis=0),
         "normalize를 batch 축(axis 0)으로 했어: 샘플마다가 아니라 feature마다 batch 전체의 길이를 1로 만들었어. 샘플 "
         "벡터 하나하나를 길이 1로 만들어야 cosine이 돼: `tf.math.l2_normalize(v, axis=-1)`.",
         "You normalised along the batch axis (axis 0): each feature across the batch got length 1, not each sample. "
         "Every sample's vector must have length 1 for a cosine: `tf.math.l2_normalize(v, axis=-1)`."),
        ("sum_instead_of_mean", _loss(w["p_a"], w["z_b"], reduce="sum"),
         "batch에 대해 **합**을 냈어. 샘플마다 Σ(p − z)²를 구한 다음 batch **평균**을 내야 해: 바깥은 `tf.reduce_mean`.",
         "You **summed** over the batch. Take Σ(p − z)² per sample, then the batch **mean**: the outer reduction is "
         "`tf.reduce_mean`."),
        ("negative_cosine", -float(np.mean(np.sum(_normalize(w["p_a"]) * _normalize(w["z_b"]), axis=-1))),
         "loss를 `-cos` 평균으로 냈어 (SimSiam식). 최소점은 같아도 값과 gradient 크기가 달라: 과제의 BYOL loss는 "
         "`Σ(p − z)² = 2 − 2·cos`야.",
         "You returned the mean of `-cos` (SimSiam style). The minimum is the same, but the value and the gradient's size "
         "differ: the task's BYOL loss is `Σ(p − z)² = 2 − 2·cos`."),
        ("symmetrized_loss", _loss(w["p_a"], w["z_b"]) + _loss(w["p_b"], w["z_a"]),
         "두 view를 바꿔 가며 loss 두 개를 더했어 (논문의 대칭화된 loss). 이 과제는 한 방향만이야: "
         "online(view_a) → predictor가 target(view_b)를 예측하는 loss 하나.",
         "You added two losses with the views swapped (the paper's symmetrised loss). This task asks for one "
         "direction only: online(view_a) → predictor predicting target(view_b)."),
        ("swapped_views", _loss(w["p_b"], w["z_a"]),
         "view가 바뀌었어: online 쪽에 view_b, target 쪽에 view_a를 넣었어. online(view_a) → predictor, target(view_b)야.",
         "The views are swapped: view_b went to the online side and view_a to the target. It is online(view_a) → "
         "predictor, and target(view_b)."),
    ]
    for diag, alt, ko, en in known:
        if alt is not None and not np.isclose(alt, want, rtol=1e-4, atol=1e-6) and np.isclose(value, alt, rtol=1e-4, atol=1e-6):
            raise Incorrect(diag, f"loss가 기대 {want:.6g}가 아니라 {value:.6g}야. " + ko,
                            en=f"The loss is {value:.6g}, not the expected {want:.6g}. " + en)
    raise Incorrect(
        "wrong_loss",
        f"loss가 기대값과 달라: 기대 {want:.6g}, 받은 값 {value:.6g}. p = normalize(predictor(online(view_a))), "
        "z = normalize(target(view_b)), loss = mean(Σ(p − z)²)야.",
        en=f"The loss differs: expected {want:.6g}, got {value:.6g}. p = normalize(predictor(online(view_a))), "
           "z = normalize(target(view_b)), loss = mean(Σ(p − z)²).")


def _moving(grads):
    return grads is not None and any(g is not None and float(np.max(np.abs(g))) > 1e-8 for g in grads)


def _group_norm(grads):
    present = [g for g in (grads or []) if g is not None]
    return global_norm(present) if present else 0.0


def _no_tape_path(t):
    if t.got["grads"] is None:
        raise Incorrect(
            "loss_not_tensor",
            f"loss를 {t.got['loss_kind']}(으)로 돌려줬어. tensor가 아니면 GradientTape가 gradient를 구할 수 없어. "
            "`float()`나 `.numpy()` 없이 tensor를 그대로 return해.",
            en=f"You returned the loss as {t.got['loss_kind']}. Without a tensor the GradientTape cannot compute any "
               "gradient. Return the tensor as it is, without `float()` or `.numpy()`.")


def _online_blocked(t):
    grads = t.got["grads"]
    if _moving(grads["target"]):
        return Incorrect(
            "stop_gradient_on_online",
            "stop_gradient를 online 쪽에 씌웠어: online encoder와 predictor는 gradient가 0이고, 대신 target encoder가 "
            f"gradient를 받아 (norm {_group_norm(grads['target']):.4g}). BYOL에서 학습하는 건 online 쪽이고, target은 "
            "EMA로만 따라와. `tf.stop_gradient(target_encoder(view_b))`로 바꿔.",
            en="You put stop_gradient on the online side: the online encoder and predictor get zero gradient while the "
               f"target encoder receives one (norm {_group_norm(grads['target']):.4g}). In BYOL the online side learns "
               "and the target only follows by EMA. Use `tf.stop_gradient(target_encoder(view_b))`.")
    return Incorrect(
        "online_blocked",
        "online encoder와 predictor에 gradient가 하나도 안 가 (None 또는 0). loss 전체를 stop_gradient로 감쌌거나 "
        "tensor 연결이 끊긴 것 같아. stop_gradient는 target 쪽 출력에만 씌워.",
        en="No gradient reaches the online encoder or the predictor (None or zero). It looks like the whole loss went "
           "through stop_gradient or the tensor chain was cut. Apply stop_gradient to the target branch's output only.")



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


@check("BYOL loss 값이 맞다", points=2, en="the BYOL loss value is right")
def loss_right(t):
    _explain_loss(t)


@check("online encoder와 predictor가 올바른 gradient를 받는다", points=2,
       en="the online encoder and the predictor get the right gradients")
def online_learns(t):
    _after_first(lambda t: (_loss_value(t), _no_tape_path(t)), t, "online 쪽 gradient", "The online side's gradients")
    got = t.got["grads"]
    try:
        _explain_loss(t)
    except Incorrect as exc:
        raise Incorrect(
            exc.diagnosis,
            "online 쪽 gradient는 loss에서 나오니까 loss 값이 틀리면 같이 틀려. 'BYOL loss 값' 검사의 진단부터 고쳐 봐.",
            en="The online side's gradients come from the loss, so a wrong loss makes them wrong too. Fix what the "
               "'BYOL loss value' check says first.") from None
    if not _moving(got["online"]) or not _moving(got["predictor"]):
        raise _online_blocked(t)
    names = [f"online encoder {n}" for n in ENCODER] + ["predictor kernel", "predictor bias"]
    expect_effect(list(got["online"]) + list(got["predictor"]),
                  list(t.want["grads"]["online"]) + list(t.want["grads"]["predictor"]),
                  what="online 쪽 gradient", what_en="the online side's gradients", context={"names": names},
                  names=names, diagnosis="wrong_gradient", rtol=1e-3, atol=1e-6)


@check("target encoder에는 gradient가 흐르지 않는다", points=2, en="no gradient flows into the target encoder")
def target_frozen(t):
    _after_first(lambda t: (_loss_value(t), _no_tape_path(t)), t, "target encoder의 gradient", "The target encoder's gradients")
    got = t.got["grads"]
    if not _moving(got["target"]):
        return
    if not _moving(got["online"]):
        _after_first(lambda t: _raise(_online_blocked(t)), t, "target encoder의 gradient", "The target encoder's gradients")
    raise Incorrect(
        "target_gets_gradient",
        f"target encoder가 gradient를 받고 있어 (norm {_group_norm(got['target']):.4g}, 기대 0). 그러면 loss를 줄이려고 "
        "target까지 online 쪽으로 끌려와서, 두 branch가 같은 상수를 내는 쪽으로 무너질(collapse) 수 있어. "
        "target은 EMA로만 움직여야 해: `z = tf.stop_gradient(target_encoder(view_b))`.",
        en=f"The target encoder receives gradients (norm {_group_norm(got['target']):.4g}, expected 0). Then the target is "
           "pulled towards the online side to lower the loss too, and both branches can collapse to outputting the "
           "same constant. The target must move by EMA only: `z = tf.stop_gradient(target_encoder(view_b))`.")


@check("ema_update: target = tau·target + (1−tau)·online", points=2,
       en="ema_update: target = tau·target + (1−tau)·online")
def ema_right(t):
    tau = float(t.case["tau"])
    got = t.got
    if any(not np.array_equal(np.asarray(a), np.asarray(b)) for a, b in zip(got["online_before"], got["online_after"])):
        raise Incorrect(
            "online_updated",
            "ema_update 뒤에 **online** encoder의 weight가 바뀌었어. EMA로 움직이는 건 target뿐이야. "
            "`t.assign(...)`의 t가 `target_encoder.weights`에서 온 variable인지 봐.",
            en="After ema_update the **online** encoder's weights changed. Only the target moves by EMA. Check that the "
               "variable you `assign` to comes from `target_encoder.weights`.")
    before = [np.asarray(w, np.float64) for w in got["target_before"]]
    online = [np.asarray(w, np.float64) for w in got["online_before"]]
    after = [np.asarray(w, np.float64) for w in got["target_after"]]
    want = [tau * tb + (1 - tau) * o for tb, o in zip(before, online)]

    def close(xs, ys):
        return all(np.allclose(x, y, rtol=1e-4, atol=1e-5) for x, y in zip(xs, ys))

    if close(after, want):
        return
    if close(after, before):
        raise Incorrect(
            "ema_not_assigned",
            "ema_update 뒤에도 target weight가 그대로야. 새 값을 계산만 하고 variable에 넣지 않은 것 같아. "
            "`t.assign(tau * t + (1.0 - tau) * o)`처럼 **assign**해야 모델 안의 weight가 바뀌어.",
            en="The target weights are unchanged after ema_update: the new value seems computed but never stored. "
               "Use **assign**, `t.assign(tau * t + (1.0 - tau) * o)`, so the weight inside the model changes.")
    if close(after, [(1 - tau) * tb + tau * o for tb, o in zip(before, online)]):
        raise Incorrect(
            "ema_reversed",
            f"EMA의 두 계수가 바뀌었어: target = (1−tau)·target + tau·online을 했어. tau = {tau:g}이니까 target이 "
            f"한 번에 online 쪽으로 {tau:.1%}나 이동해서 거의 복사본이 돼. 기대한 건 천천히 따라가는 "
            f"target = {tau:g}·target + {1 - tau:.3g}·online이야.",
            en=f"The two EMA weights are swapped: you did target = (1−tau)·target + tau·online. With tau = {tau:g} the "
               f"target jumps {tau:.1%} of the way to the online weights in one step and becomes almost a copy. "
               f"Expected the slow follower target = {tau:g}·target + {1 - tau:.3g}·online.")
    if close(after, online):
        raise Incorrect(
            "copied_online",
            "target에 online weight를 그대로 복사했어. 그건 hard update야. 과제는 조금씩 따라가는 EMA: "
            "`tau * target + (1 - tau) * online`.",
            en="You copied the online weights into the target: that is a hard update. The task is the slowly "
               "following EMA, `tau * target + (1 - tau) * online`.")
    expect_effect(after, want, what="EMA 후 target weight", what_en="the target's weights after EMA",
                  names=ENCODER, diagnosis="wrong_ema", rtol=1e-4, atol=1e-5)


def charts(t):
    rows = []
    for group in ("online", "predictor", "target"):
        rows.append({"group": GROUP_KO[group], "series": "정답 / reference", "value": _group_norm(t.want["grads"][group])})
    got = t.got if isinstance(t.got, dict) else {}
    if got.get("grads"):
        for group in ("online", "predictor", "target"):
            rows.append({"group": GROUP_KO[group], "series": "내 코드 / yours", "value": _group_norm(got["grads"][group])})
    charts = [{"kind": "grouped_bars", "title": "network별 gradient norm (target encoder는 0이어야 해)",
               "title_en": "Gradient norm per network (the target encoder must be 0)", "rows": rows}]

    def moved(obs):
        return [float(np.linalg.norm(np.asarray(a, np.float64) - np.asarray(b, np.float64)))
                for a, b in zip(obs["target_after"], obs["target_before"])]

    ema = [{"group": n, "series": "정답 / reference", "value": v} for n, v in zip(ENCODER, moved(t.want))]
    if got.get("target_after") is not None and len(got["target_after"]) == len(ENCODER):
        ema += [{"group": n, "series": "내 코드 / yours", "value": v} for n, v in zip(ENCODER, moved(got))]
    charts.append({"kind": "grouped_bars", "title": "EMA 한 번에 target weight가 움직인 거리 (작아야 정상)",
                   "title_en": "How far each target weight moved in one EMA step (small is normal)", "rows": ema})
    return charts
