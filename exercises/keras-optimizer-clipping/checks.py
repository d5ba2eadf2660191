"""Hidden cases and checks for keras-optimizer-clipping: an Adam configured with global_clipnorm."""
import numpy as np

from grader import analysis
from grader.api import Incorrect, all_close, check, clip_each, clip_global, global_norm

FAMILIES = ["clipping"]

NAMES = ["w1", "b1", "w2"]
SHAPES = [(3, 2), (2,), (2, 2)]


def cases(rng):
    out = []
    for kind in ("clip", "clip", "clip", "no-op"):  # the last: a global norm under max_global_norm, nothing may shrink
        max_norm = float(np.round(rng.uniform(0.5, 3.0), 3))
        lr = float(np.round(rng.uniform(0.002, 0.05), 4))
        while True:
            # Elements well away from zero (so Adam's first step is a clean ±lr), one small tensor that a
            # per-variable clip would leave alone, and at least one element a value clip would cut.
            grads = [rng.choice([-1.0, 1.0], size=s) * rng.uniform(0.3, 1.0, size=s) for s in SHAPES]
            grads[1] *= 0.3 * max_norm / np.linalg.norm(grads[1])
            for i in (0, 2):
                grads[i] *= float(rng.uniform(1.5, 3.0)) * max_norm / np.linalg.norm(grads[i])
            if kind == "no-op":
                grads = [g * (float(rng.uniform(0.4, 0.8)) * max_norm / global_norm(grads)) for g in grads]
                if min(float(np.min(np.abs(g))) for g in grads) > 0.01:
                    break
                continue
            scale = max_norm / global_norm(grads)
            smallest = min(float(np.min(np.abs(g))) for g in grads) * scale
            if np.max(np.abs(grads[0])) > max_norm and smallest > 0.01:
                break
        out.append({"learning_rate": lr, "max_global_norm": max_norm,
                    "grads": [g.astype(np.float32) for g in grads],
                    "start": [rng.normal(size=s).astype(np.float32) for s in SHAPES]})
    return out


def _is_adam(t):
    got = t.got
    if not got["is_optimizer"]:
        raise Incorrect(
            "returned_none" if got["returned"] == "NoneType" else "wrong_type",
            f"Keras optimizer를 return해야 하는데 {got['returned']}을(를) 받았어. "
            "`return keras.optimizers.Adam(...)`처럼 만든 optimizer를 돌려줘.",
            en=f"Return a Keras optimizer; got {got['returned']}. Return the optimizer you build, e.g. "
               "`return keras.optimizers.Adam(...)`.")
    name = got["config"]["class"]
    if name == "AdamW":
        raise Incorrect(
            "weight_decay_added",
            "AdamW를 만들었어. AdamW는 Adam에 weight decay(기본 0.004)를 더한 거라서, 같은 gradient로도 update가 달라져. "
            "과제는 clipping만 더한 `keras.optimizers.Adam`이야.",
            en="You built an AdamW. AdamW is Adam plus weight decay (0.004 by default), so the same gradients give a "
               "different update. The task is a `keras.optimizers.Adam` with clipping added, nothing else.")
    if name != "Adam":
        raise Incorrect(
            "wrong_optimizer",
            f"Adam을 기대했는데 {name}을(를) 받았어. 과제는 `keras.optimizers.Adam`에 clipping을 설정하는 거야.",
            en=f"Expected an Adam optimizer, got {name}. The task is to set up clipping on `keras.optimizers.Adam`.")
    return got["config"]


def _used_gradients(t):
    """The gradients the learner's Adam really used: its first moment divided by (1 - beta_1)."""
    moments, beta_1 = t.got["first_moments"], t.got["beta_1"]
    if moments is None or beta_1 is None or beta_1 >= 1.0:
        return None
    return [np.asarray(m, dtype=np.float64) / (1.0 - beta_1) for m in moments]


def _norms(tensors):
    return "[" + ", ".join(f"{float(np.linalg.norm(np.asarray(g, dtype=np.float64))):.3g}" for g in tensors) + "]"


