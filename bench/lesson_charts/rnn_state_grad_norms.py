"""One-off: draws lessons/training-stability/assets/rnn-state-grad-norms.svg from the numbers lesson 01's
first code block computes (the same recurrence, seed and scales), as a log-scale line chart.

Run from the repository root: python bench/lesson_charts/rnn_state_grad_norms.py
It writes plain SVG by hand, so the chart needs no plotting library.
"""
from __future__ import annotations

import math
from pathlib import Path

import tensorflow as tf

OUT = Path(__file__).resolve().parents[2] / "lessons" / "training-stability" / "assets" / "rnn-state-grad-norms.svg"
SCALES = [(0.8, "#2b7bba"), (1.0, "#6a9f3a"), (2.0, "#d1495b")]


def state_grad_norms(scale: float) -> list[float]:
    """Lesson 01, first block: ||dloss/dh_t|| for t = 1..T of h_t = tanh(h_{t-1} W + x_t), loss = sum(h_T)."""
    tf.random.set_seed(0)
    n, T = 16, 50
    q, _ = tf.linalg.qr(tf.random.normal((n, n)))
    xs = 0.1 * tf.random.normal((T, 1, n))
    w = tf.Variable(scale * q)
    h, states = tf.zeros((1, n)), []
    with tf.GradientTape() as tape:
        for x in xs:
            h = tf.tanh(h @ w + x)
            states.append(h)
        loss = tf.reduce_sum(h)
    return [float(tf.norm(g)) for g in tape.gradient(loss, states)]


def svg(series: list[tuple[float, str, list[float]]]) -> str:
    width, height, left, right, top, bottom = 640, 360, 70, 130, 20, 50
    plot_w, plot_h = width - left - right, height - top - bottom
    lo, hi = -5, 6  # log10 range of the y axis: 1e-5 .. 1e6
    steps = len(series[0][2])

    def x_of(k: int) -> float:
        return left + plot_w * k / (steps - 1)

    def y_of(v: float) -> float:
        return top + plot_h * (hi - math.log10(v)) / (hi - lo)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           'font-family="sans-serif" font-size="12">',
           f'<rect x="0" y="0" width="{width}" height="{height}" fill="white"/>']
    for e in range(lo, hi + 1):
        y = y_of(10.0 ** e)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e3e3e3"/>')
        out.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">1e{e}</text>')
    for k in range(0, steps, 10):
        x = x_of(k)
        out.append(f'<text x="{x:.1f}" y="{top + plot_h + 18}" text-anchor="middle">{k}</text>')
    out.append(f'<text x="{x_of(49):.1f}" y="{top + plot_h + 18}" text-anchor="middle">49</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#888"/>')
    out.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 10}" text-anchor="middle">T − t</text>')
    out.append(f'<text x="16" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
               f'transform="rotate(-90 16 {top + plot_h / 2:.1f})">‖∂loss/∂h_t‖ (log)</text>')
    for i, (scale, colour, norms) in enumerate(series):
        # norms[t-1] is state t; plot against how many steps back from the last state it is.
        points = " ".join(f"{x_of(k):.1f},{y_of(norms[steps - 1 - k]):.1f}" for k in range(steps))
        out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        ly = top + 20 + 22 * i
        out.append(f'<line x1="{left + plot_w + 14}" y1="{ly}" x2="{left + plot_w + 38}" y2="{ly}" '
                   f'stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{left + plot_w + 44}" y="{ly + 4}">scale {scale}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main() -> None:
    series = [(scale, colour, state_grad_norms(scale)) for scale, colour in SCALES]
    for scale, _, norms in series:
        print(f"scale {scale}: last {norms[-1]:.3g}, first {norms[0]:.3g}")
    OUT.write_text(svg(series), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
