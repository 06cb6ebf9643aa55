"""The one settings object. Precedence: arguments > environment > assistant.toml > defaults.

Environment variables use the prefix ASSISTANT_ and `__` between levels
(ASSISTANT_RETRIEVAL__TOP_K=8). The documented short names are also read:
ASSISTANT_DATA_DIR, ASSISTANT_CORPUS_DIR, ASSISTANT_CHROMA_URL, ASSISTANT_LLM_BASE_URL,
ASSISTANT_LLM_MODEL, ASSISTANT_LLM_API_KEY, ASSISTANT_HOST, ASSISTANT_PORT.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

# Short environment names from the docs -> (section, field).
FLAT_ENV = {
    "ASSISTANT_DATA_DIR": ("paths", "data_dir"),
    "ASSISTANT_CORPUS_DIR": ("paths", "corpus_dir"),
    "ASSISTANT_CHROMA_URL": ("index", "chroma_url"),
    "ASSISTANT_LLM_BASE_URL": ("llm", "base_url"),
    "ASSISTANT_LLM_MODEL": ("llm", "model"),
    "ASSISTANT_LLM_PROVIDER": ("llm", "provider"),
    "ASSISTANT_LLM_API_KEY": ("llm", "api_key"),
    "ASSISTANT_HOST": ("web", "host"),
    "ASSISTANT_PORT": ("web", "port"),
    "ASSISTANT_ROOT_PATH": ("web", "root_path"),
}


class PathSettings(BaseModel):
    data_dir: Path = Field(Path("data"), description="Where the index and app state live.")
    corpus_dir: Path = Field(Path("corpus"), description="The bundled newsletters and metadata.")


class IndexSettings(BaseModel):
    chroma_url: str | None = Field(
        None, description="http://host:port of a Chroma server; unset means embedded Chroma."
    )
    collection: str = Field("newsletters", description="Chroma collection name.")
    chunk_tokens: int = Field(384, ge=32, le=1024, description="Target chunk size in tokens.")
    chunk_overlap_tokens: int = Field(48, ge=0, le=256, description="Overlap between chunks.")
    embed_batch_size: int = Field(64, ge=1, le=1024, description="Embedding batch size.")
    max_file_mb: float = Field(64.0, gt=0, description="Files larger than this are refused.")
    memo_texts: int = Field(
        50_000,
        ge=0,
        description="Passage-sentence vectors remembered in memory: read from the index at "
        "start and for each question's passages (embedded only when the index has none).",
    )
    memo_queries: int = Field(256, ge=0, description="Question vectors remembered in memory.")
    span_vectors: bool = Field(
        True,
        description="Embed every passage sentence at ingest and store the vectors with the "
        "index, so no answer waits for sentence embedding.",
    )


class OcrSettings(BaseModel):
    """Reading PDF pages that have no text layer (scans) with Tesseract."""

    enabled: bool = Field(True, description="OCR pages with no text layer when Tesseract is there.")
    language: str = Field("eng", description="Tesseract language(s), e.g. eng or eng+pol.")
    dpi: int = Field(300, ge=72, le=600, description="Resolution pages are rendered at for OCR.")
    min_confidence: float = Field(
        50.0, ge=0, le=100, description="OCR lines whose mean word confidence is lower are dropped."
    )
    page_timeout_s: float = Field(120.0, gt=0, description="Longest time for one page's OCR.")


class ModelSettings(BaseModel):
    embedding_dir: Path | None = Field(
        None, description="A local sentence-transformers folder; unset means the packaged model."
    )
    device: str = Field("cpu", description="Torch device for the embedding model.")
    threads: int = Field(
        1, ge=0,
        description="Torch's intra-op threads for the embedding model (0: torch's default, "
        "one per core). One thread is faster for a whole question on a small machine: with "
        "more, torch's idle threads keep the cores busy after each embedding and slow the "
        "retrieval, detection and answering that follow (benchmarks/query.py).",
    )
    bulk_threads: int = Field(
        0, ge=0,
        description="Torch's intra-op threads when a whole batch of texts is embedded "
        "(ingest; 0: torch's default, one per core, twice as fast as one on two cores).",
    )


class RerankWeights(BaseModel):
    """Weights of the reranker's signals (assistant/retrieval/rerank.py)."""

    fused: float = Field(0.5, description="Fused rank score, scaled to 0..1.")
    dense: float = Field(0.5, description="Cosine of question and passage.")
    lexical: float = Field(0.25, description="BM25 score over the best BM25 score.")
    sentence: float = Field(1.0, description="Best cosine of question and one sentence.")
    coverage: float = Field(1.0, description="Share of question words in heading and text.")
    heading: float = Field(0.25, description="Share of question words in the heading.")


