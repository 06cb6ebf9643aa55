"""Features of candidate units (for the span ranker) and of a whole question (for the
answerability model). Both models are logistic regressions fitted by
`python -m assistant.answer.fit`; the names here are the columns they were fitted on."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.answer.evidence import (
    area_status,
    audience_status,
    flags,
    holds,
    missing_slots,
    slot_text,
)
from assistant.answer.units import Unit
from assistant.questions import Frame
from assistant.terms import content_set, with_aliases

UNIT_FEATURES = (
    "sim_max", "sim_first", "sim_mean", "coverage", "coverage_context", "coverage_heading",
    "inverse_rank", "passage_score", "position", "log_words", "is_list", "is_contact",
    "is_pair_or_window", "kind_holds", "kind_missing", "area_ok", "area_conflict", "audience_ok",
    "audience_conflict", "slots_missing", "recency",
    # weighted by rarity, and relative to the question's other candidates
    "weighted", "weighted_context", "sim_gap", "coverage_gap", "weighted_gap",
    "sim_order", "best_in_passage",
)
_ABSOLUTE = 21  # the columns before the relative ones
QUESTION_FEATURES = (
    "best", "second", "margin", "best_sim", "best_coverage", "best_context", "best_kind_holds",
    "best_area_conflict", "best_audience_conflict", "best_slots_missing", "top_coverage",
    "unknown_share", "asks_specific", "has_slots", "best_inverse_rank",
    "best_weighted_context", "top_weighted_context", "absent_rarity",
)


@dataclass(frozen=True)
class Scored:
    unit: Unit
    row: np.ndarray  # UNIT_FEATURES
    probability: float = 0.0


def unit_rows(
    fr: Frame,
    units: Sequence[Unit],
    sims: dict[int, np.ndarray],
    idf: dict[str, float],
    aliases: dict[str, frozenset[str]],
) -> np.ndarray:
    """One row of UNIT_FEATURES per unit. `sims[id(unit)]` holds the cosine of the question
    with each of the unit's sentences; `idf` weighs the question's words by rarity; `aliases`
    are the corpus's acronyms, so "MHA" in a unit covers "Mental Health Act" in a question."""
    top_score = max((u.passage.score for u in units), default=1.0) or 1.0
    rows = np.zeros((len(units), len(UNIT_FEATURES)), np.float32)
    words: dict[str, _ChunkWords] = {}  # many units share a passage: read its words once
    for i, u in enumerate(units):
        chunk = u.sentences[0].chunk
        cw = words.get(chunk.id)
        if cw is None:
            cw = words[chunk.id] = _chunk_words(chunk.section or "", chunk.text, aliases)
        own = with_aliases(u.words, aliases)
        rows[i, :_ABSOLUTE] = _unit_row(fr, u, sims[id(u)], top_score, own, cw)
        rows[i, _ABSOLUTE : _ABSOLUTE + 2] = _weighted(fr, idf, own, cw.context)
    _relative(rows, units)
    return rows


@dataclass(frozen=True)
class _ChunkWords:
    heading: frozenset[str]  # the section title's content words, with acronym aliases
    context: frozenset[str]  # the title's and the passage's


def _chunk_words(section: str, text: str, aliases: dict[str, frozenset[str]]) -> _ChunkWords:
    heading = with_aliases(content_set(section), aliases)
    return _ChunkWords(heading, with_aliases(content_set(text), aliases) | heading)


def _weighted(
    fr: Frame, idf: dict[str, float], own: frozenset[str], context: frozenset[str]
) -> tuple[float, float]:
    total = sum(idf.get(w, 1.0) for w in fr.words) or 1.0
    mine = sum(idf.get(w, 1.0) for w in fr.words & own) / total
    return mine, sum(idf.get(w, 1.0) for w in fr.words & context) / total


