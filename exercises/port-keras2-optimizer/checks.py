"""Hidden cases and checks for port-keras2-optimizer: a Keras 3 SGD that updates exactly like a standalone
Keras 2.3 SGD config (whose clipnorm was global), judged by where two fixed steps move the variables."""
import numpy as np

from grader.api import Incorrect, check, clip_each, clip_global

# The clipping mistakes are told apart below with a numpy twin of Keras 3's SGD; the shared families add a sign.
FAMILIES = ["sign"]
SHAPES = [(3,), (2, 2)]
KERAS_DEFAULT_LR = 0.01


def _pair(rng, norm, ratio):
    """Two gradients whose joint norm is `norm`, the first `ratio` times the second (so per-variable and global
    clipping differ)."""
    a, b = rng.normal(size=SHAPES[0]), rng.normal(size=SHAPES[1])
    a, b = a / np.linalg.norm(a) * ratio, b / np.linalg.norm(b)
    s = norm / np.sqrt(ratio ** 2 + 1.0)
    return [(a * s).astype(np.float32), (b * s).astype(np.float32)]


def cases(rng):
    out = []
    lr = lambda: float(np.round(rng.uniform(0.05, 0.5), 3))  # noqa: E731  never Keras's default 0.01
    start = lambda: [rng.normal(size=s).astype(np.float32) for s in SHAPES]  # noqa: E731
    c = float(np.round(rng.uniform(0.5, 2.0), 3))
    out.append({"kind": "clipnorm_momentum", "start": start(),
                "old": {"lr": lr(), "momentum": float(np.round(rng.uniform(0.5, 0.95), 2)), "nesterov": False,
                        "clipnorm": c},
                "grads": [_pair(rng, c * rng.uniform(3, 8), rng.uniform(3, 6)),     # clipped
                          _pair(rng, c * rng.uniform(0.3, 0.7), rng.uniform(3, 6))]})  # not clipped
    v = float(np.round(rng.uniform(0.2, 0.6), 3))
    out.append({"kind": "clipvalue_nesterov", "start": start(),
                "old": {"lr": lr(), "momentum": float(np.round(rng.uniform(0.5, 0.95), 2)), "nesterov": True,
                        "clipvalue": v},
                "grads": [_pair(rng, v * rng.uniform(4, 8), rng.uniform(2, 4)),
                          _pair(rng, v * rng.uniform(2, 4), rng.uniform(2, 4))]})
    out.append({"kind": "no_clip", "start": start(), "old": {"lr": lr(), "momentum": 0.0, "nesterov": False},
                "grads": [_pair(rng, rng.uniform(1, 5), rng.uniform(1, 3)), _pair(rng, rng.uniform(1, 5), 1.0)]})
    # The first step's global norm is exactly clipnorm ([3k, 4k] and zeros: 5k in float32 too).
    k = float(2.0 ** int(rng.integers(-2, 2)))
    out.append({"kind": "boundary", "start": start(),
                "old": {"lr": lr(), "momentum": float(np.round(rng.uniform(0.5, 0.95), 2)), "nesterov": False,
                        "clipnorm": 5.0 * k},
                "grads": [[np.array([3.0 * k, 4.0 * k, 0.0], dtype=np.float32), np.zeros((2, 2), dtype=np.float32)],
                          _pair(rng, 5.0 * k * rng.uniform(3, 6), rng.uniform(3, 6))]})
    return out


def regions(case):
    old, out = case["old"], set()
    if "clipnorm" in old:
        norms = [float(np.sqrt(sum(np.sum(np.square(np.asarray(g, dtype=np.float64))) for g in step)))
                 for step in case["grads"]]
        for n in norms:
            c = old["clipnorm"]
            out.add("boundary (norm == clipnorm)" if np.isclose(n, c, rtol=1e-9) else
                    "clipnorm clips" if n > c else "no-op (norm < clipnorm)")
    elif "clipvalue" in old:
        out.add("clipvalue")
    else:
        out.add("no clipping")
    if old.get("momentum"):
        out.add("nesterov" if old.get("nesterov") else "momentum")
    return out