class FollowUpTuning(BaseModel):
    """How follow-up questions are made standalone (assistant/retrieval/followup.py)."""

    short_words: int = Field(
        3, ge=1, description="A question with a pronoun or 'and ...' and this few content words "
        "is a follow-up; also the subject words carried from earlier questions.",
    )
    context_words: int = Field(12, ge=1, description="Most subject words carried over.")
    lookback: int = Field(3, ge=1, description="Earlier user questions consulted.")


class RetrievalTuning(BaseModel):
    """Every number of retrieval (docs/answering.md)."""

    top_k: int = Field(10, ge=1, le=50, description="Passages returned by retrieval.")
    dense_k: int = Field(40, ge=1, le=200, description="Dense candidates before fusion.")
    lexical_k: int = Field(40, ge=1, le=200, description="Lexical candidates before fusion.")
    rrf_k: int = Field(
        5, ge=1, description="Reciprocal rank fusion constant (5 measured best on the QA set)."
    )
    dense_weight: float = Field(1.0, ge=0, description="Weight of the dense list in fusion.")
    lexical_weight: float = Field(
        1.3, ge=0, description="Weight of the BM25 list in fusion (odd/even halves agreed)."
    )
    recency_weight: float = Field(
        0.0005, ge=0, description="Tie-break towards newer issues (a fraction of a rank step)."
    )
    duplicate_threshold: float = Field(
        0.8, ge=0, le=1, description="Content-word Jaccard at which two passages are copies."
    )
    bm25_k1: float = Field(1.2, gt=0, description="BM25 term saturation.")
    bm25_b: float = Field(0.75, ge=0, le=1, description="BM25 length normalisation.")
    rerank_depth: int = Field(
        20, ge=0, le=200,
        description="Fused candidates reranked on sentence-level evidence (0 turns it off).",
    )
    rerank: RerankWeights = Field(default_factory=RerankWeights)
    warm_up_batch: int = Field(
        64, ge=1, description="Sentences embedded per batch when warming up (questions arriving "
        "meanwhile get the model between batches).",
    )
    follow_up: FollowUpTuning = Field(default_factory=FollowUpTuning)


class AnswerTuning(BaseModel):
    """Every number of the extractive answerer (docs/answering.md)."""

    model_file: Path | None = Field(
        None,
        description="Fitted span ranker and answerability model (.npz); unset means the one in "
        "the package, fitted by `python -m assistant.answer.fit`.",
    )
    max_passages: int = Field(5, ge=1, le=20, description="Passages whose units are ranked.")
    list_items: int = Field(8, ge=1, le=40, description="Most items quoted with a list's lead-in.")
    max_units: int = Field(4, ge=1, le=12, description="Most units (quotes) in one answer.")
    max_words: int = Field(200, ge=20, description="Word budget of an answer's quotes.")
    relative: float = Field(
        0.1, ge=0, le=1,
        description="A further unit is quoted when its ranker share is at least this part "
        "of the best unit's.",
    )
    unit_floor: float = Field(
        0.01, ge=0, le=1,
        description="A further unit needs at least this ranker share (one question's unit "
        "shares sum to 1).",
    )
    duplicate: float = Field(
        0.7, ge=0, le=1, description="Content-word Jaccard at which two units say the same."
    )
    answerable_threshold: float = Field(
        0.5, ge=0, le=1,
        description="Answerability probability below which the answer is a refusal (chosen by "
        "cross-validation when the model is fitted; see docs/answering.md).",
    )
    fit_c: float = Field(
        1.0, gt=0, description="Inverse regularisation of the answerer's logistic regressions."
    )
    newer_same_subject: float = Field(
        0.5, ge=0, le=1,
        description="Content-word Jaccard (headings, or heading and text) at which a newer "
        "issue's passage counts as covering a cited passage's subject.",
    )
    max_question_tokens: int = Field(
        256, ge=16,
        description="Retrieval and answering read this many tokens of a question (safety "
        "reads all of it).",
    )
    max_history_turns: int = Field(12, ge=0, description="Recent turns kept from the history.")
    common_words: int = Field(
        20_000, ge=0,
        description="The English words this frequent are everyday words: never reported as "
        "terms no newsletter uses.",
    )


