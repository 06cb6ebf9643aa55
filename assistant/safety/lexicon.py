"""The risk lexicon (lexicon.toml) compiled into regular expressions, and text normalisation."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from assistant.errors import ConfigError

_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_TOKEN = re.compile(r"[a-z0-9@$]+")
_AGE = re.compile(r"(\d+)(yo|yrs|yr|y)$")
_REPEAT3 = re.compile(r"(.)\1{2,}")
_REPEAT2 = re.compile(r"(.)\1+")


@dataclass(frozen=True)
class CategoryPatterns:
    name: str
    live: re.Pattern[str]
    topic: re.Pattern[str] | None
    strong: re.Pattern[str] | None = None  # backstop: one hit is enough (with a person)
    weak: re.Pattern[str] | None = None  # backstop: two different hits needed


@dataclass(frozen=True)
class Lexicon:
    categories: tuple[CategoryPatterns, ...]
    immediate: re.Pattern[str]
    idioms: re.Pattern[str]
    info: re.Pattern[str]
    live_cue: re.Pattern[str]
    person: re.Pattern[str]
    slang: dict[str, str]
    vocabulary: frozenset[str]
    risk_words: frozenset[str]  # the [fuzzy] words: misspellings the classifier reads mended

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.categories)


def category_names() -> tuple[str, ...]:
    """The detector's categories, in the lexicon's order (used to validate the routes table)."""
    return tuple(_read_lexicon()["categories"])


def load_lexicon_nouns() -> tuple[str, ...]:
    return tuple(_read_lexicon()["people"]["nouns"])


def _read_lexicon() -> dict[str, Any]:
    try:
        return tomllib.loads(files("assistant.safety").joinpath("lexicon.toml").read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"risk lexicon unreadable: {exc}") from exc


def load_lexicon() -> Lexicon:
    """Read and compile the packaged lexicon. Raises ConfigError on a bad pattern."""
    raw = _read_lexicon()
    nouns = sorted(raw["people"]["nouns"], key=len, reverse=True)
    noun = "(?:" + "|".join(re.escape(n) for n in nouns) + ")"
    subs = {
        "{NOUN}": noun,
        "{OBJ}": (
            r"(?:me|him|her|them|us|you|myself|himself|herself|themselves|"
            rf"(?:my|his|her|their|the|a|an|your|our|this|that|another|other) (?:\w+ )?{noun})"
        ),
        "{SUBJ}": rf"(?:he|she|they|i|we|(?:my|his|her|their|the|a|our) (?:\w+ )?{noun})",
    }
    sources: list[str] = []

    def compile_all(patterns: list[str], where: str, words: bool = True) -> re.Pattern[str]:
        """One pattern of all; `words`: their literal words are fuzzy-correction targets
        (not so for idioms: a misspelling is never corrected towards "seedlings")."""
        parts = []
        for p in patterns:
            for key, val in subs.items():
                p = p.replace(key, val)
            if words:
                sources.append(p)
            parts.append(p)
        body = "|".join(f"(?:{p})" for p in parts)
        try:
            return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")
        except re.error as exc:
            raise ConfigError(f"risk lexicon: bad pattern in {where}: {exc}") from exc

    back = raw.get("backstop", {})

    def optional(section: str, name: str) -> re.Pattern[str] | None:
        patterns = back.get(section, {}).get(name)
        return compile_all(patterns, f"backstop.{section}.{name}") if patterns else None

    cats = tuple(
        CategoryPatterns(
            name,
            compile_all(spec["live"], f"{name}.live"),
            compile_all(spec["topic"], f"{name}.topic") if spec.get("topic") else None,
            optional("strong", name),
            optional("weak", name),
        )
        for name, spec in raw["categories"].items()
    )
    return Lexicon(
        categories=cats,
        immediate=compile_all(raw["immediate"]["patterns"], "immediate"),
        idioms=compile_all(raw["idioms"]["patterns"], "idioms", words=False),
        info=compile_all(raw["framing"]["info"], "framing.info"),
        live_cue=compile_all(raw["framing"]["live"], "framing.live"),
        person=compile_all(back.get("person", ["(?!x)x"]), "backstop.person"),
        slang={k: v for k, v in raw["slang"].items()},
        vocabulary=_vocabulary(sources) | frozenset(raw.get("fuzzy", {}).get("words", [])),
        risk_words=frozenset(raw.get("fuzzy", {}).get("words", [])),
    )


def _vocabulary(sources: list[str]) -> frozenset[str]:
    """Words the fuzzy corrector may correct towards: literal words in the patterns, and for
    a stem such as `bruis\\w*` its usual endings (kept only if they are listed words later)."""
    words: set[str] = set()
    for src in sources:
        for m in re.finditer(r"(?<![\\a-z])([a-z]{4,})(\\w\*|s\?|\(s\|es\))?", src):
            stem, suffix = m.group(1), m.group(2)
            words.add(stem)
            if suffix == "s?":
                words.add(stem + "s")
            elif suffix:
                words.update(stem + e for e in ("e", "es", "ed", "ing", "s", "ly", "er", "ers"))
    return frozenset(words)


def tokens(text: str, slang: dict[str, str]) -> list[str]:
    """Lower-cased word tokens with text-speak expanded, leetspeak undone, ages joined."""
    text = _latin(unicodedata.normalize("NFKC", text).lower())
    text = _contractions(text.replace("\u2019", "'").replace("\u2018", "'"))
    text = text.replace("'", "").replace("&", " and ")
    out: list[str] = []
    for tok in _TOKEN.findall(text):
        out.extend(_expand(tok, slang))
    return out


_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})


def _latin(text: str) -> str:
    """Latin letters without their accents ("nóż" -> "noz", "zabiję" -> "zabije"), so Polish
    and other accented words are read, not dropped; other scripts are left as they are."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not (unicodedata.combining(c) and c < "\u0370"))
    )


_SPECIAL_NEGATIONS = {
    "won't": "will not",
    "can't": "can not",
    "shan't": "shall not",
    "ain't": "is not",
}
_CONTRACTION = re.compile(r"(?<=[a-z])'(ll|ve|re|d|m)(?![a-z])|(?<=[a-z])n't(?![a-z])")
_FULL = {"ll": " will", "ve": " have", "re": " are", "d": " would", "m": " am"}


def _contractions(text: str) -> str:
    """he'll -> he will, didn't -> did not, won't -> will not (so "he'll" is never "hell")."""
    for short, full in _SPECIAL_NEGATIONS.items():
        text = text.replace(short, full)
    return _CONTRACTION.sub(lambda m: _FULL[m.group(1)] if m.group(1) else " not", text)


def _expand(tok: str, slang: dict[str, str]) -> list[str]:
    if tok in slang:
        return slang[tok].split()
    if not tok.isalpha() and not tok.isdigit():
        m = _AGE.fullmatch(tok)
        if m:
            return [m.group(1), "year", "old"]
        if re.fullmatch(r"\d+[a-z]+", tok):
            digits = re.match(r"\d+", tok)
            assert digits is not None
            return [digits.group(0), *_expand(tok[digits.end() :], slang)]
        tok = tok.translate(_LEET)
        if tok in slang:
            return slang[tok].split()
    if _REPEAT3.search(tok):
        tok = _REPEAT3.sub(r"\1\1", tok)
    return [tok]


def squeeze(token: str) -> str:
    """`token` with every run of a repeated letter reduced to one ("hiit" -> "hit")."""
    return _REPEAT2.sub(r"\1", token)
