"""Hidden cases and checks for counting-affine-module: trainable w and b, a non-trainable call counter, in a tf.Module."""
import numpy as np

from grader.api import Incorrect, check, expect_effect

# Shared families for the layer's outputs; the Variable mistakes (counter, trainable, recreated) are this file's own.
FAMILIES = ["shape", "sign"]
# Counts expected after: 2 plain calls; the call inside the tape; the call after the SGD step; 2 tf.function calls.
COUNTS = [2, 3, 4, 6]


def cases(rng):
    out = []
    for i, dim in enumerate((3, 2, 4, 5)):
        xs = [rng.normal(size=(int(rng.integers(2, 5)), dim)).astype(np.float32) for _ in range(3)]
        target = rng.normal(size=xs[2].shape).astype(np.float32)
        if i == 1:
            target = xs[2].copy()   # the layer already fits (w = 1, b = 0): a zero gradient, the step moves nothing
        out.append({"dim": dim, "xs": xs, "target": target, "lr": float(np.round(rng.uniform(0.05, 0.2), 3))})
    return out


def regions(case):
    return {"zero gradient (the step moves nothing)" if np.allclose(case["target"], case["xs"][2])
            else "the step moves w and b", "calls through tf.function"}


def _stepped_weights(case):
    """w and b after one SGD step on the squared error, from w = 1, b = 0 (numpy twin of the probe's step)."""
    x = np.asarray(case["xs"][2], dtype=np.float64)
    t = np.asarray(case["target"], dtype=np.float64)
    w, b = np.ones(case["dim"]), np.zeros(case["dim"])
    d = 2.0 * (x * w + b - t)
    return w - case["lr"] * (d * x).sum(axis=0), b - case["lr"] * d.sum(axis=0)


def _expected_outputs(case, formula=lambda x, w, b: x * w + b):
    x0, x1 = (np.asarray(case["xs"][i], dtype=np.float64) for i in (0, 1))
    w1, b1 = _stepped_weights(case)
    one, zero = np.ones(case["dim"]), np.zeros(case["dim"])
    return [formula(x0, one, zero), formula(x1, one, zero), formula(x0, w1, b1), formula(x1, w1, b1),
            formula(x1, w1, b1)]


def _made(t, name):
    return t.got["made"][name]


def _call_error(t, short=False):
    err = t.got.get("call_error")
    if not err:
        return
    if short:
        w = _made(t, "w")
        raise Incorrect(
            "int_weight" if w.get("kind") == "variable" and w["dtype"].startswith(("int", "uint")) else "raised",
            "layer를 부르자 에러가 나서 호출 횟수를 셀 수 없어. 위 check의 설명을 봐.",
            en="Calling the layer raised, so no call could be counted. See the check above.")
    w = _made(t, "w")
    if w.get("kind") == "variable" and w["dtype"].startswith(("int", "uint")):
        raise Incorrect(
            "int_weight",
            f"layer를 부르자마자 에러가 났어 ({err}). `self.w`가 {w['dtype']} Variable이라서 float32 입력과 곱할 수 없어. "
            "`tf.Variable([1] * dim)`처럼 Python 정수로 만들면 정수 Variable이 돼. `tf.ones([dim])`(float32)로 만들어.",
            en=f"Calling the layer raised right away ({err}). `self.w` is a {w['dtype']} Variable, which can't multiply "
               "a float32 input. Made from Python ints, as in `tf.Variable([1] * dim)`, a Variable is an integer one. "
               "Make it from `tf.ones([dim])` (float32).")
    raise Incorrect(
        "raised",
        f"layer를 부르자 에러가 났어: {err}. 입력은 float32 `(batch, dim)`이야. w와 b의 dtype과 shape을 찍어 봐.",
        en=f"Calling the layer raised: {err}. The input is float32 `(batch, dim)`. Print the dtypes and shapes of w and b.")


