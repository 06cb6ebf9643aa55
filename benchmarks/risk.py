"""Risk detection quality and speed, each figure labelled by the data it stands on.

    python benchmarks/risk.py bank             # cross-validation on the exemplar bank (fit data)
    python benchmarks/risk.py external         # leave-one-source-out on ../shared/risk-external
    python benchmarks/risk.py sets [FILES...]  # the screen on labelled sets
    python benchmarks/risk.py latency          # detection time beyond the query embedding

`bank`: 5-fold cross-validation of the classifier on the exemplar bank, for each C in --c
(fit data: the bank was written for the classifier). `external`: for each source of
../shared/risk-external, the risk threshold is chosen on the other sources (the largest giving
recall >= --target on their risk posts, lexicon OR classifier) and measured on the held-out
source; `--choose` prints the threshold the same rule picks on every source (the production
value). `sets` scores the whole screen (lexicon, classifier, history, routes) on JSONL sets;
by default the project's own sets (fit data). Vectors are cached in .cache/.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXTERNAL = ROOT.parent / "shared" / "risk-external" / "messages.jsonl"
OWN_SETS = [ROOT / "evals/datasets/risk.jsonl", ROOT / "tests/safety/heldout.jsonl"]
CACHE = ROOT / ".cache" / "risk-vectors.npz"


def _embedder():
    from assistant.composition import build_embedder
    from assistant.settings import load_settings

    return build_embedder(load_settings())


def bank(args) -> int:
    from sklearn.model_selection import StratifiedKFold

    from assistant.learned import fit_softmax
    from assistant.safety.classifier import bank_files
    from assistant.safety.detector import LexiconDetector
    from assistant.safety.fit import cached_vectors, read_bank, severity_oof
    from assistant.settings import load_settings

    tuning = load_settings().safety.tuning
    ex = read_bank(bank_files())
    lexicon = LexiconDetector(tuning)
    x = cached_vectors(_embedder(), [lexicon.readable(e.text) for e in ex], CACHE)
    y = np.array([e.level for e in ex])
    risky = np.isin(y, ["concern", "immediate"])
    print(f"exemplar bank: {len(ex)} lines (FIT DATA: written for the classifier)")
    for c in args.c:
        probs = np.zeros((len(ex), 4))
        folds = StratifiedKFold(5, shuffle=True, random_state=0)
        order = None
        for train, test in folds.split(x, y):
            model = fit_softmax(x[train], y[train], c)
            order = [model.classes.index(k) for k in ("none", "topic", "concern", "immediate")]
            probs[test] = model.probabilities(x[test])[:, order]
        p_risk = probs[:, 2] + probs[:, 3]
        line = [f"C={c:g}:"]
        for t in (tuning.risk_threshold, 0.5):
            rec = (p_risk[risky] >= t).mean()
            fa = (p_risk[~risky] >= t).mean()
            line.append(f"t={t:.2f} recall {rec:.3f} false alarms {fa:.3f};")
        print("  " + " ".join(line))
    # the severity model (immediate against concern, on the risk exemplars): 999 leads when
    # its out-of-fold probability is at or above immediate_threshold
    rows = severity_oof(x, y, tuning)
    sev = fit_softmax(rows[risky], y[risky], tuning.fit_c).probability(rows[risky], "immediate")
    imm, con = y[risky] == "immediate", y[risky] == "concern"
    print("  severity (out of fold): threshold, immediate read as immediate, concern read as "
          "immediate")
    for t in sorted({*np.round(np.arange(0.1, 0.61, 0.05), 2), tuning.immediate_threshold}):
        mark = "  <- immediate_threshold" if t == tuning.immediate_threshold else ""
        print(f"    {t:.2f}: {(sev[imm] >= t).mean():.3f} {(sev[con] >= t).mean():.3f}{mark}")
    return 0


def _external_rows():
    if not EXTERNAL.is_file():
        print(f"skipped: {EXTERNAL} is absent (the shared evaluation data)")
        return None
    rows = [json.loads(x) for x in EXTERNAL.read_text("utf-8").splitlines() if x.strip()]
    for r in rows:
        r["group"] = r["id"].split("-risk-")[0].split("-none-")[0].removeprefix("ext-")
        r["hard"] = "figurative" in r.get("note", "") or r.get("category") == "hard_negative"
    return rows


def external(args) -> int:
    from assistant.safety.classifier import RiskClassifier
    from assistant.safety.detector import LexiconDetector
    from assistant.safety.fit import read_pieces
    from assistant.safety.screen import topic_question, vetoable
    from assistant.settings import load_settings

    rows = _external_rows()
    if rows is None:
        return 0
    settings = load_settings()
    tuning = settings.safety.tuning
    lexicon = LexiconDetector(tuning)
    classifier = RiskClassifier(None, tuning, settings.safety.classifier_file)  # type: ignore[arg-type]
    pieces = read_pieces(_embedder(), [lexicon.readable(r["text"]) for r in rows], tuning, CACHE)
    findings = [lexicon.find(r["text"]) for r in rows]
    read = classifier.read_vectors
    readings = [read(v, f) for v, f in zip(pieces, findings, strict=True)]
    p = np.array([r.risk for r in readings])
    # the lexicon as the screen uses it: a topic-only finding in what the classifier reads as
    # a practice question shows the support strip, not the routes (the veto is chosen below)
    lex = np.array([
        bool(f.categories) and not topic_question(f, r, tuning)
        for f, r in zip(findings, readings, strict=True)
    ])
    keep = np.array([not vetoable(f) for f in findings])  # live pattern or danger cue: no veto
    risk = np.array([r["label"] == "risk" for r in rows])
    hard = np.array([r["hard"] for r in rows])
    groups = sorted({r["group"] for r in rows})
    sources = np.array([r["group"] for r in rows])
    print(f"../shared/risk-external: {len(rows)} posts, {len(groups)} sources "
          f"(LEAVE-ONE-SOURCE-OUT: rule and threshold chosen on the other sources, "
          f"target recall {args.target})")
    print(f"  lexicon alone: recall {lex[risk].mean():.3f}, false alarms {lex[~risk].mean():.3f}")
    fired_all = np.zeros(len(rows), bool)
    for g in groups:
        held = sources == g
        others = sources[~held] if args.every_source else None
        rule, t, v = _choose(lex[~held], p[~held], keep[~held], risk[~held], args.target, others)
        fired = _fire(rule, t, v, lex, p, keep)
        fired_all[held] = fired[held]
        parts = [f"  {g:14s} {rule:8s} t={t:.3f} veto={v:.3f}"]
        if (held & risk).any():
            parts.append(f"recall {fired[held & risk].mean():.3f} ({(held & risk).sum()})")
        if (held & ~risk).any():
            parts.append(f"false alarms {fired[held & ~risk].mean():.3f} ({(held & ~risk).sum()})")
        print(" ".join(parts))
    print(f"  overall held-out: recall {fired_all[risk].mean():.3f}, false alarms "
          f"{fired_all[~risk].mean():.3f} (ordinary {fired_all[~risk & ~hard].mean():.3f}, "
          f"hard negatives {fired_all[~risk & hard].mean():.3f} of {(~risk & hard).sum()})")
    if args.choose:
        rule, t, v = _choose(lex, p, keep, risk, args.target,
                             sources if args.every_source else None)
        print(f"  chosen on every source: {rule} t={t:.3f} veto={v:.3f}")
    return 0


RULES = ("or", "combiner")  # lexicon OR combiner; the combiner alone (the lexicon as features)


# Vetoes tried: a lexicon finding the classifier reads below this is a mention, not a case
VETOES = (0.0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08)


def _fire(rule: str, t: float, v: float, lex, p, keep):
    lexicon = lex & ((p >= v) | keep)
    return (lexicon | (p >= t)) if rule == "or" else (p >= t)


def _choose(lex, p, keep, risk, target: float, sources=None) -> tuple[str, float, float]:
    """Among rules, thresholds and vetoes reaching recall >= target on `risk` (with `sources`,
    on the risk posts of every source), the fewest alarms; of equals, the smallest veto."""
    groups = [risk]
    if sources is not None:
        groups = [risk & (sources == g) for g in sorted(set(sources[risk]))]
    best = ("or", 0.0, 0.0, 2.0)
    for rule in RULES:
        for v in VETOES if rule == "or" else (0.0,):
            for t in np.arange(0.99, 0.0, -0.005):
                fired = _fire(rule, t, v, lex, p, keep)
                if min(fired[g].mean() for g in groups) >= target:
                    fa = fired[~risk].mean()
                    if fa < best[3]:
                        best = (rule, float(round(t, 3)), v, fa)
                    break  # lower thresholds only add alarms
    return best[0], best[1], best[2]


def sets(args) -> int:
    from assistant.composition import build_safety
    from assistant.safety.scoring import read_rows, score
    from assistant.settings import load_settings

    screen = build_safety(load_settings(), _embedder())
    screen.warm_up()
    paths = [Path(p).resolve() for p in args.files] or OWN_SETS
    for path in paths:
        rows = read_rows(path)
        s = score(screen.screen, rows)
        label = "FIT DATA" if path in OWN_SETS else "as labelled by the caller"
        print(f"\n{path.name}: {len(rows)} messages ({label})")
        print(f"  routes when they must show: {s.recall:.3f} ({s.shown}/{s.must_show})")
        print(f"  999 first when immediate: {s.emergency_first_rate:.3f} "
              f"({s.emergency_first}/{s.immediate})")
        print(f"  false alarms on harmless: {s.noise_rate:.3f} ({s.noise_fired}/{s.noise})")
        print(f"  support strip on topic questions: {s.topic_support_rate:.3f} ({s.topic})")
        print(f"  area found: {s.area_hits}/{s.area_cases}")
        if args.verbose:
            print(f"  misses: {s.misses}\n  not first: {s.not_first}\n  alarms: {s.false_alarms}")
    return 0


def latency(args) -> int:
    """Detection time per message beyond the query embedding retrieval computes anyway."""
    from assistant.answer.vectors import MemoEmbedder
    from assistant.composition import build_safety
    from assistant.settings import load_settings

    settings = load_settings()
    embedder = MemoEmbedder(_embedder(), settings.index.memo_texts, settings.index.memo_queries)
    screen = build_safety(settings, embedder)
    screen.warm_up()
    texts = [r["text"] for p in OWN_SETS for r in map(json.loads, p.open()) if r]
    extra: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.repeat):
        for text in texts:
            embedder.forget_queries()
            embedder.embed_query(text)  # what retrieval computes for this message
            t0 = time.perf_counter()
            screen.screen(text)
            extra["screen"].append((time.perf_counter() - t0) * 1000)
    xs = sorted(extra["screen"])
    print(f"detection beyond the query embedding, {len(texts)} messages x {args.repeat}: "
          f"p50 {xs[len(xs) // 2]:.2f} ms, p95 {xs[int(0.95 * (len(xs) - 1))]:.2f} ms, "
          f"max {xs[-1]:.1f} ms")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("bank")
    b.add_argument("--c", type=float, nargs="*", default=[1.0, 4.0, 16.0])
    e = sub.add_parser("external")
    e.add_argument("--target", type=float, default=0.98)
    e.add_argument("--choose", action="store_true")
    e.add_argument("--every-source", action="store_true",
                   help="the recall target must hold on every source's risk posts, not pooled")
    s = sub.add_parser("sets")
    s.add_argument("files", nargs="*")
    s.add_argument("-v", "--verbose", action="store_true")
    lat = sub.add_parser("latency")
    lat.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    return {"bank": bank, "external": external, "sets": sets, "latency": latency}[args.cmd](args)


if __name__ == "__main__":
    raise SystemExit(main())
