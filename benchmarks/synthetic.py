"""A deterministic synthetic corpus N times the size of the bundled newsletters.

Each copy of each newsletter keeps its line and paragraph structure (headings, lists, blank
lines), but the sentences of every paragraph are shuffled and about a fifth of the words are
swapped for other words of the corpus, so every passage is distinct text (no two chunks embed
alike and nothing is deduplicated by content). A metadata.toml spreads the copies over
2013-2022 and the LLR areas, for filter benchmarks.

    from benchmarks.synthetic import generate_corpus
    files = generate_corpus(Path("/tmp/corpus-100x"), scale=100)
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
AREAS = ("leicester", "leicestershire", "rutland", "leicestershire-and-rutland", "llr")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_WORD = re.compile(r"[A-Za-z]{4,}")


def newsletters(source_dir: Path = CORPUS) -> list[Path]:
    return sorted(p for p in source_dir.iterdir() if p.suffix in (".txt", ".md"))


def _vocabulary(texts: list[str]) -> list[str]:
    return sorted({w.lower() for text in texts for w in _WORD.findall(text)})


def _vary_paragraph(paragraph: str, rng: random.Random, vocab: list[str], swap: float) -> str:
    if "\n" in paragraph.strip() or len(paragraph) < 80:
        lines = paragraph.split("\n")  # headings and lists: keep the lines, vary the words
    else:
        lines = _SENTENCE.split(paragraph)
        rng.shuffle(lines)
        lines = [" ".join(lines)]

    def swap_word(match: re.Match[str]) -> str:
        word = match.group(0)
        if rng.random() >= swap:
            return word
        new = rng.choice(vocab)
        return new.capitalize() if word[0].isupper() else new

    return "\n".join(_WORD.sub(swap_word, line) for line in lines)


def vary_text(text: str, rng: random.Random, vocab: list[str], swap: float = 0.2) -> str:
    """`text` with each paragraph's sentences shuffled and about `swap` of its words replaced."""
    parts = re.split(r"(\n\s*\n)", text)  # keep the blank-line separators as they are
    return "".join(
        part if i % 2 else _vary_paragraph(part, rng, vocab, swap) for i, part in enumerate(parts)
    )


def generate_corpus(
    target: Path, scale: int, seed: int = 0, source_dir: Path = CORPUS, swap: float = 0.2
) -> list[Path]:
    """Writes `scale` varied copies of every newsletter (and a metadata.toml) into `target`.

    The same (scale, seed) always gives the same files. Returns the newsletter paths.
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    sources = newsletters(source_dir)
    texts = [p.read_text(encoding="utf-8") for p in sources]
    vocab = _vocabulary(texts)
    rng = random.Random(seed)
    written: list[Path] = []
    meta: list[str] = ["# Synthetic newsletters for benchmarks (not real guidance).\n"]
    for copy in range(scale):
        for n, (path, text) in enumerate(zip(sources, texts, strict=True)):
            name = f"synthetic-{copy:04d}-{path.name}"
            out = target / name
            out.write_text(vary_text(text, rng, vocab, swap), encoding="utf-8")
            written.append(out)
            year = 2013 + (copy + n) % 10
            month = 1 + (copy * 7 + n * 5) % 12
            meta.append(
                f'\n["{name}"]\ntitle = "Synthetic Bulletin {copy + 1}"\nissue = "{copy + 1}"\n'
                f'date = "{year}-{month:02d}"\narea = "{AREAS[(copy + n) % len(AREAS)]}"\n'
            )
    (target / "metadata.toml").write_text("".join(meta), encoding="utf-8")
    return written
