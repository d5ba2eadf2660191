"""Hidden cases and checks for vq-straight-through: nearest-code quantisation with a straight-through gradient,
and VQ-VAE's codebook and commitment losses with stop_gradient on opposite sides."""
import numpy as np

from grader.api import Evidence, Incorrect, check

FAMILIES = ["shape", "flow", "reduction", "sign"]


def cases(rng):
    out = []
    while len(out) < 3:
        k, d, batch = int(rng.integers(4, 7)), int(rng.integers(2, 4)), int(rng.integers(6, 11))
        codebook = (rng.normal(size=(k, d)) * rng.uniform(0.5, 2.0, size=(k, 1))).astype(np.float32)
        used = rng.choice(k, size=k - 1, replace=False)               # one code is left for nobody
        assign = np.concatenate([used, rng.choice(used, size=batch - len(used))])
        z_e = (codebook[assign] + 0.3 * rng.normal(size=(batch, d))).astype(np.float32)
        idx = _nearest(z_e, codebook)
        counts = np.bincount(idx, minlength=k)
        by_dot = np.argmax(z_e @ codebook.T, axis=1)
        # Every region: a code chosen by several rows, one chosen by none, and rows where the most similar code
        # (dot product) is not the nearest one.
        if counts.max() >= 2 and (counts == 0).any() and (by_dot != idx).any():
            out.append({"z_e": z_e, "codebook": codebook, "beta": float(np.round(rng.uniform(0.1, 0.5), 3)),
                        "upstream": rng.normal(size=(batch, d)).astype(np.float32)})
    return out


def regions(case):
    idx = _nearest(case["z_e"], case["codebook"])
    counts = np.bincount(idx, minlength=len(case["codebook"]))
    found = {"code shared by rows"} if counts.max() >= 2 else set()
    found |= {"unused code"} if (counts == 0).any() else set()
    by_dot = np.argmax(np.asarray(case["z_e"]) @ np.asarray(case["codebook"]).T, axis=1)
    return found | ({"dot product ≠ distance"} if (by_dot != idx).any() else set())


def _nearest(z_e, codebook):
    z_e, codebook = np.asarray(z_e, np.float64), np.asarray(codebook, np.float64)
    return np.argmin(((z_e[:, None, :] - codebook[None]) ** 2).sum(-1), axis=1)


def _parts(c):
    z_e, cb = np.asarray(c["z_e"], np.float64), np.asarray(c["codebook"], np.float64)
    idx = _nearest(z_e, cb)
    return z_e, cb, idx, cb[idx]


def _scatter(rows, idx, k):
    out = np.zeros((k, rows.shape[1]))
    np.add.at(out, idx, rows)
    return out


def _vq_grads(c, w_codebook=1.0, w_commit=None, swapped=False):
    """(d vq_loss / d z_e, d vq_loss / d codebook) with the codebook term weighted w_codebook and the commitment
    term w_commit (beta by default); `swapped` sends each term's gradient to the other side."""
    z_e, cb, idx, z_q = _parts(c)
    n = z_e.size
    w_commit = c["beta"] if w_commit is None else w_commit
    to_e = w_commit * 2.0 * (z_e - z_q) / n
    to_code = _scatter(w_codebook * 2.0 * (z_q - z_e) / n, idx, len(cb))
    if swapped:
        to_e = w_codebook * 2.0 * (z_e - z_q) / n
        to_code = _scatter(w_commit * 2.0 * (z_q - z_e) / n, idx, len(cb))
    return to_e, to_code


def _pair(t):
    if t.got["z_st"] is None or t.got["vq_loss"] is None:
        raise Incorrect("wrong_return", f"`(z_st, vq_loss)` 두 개를 return해야 하는데 {t.got['returned']}을(를) 받았어.",
                        en=f"Return two things, `(z_st, vq_loss)`; got {t.got['returned']}.")


def _close(a, b, rtol=1e-4, atol=1e-6):
    if a is None:
        return b is None or not np.any(b)
    a = np.asarray(a, np.float64)
    return a.shape == np.shape(b) and np.allclose(a, b, rtol=rtol, atol=atol)


def _zero(g):
    return g is None or not np.any(np.asarray(g, np.float64))


