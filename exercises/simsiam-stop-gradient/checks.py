"""Hidden cases and checks for simsiam-stop-gradient: SimSiam's symmetric negative-cosine loss, one encoder for
both views, the predictor on the predicting side and stop_gradient on the projection it chases."""
import numpy as np

from grader.api import Evidence, Incorrect, all_close, check, expect_close, global_norm

FAMILIES = ["flow", "sign", "reduction"]

ENCODER = ["hidden/kernel", "hidden/bias", "projection/kernel", "projection/bias"]
PREDICTOR = ["prediction/kernel", "prediction/bias"]


def cases(rng):
    out = []
    for _ in range(3):
        batch = int(rng.integers(5, 9))
        x = rng.normal(size=(batch, 4))
        out.append({
            "seed": int(rng.integers(0, 2**31 - 1)),
            "view_a": (x + 0.3 * rng.normal(size=x.shape)).astype(np.float32),
            "view_b": (x + 0.3 * rng.normal(size=x.shape)).astype(np.float32),
            "encoder_weights": [(0.8 * rng.normal(size=s)).astype(np.float32) for s in [(4, 5), (5,), (5, 3), (3,)]],
            "predictor_weights": [(0.8 * rng.normal(size=s)).astype(np.float32) for s in [(3, 3), (3,)]],
        })
    return out


def _d(p, z, normalize=True, axis=-1):
    p, z = np.asarray(p, np.float64), np.asarray(z, np.float64)
    if normalize:
        p = p / np.linalg.norm(p, axis=axis, keepdims=True)
        z = z / np.linalg.norm(z, axis=axis, keepdims=True)
    return float(-np.mean(np.sum(p * z, axis=-1)))


def _losses(t):
    (z_a, z_b), (p_a, p_b) = t.want["z"], t.want["p"]
    want = 0.5 * _d(p_a, z_b) + 0.5 * _d(p_b, z_a)
    known = [
        ("skipped_predictor", 0.5 * _d(z_a, z_b) + 0.5 * _d(z_b, z_a),
         "predictor를 건너뛰고 z끼리 비교했어. predictor가 없으면 대칭 loss의 gradient가 stop_gradient 없는 loss와 같은 "
         "방향이 돼서 stop_gradient가 있으나 마나고, 결국 collapse해. 예측하는 쪽은 `p = predictor(z)`야.",
         "You skipped the predictor and compared z with z. Without a predictor the symmetric loss's gradient points the "
         "same way as the loss without stop_gradient, so the stop_gradient does nothing and training collapses. The "
         "predicting side is `p = predictor(z)`."),
        ("not_symmetric", _d(p_a, z_b),
         "한 방향 항 `D(p_a, sg(z_b))`만 썼어. SimSiam은 두 view의 역할을 바꾼 항도 더해서 반씩 평균 내: "
         "`0.5 * D(p_a, sg(z_b)) + 0.5 * D(p_b, sg(z_a))`.",
         "You used only the one-way term `D(p_a, sg(z_b))`. SimSiam also adds the term with the views' roles swapped and "
         "averages the two: `0.5 * D(p_a, sg(z_b)) + 0.5 * D(p_b, sg(z_a))`."),
        ("not_symmetric", 0.5 * _d(p_a, z_b),
         "`0.5 * D(p_a, sg(z_b))` 한 항만 있어. 두 view의 역할을 바꾼 `0.5 * D(p_b, sg(z_a))`를 더해.",
         "Only the term `0.5 * D(p_a, sg(z_b))` is there. Add the one with the roles swapped, `0.5 * D(p_b, sg(z_a))`."),
        ("sign_flipped", -want,
         "loss의 부호가 반대야: cosine을 그대로 더했어. loss를 **줄이면** 두 view가 비슷해져야 하니까 D는 **negative** cosine이야.",
         "The loss has the wrong sign: you added the cosine itself. **Lowering** the loss must make the views agree, so D "
         "is the **negative** cosine."),
        ("forgot_normalize", 0.5 * _d(p_a, z_b, normalize=False) + 0.5 * _d(p_b, z_a, normalize=False),
         "l2 normalize 없이 내적했어. 그러면 벡터를 길게 만드는 것만으로 loss가 줄어. cosine은 "
         "`tf.math.l2_normalize(v, axis=-1)` 다음의 내적이야.",
         "You took dot products without l2-normalising, so merely making the vectors longer lowers the loss. The cosine "
         "is the dot product after `tf.math.l2_normalize(v, axis=-1)`."),
        ("same_view_pairs", 0.5 * _d(p_a, z_a) + 0.5 * _d(p_b, z_b),
         "각 view의 예측을 **같은** view의 z와 비교했어. 배울 게 없는 짝이야: p_a는 **다른** view의 z_b를, p_b는 z_a를 예측해야 해.",
         "You compared each view's prediction with the z of the **same** view, a pair with nothing to learn. p_a must "
         "predict the **other** view's z_b, and p_b must predict z_a."),
        ("wrong_axis", 0.5 * _d(p_a, z_b, axis=0) + 0.5 * _d(p_b, z_a, axis=0),
         "l2 normalize를 batch 축(axis=0)으로 했어. 샘플마다 벡터의 길이를 1로 만들어야 하니까 `axis=-1`이야.",
         "You l2-normalised along the batch axis (axis=0). Each sample's vector must get length 1: `axis=-1`."),
    ]
    return want, known