def _parameter(t, name, start):
    """w or b is a trainable float32 Variable of shape (dim,) holding `start`."""
    made = _made(t, name)
    dim = t.case["dim"]
    word = "weight" if name == "w" else "bias"
    if made["kind"] == "missing":
        raise Incorrect(
            "missing_attribute",
            f"`self.{name}` 속성이 없어. `__init__`에서 `self.{name} = tf.Variable(...)`로 만들어 붙여.",
            en=f"There is no `self.{name}` attribute. Create it in `__init__` with `self.{name} = tf.Variable(...)`.")
    if made["kind"] != "variable":
        raise Incorrect(
            "not_variable",
            f"`self.{name}`이 Variable이 아니라 {made['kind']}야. 보통 텐서는 불변이라 학습으로 바꿀 수 없고, "
            f"`tf.Module`이 `trainable_variables`에 모아 주지도 않아. `tf.Variable(...)`로 감싸.",
            en=f"`self.{name}` is a {made['kind']}, not a Variable. An ordinary tensor is immutable, so training can't "
               "change it, and `tf.Module` doesn't collect it into `trainable_variables`. Wrap it in `tf.Variable(...)`.")
    if made["dtype"] != "float32":
        raise Incorrect(
            "int_weight" if made["dtype"].startswith(("int", "uint")) else "wrong_dtype",
            f"`self.{name}`의 dtype이 {made['dtype']}야. {word}는 float32여야 입력과 곱하고 gradient로 업데이트할 수 있어.",
            en=f"`self.{name}` has dtype {made['dtype']}. A {word} must be float32 to meet the input and be updated "
               "by gradients.")
    if made["shape"] != [dim]:
        raise Incorrect(
            "wrong_shape",
            f"`self.{name}`의 shape이 {tuple(made['shape'])}인데 ({dim},)이어야 해.",
            en=f"`self.{name}` has shape {tuple(made['shape'])}; it must be ({dim},).")
    if not made["trainable"]:
        raise Incorrect(
            "bias_frozen" if name == "b" else "weight_frozen",
            f"`self.{name}`을 `trainable=False`로 만들었어. 그러면 `trainable_variables`에서 빠져서 optimizer가 "
            f"{word}를 한 번도 안 고쳐. 학습할 값은 기본값(`trainable=True`) 그대로 둬.",
            en=f"You created `self.{name}` with `trainable=False`, which keeps it out of `trainable_variables`, so no "
               f"optimizer ever changes the {word}. Leave values to learn at the default, `trainable=True`.")
    if not np.allclose(made["value"], start):
        raise Incorrect(
            "wrong_init",
            f"`self.{name}`의 처음 값이 {np.round(np.ravel(made['value'])[:4], 3).tolist()}…인데 모두 {start:g}이어야 해.",
            en=f"`self.{name}` starts at {np.round(np.ravel(made['value'])[:4], 3).tolist()}…; it must be all {start:g}.")


