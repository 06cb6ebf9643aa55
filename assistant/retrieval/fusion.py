"""Combining ranked lists: reciprocal rank fusion, a recency tie-break, near-duplicate removal."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.dates import month_index
from assistant.terms import content_set, jaccard
from assistant.types import Chunk


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]], k: float = 60.0, weights: Sequence[float] | None = None
) -> dict[str, float]:
    """sum over lists of weight / (k + rank), rank 1-based; ids missing from a list add nothing."""
    weights = list(weights) if weights is not None else [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("one weight per ranking")
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return scores


def recency(chunks: Sequence[Chunk]) -> dict[str, float]:
    """Each chunk's issue date scaled to 0 (oldest of these) .. 1 (newest of these)."""
    months = {c.id: month_index(c.doc.date) for c in chunks}
    if not months:
        return {}
    lo, hi = min(months.values()), max(months.values())
    span = max(hi - lo, 1)
    return {cid: (m - lo) / span for cid, m in months.items()}


def near_duplicate(a: frozenset[str], b: frozenset[str], threshold: float) -> bool:
    return bool(a) and bool(b) and jaccard(a, b) >= threshold


def suppress_near_duplicates(
    ranked: Sequence[Chunk], threshold: float = 0.8
) -> list[tuple[Chunk, int]]:
    """Drop near-identical passages (the same article reprinted in another issue), keeping
    the newest issue's copy. Returns (kept chunk, index in `ranked` of its best-ranked copy)."""
    kept: list[tuple[Chunk, int]] = []
    words: list[frozenset[str]] = []
    for i, chunk in enumerate(ranked):
        ws = content_set(chunk.text)
        match = next(
            (
                j
                for j, (k, _) in enumerate(kept)
                if k.content_hash == chunk.content_hash or near_duplicate(ws, words[j], threshold)
            ),
            None,
        )
        if match is None:
            kept.append((chunk, i))
            words.append(ws)
        elif month_index(chunk.doc.date) > month_index(kept[match][0].doc.date):
            kept[match] = (chunk, kept[match][1])
            words[match] = ws
    return kept


def prefer_newer_variants(
    ranked: list[tuple[Chunk, float]], variant: float = 0.5, margin: float = 0.75
) -> list[tuple[Chunk, float]]:
    """Where two passages say much the same (content-word Jaccard >= `variant`, e.g. one
    phone number changed between issues) and the newer one scores at least `margin` of the
    older one, the newer one moves just ahead of the older: the newer issue wins a conflict."""
    out = list(ranked)
    for i in range(len(out)):
        for j in range(i + 1, len(out)):
            (a, sa), (b, sb) = out[i], out[j]
            if month_index(b.doc.date) <= month_index(a.doc.date) or sb < margin * sa:
                continue
            if jaccard(content_set(a.text), content_set(b.text)) >= variant:
                out.insert(i, out.pop(j))
                out[i] = (b, sa)  # it takes the older one's place and score
                out[i + 1] = (a, sa)
                break
    return out