def _clipnorm(c, got_value):
    return Incorrect(
        "clipnorm_instead_of_global",
        f"`clipnorm={got_value:g}`을 썼어. Keras의 `clipnorm`은 이름과 달리 **변수마다 따로** norm을 {got_value:g}로 "
        f"잘라: 큰 weight의 gradient만 줄고 작은 건 그대로라서 전체 방향이 바뀌어. 기대한 건 모든 gradient를 합친 "
        f"global norm이 {c:g} 이하가 되도록 다 같이 줄이는 `global_clipnorm={c:g}`이야.",
        en=f"You used `clipnorm={got_value:g}`. Despite its name, Keras's `clipnorm` cuts the norm of **each "
           f"variable's gradient separately** to {got_value:g}: only the big ones shrink, the small ones stay, so the "
           f"overall direction turns. Expected `global_clipnorm={c:g}`, which shrinks all gradients together so "
           f"their combined global norm is at most {c:g}.")


def _clipvalue(c, got_value):
    return Incorrect(
        "clipvalue_used",
        f"`clipvalue={got_value:g}`를 썼어: gradient **원소 하나하나**를 [-{got_value:g}, {got_value:g}]로 잘라. "
        "잘린 원소만 작아지니까 gradient 방향이 바뀌고, global norm이 얼마가 될지도 보장 못 해. "
        f"기대한 건 `global_clipnorm={c:g}`이야.",
        en=f"You used `clipvalue={got_value:g}`, which cuts **every element** of the gradients to "
           f"[-{got_value:g}, {got_value:g}]. Only the cut elements shrink, so the direction changes and the global "
           f"norm is not bounded either. Expected `global_clipnorm={c:g}`.")




def regions(case):
    """Clipping acts (global norm above max_global_norm) or is a no-op (below it)."""
    return {"clipping" if global_norm(case["grads"]) > case["max_global_norm"] else "no-op"}

def _after_first(check, t, what, what_en):
    """A shared precondition: the first check explains it in full, a later one only points there (one message per
    cause, not the same text twice in one verdict)."""
    try:
        return check(t)
    except Incorrect as exc:
        raise Incorrect(exc.diagnosis, f"{what}도 확인할 수 없어: 원인은 위 검사의 진단과 같아. 그것부터 고쳐 봐.",
                        en=f"{what_en} cannot be checked either: the cause is the one named by the check above. "
                           "Fix that first.") from None