class LLMSettings(BaseModel):
    base_url: str | None = Field(None, description="OpenAI-compatible or Ollama server URL.")
    model: str | None = Field(None, description="Model name on that server.")
    provider: Literal["openai", "ollama"] = Field("openai", description="API the server speaks.")
    api_key: SecretStr | None = Field(None, description="Secret; read from the environment only.")
    timeout_s: float = Field(30.0, gt=0, description="Request timeout in seconds.")
    max_prompt_tokens: int = Field(3000, ge=256, description="Token budget for the prompt.")
    passage_tokens: int = Field(400, ge=32, description="Most tokens of one passage in the prompt.")
    max_passages: int = Field(6, ge=1, le=20, description="Most passages in the prompt.")
    max_sentences: int = Field(4, ge=1, le=12, description="Most sentences in a generated answer.")
    answer_reserve: int = Field(300, ge=0, description="Tokens left for the model's reply.")
    min_lexical: float = Field(
        0.6, ge=0, le=1,
        description="Share of a generated sentence's content words found in its cited passage "
        "for the sentence to count as supported.",
    )
    min_semantic: float = Field(
        0.55, ge=0, le=1,
        description="Cosine of a generated sentence and its cited passage sentence at which it "
        "counts as supported when the words differ.",
    )
    temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature.")