@check("z_st의 값은 가장 가까운 code다", points=1, en="the value of z_st is the nearest code")
def forward_value(t):
    _pair(t)
    z_e, cb, idx, z_q = _parts(t.case)
    got = np.asarray(t.got["z_st"], np.float64)
    if _close(got, z_q):
        return
    if _close(got, z_e):
        raise Incorrect(
            "ste_reversed",
            "z_st의 값이 양자화 전 z_e 그대로야. `z_q + sg(z_e − z_q)`처럼 거꾸로 쓴 것 같아. `B + sg(A − B)`는 값이 A, "
            "gradient가 B야: 값은 z_q, gradient는 z_e로 가야 하니까 `z_e + tf.stop_gradient(z_q - z_e)`.",
            en="z_st still holds the unquantised z_e: it looks written the wrong way round, `z_q + sg(z_e − z_q)`. "
               "`B + sg(A − B)` has A's value and B's gradient; the value must be z_q and the gradient go to z_e, so "
               "`z_e + tf.stop_gradient(z_q - z_e)`.")
    if _close(got, cb[np.argmax(((z_e[:, None] - cb[None]) ** 2).sum(-1), axis=1)]):
        raise Incorrect("farthest_code", "행마다 가장 **먼** code를 골랐어 (거리에 `argmax`). 가장 가까운 건 `tf.argmin`이야.",
                        en="Each row got the **farthest** code (`argmax` over distances). The nearest is `tf.argmin`.")
    if _close(got, cb[np.argmax(z_e @ cb.T, axis=1)]):
        raise Incorrect(
            "dot_product_nearest",
            "내적이 가장 큰 code를 골랐어. 길이가 다른 code끼리는 내적이 크다고 가까운 게 아니야. 유클리드 거리 "
            "`Σ(z_e − code)²`가 가장 작은 code를 골라.",
            en="You picked the code with the largest dot product. With codes of different lengths, a large dot product "
               "does not mean near. Pick the code with the smallest Euclidean distance `Σ(z_e − code)²`.")
    if got.shape != z_q.shape:
        raise Incorrect("wrong_shape", f"z_st의 shape이 {z_q.shape}이어야 하는데 {got.shape}이야.",
                        en=f"z_st should have shape {z_q.shape}, got {got.shape}.")
    rows = [i for i in range(len(z_q)) if not np.allclose(got[i], z_q[i], rtol=1e-4, atol=1e-6)]
    raise Incorrect("wrong_code", f"{rows[0]}번째 행의 z_st가 가장 가까운 code {z_q[rows[0]].round(4).tolist()}가 아니야.",
                    en=f"Row {rows[0]} of z_st is not the nearest code {z_q[rows[0]].round(4).tolist()}.")


@check("z_st를 지나는 gradient는 z_e로 그대로 가고 codebook에는 안 간다", points=2,
       en="the gradient through z_st reaches z_e unchanged and not the codebook")
def straight_through(t):
    _pair(t)
    if t.got["through_st"] is None:
        raise Incorrect("wrong_type", f"z_st가 z_e와 shape이 같은 float tensor가 아니야 ({t.got['returned']}).",
                        en=f"z_st is not a float tensor shaped like z_e ({t.got['returned']}).")
    to_e, to_code = t.got["through_st"]
    upstream = np.asarray(t.case["upstream"], np.float64)
    if _close(to_e, upstream) and _zero(to_code):
        return
    if _zero(to_e) and not _zero(to_code) and _close(t.got["z_st"], np.asarray(t.case["z_e"], np.float64)):
        raise Incorrect(
            "ste_reversed",
            "gradient가 z_e가 아니라 codebook으로 갔어. straight-through를 거꾸로 써서(`z_q + sg(z_e − z_q)`) 값은 z_e, gradient는 "
            "z_q의 것이 됐거든. `z_e + tf.stop_gradient(z_q - z_e)`로 바꿔.",
            en="The gradient went to the codebook instead of z_e: the straight-through estimator is written the wrong way "
               "round (`z_q + sg(z_e − z_q)`), so it has z_e's value and z_q's gradient. Use "
               "`z_e + tf.stop_gradient(z_q - z_e)`.")
    if _zero(to_e) and not _zero(to_code):
        raise Incorrect(
            "no_straight_through",
            "decoder에서 온 gradient가 z_e에는 하나도 안 가고 codebook으로만 갔어. z_q를 그대로 넘기면 argmin에서 길이 끊겨서 "
            "encoder는 decoder로부터 배울 수 없어. `z_st = z_e + tf.stop_gradient(z_q - z_e)`로 값은 z_q, gradient는 z_e로.",
            en="None of the decoder's gradient reaches z_e; it all goes to the codebook. Handing z_q over as it is cuts "
               "the path at the argmin, so the encoder cannot learn from the decoder. Use "
               "`z_st = z_e + tf.stop_gradient(z_q - z_e)`: z_q's value, z_e's gradient.")
    if not _zero(to_code):
        raise Incorrect("codebook_gets_decoder_gradient",
                        "decoder의 gradient가 codebook에도 흘러. codebook은 codebook loss로만 배워: z_q 쪽을 stop_gradient 안에.",
                        en="The decoder's gradient also flows into the codebook. The codebook learns from the codebook "
                           "loss only: keep z_q inside the stop_gradient.")
    ratio = float(np.sum(np.asarray(to_e, np.float64) * upstream) / np.sum(upstream * upstream)) if to_e is not None else 0.0
    raise Incorrect("wrong_straight_through",
                    f"z_e에 도착한 gradient가 upstream과 달라 (평균 비율 {ratio:.3g}). straight-through는 d z_st / d z_e = 1이야.",
                    en=f"The gradient arriving at z_e differs from the upstream one (mean ratio {ratio:.3g}). A "
                       "straight-through estimator has d z_st / d z_e = 1.")