@check("Adam을 주어진 learning rate로 만들었다", points=1, en="an Adam with the given learning rate")
def adam_with_learning_rate(t):
    config = _is_adam(t)
    lr, c = float(t.case["learning_rate"]), float(t.case["max_global_norm"])
    got_lr = config["learning_rate"]
    if got_lr is None:
        raise Incorrect(
            "wrong_learning_rate",
            f"learning rate가 숫자가 아니야 (schedule이거나 읽을 수 없음). 기대한 건 고정값 {lr:g}이야. "
            "`learning_rate=learning_rate`를 그대로 넘겨 줘.",
            en=f"The learning rate is not a number (a schedule, or unreadable). Expected the constant {lr:g}. "
               "Pass `learning_rate=learning_rate` as it is.")
    if np.isclose(got_lr, lr, rtol=1e-5):
        # The configured rate is right; Adam's first step must also move every weight by about lr.
        deltas = np.concatenate([np.ravel(np.asarray(d, dtype=np.float64)) for d in t.got["deltas"]])
        step = float(np.median(np.abs(deltas)))
        if np.isclose(step, lr, rtol=2e-2):
            return
        raise Incorrect(
            "wrong_update",
            f"learning rate 설정은 {lr:g}인데, 한 step에서 weight가 움직인 크기(중앙값)가 {step:.4g}야. Adam의 첫 "
            "step은 원소마다 약 learning rate만큼 움직여야 해. weight_decay 같은 다른 옵션은 빼고 "
            "`Adam(learning_rate=..., global_clipnorm=...)`만 설정해 줘.",
            en=f"The learning rate is set to {lr:g}, yet one step moved the weights by {step:.4g} (median). Adam's "
               "first step moves each element by about the learning rate. Leave out other options such as "
               "weight_decay and set only `Adam(learning_rate=..., global_clipnorm=...)`.")
    if np.isclose(got_lr, c, rtol=1e-5) and not np.isclose(lr, c, rtol=1e-5):
        raise Incorrect(
            "swapped_arguments",
            f"learning rate가 {got_lr:.4g}인데 이건 max_global_norm 값이야. 두 인자를 바꿔 넣은 것 같아. "
            f"기대: learning_rate={lr:g}, global_clipnorm={c:g}. 키워드 인자로 `learning_rate=learning_rate`, "
            "`global_clipnorm=max_global_norm`처럼 이름을 붙여서 넘기면 안 헷갈려.",
            en=f"The learning rate is {got_lr:.4g}, which is the max_global_norm value: the two arguments look "
               f"swapped. Expected learning_rate={lr:g}, global_clipnorm={c:g}. Passing them by keyword, "
               "`learning_rate=learning_rate` and `global_clipnorm=max_global_norm`, avoids the mix-up.")
    default = " (Adam의 기본값이야: `learning_rate`를 안 넘긴 것 같아)" if np.isclose(got_lr, 1e-3, rtol=1e-5) else ""
    default_en = " (Adam's default: it looks like `learning_rate` was not passed)" if default else ""
    raise Incorrect(
        "wrong_learning_rate",
        f"learning rate가 기대값과 달라: 기대 {lr:g}, 받은 값 {got_lr:.6g}{default}. 인자로 받은 "
        "`learning_rate`를 그대로 `Adam(learning_rate=learning_rate, ...)`에 넘겨 줘.",
        en=f"The learning rate differs: expected {lr:g}, got {got_lr:.6g}{default_en}. Pass the `learning_rate` "
           "argument on unchanged: `Adam(learning_rate=learning_rate, ...)`.")


@check("clipping 설정이 global_clipnorm=max_global_norm 하나다", points=1,
       en="the only clipping setting is global_clipnorm=max_global_norm")
def clipping_setting(t):
    config = _after_first(_is_adam, t, "clipping 설정", "The clipping setting")
    c = float(t.case["max_global_norm"])
    g, n, v = config["global_clipnorm"], config["clipnorm"], config["clipvalue"]
    if n is not None:
        raise _clipnorm(c, n)
    if v is not None:
        raise _clipvalue(c, v)
    if g is None:
        raise Incorrect(
            "no_clipping",
            f"clipping이 하나도 설정돼 있지 않아 (clipnorm, clipvalue, global_clipnorm 모두 None). 기대한 건 "
            f"`global_clipnorm={c:g}`이야.",
            en=f"No clipping is configured (clipnorm, clipvalue and global_clipnorm are all None). Expected "
               f"`global_clipnorm={c:g}`.")
    lr = float(t.case["learning_rate"])
    if np.isclose(g, lr, rtol=1e-5) and config["learning_rate"] is not None \
            and np.isclose(config["learning_rate"], c, rtol=1e-5):
        raise Incorrect(
            "swapped_arguments",
            f"`global_clipnorm`이 {g:.4g}(learning rate 값)이고 learning rate가 {c:g}(max_global_norm 값)야. 두 인자가 "
            "바뀌었어. `Adam(learning_rate=learning_rate, global_clipnorm=max_global_norm)`처럼 이름을 붙여서 넘겨 줘.",
            en=f"`global_clipnorm` is {g:.4g} (the learning rate) and the learning rate is {c:g} (max_global_norm): "
               "the two arguments are swapped. Pass them by name: "
               "`Adam(learning_rate=learning_rate, global_clipnorm=max_global_norm)`.")
    if not np.isclose(g, c, rtol=1e-5) and np.isclose(g, 1.0):
        raise Incorrect(
            "hardcoded_threshold",
            f"`global_clipnorm`이 1.0이야: 예시의 숫자를 그대로 쓴 것 같아. 이번 case의 `max_global_norm`은 {c:g}이야. "
            "숫자 대신 인자를 넘겨: `global_clipnorm=max_global_norm`.",
            en=f"`global_clipnorm` is 1.0: it looks like the example's number was copied. This case's `max_global_norm` "
               f"is {c:g}. Pass the argument instead of a number: `global_clipnorm=max_global_norm`.")
    if not np.isclose(g, c, rtol=1e-5):
        raise Incorrect(
            "wrong_clip_value",
            f"`global_clipnorm`은 썼는데 값이 달라: 기대 {c:g}, 받은 값 {g:.6g}. 인자 `max_global_norm`을 그대로 "
            "넘겨 줘.",
            en=f"`global_clipnorm` is set, but to the wrong value: expected {c:g}, got {g:.6g}. Pass the "
               "`max_global_norm` argument on unchanged.")


