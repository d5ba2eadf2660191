"""Reading time: Hangul by characters (500/min), other text by words (200/min), code by lines (10/min)."""
from __future__ import annotations

import pytest

from catalog import estimate_minutes

KOREAN_100_CHARS = "텐서는배열이고모양이" * 10  # exactly 100 syllables
ENGLISH_10_WORDS = "A tensor is an array with a shape and dtype. "


def code_block(lines: int) -> str:
    return "```python\n" + "\n".join(f"y{n} = tf.reduce_sum(x ** {n})  # many words in a comment" for n in
                                     range(lines)) + "\n```\n"


def test_the_sample_texts_are_what_they_claim():
    assert len(KOREAN_100_CHARS) == 100
    assert len(ENGLISH_10_WORDS.split()) == 10


@pytest.mark.parametrize(("markdown", "minutes"), [
    pytest.param(KOREAN_100_CHARS * 15, 3, id="1500 Hangul characters"),
    pytest.param(ENGLISH_10_WORDS * 60, 3, id="600 English words"),
    pytest.param(code_block(30), 3, id="30 lines of code"),
    pytest.param(KOREAN_100_CHARS * 10 + "\n\n" + ENGLISH_10_WORDS * 40 + "\n\n" + code_block(20), 6,
                 id="2 + 2 + 2 minutes mixed"),
    pytest.param("짧아.", 1, id="at least one minute"),
    pytest.param("", 1, id="empty"),
])
def test_estimate(markdown, minutes):
    assert estimate_minutes(markdown) == minutes


def test_same_length_reads_slower_in_korean_than_as_english_words():
    korean = KOREAN_100_CHARS * 20  # 2,000 characters: 4 minutes
    english = ("word " * 400)  # 2,000 characters: 400 words, 2 minutes
    assert len(korean) == len(english)
    assert (estimate_minutes(korean), estimate_minutes(english)) == (4, 2)


def test_code_inside_admonitions_counts_as_code():
    indented = "!!! note\n    " + code_block(30).replace("\n", "\n    ")
    assert estimate_minutes(indented) == 3


def test_link_targets_are_not_read():
    links = "[TensorFlow](https://www.tensorflow.org/api_docs/python/tf/GradientTape/and/more/words) " * 100
    assert estimate_minutes(links) == 1  # 100 link texts, not 1,000 URL pieces


def test_catalog_estimates_unless_minutes_is_given(content):
    content.course("basics")
    content.lesson("basics", "01-a.md", "a", 1, body=KOREAN_100_CHARS * 25 + "\n")
    content.lesson("basics", "02-b.md", "b", 2, extra="minutes: 2\n", body=KOREAN_100_CHARS * 25 + "\n")
    catalog = content.load()
    assert (catalog.lesson("a").minutes, catalog.lesson("b").minutes) == (5, 2)


def output_block(lines: int, fence: str = 'text title="출력"') -> str:
    return f"```{fence}\n" + "\n".join(f"step {n}: loss 0.{n:03d} accuracy 0.9 words words words" for n in
                                       range(lines)) + "\n```\n"


@pytest.mark.parametrize(("markdown", "minutes"), [
    pytest.param(code_block(30) + output_block(200), 3, id="a 출력 block is not read"),
    pytest.param(code_block(30) + output_block(200, 'text title="Output"'), 3, id="nor an Output block"),
    pytest.param(code_block(30) + output_block(200, "output"), 3, id="nor an output fence"),
    pytest.param(code_block(30) + '<div class="k-default-codeblock">\n' + output_block(200, "") + "</div>\n", 3,
                 id="nor a Keras output wrapper"),
    pytest.param(ENGLISH_10_WORDS * 60 + "\n\n<pre style=\"white-space:pre\">" + "┃ dense (Dense) 144 ┃\n" * 300
                 + "</pre>\n", 3, id="nor a <pre> printout"),
    pytest.param(('<span style="color: #0087ff; text-decoration-color: #0087ff">Dense</span> ' * 120) + "\n"
                 + ENGLISH_10_WORDS * 48, 3, id="tags and their attributes are not words"),
    pytest.param(ENGLISH_10_WORDS * 60 + "\n\n" + "![png](/img/guides/a_long_file_name_16_0.png) "
                 "<https://keras.io/api/layers/core_layers/dense/> " * 100, 3, id="image files and URLs are not read"),
    pytest.param(code_block(20) + '```text title="Data"\n' + "a\n" * 10 + "```\n", 3,
                 id="a titled text fence that is not output is read"),
])
def test_output_and_markup_are_not_read(markdown, minutes):
    assert estimate_minutes(markdown) == minutes
