"""Building and opening the index: passages embedded into Chroma, with a BM25 index beside them.

Every build goes into a new folder under `<root>/builds/` and becomes current by an atomic swap of
the `<root>/current` link, written last: a crash mid-build leaves the previous index current and
usable. A manifest in each build records the fingerprint (corpus content, embedding model,
chunker version); an index whose fingerprint differs from what the corpus and settings give
now is stale and is rebuilt.

Builds are incremental. The manifest also records each document's hash, so a new build knows
which documents were added, updated or removed since the current one. It starts from a copy of
the current build's Chroma folder (a file copy: no vector is re-embedded, and no HNSW graph is
rebuilt), deletes the passages of updated and removed documents, and embeds only the passages of
added and updated documents. The BM25 index is recomputed from the tokens stored with the
current build, so only the changed documents are tokenised. The copy is a new build folder like
any other: the swap, the fingerprint and the crash safety are unchanged. A build starts from
scratch when there is no usable current build, when the embedding model, the chunker or the
tokeniser changed, or when asked to (`build(full=True)`, `lanzarote index --rebuild`).

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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from corpus.cache import code_version
from corpus.chunking import CHUNKER_VERSION
from corpus.collection import DEFAULT_DIR, Corpus, corpus_hash_of, document_hashes
from corpus.records import Passage
from index.bm25 import Bm25Index, TokenStore, TokenStoreBuilder, positions_mask
from index.text import TEXT_VERSION

if TYPE_CHECKING:
    import chromadb
    import numpy as np
    from langchain_chroma import Chroma
    from langchain_core.embeddings import Embeddings

#: Bump when the layout of a build folder changes.
INDEX_FORMAT = "2"
COLLECTION = "passages"
#: Passages embedded per call: large enough that the model sorts them by length and pads little.
EMBED_BATCH = 1024

Progress = Callable[[int, int, str], None]


class IndexUnavailable(RuntimeError):
    """The index cannot be opened: missing, stale or unreadable (the message says which)."""

    def __init__(self, status: str, detail: str):
        self.status = status
        super().__init__(f"index {status}: {detail}")


@dataclass(frozen=True)
class Changes:
    """What a build changed, document by document, relative to the build it started from."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    embedded: int = 0  # passages embedded by this build
    reused: int = 0  # passages whose vectors were kept from the previous build
    full: bool = True  # built from scratch rather than from the previous build
    reason: str = ""  # why it was built from scratch
    #: seconds spent on each step: parse, copy, delete, embed, store (Chroma add), bm25, write
    timings: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        def names(items: list[str]) -> str:
            return ", ".join(items[:10]) + (f" and {len(items) - 10} more" if len(items) > 10 else "") if items else "none"

        return (
            f"added: {names(self.added)}; updated: {names(self.updated)}; removed: {names(self.removed)}; "
            f"{len(self.unchanged)} unchanged; {self.embedded} passages embedded, {self.reused} reused"
        )


@dataclass(frozen=True)
class DocumentEntry:
    """One document in a build: its file's hash, a hash of what was indexed of it, its passages."""

    hash: str
    content: str
    passages: int


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
    text_version: str = ""
    code_version: str = ""  # of the code that reads documents into passages and tokens (corpus/cache.py)
    #: each document's entry (as a dict), in passage order: a document's passages are contiguous
    entries: dict[str, dict] = field(default_factory=dict)
    changes: dict = field(default_factory=dict)
    base: str | None = None  # the build this one started from, if any

    @classmethod
    def read(cls, path: Path) -> Manifest:
        data = json.loads((path / "manifest.json").read_text())
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})

    def entry(self, document: str) -> DocumentEntry:
        return DocumentEntry(**self.entries[document])

    def ranges(self) -> dict[str, tuple[int, int]]:
        """Each document's passages as positions [start, end) in the build's passage order."""
        out, start = {}, 0
        for document, entry in self.entries.items():
            out[document] = (start, start + entry["passages"])
            start += entry["passages"]
        return out


def fingerprint(corpus_hash: str, embedding_model: str) -> str:
    """What the index depends on: the corpus, the model, how passages are cut and how words are
    tokenised (the versions, and the code itself: a change the versions miss still makes the index
    stale, and the incremental build then re-embeds only the documents whose passages changed)."""
    text = "\0".join([corpus_hash, embedding_model, CHUNKER_VERSION, TEXT_VERSION, INDEX_FORMAT, code_version()])
    return hashlib.sha256(text.encode()).hexdigest()


