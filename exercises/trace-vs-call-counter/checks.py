"""Hidden cases and checks for trace-vs-call-counter: a Variable counts a tf.function's calls, a list its traces."""
import numpy as np

from grader.api import Incorrect, check, expect_effect

# The outputs are plain numbers: only the shape family applies to them; the counting mistakes are this file's own.
FAMILIES = ["shape"]


def cases(rng):
    def call(shape, dtype="float32", scale=None):
        return {"x": rng.normal(size=shape).astype(dtype), "dtype": dtype, "scale": scale}

    s1 = float(np.round(rng.uniform(1.5, 3.0), 2))
    shapes = [(2,), (3,), (2, 2)]
    a, b = (shapes[int(i)] for i in rng.choice(3, size=2, replace=False))
    # Few traces on purpose (each tf.function trace and call costs the sandbox time): every region at least once,
    # 6 traces over 10 calls.
    return [
        # one signature throughout: a single trace (the no-retrace region)
        {"calls": [call((3,)) for _ in range(3)]},
        # shapes change and come back, then a float64 input: a new shape or dtype traces, an old one reuses
        {"calls": [call(a), call(b), call(a), call(b, "float64")]},
        # one shape, a Python scale appears and comes back: a new value traces, the same value reuses
        {"calls": [call((2,), scale=s1), call((2,)), call((2,), scale=s1)]},
    ]


def regions(case):
    calls = case["calls"]
    keys = [(np.shape(c["x"]), c["dtype"], c["scale"]) for c in calls]
    out = {"one signature (no retrace)"} if len(set(keys)) == 1 else {"retraces"}
    if len({k[0] for k in keys}) > 1:
        out.add("new shape")
    if len({k[2] for k in keys}) > 1:
        out.add("new Python value")
    if len({k[1] for k in keys}) > 1:
        out.add("new dtype")
    return out


def _raised(t, short=False):
    """make_step or a call raised: name the cause the lesson teaches (short: one line, for the later checks)."""
    err = t.got["error"]
    if not err and t.got["returned"] == "tuple of 3":
        return
    if not err:
        raise Incorrect(
            "wrong_return",
            f"`make_step()`은 `(step, calls, traces)` 세 개를 돌려줘야 하는데 {t.got['returned']}을(를) 돌려줬어.",
            en=f"`make_step()` must return three things, `(step, calls, traces)`; it returned {t.got['returned']}.")
    if "singleton tf.Variables" in err:
        diagnosis = "variable_in_function"
        ko = ("`step` 안에서 `tf.Variable`을 만들고 있어. tf.function은 trace할 때마다 몸통을 다시 돌리니까 그때마다 새 "
              "Variable이 생기게 돼서, TensorFlow가 첫 trace 말고는 거부해 ({err}). `calls`는 `make_step` 안, "
              "`step` **밖**에서 한 번만 만들고, `step` 안에서는 `calls.assign_add(1)`만 해.")
        en = ("You create a `tf.Variable` inside `step`. A tf.function reruns its body on every trace, which would make "
              "a new Variable each time, so TensorFlow refuses on any trace but the first ({err}). Create `calls` once, "
              "inside `make_step` but **outside** `step`, and only `calls.assign_add(1)` inside `step`.")
    elif "Binding inputs to tf.function failed" in err or "Can not cast TensorSpec" in err:
        diagnosis = "input_signature"
        ko = ("`input_signature`에 안 맞는 입력이 와서 에러가 났어 ({err}). 이 과제는 기본 규칙대로 retrace하는 걸 세는 "
              "거라서 signature를 주지 말라고 했어: 새 dtype(float64)이나 shape이 오면 에러 대신 새로 trace해야 해. "
              "그냥 `@tf.function`만 붙여.")
        en = ("An input that doesn't fit your `input_signature` raised ({err}). This task counts retracing under the "
              "default rules, so it asks for no signature: a new dtype (float64) or shape must trace anew, not raise. "
              "Use a bare `@tf.function`.")
    elif err.startswith("UnboundLocalError") or "is out of scope and cannot be used here" in err:
        diagnosis = "rebound_counter"
        ko = ("`step` 안에서 `calls = calls + 1`처럼 이름 `calls`에 새 값을 붙였어 ({err}). `nonlocal` 없이는 Python이 "
              "`calls`를 지역 변수로 보고, `nonlocal`을 붙이면 trace 중의 symbolic tensor가 함수 밖으로 새어 나가서 다음 "
              "호출에서 쓸 수 없어. Variable은 이름을 다시 붙이지 말고 `calls.assign_add(1)`로 제자리에서 바꿔.")
        en = ("Inside `step` you attach a new value to the name `calls`, as in `calls = calls + 1` ({err}). Without "
              "`nonlocal`, Python treats `calls` as a local; with it, a symbolic tensor from tracing leaks out of the "
              "function and the next call can't use it. Don't rebind a Variable's name; change it in place with "
              "`calls.assign_add(1)`.")
    else:
        diagnosis = "raised"
        ko = "`step`을 부르다가 에러가 났어: {err}."
        en = "Calling `step` raised: {err}."
    if short:
        raise Incorrect(diagnosis, "에러 때문에 이 부분은 확인할 수 없어. 첫 번째 check의 설명을 봐.",
                        en="This part can't be checked because of the error; see the first check.")
    raise Incorrect(diagnosis, ko.format(err=err), en=en.format(err=err))