class SafetyTuning(BaseModel):
    """Every threshold and weight of risk detection and route choice (docs/safety.md)."""

    history_turns: int = Field(
        3, ge=0, le=20, description="Earlier user turns read with the message."
    )
    history_chars: int = Field(4000, ge=100, description="Characters read of each earlier turn.")
    lexicon_slice_chars: int = Field(
        20_000, ge=1000,
        description="The lexicon reads a long message in slices of this many characters "
        "(overlapping), so every part of it is read at a bounded cost per slice.",
    )
    risk_threshold: float = Field(
        0.15, ge=0, le=1,
        description="Classifier probability of risk (immediate or concern) at or above which "
        "routes show. Chosen leave-one-source-out on ../shared/risk-external "
        "(benchmarks/risk.py); recall first.",
    )
    immediate_threshold: float = Field(
        0.30, ge=0, le=1,
        description="Severity model's probability of immediate danger (given that someone "
        "may be at risk) at or above which 999 leads. Chosen on 5-fold cross-validation of "
        "the exemplar bank (fit data): at 0.30 it reads 0.936 of immediate exemplars as "
        "immediate and 0.206 of concern ones (the earlier level model, at its threshold of "
        "0.20: 0.923 and 0.268).",
    )
    topic_threshold: float = Field(
        0.50, ge=0, le=1,
        description="Classifier probability of a risk topic (no live case) at or above which "
        "the support strip shows, and a lexicon finding from topic patterns alone is read as "
        "a practice question (the strip, not the routes).",
    )
    practice_threshold: float = Field(
        0.80, ge=0, le=1,
        description="Classifier probability of a risk topic (no live case) at or above which "
        "a lexicon finding from live patterns, with no immediate-danger cue, is read as a "
        "practice question (\"what age can a child be left home alone?\"): the support strip, "
        "not the routes; only when the classifier also reads risk below `veto_threshold`. "
        "Chosen on the project's labelled sets (fit data) as the lowest value that took the "
        "routes from none of their messages that must show them.",
    )
    veto_threshold: float = Field(
        0.03, ge=0, le=1,
        description="Classifier probability of risk below which a lexicon finding is read as "
        "a mention, not a case: the support strip instead of the routes. The classifier has "
        "seen the lexicon's finding among its features; 0 turns the veto off. Chosen "
        "leave-one-source-out on ../shared/risk-external together with the risk threshold "
        "(benchmarks/risk.py), keeping the same recall target; a finding with an "
        "immediate-danger cue is never vetoed.",
    )
    gloss_share: float = Field(
        0.3, ge=0, le=1,
        description="Share of a message's words found in the gloss tables "
        "(assistant/safety/gloss/: romanised Urdu and Hindi, Punjabi, Gujarati, Polish, "
        "Somali) at or above which the classifier reads the message's English gloss instead "
        "of the message, and the lexicon reads both; 0 turns glossing off. At 0.3 none of "
        "1,100 English messages (../shared/risk-external, evals/datasets/risk.jsonl) is "
        "glossed, and 0.93 of the bank's newest messages in those languages are.",
    )
    gloss_min_words: int = Field(
        2, ge=1, description="Fewest words from the gloss tables for a message to be glossed."
    )
    window_words: int = Field(
        48, ge=8, le=200,
        description="Messages longer than this are also read in windows of this many words.",
    )
    window_stride: int = Field(24, ge=4, le=200, description="Words between window starts.")
    max_windows: int = Field(
        64, ge=1, description="Most windows read of one message (spread over the whole text)."
    )
    follow_similarity: float = Field(
        0.35, ge=0, le=1,
        description="Cosine between a message and an earlier risky turn at or above which the "
        "message still concerns that risk, so its routes stay.",
    )
    fit_c: float = Field(
        4.0, gt=0,
        description="Inverse regularisation of the classifier's logistic regressions (used "
        "by `python -m assistant.safety.fit`; chosen by cross-validation on the bank).",
    )
    fit_folds: int = Field(
        5, ge=2, le=20, description="Folds for the combiner's out-of-fold scores when fitting."
    )
    neighbours: int = Field(
        10, ge=1, le=100,
        description="Nearest exemplars averaged on each side of the neighbour margin.",
    )
    neighbour_dimensions: int = Field(
        128, ge=0, le=384,
        description="Width the neighbour margins' cosines are read in: the span of the bank's "
        "leading singular vectors (0: the full 384). Fixed when the classifier is fitted "
        "(stored with it); 128 reads a third of the bytes per message.",
    )
    max_national: int = Field(4, ge=0, le=20, description="Most national lines in the panel.")
    concern_visible: int = Field(
        3, ge=1, le=20,
        description="Routes shown first for a concern; the rest are one click away.",
    )


class SafetySettings(BaseModel):
    routes_file: Path | None = Field(
        None, description="Routes table (TOML); unset means the reviewed table in the package."
    )
    classifier_file: Path | None = Field(
        None,
        description="Fitted risk classifier (.npz); unset means the one in the package, fitted "
        "from the exemplar bank by `python -m assistant.safety.fit`.",
    )
    default_area: str | None = Field(
        None, description="leicester, leicestershire or rutland when every user is in one area."
    )
    timezone: str = Field("Europe/London", description="For office-hours route ordering.")
    tuning: SafetyTuning = Field(default_factory=SafetyTuning)