def chroma_client(path: Path) -> chromadb.ClientAPI:
    """The one place where the index makes a Chroma client: the embedded, persistent one in a build folder.

    (A Chroma server's client is made in index/backends.py, `ChromaServer.client`.)
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

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


def _content_hash(passages: Iterable[Passage]) -> str:
    """What the index holds of a document: its passages' indexed texts and metadata."""
    digest = hashlib.sha256()
    for p in passages:
        digest.update(p.indexed_text().encode() + b"\0" + json.dumps(_metadata(p), sort_keys=True).encode() + b"\0")
    return digest.hexdigest()


class BuiltIndex:
    """An index ready to query: the same passages in Chroma (dense) and in BM25 (sparse).

    `subset(documents)` gives the same index limited to some documents (a Chroma `where` filter
    and a BM25 mask): questions limited to a document or a theme search only there.
    """

    def __init__(self, path: Path, manifest: Manifest, passages: list[Passage], collection, bm25: Bm25Index, embeddings: Embeddings,
                 client=None):
        self.path = path
        self.manifest = manifest
        self.passages = passages
        self.collection = collection
        self.client = client
        self.bm25 = bm25
        self.embeddings = embeddings
        self._by_id = {p.id: p for p in passages}
        self._position = {p.id: i for i, p in enumerate(passages)}
        self.documents: tuple[str, ...] | None = None  # None: every document
        self._where: dict | None = None
        self._mask: np.ndarray | None = None
        self._size = len(passages)

    @property
    def vectorstore(self) -> Chroma:
        """The collection as a LangChain vector store."""
        from langchain_chroma import Chroma

        return Chroma(client=self.client, collection_name=COLLECTION, embedding_function=self.embeddings, create_collection_if_not_exists=False)

    def subset(self, documents: Iterable[str]) -> BuiltIndex:
        wanted = tuple(sorted(set(documents)))
        ranges = self.manifest.ranges()
        unknown = [d for d in wanted if d not in ranges]
        if unknown:
            raise KeyError(", ".join(unknown))
        if len(wanted) == len(ranges):
            return self
        view = object.__new__(type(self))  # the same kind of index (a server's keeps its error handling)
        view.__dict__.update(self.__dict__)
        view.documents = wanted
        view._where = {"document": wanted[0]} if len(wanted) == 1 else {"document": {"$in": list(wanted)}}
        view._mask = positions_mask(len(self.passages), [ranges[d] for d in wanted])
        view._size = sum(e - s for s, e in (ranges[d] for d in wanted))
        return view

    def embed(self, text: str) -> list[float]:
        return self.embeddings.embed_query(text)

    def dense(self, vector: list[float], k: int) -> list[tuple[Passage, float]]:
        """The `k` passages nearest to `vector`, with their cosine similarity."""
        k = min(k, self._size)
        if k <= 0:
            return []
        # Only ids and distances: the passages themselves are already in memory.
        found = self.collection.query(query_embeddings=[vector], n_results=k, where=self._where, include=["distances"])
        # The collection's space is cosine: distance = 1 - similarity.
        return [(self._by_id[pid], 1.0 - float(distance)) for pid, distance in zip(found["ids"][0], found["distances"][0])]

    def sparse(self, query: str, k: int) -> list[tuple[Passage, float]]:
        return [(self.passages[i], score) for i, score in self.bm25.search(query, k, self._mask)]

    def position(self, passage_id: str) -> int | None:
        """Where a passage is in the build's order (as BM25 numbers them)."""
        return self._position.get(passage_id)

    def passage(self, passage_id: str) -> Passage | None:
        found = self._by_id.get(passage_id)
        if found is not None and self.documents is not None and found.document not in self.documents:
            return None
        return found


