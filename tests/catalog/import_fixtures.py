"""Sources to import, laid out the way their sites keep them: a Jupyter notebook (text, LaTeX, code, stream,
image and error outputs, an attached image), a keras-io guide (guides/md/<page>.md, images under guides/img/,
output wrappers and a rich model.summary() table) and an MkDocs project (mkdocs.yml nav, admonitions, tabs,
relative images). The text and code are written for these tests; images are drawn here, so no binary is kept."""
from __future__ import annotations

import base64
import shutil
import struct
import zlib
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

HERE = Path(__file__).resolve().parent / "import_sources"
KERAS_TITLE = "Training a small classifier"
MKDOCS_TITLES = ("Why gradients explode", "Clipping the global norm")
NOTEBOOK_TITLE = "Watching a loss fall"


def png(width: int = 24, height: int = 16, rgb: tuple[int, int, int] = (30, 120, 200)) -> bytes:
    """A valid solid-colour PNG."""
    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
       '<rect width="120" height="40" fill="#eef"/><polyline points="0,35 40,20 80,12 120,10" '
       'fill="none" stroke="#36c" stroke-width="2"/></svg>')


def keras_guides(root: Path) -> Path:
    """guides/md/small_classifier.md with its plot in guides/img/small_classifier/; returns the .md file."""
    page = root / "guides" / "md" / "small_classifier.md"
    page.parent.mkdir(parents=True)
    shutil.copy(HERE / "keras_style.md", page)
    image = root / "guides" / "img" / "small_classifier" / "small_classifier_12_0.png"
    image.parent.mkdir(parents=True)
    image.write_bytes(png(rgb=(200, 80, 40)))
    return page


def mkdocs_project(root: Path) -> Path:
    """An MkDocs project folder with two pages in its nav; returns the project folder."""
    project = root / "gradient-notes"
    shutil.copytree(HERE / "mkdocs_site", project)
    (project / "docs" / "images").mkdir(exist_ok=True)
    (project / "docs" / "images" / "norm_per_step.png").write_bytes(png(rgb=(40, 160, 90)))
    (project / "docs" / "images" / "clipped.svg").write_text(SVG, encoding="utf-8")
    return project


def notebook(root: Path) -> Path:
    """A notebook as Jupyter saves one after running it; returns the .ipynb file."""
    diagram = base64.b64encode(png(rgb=(120, 60, 160))).decode()
    plot = base64.b64encode(png(32, 20, rgb=(20, 20, 20))).decode()
    cells = [
        new_markdown_cell(f"# {NOTEBOOK_TITLE}\n\n"
                          "We fit a line $y = wx + b$ to four points with plain gradient descent and print the loss "
                          "as it goes down.<br>Each step moves $w$ against its gradient.\n\n"
                          "![the setup](attachment:setup.png)"),
        new_code_cell("import numpy as np\n\nx = np.array([0.0, 1.0, 2.0, 3.0])\ny = 2 * x + 1\nw, b = 0.0, 0.0",
                      execution_count=1),
        new_markdown_cell("## The loop\n\nThe loss is the mean squared error, "
                          "$$L = \\frac{1}{n}\\sum_i (w x_i + b - y_i)^2.$$"),
        new_code_cell("for step in range(3):\n    pred = w * x + b\n    loss = np.mean((pred - y) ** 2)\n"
                      "    w -= 0.1 * np.mean(2 * (pred - y) * x)\n    b -= 0.1 * np.mean(2 * (pred - y))\n"
                      "    print(f\"step {step}: loss {loss:.3f}\")",
                      execution_count=2, outputs=[
                          new_output("stream", name="stdout", text="step 0: loss 16.500\n"),
                          new_output("stream", name="stdout",
                                     text="step 1: loss 4.\x1b[1m651\x1b[0m\nworking...\rstep 2: loss 1.331\n"),
                      ]),
        new_markdown_cell("## Plot\n\nThe points and the fitted line:"),
        new_code_cell("import matplotlib.pyplot as plt\nplt.plot(x, y, 'o')\nplt.plot(x, w * x + b)\nplt.show()",
                      execution_count=3, outputs=[
                          new_output("display_data", data={"image/png": plot,
                                                           "text/plain": "<Figure size 640x480 with 1 Axes>"}),
                      ]),
        new_code_cell("round(w, 3), round(b, 3)", execution_count=4, outputs=[
            new_output("execute_result", data={"text/plain": "(1.652, 0.781)"}, execution_count=4),
        ]),
        new_markdown_cell("A wrong shape fails loudly:"),
        new_code_cell("np.ones(3) + np.ones(4)", execution_count=5, outputs=[
            new_output("error", ename="ValueError", evalue="operands could not be broadcast together",
                       traceback=["\x1b[0;31mValueError\x1b[0m: operands could not be broadcast together with "
                                  "shapes (3,) (4,)"]),
        ]),
    ]
    cells[0]["attachments"] = {"setup.png": {"image/png": diagram}}
    book = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "language": "python",
                                                              "display_name": "Python 3"}})
    path = root / "notebooks" / "loss_fall.ipynb"
    path.parent.mkdir(parents=True)
    nbformat.write(book, str(path))
    return path


# What a learner reads in each source, counted by hand from the files above: prose words (markup, URLs and
# outputs left out) and lines of code. The reading-time test compares the importer's estimate with these.
PROSE_AND_CODE = {
    "keras": (len(("Build a two-layer classifier, read its summary and watch the loss fall Author A Instructor Date "
                   "created 2026 01 05 Last modified 2026 02 11 Description View in Colab Source Setup Build the "
                   "model A Sequential model stacks layers one after another See the layers API for every layer you "
                   "can stack Train it We fit on random data for two epochs the numbers only show the shape of the "
                   "log The loss curve of a longer run looks like this The same plot drawn from an HTML tag What "
                   "next Read the companion page on callbacks or the official guide").split()), 3 + 2 + 4),
}