def _loss_value(t):
    got = t.got["loss"]
    if got is None:
        raise Incorrect(
            "returned_none" if t.got["loss_kind"] == "NoneType" else "wrong_type",
            f"simsiam_loss는 scalar tensor를 return해야 하는데 {t.got['loss_kind']}을(를) 받았어.",
            en=f"simsiam_loss should return a scalar tensor; got {t.got['loss_kind']}.")
    got = np.asarray(got, np.float64)
    if got.size != 1:
        raise Incorrect("wrong_shape", f"loss는 scalar여야 하는데 shape {got.shape}를 받았어. 샘플별 값을 평균 내.",
                        en=f"The loss should be a scalar; got shape {got.shape}. Average the per-sample values.")
    return float(got.ravel()[0])


def _explain_loss(t):
    value = _loss_value(t)
    want, known = _losses(t)
    if np.isclose(value, want, rtol=1e-4, atol=1e-6):
        return
    for diag, alt, ko, en in known:
        if not np.isclose(alt, want, rtol=1e-4, atol=1e-6) and np.isclose(value, alt, rtol=1e-4, atol=1e-6):
            raise Incorrect(diag, f"loss가 기대 {want:.6g}가 아니라 {value:.6g}야. " + ko,
                            en=f"The loss is {value:.6g}, not the expected {want:.6g}. " + en)
    raise Incorrect(
        "wrong_loss",
        f"loss가 기대값과 달라: 기대 {want:.6g}, 받은 값 {value:.6g}. loss = ½·D(p_a, sg(z_b)) + ½·D(p_b, sg(z_a)), "
        "D(p, z) = −mean cos(p, z).",
        en=f"The loss differs: expected {want:.6g}, got {value:.6g}. loss = ½·D(p_a, sg(z_b)) + ½·D(p_b, sg(z_a)), "
           "D(p, z) = −mean cos(p, z).",
        generic=True, evidence=Evidence(value, want, "loss", "the loss"))


def _moving(grads):
    return grads is not None and any(g is not None and float(np.max(np.abs(g))) > 1e-8 for g in grads)


def _grads(t):
    if t.got["grads"] is None:
        raise Incorrect(
            "loss_not_tensor",
            f"loss를 {t.got['loss_kind']}(으)로 돌려줬어. tensor가 아니면 GradientTape가 gradient를 구할 수 없어. "
            "`float()`나 `.numpy()` 없이 tensor 그대로 return해.",
            en=f"You returned the loss as {t.got['loss_kind']}. Without a tensor the GradientTape cannot compute any "
               "gradient. Return the tensor as it is, without `float()` or `.numpy()`.")
    return t.got["grads"]