class _Clock:
    """Adds the time since the last lap to a named step."""

    def __init__(self, timings: dict[str, float]):
        self.timings = timings
        self._last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.timings[step] = round(self.timings.get(step, 0.0) + now - self._last, 3)
        self._last = now


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
        return fingerprint(corpus_hash_of(document_hashes(self.corpus_dir)), self.embedding_model)

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

    def _current_manifest(self) -> tuple[Path, Manifest]:
        if not self.current.exists():
            raise IndexUnavailable("missing", f"no index at {self.root}")
        path = self.current.resolve()
        try:
            return path, Manifest.read(path)
        except (OSError, ValueError, TypeError) as error:
            raise IndexUnavailable("corrupt", f"manifest unreadable in {path}: {error}") from None

    def _check(self, found: tuple[Path, Manifest]) -> None:
        path, manifest = found
        if manifest.index_format != INDEX_FORMAT:
            raise IndexUnavailable("stale", f"{path} was built in an older index format ({manifest.index_format}; now {INDEX_FORMAT})")
        if manifest.fingerprint != self.expected_fingerprint():
            raise IndexUnavailable("stale", "the corpus, the embedding model or the chunker changed since it was built")

    def open(self, corpus: Corpus | None = None) -> BuiltIndex:
        """Open the current build. With `corpus` (loaded from the same documents), its passages are
        used rather than read again from the build (they are checked to be the build's)."""
        path, manifest = self._current_manifest()
        self._check((path, manifest))
        try:
            passages = None
            if corpus is not None and list(manifest.entries) == [s.document for s in corpus.factsheets] and len(corpus.passages) == manifest.passages:
                # The same documents (the fingerprint says so) cut by the same chunker: the same passages.
                passages = corpus.passages
            if passages is None:
                passages = [Passage.model_validate_json(line) for line in (path / "passages.jsonl").read_text().splitlines()]
            bm25 = Bm25Index.load(path / "bm25", len(passages))
            client = chroma_client(path / "chroma")
            collection = client.get_collection(COLLECTION, embedding_function=None)
            count = collection.count()
        except Exception as error:  # any failure to read a part of the build means it is unusable
            raise IndexUnavailable("corrupt", f"cannot read {path}: {type(error).__name__}: {error}") from None
        if not (len(passages) == count == manifest.passages):
            raise IndexUnavailable("corrupt", f"{path} holds {count} vectors and {len(passages)} passages; its manifest says {manifest.passages}")
        return BuiltIndex(path, manifest, passages, collection, bm25, self.embeddings, client)

    def ensure(self, progress: Progress | None = None, on_rebuild: Callable[[str], None] | None = None, corpus: Corpus | None = None) -> BuiltIndex:
        """Open the current index, building it first (incrementally when it can) if it is missing, stale or corrupt."""
        try:
            return self.open(corpus)
        except IndexUnavailable as error:
            if on_rebuild is not None:
                on_rebuild(str(error))
        with self._lock():
            try:  # another process may have built it while this one waited for the lock
                return self.open(corpus)
            except IndexUnavailable:
                return self._build(progress, corpus=corpus)

    # Building ----------------------------------------------------------------------------------

    def build(self, progress: Progress | None = None, *, full: bool = False, corpus: Corpus | None = None) -> BuiltIndex:
        """Build a new index from the corpus and make it current: from the current build, re-embedding
        only the documents that changed, or from scratch with `full` (or when it must)."""
        with self._lock():
            return self._build(progress, full=full, corpus=corpus)

    def _previous(self) -> tuple[Path, Manifest, TokenStore] | str:
        """The current build, if a new one can start from it; else why not."""
        try:
            path, manifest = self._current_manifest()
        except IndexUnavailable as error:
            return str(error)
        same = (manifest.index_format, manifest.embedding_model, manifest.chunker_version, manifest.text_version)
        if same != (INDEX_FORMAT, self.embedding_model, CHUNKER_VERSION, TEXT_VERSION):
            return "the embedding model, the chunker, the tokeniser or the index format changed"
        try:
            tokens = TokenStore.load(path / "bm25")
            if len(tokens) != manifest.passages or not (path / "chroma" / "chroma.sqlite3").exists():
                return f"{path} is incomplete"
        except Exception as error:  # an unreadable build is not a base for a new one
            return f"cannot read {path}: {type(error).__name__}: {error}"
        return path, manifest, tokens

    def _build(self, progress: Progress | None, *, full: bool = False, corpus: Corpus | None = None) -> BuiltIndex:
        started = time.perf_counter()
        timings: dict[str, float] = {}
        clock = _Clock(timings)
        hashes = document_hashes(self.corpus_dir)
        if corpus is None or [s.document for s in corpus.factsheets] != list(hashes):
            corpus = Corpus.load(self.corpus_dir)
        entries = {
            s.document: DocumentEntry(hashes[s.document], _content_hash(corpus.passages_of(s.document)), len(corpus.passages_of(s.document)))
            for s in corpus.factsheets
        }
        clock.lap("parse")
        previous = "asked for a full build" if full else self._previous()
        base: tuple[Path, Manifest, TokenStore] | None = None if isinstance(previous, str) else previous
        if base is not None:
            old = base[1]
            changes = Changes(
                added=[d for d in entries if d not in old.entries],
                updated=[d for d in entries if d in old.entries and (asdict(entries[d]) != old.entries[d])],
                removed=[d for d in old.entries if d not in entries],
                unchanged=[d for d in entries if d in old.entries and asdict(entries[d]) == old.entries[d]],
                full=False,
            )
        else:
            changes = Changes(added=list(entries), reason=previous)

        passages = corpus.passages
        builds = self.root / "builds"
        builds.mkdir(parents=True, exist_ok=True)
        # Builds run under the lock, one at a time: a .partial folder here is left by a build that died.
        for orphan in builds.glob("*.partial"):
            shutil.rmtree(orphan, ignore_errors=True)
        key = fingerprint(corpus_hash_of(hashes), self.embedding_model)
        # Two builds can start within a second: the nanoseconds keep their folders apart.
        path = builds / f"{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**9:09d}-{os.getpid()}-{key[:12]}"
        tmp = path.with_name(path.name + ".partial")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        try:
            # Dense: a copy of the previous build's Chroma folder, less what changed, plus what is new.
            if base is not None:
                shutil.copytree(base[0] / "chroma", tmp / "chroma")
                clock.lap("copy")
                client = chroma_client(tmp / "chroma")
                collection = client.get_collection(COLLECTION, embedding_function=None)
                gone = changes.updated + changes.removed
                for start in range(0, len(gone), 100):
                    part = gone[start:start + 100]
                    collection.delete(where={"document": part[0]} if len(part) == 1 else {"document": {"$in": part}})
                clock.lap("delete")
            else:
                client = chroma_client(tmp / "chroma")
                # embedding_function=None: Chroma's default would download a model; vectors always come from ours.
                collection = client.create_collection(COLLECTION, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None)
            fresh = [p for d in changes.added + changes.updated for p in corpus.passages_of(d)]
            self._embed(collection, fresh, progress, clock)
            count = collection.count()
            # BM25: the stored tokens of unchanged documents, new tokens for the rest.
            builder = TokenStoreBuilder()
            remap = None
            # Stored tokens are reused only if the same code tokenised them.
            unchanged = set(changes.unchanged) if base is not None and base[1].code_version == code_version() else set()
            old_ranges = base[1].ranges() if base is not None else {}
            for document in entries:
                if document in unchanged:
                    start, end = old_ranges[document]
                    remap = builder.add_stored(base[2], start, end, remap)
                else:
                    builder.add_texts(p.indexed_text() for p in corpus.passages_of(document))
            tokens = builder.build()
            if progress:
                progress(len(fresh), len(fresh), "indexing words (BM25)")
            Bm25Index.from_tokens(tokens).save(tmp / "bm25")
            tokens.save(tmp / "bm25")
            clock.lap("bm25")
            (tmp / "passages.jsonl").write_text("".join(p.model_dump_json() + "\n" for p in passages))
            if count != len(passages):
                raise RuntimeError(f"the new build holds {count} vectors for {len(passages)} passages")
            clock.lap("write")
            changes = replace(changes, embedded=len(fresh), reused=len(passages) - len(fresh), timings=timings)
            manifest = Manifest(
                fingerprint=key, corpus_hash=corpus_hash_of(hashes), embedding_model=self.embedding_model, chunker_version=CHUNKER_VERSION,
                index_format=INDEX_FORMAT, passages=len(passages), recommendations=len(corpus.recommendations),
                documents=list(entries), build_seconds=round(time.perf_counter() - started, 3),
                created=time.strftime("%Y-%m-%dT%H:%M:%S%z"), text_version=TEXT_VERSION, code_version=code_version(),
                entries={d: asdict(e) for d, e in entries.items()}, changes=asdict(changes),
                base=base[0].name if base is not None else None,
            )
            client.close()
            del collection, client
            (tmp / "manifest.json").write_text(json.dumps(asdict(manifest), indent=2))
            os.rename(tmp, path)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self._swap(path)
        self._prune(keep=path)
        return self.open(corpus)

    def _embed(self, collection, passages: list[Passage], progress: Progress | None, clock: _Clock) -> None:
        """Embed `passages` and add them to `collection`, in batches."""
        total = len(passages)
        if progress:
            progress(0, total, "embedding passages")
        for start in range(0, total, EMBED_BATCH):
            batch = passages[start:start + EMBED_BATCH]
            texts = [p.indexed_text() for p in batch]
            vectors = self.embeddings.embed_documents(texts)
            clock.lap("embed")
            collection.add(ids=[p.id for p in batch], embeddings=vectors, documents=texts, metadatas=[_metadata(p) for p in batch])
            clock.lap("store")
            if progress:
                progress(min(start + EMBED_BATCH, total), total, "embedding passages")

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