def _counter(t):
    made = _made(t, "calls")
    if made["kind"] == "missing":
        raise Incorrect(
            "missing_attribute",
            "`self.calls` 속성이 없어. `__init__`에서 0으로 시작하는 정수 Variable을 만들어.",
            en="There is no `self.calls` attribute. Create an integer Variable starting at 0 in `__init__`.")
    if made["kind"] == "python":
        raise Incorrect(
            "python_counter",
            f"`self.calls`가 Python {made.get('type', 'int')}야. 그냥 부를 땐 세어지지만 `tf.function` 안에서는 "
            "trace할 때 한 번만 실행돼서 호출을 놓치고, `layer.variables`에도 없어서 checkpoint에 저장되지도 않아. "
            "`tf.Variable(0, dtype=tf.int64, trainable=False)`로 만들고 `self.calls.assign_add(1)`로 세.",
            en=f"`self.calls` is a Python {made.get('type', 'int')}. It counts plain calls, but inside a `tf.function` "
               "the Python code runs once, while tracing, so calls are missed; and it isn't in `layer.variables`, so no "
               "checkpoint saves it. Make it `tf.Variable(0, dtype=tf.int64, trainable=False)` and count with "
               "`self.calls.assign_add(1)`.")
    if made["kind"] != "variable":
        raise Incorrect(
            "not_variable",
            f"`self.calls`가 Variable이 아니라 {made['kind']}야. 바뀌는 상태는 `tf.Variable`에 담아야 제자리에서 바꿀 수 있어.",
            en=f"`self.calls` is a {made['kind']}, not a Variable. State that changes belongs in a `tf.Variable`, which "
               "can be changed in place.")
    if made["trainable"] or "calls" in t.got["trainable"]:
        raise Incorrect(
            "counter_trainable",
            "`self.calls`가 `trainable_variables`에 들어 있어 (Variable은 기본이 `trainable=True`야). 호출 횟수는 "
            "gradient로 배우는 값이 아니라서, optimizer에 넘기면 gradient가 None인 변수로 경고나 에러가 나. "
            "`trainable=False`를 붙여.",
            en="`self.calls` is in `trainable_variables` (Variables default to `trainable=True`). A call count is not "
               "learned by gradient; handed to an optimizer it is a variable with a None gradient, which warns or "
               "raises. Add `trainable=False`.")
    if not made["dtype"].startswith(("int", "uint")):
        raise Incorrect(
            "counter_dtype",
            f"`self.calls`가 {made['dtype']} Variable이야. 횟수는 정수라서 int64(또는 int32)로 만들어: "
            "`tf.Variable(0, dtype=tf.int64, trainable=False)`. float32는 2²⁴을 넘으면 1을 더해도 안 바뀌어.",
            en=f"`self.calls` is a {made['dtype']} Variable. A count is an integer, so make it int64 (or int32): "
               "`tf.Variable(0, dtype=tf.int64, trainable=False)`. A float32 stops changing when you add 1 past 2²⁴.")
    if made["shape"] != [] or not np.allclose(made["value"], 0):
        raise Incorrect(
            "wrong_init",
            f"`self.calls`는 0인 scalar로 시작해야 하는데 shape {tuple(made['shape'])}, 값 {made['value']}야.",
            en=f"`self.calls` must start as the scalar 0; it has shape {tuple(made['shape'])} and value {made['value']}.")


@check("w, b, calls를 표대로 만들었다 (dtype, shape, trainable)", points=2,
       en="w, b and calls are made as in the table (dtype, shape, trainable)")
def made_as_specified(t):
    _parameter(t, "w", 1.0)
    _parameter(t, "b", 0.0)
    _counter(t)


@check("부른 결과와 trainable_variables로 한 step 학습한 뒤의 결과가 맞다", points=2,
       en="the outputs are right, also after one SGD step on trainable_variables")