def _relative(rows: np.ndarray, units: Sequence[Unit]) -> None:
    col = {name: i for i, name in enumerate(UNIT_FEATURES)}
    for name, gap in (("sim_max", "sim_gap"), ("coverage", "coverage_gap"),
                      ("weighted", "weighted_gap")):
        rows[:, col[gap]] = rows[:, col[name]] - rows[:, col[name]].max()
    order = np.argsort(-rows[:, col["sim_max"]], kind="stable")
    rows[order, col["sim_order"]] = 1.0 / (np.arange(len(units)) + 1)
    best: dict[str, float] = {}
    for u, r in zip(units, rows, strict=True):
        key = u.sentences[0].chunk.id
        best[key] = max(best.get(key, -1.0), float(r[col["sim_max"]]))
    for i, u in enumerate(units):
        rows[i, col["best_in_passage"]] = float(
            rows[i, col["sim_max"]] >= best[u.sentences[0].chunk.id]
        )


def _unit_row(
    fr: Frame, u: Unit, sim: np.ndarray, top_score: float, own: frozenset[str], cw: _ChunkWords
) -> list[float]:
    chunk = u.sentences[0].chunk
    q = fr.words or frozenset({"_"})
    heading, context = cw.heading, cw.context
    text_here = f"{chunk.section} {u.text}"
    found = flags(u.text)
    kind_holds = holds(fr.kind, found, u.kind == "list")
    asks = fr.kind not in ("yes_no", "other")
    area_ok, area_conflict = area_status(fr, text_here, chunk.doc.area)
    aud_ok, aud_conflict = audience_status(fr, f"{text_here} {chunk.text}")
    slots = len(fr.years) + len(fr.sections) + len(fr.statutes) + len(fr.names)
    missing = len(missing_slots(fr, slot_text(chunk))) / slots if slots else 0.0
    n_sents = max(1, len(chunk.spans) or 1)
    return [
        float(sim.max()), float(sim[0]), float(sim.mean()),
        len(q & own) / len(q), len(q & context) / len(q), len(q & heading) / len(q),
        1.0 / u.rank, u.passage.score / top_score,
        u.sentences[0].index / n_sents, math.log1p(len(u.text.split())),
        float(u.kind == "list"), float(u.kind == "contact"),
        float(u.kind in ("pair", "window")),
        float(kind_holds and asks), float(asks and not kind_holds),
        float(area_ok), float(area_conflict), float(aud_ok), float(aud_conflict), missing,
        _recency(chunk.doc.date),
    ]


def _recency(yyyy_mm: str) -> float:
    try:
        year, month = (int(p) for p in yyyy_mm.split("-")[:2])
    except ValueError:
        return 0.0
    return ((year - 2013) * 12 + month) / 120


def question_row(
    fr: Frame, ranked: Sequence[Scored], unknown_share: float, absent: float
) -> np.ndarray:
    """QUESTION_FEATURES from the ranked units (best first)."""
    col = {name: i for i, name in enumerate(UNIT_FEATURES)}
    if not ranked:
        row = np.zeros(len(QUESTION_FEATURES), np.float32)
        row[QUESTION_FEATURES.index("unknown_share")] = unknown_share
        row[QUESTION_FEATURES.index("absent_rarity")] = absent
        return row
    best = ranked[0]
    second = ranked[1].probability if len(ranked) > 1 else 0.0
    b = best.row
    top_cov = max(float(s.row[col["coverage_context"]]) for s in ranked[:10])
    slots = len(fr.years) + len(fr.sections) + len(fr.statutes) + len(fr.names)
    return np.array(
        [
            best.probability, second, best.probability - second,
            b[col["sim_max"]], b[col["coverage"]], b[col["coverage_context"]],
            b[col["kind_holds"]], b[col["area_conflict"]], b[col["audience_conflict"]],
            b[col["slots_missing"]], top_cov, unknown_share,
            float(fr.kind not in ("yes_no", "other")),
            float(bool(slots or fr.areas or fr.audience)), b[col["inverse_rank"]],
            b[col["weighted_context"]],
            max(float(s.row[col["weighted_context"]]) for s in ranked[:10]), absent,
        ],
        np.float32,
    )