def _scales(t):
    return [1.0 if c["scale"] is None else c["scale"] for c in t.case["calls"]]


@check("step이 scale · Σx²를 돌려준다", points=1, en="step returns scale · Σx²")
def returns_scaled_square_sum(t):
    _raised(t)
    got = [None if g is None else np.asarray(g, dtype=np.float64) for g in t.got["outputs"]]
    want = [np.asarray(w, dtype=np.float64) for w in t.want["outputs"]]
    unscaled = [w / s for w, s in zip(want, _scales(t))]
    if len(got) == len(want) and all(g is not None and np.allclose(g, u, rtol=1e-4) for g, u in zip(got, unscaled)) \
            and any(s != 1.0 for s in _scales(t)):
        raise Incorrect(
            "ignored_scale",
            f"`scale`을 무시했어: scale이 {', '.join(f'{s:g}' for s in _scales(t) if s != 1.0)}인 호출도 Σx²만 돌려줬어. "
            "`return scale * tf.reduce_sum(x * x)`.",
            en=f"You ignored `scale`: calls with scale {', '.join(f'{s:g}' for s in _scales(t) if s != 1.0)} still "
               "returned plain Σx². `return scale * tf.reduce_sum(x * x)`.")
    expect_effect(got, want, what="step의 return 값", what_en="what step returns",
                  names=[f"호출 {i + 1}" for i in range(len(want))], rtol=1e-4, atol=1e-6)


@check("calls가 step의 모든 호출을 셌다", points=2, en="calls counts every call of step")
def calls_counted(t):
    _raised(t, short=True)
    counts = t.got["counts"]
    n = len(counts)
    want = [float(i + 1) for i in range(n)]
    if counts == want:
        return
    kind = t.got["kinds"].get("calls")
    tracing = t.got["tracing"]
    if kind != "variable":
        raise Incorrect(
            "python_counter",
            f"`calls`가 Variable이 아니라 Python {kind}야. {n}번 불렀는데 센 값은 {_ints(counts)}, trace 횟수와 같거나 "
            "아예 안 바뀌어. tf.function 안의 Python 코드(`+= 1`)는 **trace할 때만** 돌거든. 호출마다 세려면 graph에 들어가는 "
            "TF 연산이어야 해: `calls = tf.Variable(0, dtype=tf.int64)`를 만들고 `step` 안에서 `calls.assign_add(1)`.",
            en=f"`calls` is a Python {kind}, not a Variable. After {n} calls it reads {_ints(counts)}: the trace count, "
               "or no change at all, because Python code (`+= 1`) inside a tf.function runs **only while tracing**. To "
               "count every call it must be a TF op that goes into the graph: create `calls = tf.Variable(0, "
               "dtype=tf.int64)` and do `calls.assign_add(1)` inside `step`.")
    if all(c == 0 for c in counts):
        raise Incorrect(
            "rebound_counter",
            f"{n}번 불렀는데 `calls`가 계속 0이야. `step` 안에서 `calls = calls + 1`로 이름만 새 텐서에 붙였거나 "
            "assign을 안 했어. 돌려준 Variable 그릇 안의 값을 바꿔야 해: `calls.assign_add(1)`.",
            en=f"After {n} calls, `calls` is still 0. Inside `step` you attached the name to a new tensor with "
               "`calls = calls + 1`, or never assigned. Change the value inside the Variable you returned: "
               "`calls.assign_add(1)`.")
    if len(set(counts)) == 1:
        raise Incorrect(
            "counted_once",
            f"`calls`가 {n}번 부르는 동안 {_ints(counts)[0]}에서 안 움직여. `assign_add`가 한 번만 실행됐어: `step` 밖에서 "
            "불렀거나, trace할 때만 도는 자리에 있어. `step`의 몸통 안에서 그냥 `calls.assign_add(1)`을 불러야 호출마다 실행돼.",
            en=f"Over {n} calls `calls` stays at {_ints(counts)[0]}: the `assign_add` ran only once, outside `step` or "
               "somewhere only tracing reaches. Call `calls.assign_add(1)` plainly in `step`'s body so every call runs it.")
    if tracing and all(c is not None for c in counts) and counts == [float(x) for x in tracing]:
        raise Incorrect(
            "counted_per_trace",
            f"`calls`가 호출이 아니라 trace를 셌어: {n}번 불렀는데 {_ints(counts)}. `assign_add`가 trace할 때만 도는 자리"
            "(Python 쪽 코드)에 있어. `step`의 몸통에서 그냥 `calls.assign_add(1)`을 불러.",
            en=f"`calls` counted traces, not calls: {n} calls read {_ints(counts)}. Your `assign_add` sits where only "
               "tracing runs it (on the Python side). Call `calls.assign_add(1)` plainly in `step`'s body.")
    raise Incorrect(
        "wrong_count",
        f"호출마다 센 `calls`가 {_ints(counts)}인데 {_ints(want)}이어야 해. 한 번 부를 때 정확히 1씩 늘려.",
        en=f"After each call `calls` reads {_ints(counts)}; expected {_ints(want)}. Add exactly 1 per call.")