def _twin(case, *, clip="old", lr=None, momentum=None, nesterov=None):
    """Where Keras 3's SGD puts the variables after each step, with a chosen clipping and hyper-parameters.

    clip: "old" (Keras 2.3's meaning: clipnorm global, clipvalue per element), "per_variable" (clipnorm kept as
    Keras 3's clipnorm), "none", "value_as_norm" (clipvalue passed as global_clipnorm), "norm_as_value".
    """
    old = case["old"]
    lr = old["lr"] if lr is None else lr
    momentum = old.get("momentum", 0.0) if momentum is None else momentum
    nesterov = old.get("nesterov", False) if nesterov is None else nesterov
    w = [np.asarray(a, dtype=np.float64) for a in case["start"]]
    m = [np.zeros_like(a) for a in w]
    steps = []
    for grads in case["grads"]:
        g = [np.asarray(a, dtype=np.float64) for a in grads]
        cn, cv = old.get("clipnorm"), old.get("clipvalue")
        if clip == "old":
            g = clip_global(g, cn) if cn else ([np.clip(a, -cv, cv) for a in g] if cv else g)
        elif clip == "per_variable":
            g = clip_each(g, cn) if cn else ([np.clip(a, -cv, cv) for a in g] if cv else g)
        elif clip == "value_as_norm":
            g = clip_global(g, cv) if cv else g
        elif clip == "norm_as_value":
            g = [np.clip(a, -cn, cn) for a in g] if cn else g
        if momentum:
            m = [momentum * mi - lr * gi for mi, gi in zip(m, g)]
            w = [wi + (momentum * mi - lr * gi if nesterov else mi) for wi, mi, gi in zip(w, m, g)]
        else:
            w = [wi - lr * gi for wi, gi in zip(w, g)]
        steps.append(w)
    return steps


def _same(a, b):
    return a is not None and len(a) == len(b) and all(
        len(x) == len(y) and all(np.allclose(np.asarray(p, dtype=np.float64), q, rtol=1e-4, atol=1e-6)
                                 for p, q in zip(x, y)) for x, y in zip(a, b))


def _not_an_sgd(t):
    if t.got["clipping"] is None:
        raise Incorrect(
            "wrong_type",
            f"Keras 3 optimizer를 return해야 하는데 {t.got['class']}을(를) 받았어. `return keras.optimizers.SGD(...)`.",
            en=f"Return a Keras 3 optimizer; got {t.got['class']}. `return keras.optimizers.SGD(...)`.")


def _learner_lr(t):
    return t.got["clipping"].get("learning_rate")


@check("SGD를 옛 learning rate로 만들었다", points=1, en="an SGD with the old learning rate")
def optimizer_and_lr(t):
    _not_an_sgd(t)
    old_lr = float(t.case["old"]["lr"])
    if not t.got["is_sgd"]:
        raise Incorrect(
            "wrong_optimizer",
            f"{t.got['class']}을(를) 만들었어. 옛 설정은 SGD라서, 같은 update를 하려면 `keras.optimizers.SGD`여야 해 "
            "(Adam 같은 다른 optimizer는 update 규칙 자체가 달라).",
            en=f"You built a {t.got['class']}. The old setup is an SGD, so the same updates need `keras.optimizers.SGD` "
               "(another optimizer such as Adam has a different update rule altogether).")
    lr = _learner_lr(t)
    if lr is not None and np.isclose(lr, old_lr, rtol=1e-5):
        return
    if lr is not None and np.isclose(lr, KERAS_DEFAULT_LR, rtol=1e-5):
        raise Incorrect(
            "lr_ignored",
            f"learning rate가 Keras의 기본값 {KERAS_DEFAULT_LR:g}이야. 옛 설정의 `lr` {old_lr:g}를 옮기지 않았어. "
            "Keras 3에서는 이름이 `learning_rate`야.",
            en=f"The learning rate is Keras's default {KERAS_DEFAULT_LR:g}: the old setup's `lr` {old_lr:g} was not "
               "carried over. In Keras 3 it is called `learning_rate`.")
    raise Incorrect(
        "wrong_lr",
        f"learning rate가 {lr}인데 옛 설정은 {old_lr:g}야. `learning_rate=old[\"lr\"]`로 옮겨.",
        en=f"The learning rate is {lr}, the old setup's is {old_lr:g}. Carry it over with `learning_rate=old[\"lr\"]`.")


