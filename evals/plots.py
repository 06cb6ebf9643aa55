"""The report's charts, as PNG bytes (matplotlib with the Agg backend, no display needed)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from evals.metrics import KS

BLUE, GREY, RED, GREEN = "#1f5fa8", "#9a9a9a", "#c0392b", "#2e8b57"


def _figure(width: float = 6.4, height: float = 3.6) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height), dpi=110)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", alpha=0.3)
    return fig, ax


def _png(fig: Any) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def hit_curve(metrics: Mapping[str, float | None]) -> bytes | None:
    """hit@k for k = 1, 3, 5, 10: the assistant's retrieval against the dense baseline."""
    ours = [metrics.get(f"hit@{k}") for k in KS]
    if any(v is None for v in ours):
        return None
    fig, ax = _figure()
    ax.plot(KS, ours, marker="o", color=BLUE, linewidth=2, label="assistant (hybrid)")
    base = [metrics.get(f"baseline.hit@{k}") for k in KS]
    if all(v is not None for v in base):
        ax.plot(
            KS,
            base,
            marker="s",
            color=GREY,
            linewidth=2,
            linestyle="--",
            label="baseline (dense, 1000-char chunks)",
        )
    for k, v in zip(KS, ours, strict=True):
        ax.annotate(
            f"{v:.2f}",
            (k, v),
            textcoords="offset points",
            xytext=(0, 7),
            ha="center",
            fontsize=8,
            color=BLUE,
        )
    ax.set_xticks(KS)
    ax.set_xlabel("k (passages retrieved)")
    ax.set_ylabel("share of questions with gold evidence in top k")
    ax.set_ylim(0, 1.08)
    ax.set_title("Retrieval hit@k")
    ax.legend(loc="lower right", fontsize=8)
    return _png(fig)


def latency_histogram(records: Sequence[Mapping[str, Any]]) -> bytes | None:
    """Distribution of per-message time by stage (retrieve, answer, total)."""
    series = {
        stage: [
            float(r["timings_ms"][stage]) for r in records if stage in (r.get("timings_ms") or {})
        ]
        for stage in ("retrieve", "answer", "total")
    }
    if not any(series.values()):
        return None
    fig, ax = _figure()
    # Log-spaced bins: stage times span from under a millisecond to seconds.
    floor = 0.1
    top = max(floor * 10, max(max(v) for v in series.values() if v))
    bins = [floor * (top / floor) ** (i / 40) for i in range(41)]
    for (stage, values), color in zip(series.items(), (BLUE, GREEN, GREY), strict=True):
        if values:
            ax.hist(
                [max(v, floor) for v in values], bins=bins, alpha=0.55, color=color, label=stage
            )
    ax.set_xscale("log")
    ax.set_xlabel("milliseconds per message (log scale)")
    ax.set_ylabel("messages")
    ax.set_title("Latency by stage")
    ax.legend(fontsize=8)
    return _png(fig)


def risk_by_category(by_category: Mapping[str, Mapping[str, Any]]) -> bytes | None:
    """Risk recall (routes shown) per risk category, with the number of messages."""
    if not by_category:
        return None
    names = list(by_category)
    values = [by_category[n]["recall"] or 0.0 for n in names]
    fig, ax = _figure(6.4, max(2.4, 0.38 * len(names) + 1.2))
    colors = [GREEN if v >= 1.0 else RED for v in values]
    ax.barh(names, values, color=colors)
    for i, n in enumerate(names):
        ax.text(
            min(values[i], 1.0) + 0.01,
            i,
            f"{values[i]:.2f} (n={by_category[n]['n']})",
            va="center",
            fontsize=8,
        )
    ax.set_xlim(0, 1.25)
    ax.invert_yaxis()
    ax.grid(axis="x", alpha=0.3)
    ax.set_xlabel("share of risk messages that showed routes")
    ax.set_title("Risk recall by category")
    return _png(fig)