def _vq_value(t):
    got = np.asarray(t.got["vq_loss"], np.float64)
    if got.size != 1:
        raise Incorrect("wrong_shape", f"vq_loss는 scalar여야 하는데 shape {got.shape}야.",
                        en=f"vq_loss should be a scalar; got shape {got.shape}.")
    return float(got.ravel()[0])


def _explain_vq_value(t):
    value = _vq_value(t)
    z_e, cb, idx, z_q = _parts(t.case)
    beta, sq = t.case["beta"], (z_e - z_q) ** 2
    want = (1 + beta) * sq.mean()
    if np.isclose(value, want, rtol=1e-4, atol=1e-7):
        return
    known = [
        ("summed_over_dims", (1 + beta) * sq.sum(axis=1).mean(),
         f"각 행에서 차원을 더한 다음 평균 냈어 (D={z_e.shape[1]}배 커). 과제의 mean은 모든 원소에 대한 `tf.reduce_mean`이야.",
         f"You summed over the dimensions of each row before averaging (D={z_e.shape[1]} times larger). The task's mean "
         "is `tf.reduce_mean` over all elements."),
        ("sum_instead_of_mean", (1 + beta) * sq.sum(),
         "평균 대신 **합**을 냈어. `tf.reduce_mean`을 써.", "You summed instead of averaging. Use `tf.reduce_mean`."),
        ("beta_ignored", 2 * sq.mean(),
         f"commitment loss에 beta({beta:g})를 안 곱했어. `codebook_loss + beta * commitment_loss`야.",
         f"The commitment loss is not multiplied by beta ({beta:g}). It is `codebook_loss + beta * commitment_loss`."),
    ]
    for diag, alt, ko, en in known:
        if np.isclose(value, alt, rtol=1e-4, atol=1e-7):
            raise Incorrect(diag, f"vq_loss가 기대 {want:.6g}가 아니라 {value:.6g}야. " + ko,
                            en=f"vq_loss is {value:.6g}, not the expected {want:.6g}. " + en)
    _blame_code_choice(t, value, want)
    raise Incorrect("wrong_vq_loss", f"vq_loss가 기대 {want:.6g}가 아니라 {value:.6g}야. "
                    "mean((sg(z_e) − z_q)²) + beta·mean((z_e − sg(z_q))²).",
                    en=f"vq_loss is {value:.6g}, not the expected {want:.6g}. mean((sg(z_e) − z_q)²) + "
                       "beta·mean((z_e − sg(z_q))²).",
                    generic=True, evidence=Evidence(value, want, "vq_loss", "vq_loss"))


