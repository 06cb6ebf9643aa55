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


class ModelSettings(BaseModel):
    embedding_dir: Path | None = Field(
        None, description="A local sentence-transformers folder; unset means the packaged model."
    )
    device: str = Field("cpu", description="Torch device for the embedding model.")


class RetrievalSettings(BaseModel):
    top_k: int = Field(10, ge=1, le=50, description="Passages returned by retrieval.")
    dense_k: int = Field(40, ge=1, le=200, description="Dense candidates before fusion.")
    lexical_k: int = Field(40, ge=1, le=200, description="Lexical candidates before fusion.")
    rrf_k: int = Field(
        5, ge=1, description="Reciprocal rank fusion constant (5 measured best on the QA set)."
    )
    rerank_depth: int = Field(
        20, ge=0, le=200,
        description="Fused candidates reranked on sentence-level evidence (0 turns it off).",
    )


class AnswerSettings(BaseModel):
    max_sentences: int = Field(4, ge=1, le=12, description="Sentences in an extractive answer.")
    stale_after_years: float = Field(
        3.0, ge=0, description="Warn when an answer cites guidance older than this."
    )
    min_support: float = Field(
        0.43, ge=0, le=1,
        description="Evidence score below which the answer is a refusal (calibrated on the "
        "answerable and unanswerable question sets; see docs/answering.md).",
    )
    strict_support: float = Field(
        0.65, ge=0, le=1,
        description="Evidence score needed when the question names a term that no newsletter "
        "uses (e.g. MARAC); below it the answer is a refusal naming the term.",
    )
    max_question_tokens: int = Field(
        256, ge=16, description="Longer questions are trimmed to this many tokens, with a notice."
    )
    max_history_turns: int = Field(12, ge=0, description="Recent turns kept from the history.")


class LLMSettings(BaseModel):
    base_url: str | None = Field(None, description="OpenAI-compatible or Ollama server URL.")
    model: str | None = Field(None, description="Model name on that server.")
    provider: Literal["openai", "ollama"] = Field("openai", description="API the server speaks.")
    api_key: SecretStr | None = Field(None, description="Secret; read from the environment only.")
    timeout_s: float = Field(30.0, gt=0, description="Request timeout in seconds.")
    max_prompt_tokens: int = Field(3000, ge=256, description="Token budget for the prompt.")
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
        0.30, ge=0, le=1,
        description="Classifier probability of risk (immediate or concern) at or above which "
        "routes show. Chosen leave-one-source-out on ../shared/risk-external "
        "(benchmarks/risk.py); recall first.",
    )
    immediate_threshold: float = Field(
        0.30, ge=0, le=1,
        description="Classifier probability of immediate danger at or above which 999 leads.",
    )
    topic_threshold: float = Field(
        0.50, ge=0, le=1,
        description="Classifier probability of a risk topic (no live case) at or above which "
        "the support strip shows.",
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
    model: ModelSettings = Field(default_factory=ModelSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
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