def _stopped_prediction(t):
    return Incorrect(
        "stop_gradient_on_prediction",
        "predictor가 gradient를 하나도 못 받았어. `tf.stop_gradient`를 예측하는 쪽 `p`에 씌운 것 같아. 그러면 predictor는 "
        "배우지 못하고 encoder는 예측 대상 `z` 쪽으로만 끌려가. stop_gradient는 예측 **대상**에: `tf.stop_gradient(z_b)`.",
        en="The predictor got no gradient at all: it looks like `tf.stop_gradient` went on the predicting side `p`. Then "
           "the predictor cannot learn and the encoder is pulled only through the prediction target `z`. stop_gradient "
           "goes on the **target**: `tf.stop_gradient(z_b)`.")


@check("SimSiam loss 값이 맞다", points=2, en="the SimSiam loss value is right")
def loss_right(t):
    _explain_loss(t)


@check("encoder가 p 쪽으로만 gradient를 받는다", points=2, en="the encoder gets gradients through p only")
def encoder_gradients(t):
    _loss_value(t)
    grads = _grads(t)
    if not _moving(grads["encoder"]):
        raise Incorrect(
            "encoder_blocked",
            "encoder에 gradient가 하나도 안 가 (None 또는 0). loss 전체를 stop_gradient로 감쌌거나 tensor 연결이 끊긴 것 같아. "
            "stop_gradient는 예측 대상 z에만.",
            en="No gradient reaches the encoder (None or zero). It looks like the whole loss went through stop_gradient "
               "or the tensor chain was cut. Apply stop_gradient to the target z only.")
    _explain_loss(t)
    variants = t.want["variants"]
    if all_close(grads["encoder"], variants["no_stop"], rtol=1e-3, atol=1e-6) and not all_close(
            variants["no_stop"], t.want["grads"]["encoder"], rtol=1e-3, atol=1e-6):
        diff = global_norm([np.asarray(a, np.float64) - np.asarray(b, np.float64)
                            for a, b in zip(grads["encoder"], t.want["grads"]["encoder"])])
        raise Incorrect(
            "no_stop_gradient",
            f"loss 값은 맞는데 encoder gradient에 z 쪽 경로가 섞였어 (기대와의 차이 norm {diff:.4g}). 같은 encoder가 z도 만드니까 "
            "stop_gradient가 없으면 두 branch가 서로를 끌어당겨서 모든 입력에 같은 출력을 내는 쪽(collapse)으로 가. "
            "예측 대상을 `tf.stop_gradient(z_b)`, `tf.stop_gradient(z_a)`로 감싸.",
            en=f"The loss value is right, but the encoder's gradient includes the path through z (difference norm "
               f"{diff:.4g}). The same encoder makes z, so without stop_gradient the two branches pull on each other "
               "towards one output for every input (collapse). Wrap the targets: `tf.stop_gradient(z_b)`, "
               "`tf.stop_gradient(z_a)`.")
    if not _moving(grads["predictor"]):
        raise _stopped_prediction(t)
    for name, g, w in zip(ENCODER, grads["encoder"], t.want["grads"]["encoder"]):
        if g is None:
            raise Incorrect("encoder_blocked", f"encoder {name}의 gradient가 None이야.",
                            en=f"The gradient of the encoder's {name} is None.")
        expect_close(g, w, what=f"encoder {name}의 gradient", what_en=f"the gradient of the encoder's {name}",
                     diagnosis="wrong_gradient", rtol=1e-3, atol=1e-6)


@check("predictor가 올바른 gradient를 받는다", points=1, en="the predictor gets the right gradients")
def predictor_gradients(t):
    _loss_value(t)
    grads = _grads(t)
    _explain_loss(t)   # a loss that skips the predictor leaves it without gradient too: name that cause first
    if not _moving(grads["predictor"]):
        raise _stopped_prediction(t)
    for name, g, w in zip(PREDICTOR, grads["predictor"], t.want["grads"]["predictor"]):
        expect_close(g, w, what=f"predictor {name}의 gradient", what_en=f"the gradient of the predictor's {name}",
                     diagnosis="wrong_gradient", rtol=1e-3, atol=1e-6)
