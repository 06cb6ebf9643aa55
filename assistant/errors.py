"""The errors the library raises. Only the edges (CLI, API, chat) translate them."""


class AssistantError(Exception):
    """Base class for every error the assistant raises on purpose."""


class ConfigError(AssistantError):
    """Settings, the routes table or another configuration file is invalid."""


class IngestError(AssistantError):
    """One file could not be ingested; the message says why, for the per-file report."""


class IndexUnavailable(AssistantError):
    """The index cannot be read right now (server down, corrupt or missing data directory)."""


class BadRequest(AssistantError):
    """A question, history or filter the assistant cannot accept; the message says why."""


class LLMUnavailable(AssistantError):
    """The optional LLM endpoint failed; callers fall back to the extractive answer."""
