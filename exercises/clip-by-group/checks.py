"""Hidden cases and checks for clip-by-group: every group of gradients clipped by its own global norm, None kept."""
import itertools

import numpy as np

from grader.api import Incorrect, check, clip_each, expect_effect

FAMILIES = ["clipping", "norm", "sign"]


def _grad(rng, shape, norm):
    g = rng.normal(size=shape)
    return (g * (norm / np.linalg.norm(g))).astype(np.float32)


def _group(rng, count, norm):
    """`count` gradients whose joint norm is `norm`."""
    shares = rng.dirichlet(np.ones(count))
    shapes = [tuple(int(d) for d in rng.integers(1, 4, size=int(rng.integers(1, 3)))) for _ in range(count)]
    return [_grad(rng, s, norm * np.sqrt(w)) for s, w in zip(shapes, shares)]


def cases(rng):
    out = []
    # 1) actor-critic: one small group, one large one, side by side.
    c = float(np.round(rng.uniform(0.5, 2.0), 3))
    actor, critic = _group(rng, 2, c * rng.uniform(0.2, 0.8)), _group(rng, 2, c * rng.uniform(5, 50))
    out.append({"kind": "one_clipped", "clip_norm": c, "grads": actor + critic,
                "groups": ["actor", "actor", "critic", "critic"]})
    # 2) a group exactly at clip_norm ([3k, 4k] has norm 5k exactly in float32), one all None, one with a None.
    k = float(2.0 ** int(rng.integers(-2, 2)))
    c = 5.0 * k
    encoder = _group(rng, 2, c * rng.uniform(3, 10))
    out.append({"kind": "boundary_none", "clip_norm": c,
                "grads": [encoder[0], None, encoder[1], np.array([[3.0 * k, 4.0 * k]], dtype=np.float32), None],
                "groups": ["encoder", "encoder", "encoder", "head", "aux"]})
    # 3) alternating members: a group is not a contiguous slice.
    c = float(np.round(rng.uniform(0.5, 2.0), 3))
    a, b = _group(rng, 3, c * rng.uniform(3, 10)), _group(rng, 2, c * rng.uniform(0.2, 0.8))
    out.append({"kind": "interleaved", "clip_norm": c, "grads": [a[0], b[0], a[1], b[1], a[2]],
                "groups": ["policy", "value", "policy", "value", "policy"]})
    # 4) nothing to clip.
    c = float(np.round(rng.uniform(1.0, 3.0), 3))
    g1, g2 = _group(rng, 2, c * rng.uniform(0.3, 0.9)), _group(rng, 1, c * rng.uniform(0.3, 0.9))
    out.append({"kind": "all_below", "clip_norm": c, "grads": g1 + g2, "groups": ["body", "body", "head"]})
    return out


def _norm(tensors):
    return float(np.sqrt(sum(float(np.sum(np.square(np.asarray(g, dtype=np.float64)))) for g in tensors
                             if g is not None)))


def _by_group(case):
    """{group: indices}, in order of first appearance."""
    out = {}
    for i, name in enumerate(case["groups"]):
        out.setdefault(name, []).append(i)
    return out


def _scaled(case, factor_of):
    """Each group's gradients times factor_of(name, its norm); None stays None."""
    grads = case["grads"]
    out = [None] * len(grads)
    for name, idx in _by_group(case).items():
        n = _norm([grads[i] for i in idx])
        f = factor_of(name, n)
        for i in idx:
            out[i] = None if grads[i] is None else np.asarray(grads[i], dtype=np.float64) * f
    return out


def _want(case):
    c = case["clip_norm"]
    return _scaled(case, lambda name, n: c / n if n > c else 1.0)


def _want_norms(case):
    return {name: _norm([case["grads"][i] for i in idx]) for name, idx in _by_group(case).items()}


def _runs(case):
    """The groups as contiguous runs (what itertools.groupby sees): (name, indices) per run."""
    out, start = [], 0
    for name, run in itertools.groupby(case["groups"]):
        n = len(list(run))
        out.append((name, list(range(start, start + n))))
        start += n
    return out


def regions(case):
    c, norms = case["clip_norm"], _want_norms(case)
    out = set()
    for name, idx in _by_group(case).items():
        n = norms[name]
        if all(case["grads"][i] is None for i in idx):
            out.add("all-None group")
        elif n > c:
            out.add("clipped group")
        elif np.isclose(n, c, rtol=1e-9):
            out.add("boundary group (N == clip_norm)")
        else:
            out.add("no-op group")
    if len(_runs(case)) > len(_by_group(case)):
        out.add("interleaved groups")
    return out


def _same(a, b):
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if (x is None) != (y is None):
            return False
        if x is not None:
            x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
            if x.shape != y.shape or not np.allclose(x, y, rtol=1e-4, atol=1e-6):
                return False
    return True