@check("momentum과 nesterov를 옮겼다", points=1, en="momentum and nesterov are carried over")
def momentum_carried(t):
    _not_an_sgd(t)
    old = t.case["old"]
    want_m, want_n = float(old.get("momentum", 0.0)), bool(old.get("nesterov", False))
    got_m, got_n = t.got["momentum"], t.got["nesterov"]
    if not np.isclose(got_m, want_m, rtol=1e-5):
        raise Incorrect(
            "momentum_dropped" if want_m and not got_m else "wrong_momentum",
            f"momentum이 {got_m:g}인데 옛 설정은 {want_m:g}야. momentum을 빼면 update가 지난 step의 방향을 "
            "이어받지 않아서 학습 궤적이 완전히 달라져. `momentum=old.get(\"momentum\", 0.0)`.",
            en=f"The momentum is {got_m:g}; the old setup's is {want_m:g}. Without momentum an update does not carry "
               "the previous steps' direction, and the training path is quite different. "
               "`momentum=old.get(\"momentum\", 0.0)`.")
    if got_n != want_n:
        raise Incorrect(
            "nesterov_dropped" if want_n else "wrong_nesterov",
            f"nesterov가 {got_n}인데 옛 설정은 {want_n}야. `nesterov=old.get(\"nesterov\", False)`로 옮겨.",
            en=f"nesterov is {got_n}; the old setup's is {want_n}. Carry it over with "
               "`nesterov=old.get(\"nesterov\", False)`.")


@check("두 step의 update가 Keras 2.3과 같다 (clipping 포함)", points=3,
       en="the two steps update exactly as Keras 2.3 did (clipping included)")
