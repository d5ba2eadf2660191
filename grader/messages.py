"""The judge's own learner-facing sentences, in Korean and English."""
from __future__ import annotations

_MESSAGES = {
    "pass": ("모든 검사를 통과했어! 🎉", "Every check passed! 🎉"),
    "fail": ("{failed}개 검사를 통과하지 못했어. 아래 진단을 확인해 봐.", "{failed} check(s) did not pass. See the diagnosis below."),
    "empty": ("코드가 비어 있어. 함수를 작성한 다음 제출해 줘.", "The code is empty. Write the function, then submit."),
    "too_large": ("코드가 너무 길어 ({size:,} bytes). 최대 {limit:,} bytes까지 제출할 수 있어.",
                  "The code is too long ({size:,} bytes). Submissions are limited to {limit:,} bytes."),
    "not_utf8": ("코드를 UTF-8 텍스트로 읽을 수 없어. 붙여넣기한 내용에 깨진 문자가 있는지 확인해 봐.",
                 "The code is not valid UTF-8 text. Check the pasted text for broken characters."),
    "not_attempted": ("아직 시작 코드 그대로야. TODO 부분을 채운 다음 제출해 봐. (시도 횟수에 포함되지 않아)",
                      "This is still the starter code. Fill in the TODO parts, then submit. (Not counted as an attempt.)"),
    "syntax": ("{line}번째 줄에 문법 오류가 있어: {msg}. (시도 횟수에 포함되지 않아)",
               "Syntax error on line {line}: {msg}. (Not counted as an attempt.)"),
    "exception": ("코드가 {where}에서 {type} 예외를 냈어: {msg}", "Your code raised {type} {where}: {msg}"),
    "where_line": ("{line}번째 줄", "on line {line}"),
    "where_none": ("실행 중", "while running"),
    "exit_called": ("코드가 채점이 끝나기 전에 exit()를 호출했어. 모듈 최상단에서 sys.exit()/exit()를 쓰지 마.",
                    "Your code called exit() before the checks could run. Don't call sys.exit()/exit() at module level."),
    "ended_early": ("코드가 결과를 보내기 전에 프로세스를 끝냈어 (os._exit 같은 호출?). 함수가 값을 return하게 해 줘.",
                    "Your program ended before the checks could run (os._exit or similar?). Let your functions return."),
    "crashed": ("코드가 실행 중에 비정상 종료됐어 (signal {sig}: {name}). 무한 재귀나 너무 깊은 재귀가 있는지 확인해 봐.",
                "Your program crashed (signal {sig}: {name}). Look for runaway or very deep recursion."),
    "timeout": ("시간 제한 {limit}초를 넘겼어. 무한 루프나 너무 큰 반복이 있는지 확인해 봐.",
                "Your code took longer than the {limit} s limit. Look for an infinite loop or a loop that is far too large."),
    "memory": ("메모리 제한({limit} MB)을 넘겼어. 아주 큰 배열이나 리스트를 만들고 있지 않은지 확인해 봐.",
               "Your code went over the memory limit ({limit} MB). Look for a huge array or list."),
    "output_limit": ("출력이 너무 많아서 잘렸어. print를 줄여 봐.", "Your program printed too much and was cut off. Print less."),
    "grader_problem": ("채점기 쪽 문제로 채점하지 못했어. 네 잘못이 아니야. 잠시 후 다시 제출해 줘. ({detail})",
                       "The grader failed on its side; this is not your fault. Please submit again in a moment. ({detail})"),
    "check_crashed": ("이 검사를 실행하다 채점기에 문제가 생겼어 (네 잘못이 아니야).", "This check failed on the grader's side (not your fault)."),
    "output_cut": ("\n… (출력 {more:,}자 생략)", "\n… ({more:,} more characters cut)"),
    "ran": ("실행 완료.", "Run finished."),
    # errors the probe met in what the learner's code returned (grader.explain), told in the learner's terms
    "missing_function": ("코드에 `{name}` 함수가 없어. 시작 코드의 함수 이름과 인자는 그대로 두고 내용만 채워 줘.",
                         "Your code has no function named `{name}`. Keep the starter's function name and parameters; "
                         "fill in only the body."),
    "wrong_signature": ("`{name}`의 인자가 시작 코드와 달라서 과제가 부르는 방식으로 부를 수 없어. 시작 코드의 인자를 그대로 둬.",
                        "`{name}` cannot be called the way the task calls it: its parameters differ from the starter's. "
                        "Keep the starter's parameters."),
    "no_gradients": ("optimizer가 받은 gradient가 전부 None이야 ({where}). loss가 tape 안에서 변수와 이어져 있지 않아: "
                     "`with tf.GradientTape() as tape:` 안에서 모델을 불러 tensor 연산으로 loss를 계산했는지 봐.",
                     "The optimizer got no gradient for any variable ({where}): inside the tape the loss is not "
                     "connected to the variables. Call the model and compute the loss with tensor operations inside "
                     "`with tf.GradientTape() as tape:`."),
    "numpy_in_graph": ("`.numpy()`는 `@tf.function` 안(graph)에서는 쓸 수 없어 ({where}). 끝까지 tensor로 계산하고, "
                       "숫자가 필요하면 함수 밖에서 꺼내.",
                       "`.numpy()` does not work inside a `@tf.function` graph ({where}). Keep computing with tensors "
                       "and read numbers outside the function."),
    "forgot_custom_gradient": ("함수가 `(값, gradient 함수)` 두 개짜리 tuple을 그대로 돌려줬는데, 여기는 tensor 하나가 와야 하는 "
                               "자리야. 함수 위에 `@tf.custom_gradient`를 붙이는 걸 잊었어? 붙이면 TensorFlow가 그 tuple을 값과 "
                               "gradient 규칙으로 나눠.",
                               "Your function returned its `(value, gradient function)` pair as a plain tuple where one "
                               "tensor is due: did you forget `@tf.custom_gradient` above it? With it, TensorFlow splits "
                               "the pair into the value and its gradient rule."),
    "returned_tuple": ("tensor 하나가 와야 하는 자리에 함수가 tuple(또는 리스트)을 돌려줬어. 과제가 돌려달라는 값 하나만 `return`해 줘.",
                       "Your function returned a tuple (or list) where one tensor is due. `return` only the value the "
                       "task asks for."),
    "returned_none_value": ("함수가 값 대신 None을 돌려줬어: `return`이 빠졌거나 값 없이 `return`했는지 봐.",
                            "Your function gave back None instead of a value: is a `return` missing, or empty?"),
    "unsafe": ("경고: 이 서버에서 빠진 보호 장치: {names}", "Warning: protections missing on this host: {names}"),
}


def msg(key: str, lang: str, **kwargs) -> str:
    ko, en = _MESSAGES[key]
    return (en if lang == "en" else ko).format(**kwargs)