def outputs_and_training(t):
    _call_error(t)
    got = [np.asarray(o, dtype=np.float64) for o in t.got["outputs"]]
    want = _expected_outputs(t.case)
    if not all(g.shape == w.shape and np.allclose(g, w, rtol=1e-4, atol=1e-5) for g, w in zip(got[:2], want[:2])):
        raise Incorrect(
            "wrong_output",
            "처음 만든 layer(w = 1, b = 0)를 불렀는데 결과가 입력과 달라. `return x * self.w + self.b`인지 봐.",
            en="The fresh layer (w = 1, b = 0) should return its input unchanged, yet it didn't. Check that you "
               "`return x * self.w + self.b`.")
    if len(got) == len(want) and all(g.shape == w.shape and np.allclose(g, w, rtol=1e-4, atol=1e-5)
                                     for g, w in zip(got, want)):
        return
    same = t.got["same_objects"]
    if not (same["w"] and same["b"]):
        raise Incorrect(
            "variables_recreated",
            "`__call__`이 부를 때마다 `self.w`/`self.b`에 **새** Variable을 만들어 붙이고 있어. 그래서 학습 step에서 바꾼 "
            "값이 다음 호출에서 처음 값(1, 0)으로 돌아가고, `tf.function` 안에서는 Variable을 두 번 만들 수 없어서 에러가 나. "
            "Variable은 `__init__`에서 한 번만 만들어.",
            en="`__call__` attaches **new** Variables to `self.w`/`self.b` on every call, so what the training step "
               "changed is back to the start (1, 0) on the next call, and inside a `tf.function` creating them again "
               "raises. Create Variables once, in `__init__`.")
    frozen = [n for n in ("w", "b") if n not in t.got["trainable"]]
    if frozen:
        names = ", ".join(f"`self.{n}`" for n in frozen)
        not_variables = [n for n in frozen if _made(t, n)["kind"] != "variable"]
        raise Incorrect(
            "not_variable" if not_variables else "bias_frozen" if frozen == ["b"] else "weight_frozen",
            f"학습 step이 `layer.trainable_variables`만 고치는데 거기에 {names}가 없어서 그 값이 그대로야. "
            "그래서 step 뒤의 결과가 달라졌어. 학습할 값은 trainable Variable이어야 해.",
            en=f"The training step updates `layer.trainable_variables` only, and {names} is not among them, so it "
               "stayed where it was and the output after the step is off. Values to learn must be trainable Variables.")
    if len(got) >= 3 and np.allclose(got[2], _expected_outputs(t.case, lambda x, w, b: (x + b) * w)[2],
                                     rtol=1e-4, atol=1e-5):
        raise Incorrect(
            "wrong_formula",
            "처음엔 맞다가 b가 0이 아니게 된 뒤부터 달라졌어: `(x + b) * w`로 계산하고 있어. 식은 `x * w + b`야 "
            "(곱한 **다음** 더해).",
            en="Right at first, off once b is no longer 0: you compute `(x + b) * w`. The rule is `x * w + b` "
               "(multiply, **then** add).")
    if t.got["graph_error"] and not t.got["same_objects"]["calls"]:
        raise Incorrect(
            "variables_recreated",
            "`tf.function`으로 감싼 호출이 에러를 냈어: `__call__`에서 Variable을 새로 만들고 있어서야. 아래 calls check를 봐.",
            en="The calls through `tf.function` raised, because `__call__` creates a new Variable. See the calls check below.")
    if t.got["graph_error"]:
        raise Incorrect(
            "graph_error",
            f"`tf.function`으로 감싸서 부르자 에러가 났어: {t.got['graph_error']}. `__call__` 안에서 Variable을 만들거나 "
            "속성을 새 텐서로 바꾸지 말고, 이미 있는 Variable만 읽고 assign해.",
            en=f"Calling it through a `tf.function` raised: {t.got['graph_error']}. Don't create Variables or rebind "
               "attributes to new tensors inside `__call__`; only read the existing Variables and assign to them.")
    k = next(i for i, (g, w) in enumerate(zip(got, want)) if g.shape != w.shape or not np.allclose(g, w, rtol=1e-4, atol=1e-5))
    expect_effect(got[k], want[k], what=f"{k + 1}번째 호출의 결과", what_en=f"the output of call {k + 1}",
                  rtol=1e-4, atol=1e-5)
    raise Incorrect(
        "wrong_output",
        f"{'학습 step 뒤' if k >= 2 else '처음'} 결과가 달라 (호출 {k + 1}번째). 기대 {np.round(np.ravel(want[k])[:4], 4).tolist()}…, "
        f"받은 값 {np.round(np.ravel(got[k])[:4], 4).tolist()}….",
        en=f"The output {'after the training step' if k >= 2 else 'at first'} differs (call {k + 1}). Expected "
           f"{np.round(np.ravel(want[k])[:4], 4).tolist()}…, got {np.round(np.ravel(got[k])[:4], 4).tolist()}….")


@check("calls가 tf.function을 거친 호출까지 모든 호출을 셌다", points=2,
       en="calls counts every call, including those through a tf.function")
