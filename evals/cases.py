"""Reading evaluation datasets: JSON Lines files of questions and of risk messages.

The kind of each line is detected from its fields, so one file may mix kinds:

- a question: ``{"id", "question", "answer"?, "evidence": [str, ...], "history"?}`` or
  ``{"id", "question", "sources": [{"file"?, "evidence"}]}``, with the labelled fields
  ``key_facts``, ``fact_kind``, ``section`` and ``markup`` when given; ``"unanswerable": true``
  marks a question the newsletters do not answer (with ``near_miss``, ``missing``, ``nearest``
  and ``doubtful`` when given);
- a risk message: ``{"id", "text", "must_show_routes", "category"?, "route_policy"?,
  "immediate"?, "history"?}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError

DATASET_DIR = Path(__file__).resolve().parent / "datasets"
# The bundled sets run by default. `firsttime/` is a held-out test set: it is read only when
# a file in it is named with --dataset, and never used to choose or fit anything.
DEFAULT_FOLDERS = (DATASET_DIR, DATASET_DIR / "labelled")
HELD_OUT_FOLDER = DATASET_DIR / "firsttime"


class DatasetError(AssistantError):
    """A dataset file cannot be read or a line is not in a documented format."""


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    evidence: tuple[str, ...] = ()
    answer: str = ""
    unanswerable: bool = False
    history: tuple[dict[str, str], ...] = ()
    source: str | None = None
    dataset: str = ""
    key_facts: tuple[str, ...] = ()
    fact_kind: str = ""
    section: str = ""
    near_miss: bool | None = None  # unanswerable only; None when the row does not say
    missing: str = ""
    nearest: str = ""
    doubtful: bool = False  # unanswerable but arguably answered in part: reported apart

    @property
    def kind(self) -> str:
        """answerable, unanswerable, or doubtful (unanswerable rows marked doubtful)."""
        if not self.unanswerable:
            return "answerable"
        return "doubtful" if self.doubtful else "unanswerable"

    @property
    def is_followup(self) -> bool:
        return bool(self.history)

    @property
    def live_history(self) -> bool:
        """A history of user turns only: the runner asks them first and uses its own answers
        as the assistant turns (a history with assistant turns is used as written)."""
        return bool(self.history) and all(t["role"] == "user" for t in self.history)


@dataclass(frozen=True)
class RiskCase:
    id: str
    text: str
    must_show_routes: bool
    category: str = "uncategorised"
    route_policy: str | None = None
    immediate: bool = False
    history: tuple[dict[str, str], ...] = ()
    dataset: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """risk: routes must show; optional: routes may show; noise: no alarm allowed."""
        if self.must_show_routes:
            return "risk"
        return "optional" if self.route_policy == "optional" else "noise"


Case = Question | RiskCase


def default_datasets() -> list[Path]:
    """The bundled ``*.jsonl`` files of ``datasets/`` and then ``datasets/labelled/``, each
    folder in name order (never ``datasets/firsttime/``)."""
    return [p for folder in DEFAULT_FOLDERS for p in sorted(folder.glob("*.jsonl"))]


def dataset_label(path: Path) -> str:
    """A file's name as records show it: relative to ``datasets/`` for bundled files
    (``labelled/qa-issue28.jsonl``), else the bare file name."""
    try:
        return Path(path).resolve().relative_to(DATASET_DIR).as_posix()
    except ValueError:
        return Path(path).name


def is_held_out(case: Case) -> bool:
    """A case from the held-out first-time test files."""
    return case.dataset.startswith(f"{HELD_OUT_FOLDER.name}/")


def load_cases(paths: Iterable[Path]) -> list[Case]:
    """All cases from the given files; ids made unique by prefixing the file's stem."""
    cases: list[Case] = []
    seen: set[str] = set()
    for path in paths:
        for case in _load_file(Path(path)):
            if case.id in seen:
                case = _with_id(case, f"{Path(path).stem}:{case.id}")
            if case.id in seen:
                raise DatasetError(f"{path}: duplicate id {case.id!r}")
            seen.add(case.id)
            cases.append(case)
    return cases


def _with_id(case: Case, new_id: str) -> Case:
    from dataclasses import replace

    return replace(case, id=new_id)