def _pair(t):
    if t.got["clipped_kind"] is None:
        raise Incorrect(
            "returned_none" if t.got["returned"] == "NoneType" else "wrong_type",
            f"`(clipped, norms)` 두 개를 tuple로 return해야 하는데 {t.got['returned']}을(를) 받았어.",
            en=f"Return the two values `(clipped, norms)` as a tuple; got {t.got['returned']}.")


@check("묶음마다 자기 global norm으로 clip했다 (순서와 None 유지)", points=3,
       en="each group is clipped by its own global norm (order and None kept)")
def clipped_right(t):
    _pair(t)
    case, c = t.case, float(t.case["clip_norm"])
    got, want = t.got["clipped"], _want(t.case)
    if got is None:
        raise Incorrect("wrong_type", f"clipped는 gradient 리스트여야 하는데 {t.got['clipped_kind']}을(를) 받았어.",
                        en=f"clipped should be a list of gradients; got {t.got['clipped_kind']}.")
    if _same(got, want):
        return
    present = [g for g in want if g is not None]
    nones = [i for i, g in enumerate(case["grads"]) if g is None]
    if nones and len(got) == len(present) and _same(got, present):
        raise Incorrect(
            "dropped_none",
            f"`None` gradient {len(nones)}개(index {nones})를 빼고 {len(got)}개짜리 리스트를 돌려줬어. 그러면 뒤의 "
            "gradient가 한 칸씩 당겨져서 optimizer가 엉뚱한 변수에 적용해. `None`은 그 자리에 그대로 둬 "
            "(`tf.clip_by_global_norm`이 그렇게 해 줘).",
            en=f"You left out the {len(nones)} `None` gradient(s) (index {nones}) and returned a list of {len(got)}. The "
               "later gradients then shift by one and the optimizer applies them to the wrong variables. Keep `None` in "
               "its place (`tf.clip_by_global_norm` does that for you).")
    if len(got) != len(want):
        raise Incorrect(
            "wrong_length",
            f"clipped에 gradient {len(want)}개가 있어야 하는데 {len(got)}개야. 입력과 같은 순서, 같은 길이로 돌려줘.",
            en=f"clipped should hold {len(want)} gradients, got {len(got)}. Return it in the input's order and length.")
    raw = [None if g is None else np.asarray(g, dtype=np.float64) for g in case["grads"]]
    total = _norm(raw)
    together = [None if g is None else g * (c / max(total, c)) for g in raw]
    if _same(got, together):
        raise Incorrect(
            "clipped_together",
            f"묶음을 가리지 않고 **전부 한꺼번에** clip했어: 전체 global norm {total:.4g} 기준으로 모두 "
            f"{c / max(total, c):.3g}배가 됐어. 그러면 큰 묶음 때문에 작은 묶음의 update까지 줄어. 묶음마다 자기 "
            "gradient만 모아서 따로 `tf.clip_by_global_norm`해.",
            en=f"You clipped **everything together**, regardless of groups: every gradient was scaled by "
               f"{c / max(total, c):.3g} against the overall global norm {total:.4g}. The large group then shrinks the "
               "small group's update too. Collect each group's gradients and `tf.clip_by_global_norm` them separately.")
    runs = [None] * len(raw)
    for _, idx in _runs(case):
        n = _norm([raw[i] for i in idx])
        for i in idx:
            runs[i] = None if raw[i] is None else raw[i] * (c / max(n, c))
    if not _same(runs, want) and _same(got, runs):
        raise Incorrect(
            "assumed_contiguous",
            f"같은 묶음이 붙어 있다고 보고 연속 구간마다 잘랐어. 이번 groups는 {case['groups']}처럼 번갈아 나와서, 한 "
            "묶음이 여러 조각으로 나뉘어 조각마다 따로 잘렸어. 이름이 같은 gradient를 index로 **전부** 모아서 한 번에 "
            "잘라: `[i for i, g in enumerate(groups) if g == name]`.",
            en=f"You treated each contiguous run as a group. These groups alternate, {case['groups']}, so a group was "
               "split into pieces and each piece clipped on its own. Gather **all** gradients with the same name by "
               "index and clip them at once: `[i for i, g in enumerate(groups) if g == name]`.")
    summed = _scaled(case, lambda name, n: (lambda s: c / s if s > c else 1.0)(
        sum(float(np.linalg.norm(np.asarray(case["grads"][i], dtype=np.float64)))
            for i in _by_group(case)[name] if case["grads"][i] is not None)))
    if not _same(summed, want) and _same(got, summed):
        raise Incorrect(
            "sum_of_norms",
            "묶음의 norm을 tensor별 norm의 **합**으로 쟀어. global norm은 제곱합의 제곱근 `sqrt(Σ‖g‖²)`이라 합보다 "
            "작아. 합으로 재면 안 잘려야 할 묶음까지 잘리고, 잘릴 묶음은 너무 많이 잘려.",
            en="You measured a group's norm as the **sum** of its per-tensor norms. The global norm is the square root "
               "of the sum of squares, `sqrt(Σ‖g‖²)`, which is smaller. Measured as a sum, groups that must stay are "
               "cut, and the ones that must be cut are cut too much.")
    rescaled = _scaled(case, lambda name, n: c / n if n > 0 else 1.0)
    below = [name for name, n in _want_norms(case).items() if 0 < n < c]
    if below and _same(got, rescaled):
        raise Incorrect(
            "always_scaled",
            f"norm이 clip_norm {c:g}보다 **작은** 묶음 {below}까지 norm이 clip_norm이 되도록 **키웠어**. clipping은 넘는 "
            "묶음만 줄이고 나머지는 그대로 둬: 곱할 값은 `min(1, clip_norm / N)`이야.",
            en=f"You **scaled up** the group(s) {below}, whose norm is **below** clip_norm {c:g}, to a norm of clip_norm. "
               "Clipping only shrinks the groups that are over and leaves the rest alone: the factor is "
               "`min(1, clip_norm / N)`.")
    expect_effect(got, want, what="clip한 gradient", what_en="the clipped gradients",
                  context={"raw": raw, "clip_norm": c}, families=["clipping", "sign"])