def counts_every_call(t):
    _call_error(t, short=True)
    counts = t.got["counts"]
    if counts == COUNTS:
        return
    made = _made(t, "calls")
    if made["kind"] == "python":
        raise Incorrect(
            "python_counter",
            f"센 횟수가 {counts}인데 {COUNTS}여야 해: 마지막 `tf.function` 호출 두 번이 1번으로 세어졌어. Python 숫자를 "
            "늘리는 코드는 `tf.function`이 trace할 때 **한 번만** 돌고, 그 뒤 호출에선 graph만 실행돼. 세는 것도 TF 연산이어야 "
            "매번 실행돼: `self.calls.assign_add(1)`.",
            en=f"The counts are {counts}; expected {COUNTS}: the last two calls through `tf.function` were counted "
               "once. Python code that bumps a number runs **once**, while `tf.function` traces; later calls only run "
               "the graph. Counting must be a TF op to run every time: `self.calls.assign_add(1)`.")
    if not t.got["same_objects"]["calls"]:
        if t.got["graph_error"]:
            raise Incorrect(
                "variables_recreated",
                "`__call__`에서 `self.calls`에 새 `tf.Variable`을 만들어 붙이고 있어. 그냥 부를 땐 숫자가 맞아 보여도 매번 "
                f"다른 그릇이고, `tf.function` 안에서는 Variable을 또 만들 수 없어서 에러가 났어 ({t.got['graph_error'][:120]}). "
                "`__init__`에서 한 번 만들고 `__call__`에서는 `self.calls.assign_add(1)`.",
                en="`__call__` attaches a new `tf.Variable` to `self.calls`. Plain calls look right, but it's a "
                   "different container each time, and inside a `tf.function` a Variable can't be created again, so it "
                   f"raised ({t.got['graph_error'][:120]}). Create it once in `__init__`, and in `__call__` do "
                   "`self.calls.assign_add(1)`.")
        raise Incorrect(
            "counter_rebound",
            "`self.calls = self.calls + 1`처럼 속성을 새 텐서로 바꿔 달았어. 그 순간 `self.calls`는 Variable이 아니라 보통 "
            "텐서가 되고 (`layer.variables`에서도 빠져), `tf.function` 안에서는 graph 밖으로 새어 나온 symbolic tensor가 돼서 "
            "값을 읽을 수도 없어. `self.calls.assign_add(1)`로 그릇 안의 값을 바꿔.",
            en="You rebound the attribute to a new tensor, as in `self.calls = self.calls + 1`. From then on "
               "`self.calls` is an ordinary tensor, not a Variable (it drops out of `layer.variables`), and inside a "
               "`tf.function` it becomes a symbolic tensor leaked out of the graph whose value can't even be read. "
               "Change the value inside the container with `self.calls.assign_add(1)`.")
    if all(c == 1 for c in counts):
        raise Incorrect(
            "assign_not_add",
            f"센 횟수가 계속 1이야 ({counts}). `self.calls.assign(1)`은 1로 **덮어쓰기**야. 하나씩 늘리려면 "
            "`self.calls.assign_add(1)`.",
            en=f"The count stays at 1 ({counts}). `self.calls.assign(1)` **overwrites** it with 1. To add one each "
               "time, use `self.calls.assign_add(1)`.")
    if t.got["graph_error"] and not all(t.got["same_objects"].values()):
        raise Incorrect(
            "variables_recreated",
            "`tf.function`으로 감싼 호출이 에러를 내서 두 번이 세어지지 않았어: `__call__`이 Variable을 새로 만들고 있어서야 "
            "(위 check의 설명을 봐).",
            en="The two calls through `tf.function` raised and were not counted, because `__call__` creates new "
               "Variables (see the check above).")
    if t.got["graph_error"]:
        raise Incorrect(
            "graph_error",
            f"`tf.function`으로 감싼 호출이 에러를 내서 세지 못했어: {t.got['graph_error'][:160]}.",
            en=f"The calls through `tf.function` raised, so they were not counted: {t.got['graph_error'][:160]}.")
    raise Incorrect(
        "wrong_count",
        f"단계마다 센 횟수가 {counts}인데 {COUNTS}여야 해 (그냥 2번, tape 안에서 1번, 학습 뒤 1번, tf.function으로 2번). "
        "`__call__`이 불릴 때마다 정확히 한 번 `self.calls.assign_add(1)` 하는지 봐.",
        en=f"The counts after each stage are {counts}; expected {COUNTS} (2 plain calls, 1 inside the tape, 1 after "
           "the step, 2 through tf.function). Check that every `__call__` does exactly one `self.calls.assign_add(1)`.")