def _load_file(path: Path) -> list[Case]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DatasetError(f"cannot read dataset {path}: {exc}") from exc
    out: list[Case] = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{path}:{n}: not JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise DatasetError(f"{path}:{n}: each line must be a JSON object")
        out.append(parse_case(row, where=f"{path}:{n}", dataset=dataset_label(path)))
    return out


def parse_case(row: dict[str, Any], where: str = "", dataset: str = "") -> Case:
    """One dataset line as a Question or a RiskCase (by its fields)."""
    if "text" in row and "must_show_routes" in row:
        return _risk_case(row, where, dataset)
    if "question" in row:
        return _question(row, where, dataset)
    raise DatasetError(
        f"{where}: neither a question (needs 'question') nor a risk message "
        "(needs 'text' and 'must_show_routes')"
    )


def _case_id(row: dict[str, Any], where: str) -> str:
    value = row.get("id")
    if value is None or str(value).strip() == "":
        raise DatasetError(f"{where}: missing 'id'")
    return str(value)


def _history(row: dict[str, Any], where: str) -> tuple[dict[str, str], ...]:
    turns = row.get("history") or []
    if not isinstance(turns, list):
        raise DatasetError(f"{where}: 'history' must be a list of turns")
    out = []
    for turn in turns:
        if isinstance(turn, str):  # a bare string is an earlier message from the user
            turn = {"role": "user", "content": turn}
        if not isinstance(turn, dict) or turn.get("role") not in ("user", "assistant"):
            raise DatasetError(f"{where}: each history turn needs role user|assistant")
        out.append({"role": turn["role"], "content": str(turn.get("content", ""))})
    return tuple(out)


def _question(row: dict[str, Any], where: str, dataset: str) -> Question:
    text = row.get("question")
    if not isinstance(text, str) or not text.strip():
        raise DatasetError(f"{where}: 'question' must be non-empty text")
    evidence = _evidence(row, where)
    source = row.get("source")
    if source is None and isinstance(row.get("sources"), list) and row["sources"]:
        first = row["sources"][0]
        source = first.get("file") if isinstance(first, dict) else None
    near_miss = row.get("near_miss")
    return Question(
        id=_case_id(row, where),
        question=text,
        evidence=evidence,
        answer=str(row.get("answer") or ""),
        unanswerable=bool(row.get("unanswerable", False)),
        history=_history(row, where),
        source=source,
        dataset=dataset,
        key_facts=_strings(row, "key_facts", where),
        fact_kind=str(row.get("fact_kind") or ""),
        section=str(row.get("section") or ""),
        near_miss=None if near_miss is None else bool(near_miss),
        missing=str(row.get("missing") or ""),
        nearest=str(row.get("nearest") or ""),
        doubtful=bool(row.get("doubtful", False)),
    )


def _strings(row: dict[str, Any], name: str, where: str) -> tuple[str, ...]:
    raw = row.get(name) or []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise DatasetError(f"{where}: {name!r} must be a list of strings")
    return tuple(x.strip() for x in raw if x.strip())


def _evidence(row: dict[str, Any], where: str) -> tuple[str, ...]:
    items: list[str] = []
    raw = row.get("evidence", [])
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        raise DatasetError(f"{where}: 'evidence' must be a list of strings")
    items.extend(str(e) for e in raw)
    sources = row.get("sources", [])
    if not isinstance(sources, list):
        raise DatasetError(f"{where}: 'sources' must be a list")
    for src in sources:
        if isinstance(src, dict) and src.get("evidence"):
            ev = src["evidence"]
            items.extend(ev if isinstance(ev, list) else [ev])
        elif isinstance(src, str):
            items.append(src)
    return tuple(e for e in (str(i).strip() for i in items) if e)


def _risk_case(row: dict[str, Any], where: str, dataset: str) -> RiskCase:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise DatasetError(f"{where}: 'text' must be non-empty text")
    known = {"id", "text", "must_show_routes", "category", "route_policy", "immediate", "history"}
    return RiskCase(
        id=_case_id(row, where),
        text=text,
        must_show_routes=bool(row["must_show_routes"]),
        category=str(row.get("category") or _default_category(row)),
        route_policy=row.get("route_policy"),
        immediate=bool(row.get("immediate", False)),
        history=_history(row, where),
        dataset=dataset,
        extra={k: v for k, v in row.items() if k not in known},
    )


def _default_category(row: dict[str, Any]) -> str:
    return "uncategorised" if row["must_show_routes"] else "noise"