@check("traces가 trace될 때마다 하나씩 늘었다", points=2, en="traces grows by one per trace")
def traces_counted(t):
    _raised(t, short=True)
    lengths = t.got["lengths"]
    tracing = t.got["tracing"]
    want_tracing = [float(x) for x in t.want["tracing"]][:len(lengths)]
    per_call = [float(i + 1) for i in range(len(lengths))]
    lengths = [None if v is None else float(v) for v in lengths]
    if t.got["kinds"].get("step") != "tf.function":
        if lengths == per_call:
            raise Incorrect(
                "traces_per_call",
                f"`step`이 tf.function이 아니라 그걸 부르는 보통 Python 함수야. 그래서 거기서 늘린 `traces`는 호출마다 "
                f"늘어 {_ints(lengths)}, 실제 trace는 {_ints(want_tracing)}번이야. `@tf.function`을 붙인 함수 자체를 "
                "`step`으로 돌려주고, `traces.append`는 그 몸통 안에 둬.",
                en=f"`step` is not the tf.function but a plain Python function that calls one, so the `traces` it grows "
                   f"grows on every call, {_ints(lengths)}, while the real traces number {_ints(want_tracing)}. Return "
                   "the `@tf.function`-decorated function itself as `step`, with `traces.append` in its body.")
        raise Incorrect(
            "not_tf_function",
            "`step`이 tf.function이 아니야 (`experimental_get_tracing_count`가 없어). `@tf.function`을 붙인 함수를 돌려줘.",
            en="`step` is not a tf.function (it has no `experimental_get_tracing_count`). Return a function decorated "
               "with `@tf.function`.")
    tracing = [float(x) for x in tracing]
    if lengths == tracing and tracing == want_tracing:
        return
    if lengths == tracing:
        raise Incorrect(
            "input_signature",
            f"`traces`는 실제 trace를 잘 셌는데, trace 횟수 자체가 {_ints(tracing)}로 기본 규칙({_ints(want_tracing)})과 "
            "달라. `input_signature`나 `reduce_retracing`을 줬지? 이 과제는 기본 규칙대로 retrace하는 걸 세는 거니까 "
            "그냥 `@tf.function`만 붙여.",
            en=f"`traces` follows the real traces, but the trace counts themselves, {_ints(tracing)}, differ from the "
               f"default rules' {_ints(want_tracing)}. Did you pass `input_signature` or `reduce_retracing`? This task "
               "counts retracing under the default rules, so use a bare `@tf.function`.")
    if lengths == per_call:
        raise Incorrect(
            "traces_per_call",
            f"`traces`가 trace가 아니라 **호출**마다 늘었어: {_ints(lengths)}, 실제 trace는 {_ints(tracing)}번. "
            "`tf.py_function`이나 TF 연산으로 늘리면 graph 안에서 매번 실행돼. trace할 때만 도는 건 **보통 Python 코드**야: "
            "`step` 몸통에서 그냥 `traces.append(...)`.",
            en=f"`traces` grew on every **call**, not every trace: {_ints(lengths)}, while the real traces number "
               f"{_ints(tracing)}. Growing it through `tf.py_function` or a TF op runs inside the graph every time. "
               "What runs only while tracing is **plain Python code**: just `traces.append(...)` in `step`'s body.")
    if all(v == 0 for v in lengths):
        raise Incorrect(
            "traces_not_recorded",
            f"`traces`가 비어 있어. `step`은 {_ints(tracing)[-1]}번 trace됐어. `step` 몸통에서 `traces.append(...)`를 불러.",
            en=f"`traces` stays empty, yet `step` was traced {_ints(tracing)[-1]} times. Call `traces.append(...)` in "
               "`step`'s body.")
    raise Incorrect(
        "wrong_traces",
        f"호출마다 `len(traces)`가 {_ints(lengths)}인데 실제 trace 횟수는 {_ints(tracing)}야. trace 한 번에 정확히 "
        "원소 하나씩 넣어.",
        en=f"After each call `len(traces)` is {_ints(lengths)}, while the real trace counts are {_ints(tracing)}. Add "
           "exactly one item per trace.")


def _ints(values):
    return [None if v is None else int(v) for v in values]