@check("묶음마다 clip 전 norm을 dict로 돌려줬다", points=2, en="each group's pre-clip norm is returned in a dict")
def norms_right(t):
    _pair(t)
    case, c = t.case, float(t.case["clip_norm"])
    got, want = t.got["norms"], _want_norms(t.case)
    if got is None:
        raise Incorrect("wrong_type", f"norms는 `{{묶음 이름: norm}}` dict여야 하는데 {t.got['norms_kind']}을(를) 받았어.",
                        en=f"norms should be a dict `{{group name: norm}}`; got {t.got['norms_kind']}.")
    missing = [k for k in want if k not in got]
    if missing:
        empty = [k for k in missing if all(case["grads"][i] is None for i in _by_group(case)[k])]
        raise Incorrect(
            "missing_group",
            f"norms에 묶음 {missing}이(가) 없어." + (
                f" {empty}는 gradient가 전부 `None`인 묶음이라도 norm 0.0으로 넣어야 해: 로그에서 '이 network는 gradient를 "
                "못 받았다'가 보이거든." if empty else " groups에 나오는 이름은 전부 넣어."),
            en=f"norms lacks the group(s) {missing}." + (
                f" {empty} have only `None` gradients, and still get a norm of 0.0: in the log it shows that this network "
                "got no gradient." if empty else " Put in every name that appears in groups."))
    extra = [k for k in got if k not in want]
    if extra:
        raise Incorrect(
            "extra_group",
            f"norms에 groups에 없는 key {extra}가 있어. key는 groups에 나오는 묶음 이름 그대로야.",
            en=f"norms has key(s) {extra} that are not in groups. The keys are the group names as they appear in groups.")
    bad = [k for k in want if got[k] is None or not np.isclose(got[k], want[k], rtol=1e-4, atol=1e-6)]
    if not bad:
        return
    total = _norm(case["grads"])
    k = bad[0]
    value = got[k]
    if value is not None and np.isclose(value, total, rtol=1e-4) and not np.isclose(total, want[k], rtol=1e-4):
        raise Incorrect(
            "clipped_together",
            f"묶음 '{k}'의 norm으로 전체 global norm {total:.4g}를 넣었어. 기대한 건 그 묶음의 gradient만으로 잰 "
            f"{want[k]:.4g}야.",
            en=f"For group '{k}' you put in the overall global norm {total:.4g}. Expected the norm of that group's own "
               f"gradients, {want[k]:.4g}.")
    if value is not None and want[k] > c and np.isclose(value, c, rtol=1e-4):
        raise Incorrect(
            "norm_after_clip",
            f"묶음 '{k}'의 norm {value:.4g}는 clip **후** 값(= clip_norm)이야. 기대한 건 clip **전** {want[k]:.4g}야: 그래야 "
            "어느 network가 얼마나 튀었는지 보여.",
            en=f"Group '{k}''s norm {value:.4g} is the value **after** clipping (= clip_norm). Expected the pre-clip "
               f"{want[k]:.4g}: that is what shows which network spiked and by how much.")
    runs = {}
    for name, idx in _runs(case):
        runs[name] = _norm([case["grads"][i] for i in idx])
    if value is not None and np.isclose(value, runs[k], rtol=1e-4) and not np.isclose(runs[k], want[k], rtol=1e-4):
        raise Incorrect(
            "assumed_contiguous",
            f"묶음 '{k}'의 norm {value:.4g}는 그 묶음의 **마지막 연속 구간**만으로 잰 값이야. 번갈아 나오는 gradient를 "
            f"전부 모아서 재면 {want[k]:.4g}야.",
            en=f"Group '{k}''s norm {value:.4g} was measured over its **last contiguous run** only. Gathering all its "
               f"alternating gradients gives {want[k]:.4g}.")
    members = [case["grads"][i] for i in _by_group(case)[k] if case["grads"][i] is not None]
    expect_effect(value, want[k], what=f"묶음 '{k}'의 norm", what_en=f"group '{k}''s norm",
                  context={"tensors": members, "clip_norm": c}, families=["norm"])