@check("실제로 모든 gradient가 함께 global norm 기준으로 줄어든다", points=2,
       en="in practice all gradients are shrunk together by their global norm")
def clips_in_practice(t):
    config = _after_first(_is_adam, t, "실제 clipping 동작", "The clipping in practice")
    c = float(t.case["max_global_norm"])
    grads = t.case["grads"]
    used = _used_gradients(t)
    if used is None or len(used) != len(grads):
        raise Incorrect(
            "wrong_optimizer",
            "한 step을 적용한 뒤 Adam의 first moment를 읽을 수 없었어. `keras.optimizers.Adam`을 기본 설정 그대로 "
            "(beta_1 < 1) 쓰고, clipping 옵션만 추가해 줘.",
            en="After one step, Adam's first moment could not be read. Use `keras.optimizers.Adam` with its default "
               "settings (beta_1 < 1) and add only the clipping option.")
    want = clip_global(grads, c)
    if all_close(used, want, rtol=1e-3, atol=1e-6):
        return
    norm = global_norm(grads)
    if all_close(used, clip_each(grads, config["clipnorm"] or c), rtol=1e-3, atol=1e-6):
        raise Incorrect(
            "clipnorm_instead_of_global",
            f"gradient 3개({', '.join(NAMES)}, global norm {norm:.3g})를 넣어 봤더니 optimizer가 변수마다 따로 잘랐어: "
            f"실제로 쓴 변수별 norm {_norms(used)}, 기대 {_norms(want)}. 작은 {NAMES[1]}은(는) 그대로고 큰 것만 "
            f"잘렸지. 이건 `clipnorm`의 동작이야. 전체를 같은 비율로 줄이려면 `global_clipnorm={c:g}`을 써.",
            en=f"Fed 3 gradients ({', '.join(NAMES)}, global norm {norm:.3g}), the optimizer clipped each variable on "
               f"its own: per-variable norms it used {_norms(used)}, expected {_norms(want)}. The small {NAMES[1]} "
               f"stayed and only the big ones were cut: that is what `clipnorm` does. To shrink everything by one "
               f"factor, use `global_clipnorm={c:g}`.")
    v = config["clipvalue"] or c
    if all_close(used, [np.clip(np.asarray(g, dtype=np.float64), -v, v) for g in grads], rtol=1e-3, atol=1e-6):
        raise Incorrect(
            "clipvalue_used",
            f"optimizer가 gradient 원소를 [-{v:g}, {v:g}]로 잘랐어 (clipvalue의 동작). 실제로 쓴 gradient의 global "
            f"norm은 {global_norm(used):.4g}로 {c:g}를 넘고, 방향도 원래 gradient와 달라. 기대한 건 "
            f"`global_clipnorm={c:g}`으로 global norm을 정확히 {c:g}로 맞추는 거야.",
            en=f"The optimizer cut the gradient elements to [-{v:g}, {v:g}] (what clipvalue does). The global norm "
               f"of the gradients it used is {global_norm(used):.4g}, above {c:g}, and their direction differs from "
               f"the original. Expected `global_clipnorm={c:g}`, which brings the global norm to exactly {c:g}.")
    if all_close(used, grads, rtol=1e-3, atol=1e-6):
        raise Incorrect(
            "no_clipping",
            f"global norm {norm:.4g}짜리 gradient가 하나도 안 줄고 그대로 쓰였어. 기대한 건 global norm이 {c:g}로 "
            f"줄어드는 거야. `keras.optimizers.Adam(..., global_clipnorm={c:g})`처럼 설정해 줘.",
            en=f"Gradients with a global norm of {norm:.4g} were used as they are. Expected them to be shrunk to a "
               f"global norm of {c:g}. Configure `keras.optimizers.Adam(..., global_clipnorm={c:g})`.")
    configured = config["global_clipnorm"]
    if configured is not None and not np.isclose(configured, c, rtol=1e-5) and \
            all_close(used, clip_global(grads, configured), rtol=1e-3, atol=1e-6):
        raise Incorrect(
            "hardcoded_threshold" if np.isclose(configured, 1.0) else "wrong_clip_value",
            f"optimizer는 모든 gradient를 같은 비율로 줄이긴 했는데, global norm을 {c:g}가 아니라 {configured:g}로 맞췄어 "
            f"(실제로 쓴 global norm {global_norm(used):.4g}). 설정한 `global_clipnorm` 값이 그대로 동작에 나타난 거야.",
            en=f"The optimizer did shrink all gradients by one factor, but to a global norm of {configured:g}, not {c:g} "
               f"(global norm used: {global_norm(used):.4g}). The `global_clipnorm` value you set shows up in the behaviour.")
    finding = analysis.diagnose(used, want, context={"raw": grads, "clip_norm": c, "names": NAMES},
                                families=FAMILIES, static=t.static, what="optimizer가 실제로 쓴 gradient",
                                what_en="the gradients the optimizer really used", rtol=1e-3, atol=1e-6)
    if finding is not None:
        raise Incorrect(finding.id, finding.ko, en=finding.en)
    raise Incorrect(
        "wrong_clipping",
        f"optimizer가 실제로 쓴 gradient가 기대와 달라: 변수별 norm {_norms(used)} (global {global_norm(used):.4g}), "
        f"기대 {_norms(want)} (global {c:g}). 전체 gradient에 같은 비율 {c / norm:.4g}를 곱한 결과여야 해.",
        en=f"The gradients the optimizer really used differ from the expected ones: per-variable norms "
           f"{_norms(used)} (global {global_norm(used):.4g}), expected {_norms(want)} (global {c:g}). They should be "
           f"the original gradients times one common factor, {c / norm:.4g}.")