def same_updates(t):
    _not_an_sgd(t)
    got = t.got["steps"]
    want = t.want["steps"]
    if _same(got, want):
        return
    old = t.case["old"]
    # Judge the clipping with the learner's own learning rate and momentum, so one cause is told once.
    mine = dict(lr=_learner_lr(t), momentum=t.got["momentum"], nesterov=t.got["nesterov"])
    if mine["lr"] is None:
        mine["lr"] = old["lr"]
    if not t.got["is_sgd"]:
        raise Incorrect(
            "wrong_optimizer",
            f"{t.got['class']}의 update는 SGD와 규칙이 달라서 변수가 다른 곳으로 갔어. SGD로 만들어 (위의 항목).",
            en=f"A {t.got['class']} follows another update rule than SGD, so the variables went elsewhere. Build an SGD "
               "(the item above).")
    if _same(got, _twin(t.case, **mine)):
        diag = ("lr_ignored" if np.isclose(mine["lr"], KERAS_DEFAULT_LR) else "wrong_lr") \
            if not np.isclose(mine["lr"], old["lr"], rtol=1e-5) else \
            ("momentum_dropped" if old.get("momentum") and not mine["momentum"] else
             "nesterov_dropped" if old.get("nesterov") and not mine["nesterov"] else "wrong_momentum")
        raise Incorrect(
            diag,
            "clipping은 옛 설정과 똑같이 옮겼어. 변수가 다른 곳으로 간 건 learning rate나 momentum 때문이야 (위의 항목).",
            en="The clipping is carried over exactly. The variables went elsewhere because of the learning rate or the "
               "momentum (the items above).")
    cn, cv = old.get("clipnorm"), old.get("clipvalue")
    if cn and _same(got, _twin(t.case, clip="per_variable", **mine)):
        raise Incorrect(
            "per_tensor_clip",
            f"옛 `clipnorm={cn:g}`을 Keras 3의 `clipnorm`으로 그대로 옮겼어. Keras 2.3의 `clipnorm`은 **모든** "
            "gradient를 합친 norm으로 잘랐지만, Keras 3의 `clipnorm`은 변수마다 **따로** 잘라. 그래서 첫 step에서 "
            "두 변수의 gradient 비율이 바뀌고 update 크기도 커졌어. Keras 3에서 같은 동작은 `global_clipnorm`이야.",
            en=f"You carried the old `clipnorm={cn:g}` over as Keras 3's `clipnorm`. Keras 2.3's `clipnorm` clipped by the "
               "norm of **all** gradients together, but Keras 3's `clipnorm` clips each variable **on its own**, so on "
               "the first step the proportions between the two gradients changed and the update grew. The same "
               "behaviour in Keras 3 is `global_clipnorm`.")
    if (cn or cv) and _same(got, _twin(t.case, clip="none", **mine)):
        which = f"clipnorm={cn:g}" if cn else f"clipvalue={cv:g}"
        raise Incorrect(
            "no_clip",
            f"옛 설정의 `{which}`을(를) 빠뜨려서 gradient가 잘리지 않았어. clipping도 학습 동작의 일부라서, 빼면 "
            "spike가 온 step에서 옛 코드와 전혀 다른 update가 나. " + (
                "옛 `clipnorm`은 Keras 3의 `global_clipnorm`이야." if cn else "`clipvalue`는 Keras 3에서도 같은 뜻이야."),
            en=f"The old setup's `{which}` was left out, so the gradients were not clipped. Clipping is part of how "
               "training behaves: without it a spiking step updates nothing like the old code. " + (
                   "The old `clipnorm` is Keras 3's `global_clipnorm`." if cn else
                   "`clipvalue` means the same in Keras 3."))
    if cv and _same(got, _twin(t.case, clip="value_as_norm", **mine)):
        raise Incorrect(
            "value_as_norm",
            f"옛 `clipvalue={cv:g}`를 global norm 상한으로 옮겼어. `clipvalue`는 원소 하나하나를 `[-{cv:g}, {cv:g}]`로 "
            "자르는 옵션이야. Keras 3에서도 이름과 뜻이 같으니 `clipvalue`로 그대로 옮겨.",
            en=f"You carried the old `clipvalue={cv:g}` over as a global-norm cap. `clipvalue` cuts every single element "
               f"to `[-{cv:g}, {cv:g}]`, and it has the same name and meaning in Keras 3: carry it over as `clipvalue`.")
    if cn and _same(got, _twin(t.case, clip="norm_as_value", **mine)):
        raise Incorrect(
            "norm_as_value",
            f"옛 `clipnorm={cn:g}`을 `clipvalue`로 옮겨서 원소마다 잘랐어. 옛 `clipnorm`은 전체 norm을 보는 global "
            "clipping이야: Keras 3의 `global_clipnorm`.",
            en=f"You carried the old `clipnorm={cn:g}` over as `clipvalue`, cutting element by element. The old "
               "`clipnorm` looks at the overall norm, global clipping: Keras 3's `global_clipnorm`.")
    raise Incorrect(
        "wrong_update",
        "두 step 뒤 변수의 위치가 옛 설정의 SGD와 달라. learning rate, momentum, nesterov, 그리고 clipping 옵션"
        "(옛 `clipnorm` → `global_clipnorm`, `clipvalue` → `clipvalue`)을 하나씩 확인해.",
        en="After two steps the variables are not where the old setup's SGD puts them. Check the learning rate, "
           "momentum, nesterov and the clipping option (old `clipnorm` → `global_clipnorm`, `clipvalue` → "
           "`clipvalue`) one by one.",
        generic=True)