class WebSettings(BaseModel):
    host: str = Field("127.0.0.1", description="Bind address.")
    port: int = Field(7860, ge=1, le=65535, description="Bind port.")
    root_path: str = Field("", description="Path prefix when served behind a reverse proxy.")
    allowed_origins: list[str] = Field(
        default_factory=list, description="Origins allowed to embed the widget and call the API."
    )
    basic_auth_user: str | None = Field(None, description="Enables basic auth when set.")
    basic_auth_password: SecretStr | None = Field(None, description="Basic auth password.")
    basic_auth_accounts: dict[str, SecretStr] = Field(
        default_factory=dict,
        description="More basic-auth accounts besides basic_auth_user, name -> password, as "
        'JSON (\'{"office": "..."}\'): e.g. the business office\'s own account for /admin.',
    )
    trusted_user_header: str | None = Field(
        None,
        description="Header set by a trusted reverse proxy naming the signed-in user; "
        "believed only from web.trusted_proxies.",
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Addresses or networks (CIDR) of the reverse proxies whose X-Forwarded-For, "
        "X-Forwarded-Proto and user header are believed. From any other peer those headers "
        "are removed. Empty: nobody's.",
    )
    trusted_roles_header: str | None = Field(
        None,
        description="Header set by the trusted reverse proxy listing the user's roles or "
        "groups (comma-separated); read only when trusted_user_header is set.",
    )
    admin_users: list[str] = Field(
        default_factory=list,
        description="User names (basic auth or the trusted header) allowed into /admin, as "
        "JSON ('[\"office\"]'). Empty, with no admin_roles either: /admin is off.",
    )
    admin_roles: list[str] = Field(
        default_factory=list,
        description="Roles or groups named in trusted_roles_header that allow /admin, as JSON.",
    )
    admin_max_upload_mb: float = Field(
        20.0, gt=0, description="Largest newsletter file accepted by /admin, in MB."
    )
    admin_form_hours: float = Field(
        8.0, gt=0, description="How long an /admin form stays valid (its anti-forgery token)."
    )
    admin_eval_timeout_s: float = Field(
        1800.0, gt=0, description="A quality check started from /admin is stopped after this."
    )
    admin_poll_seconds: float = Field(
        1.0, gt=0, description="How often the /admin page checks a running job's progress."
    )
    rate_limit_per_minute: int = Field(
        60, ge=0, description="Per-client API requests a minute; 0 is off."
    )
    chat_rate_limit_per_minute: int = Field(
        30, ge=0,
        description="Per-client chat messages a minute, counted apart from the API; 0 is off. "
        "A message that carries risk is never refused for rate.",
    )
    feedback_rate_limit_per_minute: int = Field(
        20, ge=0,
        description="Per-client feedback from the chat (thumbs and the feedback form) a minute; "
        "0 is off. POST /api/feedback counts under rate_limit_per_minute.",
    )
    max_body_bytes: int = Field(2_000_000, ge=1024, description="Largest accepted request body.")
    feedback_retention_days: int = Field(
        90, ge=1, description="Feedback older than this is deleted."
    )


class Settings(BaseSettings):
    """Every setting of the assistant, grouped by the stage that uses it."""

    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_",
        env_nested_delimiter="__",
        toml_file="assistant.toml",
        extra="ignore",
    )

    paths: PathSettings = Field(default_factory=PathSettings)
    index: IndexSettings = Field(default_factory=IndexSettings)
    ocr: OcrSettings = Field(default_factory=OcrSettings)
    model: ModelSettings = Field(default_factory=ModelSettings)
    retrieval: RetrievalTuning = Field(default_factory=RetrievalTuning)
    answer: AnswerTuning = Field(default_factory=AnswerTuning)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    safety: SafetySettings = Field(default_factory=SafetySettings)
    web: WebSettings = Field(default_factory=WebSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            FlatEnvSource(settings_cls),
            env_settings,
            TomlConfigSettingsSource(settings_cls),
        )

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm.base_url and self.llm.model)


class FlatEnvSource(PydanticBaseSettingsSource):
    """Reads the short documented names (ASSISTANT_DATA_DIR...) into their nested fields."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        out: dict[str, dict[str, str]] = {}
        for name, (section, key) in FLAT_ENV.items():
            value = os.environ.get(name)
            if value is not None and value != "":
                out.setdefault(section, {})[key] = value
        return out


def load_settings(**overrides: Any) -> Settings:
    """Settings from arguments, the environment and ./assistant.toml (in that order)."""
    return Settings(**overrides)
