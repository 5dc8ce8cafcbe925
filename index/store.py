"""Building and opening the index: passages embedded into Chroma, with a BM25 index beside them.

Every build goes into a new folder under `<root>/builds/` and becomes current by an atomic swap of
the `<root>/current` link, written last: a crash mid-build leaves the previous index current and
usable. A manifest in each build records the fingerprint (corpus content, embedding model,
chunker version); an index whose fingerprint differs from what the corpus and settings give
now is stale and is rebuilt.

    >>> from index.embeddings import load_embeddings
    >>> store = IndexStore(Path(".lanzarote/index"), load_embeddings("all-MiniLM-L6-v2"), "all-MiniLM-L6-v2")
    >>> index = store.ensure()           # builds on first use, then opens
    >>> index.dense(index.embed("What is Norway required to do?"), k=1)[0][0].recommendation
    'V-17'
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from corpus.chunking import CHUNKER_VERSION
from corpus.collection import DEFAULT_DIR, Corpus, content_hash
from corpus.records import Passage
from index.bm25 import Bm25Index
from index.text import TEXT_VERSION

#: Bump when the layout of a build folder changes.
INDEX_FORMAT = "1"
COLLECTION = "passages"
BATCH = 32

Progress = Callable[[int, int, str], None]


class IndexUnavailable(RuntimeError):
    """The index cannot be opened: missing, stale or unreadable (the message says which)."""

    def __init__(self, status: str, detail: str):
        self.status = status
        super().__init__(f"index {status}: {detail}")


@dataclass(frozen=True)
class Manifest:
    fingerprint: str
    corpus_hash: str
    embedding_model: str
    chunker_version: str
    index_format: str
    passages: int
    recommendations: int
    documents: list[str]
    build_seconds: float
    created: str


def fingerprint(corpus_hash: str, embedding_model: str) -> str:
    """What the index depends on: the corpus, the model, how passages are cut and how words are tokenised."""
    text = "\0".join([corpus_hash, embedding_model, CHUNKER_VERSION, TEXT_VERSION, INDEX_FORMAT])
    return hashlib.sha256(text.encode()).hexdigest()


def _chroma_client(path: Path) -> chromadb.ClientAPI:
    return chromadb.PersistentClient(path=str(path), settings=ChromaSettings(anonymized_telemetry=False))


def _metadata(passage: Passage) -> dict:
    """Chroma metadata: scalars only, lists joined with "; "."""
    return {
        "passage_id": passage.id,
        "document": passage.document,
        "kind": passage.kind,
        "section": passage.section,
        "section_title": passage.section_title,
        "recommendation": passage.recommendation or "",
        "level": passage.level.value if passage.level else "",
        "addressees": "; ".join(passage.addressees),
        "articles": "; ".join(passage.articles),
        "countries": "; ".join(passage.countries),
        "line": passage.line,
    }


class BuiltIndex:
    """An index ready to query: the same passages in Chroma (dense) and in BM25 (sparse)."""

    def __init__(self, path: Path, manifest: Manifest, passages: list[Passage], vectorstore: Chroma, bm25: Bm25Index, embeddings: Embeddings):
        self.path = path
        self.manifest = manifest
        self.passages = passages
        self.vectorstore = vectorstore
        self.bm25 = bm25
        self.embeddings = embeddings
        self._by_id = {p.id: p for p in passages}

    def embed(self, text: str) -> list[float]:
        return self.embeddings.embed_query(text)

    def dense(self, vector: list[float], k: int) -> list[tuple[Passage, float]]:
        """The `k` passages nearest to `vector`, with their cosine similarity."""
        # Despite its name, this returns Chroma's distance (here cosine distance = 1 - similarity).
        hits = self.vectorstore.similarity_search_by_vector_with_relevance_scores(vector, k=min(k, len(self.passages)))
        return [(self._by_id[doc.metadata["passage_id"]], 1.0 - float(distance)) for doc, distance in hits]

    def sparse(self, query: str, k: int) -> list[tuple[Passage, float]]:
        return [(self.passages[i], score) for i, score in self.bm25.search(query, k)]

    def passage(self, passage_id: str) -> Passage | None:
        return self._by_id.get(passage_id)


class IndexStore:
    def __init__(self, root: Path, embeddings: Embeddings, embedding_model: str, corpus_dir: Path = DEFAULT_DIR):
        self.root = Path(root)
        self.embeddings = embeddings
        self.embedding_model = embedding_model
        self.corpus_dir = Path(corpus_dir)

    @property
    def current(self) -> Path:
        return self.root / "current"

    def expected_fingerprint(self) -> str:
        return fingerprint(content_hash(self.corpus_dir), self.embedding_model)

    def current_id(self) -> str | None:
        """The current build's name (None if there is none): cheap, for an app that polls for a new build."""
        try:
            return Path(os.readlink(self.current)).name
        except OSError:
            return None

    def status(self) -> tuple[str, str]:
        """("ready" | "missing" | "stale" | "corrupt", why)."""
        try:
            self.open()
        except IndexUnavailable as error:
            return error.status, str(error)
        return "ready", f"index at {self.current.resolve()}"

    # Opening -----------------------------------------------------------------------------------

    def open(self) -> BuiltIndex:
        if not self.current.exists():
            raise IndexUnavailable("missing", f"no index at {self.root}")
        path = self.current.resolve()
        try:
            manifest = Manifest(**json.loads((path / "manifest.json").read_text()))
        except (OSError, ValueError, TypeError) as error:
            raise IndexUnavailable("corrupt", f"manifest unreadable in {path}: {error}") from None
        expected = self.expected_fingerprint()
        if manifest.fingerprint != expected:
            raise IndexUnavailable("stale", "the corpus, the embedding model or the chunker changed since it was built")
        try:
            passages = [Passage.model_validate_json(line) for line in (path / "passages.jsonl").read_text().splitlines()]
            bm25 = Bm25Index.load(path / "bm25", len(passages))
            client = _chroma_client(path / "chroma")
            collection = client.get_collection(COLLECTION, embedding_function=None)
            count = collection.count()
        except Exception as error:  # any failure to read a part of the build means it is unusable
            raise IndexUnavailable("corrupt", f"cannot read {path}: {type(error).__name__}: {error}") from None
        if not (len(passages) == count == manifest.passages):
            raise IndexUnavailable("corrupt", f"{path} holds {count} vectors and {len(passages)} passages; its manifest says {manifest.passages}")
        vectorstore = Chroma(client=client, collection_name=COLLECTION, embedding_function=self.embeddings, create_collection_if_not_exists=False)
        return BuiltIndex(path, manifest, passages, vectorstore, bm25, self.embeddings)

    def ensure(self, progress: Progress | None = None, on_rebuild: Callable[[str], None] | None = None) -> BuiltIndex:
        """Open the current index, building it first if it is missing, stale or corrupt."""
        try:
            return self.open()
        except IndexUnavailable as error:
            if on_rebuild is not None:
                on_rebuild(str(error))
        with self._lock():
            try:  # another process may have built it while this one waited for the lock
                return self.open()
            except IndexUnavailable:
                return self._build(progress)

    # Building ----------------------------------------------------------------------------------

    def build(self, progress: Progress | None = None) -> BuiltIndex:
        """Build a new index from the corpus and make it current."""
        with self._lock():
            return self._build(progress)

    def _build(self, progress: Progress | None) -> BuiltIndex:
        started = time.perf_counter()
        corpus_hash = content_hash(self.corpus_dir)
        corpus = Corpus.load(self.corpus_dir)
        passages = corpus.passages
        builds = self.root / "builds"
        builds.mkdir(parents=True, exist_ok=True)
        key = fingerprint(corpus_hash, self.embedding_model)
        path = builds / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{key[:12]}"
        tmp = path.with_name(path.name + ".partial")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        try:
            client = _chroma_client(tmp / "chroma")
            # embedding_function=None: Chroma's default would download a model; vectors always come from ours.
            collection = client.create_collection(COLLECTION, metadata={"hnsw:space": "cosine"}, embedding_function=None)
            texts = [p.indexed_text() for p in passages]
            for start in range(0, len(passages), BATCH):
                batch = passages[start:start + BATCH]
                vectors = self.embeddings.embed_documents(texts[start:start + BATCH])
                collection.add(
                    ids=[p.id for p in batch], embeddings=vectors, documents=texts[start:start + BATCH],
                    metadatas=[_metadata(p) for p in batch],
                )
                if progress:
                    progress(min(start + BATCH, len(passages)), len(passages), "embedding passages")
            Bm25Index.build(texts).save(tmp / "bm25")
            (tmp / "passages.jsonl").write_text("\n".join(p.model_dump_json() for p in passages) + "\n")
            manifest = Manifest(
                fingerprint=key, corpus_hash=corpus_hash, embedding_model=self.embedding_model, chunker_version=CHUNKER_VERSION,
                index_format=INDEX_FORMAT, passages=len(passages), recommendations=len(corpus.recommendations),
                documents=[s.document for s in corpus.factsheets], build_seconds=round(time.perf_counter() - started, 3),
                created=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            )
            del collection, client
            (tmp / "manifest.json").write_text(json.dumps(asdict(manifest), indent=2))
            os.rename(tmp, path)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self._swap(path)
        self._prune(keep=path)
        return self.open()

    def _swap(self, path: Path) -> None:
        link = self.root / f".current-{os.getpid()}"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(Path("builds") / path.name)
        os.replace(link, self.current)

    def _prune(self, keep: Path, previous: int = 1) -> None:
        """Delete old builds, keeping the current one and the one before it (still open elsewhere, maybe)."""
        builds = sorted((p for p in (self.root / "builds").iterdir() if p != keep and not p.name.endswith(".partial")), key=lambda p: p.stat().st_mtime)
        for old in builds[: max(0, len(builds) - previous)]:
            shutil.rmtree(old, ignore_errors=True)

    @contextmanager
    def _lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