def _blame_code_choice(t, value, want):
    """A loss computed from the wrong codes is wrong because of the choice: name the choice, not the loss."""
    try:
        forward_value(t)
    except Incorrect as wrong_choice:
        z_e, chosen = np.asarray(t.case["z_e"], np.float64), np.asarray(t.got["z_st"], np.float64)
        if chosen.shape == z_e.shape and np.isclose(value, (1 + t.case["beta"]) * ((z_e - chosen) ** 2).mean(),
                                                    rtol=1e-4, atol=1e-7):
            raise Incorrect(
                wrong_choice.diagnosis,
                f"vq_loss({value:.6g}, 기대 {want:.6g})는 네가 고른 code로는 맞게 계산됐어. 틀린 건 code 선택이야: "
                "행마다 유클리드 거리가 가장 작은 code를 `tf.argmin`으로 골라.",
                en=f"vq_loss ({value:.6g}, expected {want:.6g}) is right for the codes you chose; the choice is what is "
                   "wrong. Pick, per row, the code with the smallest Euclidean distance with `tf.argmin`.") from None


@check("vq_loss = codebook loss + beta·commitment loss", points=1, en="vq_loss = codebook loss + beta·commitment loss")
def vq_value(t):
    _pair(t)
    _explain_vq_value(t)


@check("codebook은 codebook loss로, z_e는 commitment loss로만 배운다", points=2,
       en="the codebook learns from the codebook loss only, z_e from the commitment loss only")
def vq_gradients(t):
    _pair(t)
    if t.got["through_vq"] is None:
        raise Incorrect("loss_not_tensor", f"vq_loss가 scalar float tensor가 아니라서 gradient를 구할 수 없어 "
                        f"({t.got['returned']}).", en=f"vq_loss is not a scalar float tensor, so it has no gradient "
                        f"({t.got['returned']}).")
    to_e, to_code = t.got["through_vq"]
    want_e, want_code = _vq_grads(t.case)
    if _close(to_e, want_e) and _close(to_code, want_code):
        return
    _explain_vq_value(t)
    beta = t.case["beta"]
    swapped_e, swapped_code = _vq_grads(t.case, swapped=True)
    if _close(to_e, swapped_e) and _close(to_code, swapped_code):
        raise Incorrect(
            "losses_swapped",
            f"두 stop_gradient가 서로 바뀌었어: z_e가 가중치 1로, codebook이 beta({beta:g})로 배우고 있어. codebook loss "
            "`(sg(z_e) − z_q)²`는 code를 당기고, commitment loss `beta·(z_e − sg(z_q))²`는 encoder 출력을 붙잡아.",
            en=f"The two stop_gradients are swapped: z_e learns with weight 1 and the codebook with beta ({beta:g}). The "
               "codebook loss `(sg(z_e) − z_q)²` pulls the codes; the commitment loss `beta·(z_e − sg(z_q))²` holds "
               "the encoder outputs.")
    both_e, both_code = _vq_grads(t.case, w_codebook=1 + beta, w_commit=1 + beta)
    if _close(to_e, both_e) and _close(to_code, both_code):
        raise Incorrect(
            "vq_loss_not_split",
            f"vq_loss에 stop_gradient가 없어서 두 항이 다 양쪽을 당겨: z_e와 codebook이 둘 다 가중치 1 + beta = {1 + beta:g}로 "
            "움직여. codebook loss는 z_e를, commitment loss는 z_q를 `tf.stop_gradient`로 상수로 만들어.",
            en=f"vq_loss has no stop_gradient, so both terms pull both sides: z_e and the codebook each move with weight "
               f"1 + beta = {1 + beta:g}. Make z_e a constant in the codebook loss and z_q in the commitment loss with "
               "`tf.stop_gradient`.")
    if _zero(to_code):
        raise Incorrect("codebook_blocked", "vq_loss가 codebook에 gradient를 하나도 안 줘. codebook loss의 z_q는 막지 마.",
                        en="vq_loss gives the codebook no gradient. Do not stop z_q in the codebook loss.")
    if _zero(to_e):
        raise Incorrect("commitment_blocked", "vq_loss가 z_e에 gradient를 하나도 안 줘. commitment loss의 z_e는 막지 마.",
                        en="vq_loss gives z_e no gradient. Do not stop z_e in the commitment loss.")
    raise Incorrect("wrong_vq_gradient",
                    "vq_loss의 gradient가 달라. codebook은 2·(z_q − z_e)/N을 자기를 고른 행에서 모아 받고, z_e는 "
                    "beta·2·(z_e − z_q)/N을 받아야 해 (N은 원소 수).",
                    en="vq_loss's gradients differ. The codebook should collect 2·(z_q − z_e)/N from the rows that chose "
                       "each code, and z_e get beta·2·(z_e − z_q)/N (N the number of elements).")