def charts(t):
    grads = t.case["grads"]
    c = float(t.case["max_global_norm"])
    groups = NAMES + ["global"]

    def with_global(tensors):
        return [float(np.linalg.norm(np.asarray(g, dtype=np.float64))) for g in tensors] + [global_norm(tensors)]

    rows = [{"group": n, "series": "optimizer에 넣은 gradient / given", "value": v}
            for n, v in zip(groups, with_global(grads))]
    rows += [{"group": n, "series": "global_clipnorm (정답) / reference", "value": v}
             for n, v in zip(groups, with_global(clip_global(grads, c)))]
    got = t.got if isinstance(t.got, dict) else {}
    if got.get("first_moments") is not None and got.get("beta_1") is not None and got["beta_1"] < 1:
        used = _used_gradients(t)
        if used is not None and len(used) == len(grads):
            rows += [{"group": n, "series": "내 optimizer가 쓴 값 / yours", "value": v}
                     for n, v in zip(groups, with_global(used))]
    return [{"kind": "grouped_bars",
             "title": "optimizer가 실제로 쓴 gradient의 변수별 norm (가로선: max_global_norm)",
             "title_en": "Per-variable norm of the gradients the optimizer really used (line: max_global_norm)",
             "rows": rows, "rule": c, "rule_label": "max_global_norm"}]
