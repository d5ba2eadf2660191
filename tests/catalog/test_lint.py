"""`catalog check` warnings: the lesson loads and shows, but not as its author meant."""
from __future__ import annotations

import io

from catalog.check import run_check
from catalog.__main__ import main

BODY = """\
# 첫 번째 레슨

[API 문서](/api/layers/)와 [다음 레슨](02-next.md), [앱 레슨](/lesson?lesson=tf-01), [없는 레슨](/lesson?lesson=nope),
[밖](https://keras.io/) [위](#top)를 봐.

![그림](/img/guides/plot.png)
![없는 그림](assets/missing.png)
![있는 그림](assets/plot.png)
![웹 그림](https://example.org/x.png)

<iframe src="https://example.org/embed"></iframe>
<img src="https://example.org/y.png" onerror="alert(1)">
<span style="color:red">괜찮아</span> <font color="red">옛날 태그</font>
"""


def write(content, body: str = BODY):
    content.course("tf")
    path = content.lesson("tf", "01-first.md", "tf-01", 1, body=body)
    (path.parent / "assets").mkdir()
    (path.parent / "assets" / "plot.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return path


def test_each_flaw_is_a_warning_at_its_line(content):
    path = write(content)
    out = io.StringIO()
    assert run_check(str(content.lessons_dir), out) == 0  # warnings do not fail check
    marker = f"{path.parent.name}/{path.name}:"  # check prints paths relative to the working folder
    lines = [line.split(marker, 1)[1] for line in out.getvalue().splitlines() if marker in line]
    # Front matter is 5 lines (---, id, title, order, ---), so the body starts on line 6.
    text = "\n".join(lines)
    assert "8: warning: link /api/layers/ is a path on the site this page came from" in text
    assert "8: warning: relative link 02-next.md leads nowhere in Stream" in text
    assert "8: warning: link /lesson?lesson=nope names lesson 'nope', which does not exist" in text
    assert "/lesson?lesson=tf-01 " not in text and "keras.io" not in text and "#top" not in text
    assert "11: warning: image /img/guides/plot.png is a path on the site this page came from" in text
    assert "12: warning: image assets/missing.png does not exist" in text
    assert not any(line.startswith(("13:", "14:")) for line in lines)  # the image that exists, the https one
    assert "16: warning: <iframe> is removed with its content" in text
    assert "17: warning: <img onerror=…>: event handlers are removed" in text
    assert "18: warning: <font> is not in the HTML lessons may use" in text
    assert "<span" not in text
    assert len(lines) == 8, lines
    assert out.getvalue().rstrip().endswith("8 warnings (those lessons show, but not all of them as written)")


def test_a_body_that_repeats_the_title(content):
    content.course("tf")
    path = content.lesson("tf", "01-first.md", "tf-01", 1, body="# tf-01 제목\n\n본문이에요.\n")
    out = io.StringIO()
    run_check(str(path), out)
    assert "tf/01-first.md:6: warning: this heading repeats the lesson's title" in out.getvalue()


def test_strict_fails_on_warnings_and_a_clean_lesson_has_none(content, capsys):
    path = write(content)
    assert main(["check", "--strict", str(path)]) == 1
    path.write_text(path.read_text(encoding="utf-8").split("# 첫 번째 레슨")[0] + "본문이에요.\n![그림](assets/plot.png)\n",
                    encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--strict", str(path)]) == 0
    assert ": warning:" not in capsys.readouterr().out
