"""Where the index's vectors live: the embedded Chroma store (the default) or a Chroma server.

`open_store(settings, embeddings)` gives the store that `Assistant.load`, `lanzarote index` and the
web app use; both kinds have the same methods (`status`, `open`, `ensure`, `build`, `current_id`).

- Embedded (`LANZAROTE_CHROMA_URL` empty): `IndexStore` (index/store.py), a folder per build under
  `<data_dir>/index/builds/` and a `current` link swapped last.
- Server (`LANZAROTE_CHROMA_URL=http://host:8000`, a `chroma run` server): `ServerIndexStore`.
  Every build is a new collection `<prefix>-b-<time>-<random>-<fingerprint>`, filled completely,
  then marked complete with its manifest in its metadata; it becomes current when the pointer
  collection `<prefix>-current` is modified to name it, last, in one request. A build that
  crashes half way is never named by the pointer, so readers never see it. Several app processes
  (on one machine or many) share the server: a lock collection `<prefix>-lock` (a lease, renewed
  while building) lets one of them build while the others wait and then open what it built.
  The passages and the BM25 index are not stored on the server: each process derives them from
  its own copy of the corpus, which must be the one the build was made from (the fingerprint and
  a hash of the passage ids say so, or the index is "stale" and rebuilt).

The Chroma HTTP client has no time-out of its own (chromadb 1.5 builds its httpx session with
`timeout=None`, and `HttpClient()` itself makes requests), so `ChromaServer` checks the server's
heartbeat with its own short time-out before making a client, and then sets the client's session
time-out (`Settings.chroma_timeout_s`). Any failure to reach the server becomes
`ChromaUnreachable` (an `IndexUnavailable` with status "unreachable"), never a hang.

    >>> store = open_store(Settings(chroma_url="http://127.0.0.1:8000"), load_embeddings("all-MiniLM-L6-v2"))
    >>> index = store.ensure()            # builds on the server on first use, then opens
    >>> index.dense(index.embed("What is Norway required to do?"), k=1)[0][0].recommendation
    'V-17'
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx

from corpus.cache import code_version
from corpus.chunking import CHUNKER_VERSION
from corpus.collection import DEFAULT_DIR, Corpus, corpus_hash_of, document_hashes
from index.bm25 import Bm25Index
from index.store import (
    INDEX_FORMAT,
    BuiltIndex,
    Changes,
    DocumentEntry,
    IndexStore,
    IndexUnavailable,
    Manifest,
    Progress,
    _content_hash,
    _metadata,
    fingerprint,
)
from index.text import TEXT_VERSION

if TYPE_CHECKING:
    import chromadb
    from langchain_core.embeddings import Embeddings

    from assistant.settings import Settings

log = logging.getLogger("lanzarote.index")

BATCH = 64
#: How long a build lock holds without being renewed (a crashed builder's lock expires after it).
LOCK_LEASE_S = 120.0
#: An unfinished build older than this is a crash's leftover and is deleted when builds are pruned.
ABANDONED_AFTER_S = 3600.0


class ChromaUnreachable(IndexUnavailable):
    """The Chroma server did not answer (down, unreachable, or slower than the time-out)."""

    def __init__(self, url: str, error: BaseException | str):
        detail = error if isinstance(error, str) else _describe(error)
        super().__init__("unreachable", f"the Chroma server at {url} cannot be reached ({detail})")


def _describe(error: BaseException) -> str:
    if isinstance(error, httpx.TimeoutException):
        return "no answer within the time-out"
    if isinstance(error, httpx.ConnectError):
        return "connection refused or failed"
    text = str(error) or type(error).__name__
    return text if len(text) < 200 else text[:200] + "…"


class ChromaServer:
    """A Chroma server reached through Chroma's HTTP client, with time-outs.

    The client is made on first use (not in `__init__`: the app starts even when the server is
    down) and kept: its httpx session reconnects by itself once the server is back.

        >>> server = ChromaServer("http://127.0.0.1:8000", timeout=5)
        >>> server.heartbeat()              # raises ChromaUnreachable when down
        >>> server.client().list_collections()
    """

    def __init__(self, url: str, timeout: float = 5.0):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not a Chroma server URL: {url!r} (use http://host:port)")
        self.url = url.rstrip("/")
        self.host = parts.hostname
        self.ssl = parts.scheme == "https"
        self.port = parts.port or (443 if self.ssl else 8000)
        self.timeout = timeout
        self._client: chromadb.ClientAPI | None = None
        self._lock = threading.Lock()

    @property
    def _timeouts(self) -> httpx.Timeout:
        return httpx.Timeout(self.timeout, connect=min(self.timeout, 2.0))

    def heartbeat(self) -> None:
        """A quick check that the server answers (its own request, with the time-out)."""
        try:
            response = httpx.get(f"{self.url}/api/v2/heartbeat", timeout=self._timeouts)
            response.raise_for_status()
        except httpx.HTTPError as error:
            raise ChromaUnreachable(self.url, error) from None

    def client(self) -> chromadb.ClientAPI:
        with self._lock:
            if self._client is None:
                self.heartbeat()  # HttpClient() makes requests without a time-out: check first
                import chromadb
                from chromadb.config import Settings as ChromaSettings

                try:
                    client = chromadb.HttpClient(
                        host=self.host, port=self.port, ssl=self.ssl, settings=ChromaSettings(anonymized_telemetry=False)
                    )
                except (httpx.HTTPError, ValueError) as error:
                    raise ChromaUnreachable(self.url, error) from None
                # chromadb 1.5 offers no setting for this: its session is made with timeout=None.
                session = getattr(getattr(client, "_server", None), "_session", None)
                if isinstance(session, httpx.Client):
                    session.timeout = self._timeouts
                else:  # a later chromadb changed its internals: say so rather than risk hanging
                    log.warning("cannot set the Chroma client's time-out (chromadb internals changed)")
                self._client = client
            return self._client

    @contextmanager
    def calls(self) -> Iterator[None]:
        """Turn a failure to reach the server, inside the block, into ChromaUnreachable."""
        try:
            yield
        except httpx.HTTPError as error:
            raise ChromaUnreachable(self.url, error) from None


def open_store(settings: Settings, embeddings: Embeddings) -> IndexStore | ServerIndexStore:
    """The index store that `settings` ask for: on a Chroma server if `chroma_url` is set, else embedded."""
    if settings.chroma_url:
        server = ChromaServer(settings.chroma_url, timeout=settings.chroma_timeout_s)
        return ServerIndexStore(
            server, embeddings, settings.embedding_model, settings.corpus_dir, prefix=settings.chroma_prefix,
            cache_dir=settings.data_dir / "cache" / "bm25",
        )
    return IndexStore(settings.index_dir, embeddings, settings.embedding_model, settings.corpus_dir)


def _ids_hash(ids: list[str]) -> str:
    return hashlib.sha256("\n".join(ids).encode()).hexdigest()


class ServerBuiltIndex(BuiltIndex):
    """A `BuiltIndex` whose vectors are on a Chroma server: a failure to reach it is ChromaUnreachable,
    and a collection that has gone (the server lost its data) is an index "missing"."""

    def __init__(self, *args, server: ChromaServer, build: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.server = server
        self.build = build
        self.location = f"{server.url} collection {build}"

    @property
    def vectorstore(self):
        """The build's collection as a LangChain vector store."""
        from langchain_chroma import Chroma

        return Chroma(client=self.client, collection_name=self.build, embedding_function=self.embeddings, create_collection_if_not_exists=False)

    def dense(self, vector: list[float], k: int):
        from chromadb.errors import NotFoundError

        try:
            with self.server.calls():
                return super().dense(vector, k)
        except NotFoundError:
            raise IndexUnavailable("missing", f"the collection {self.build} is no longer on {self.server.url}") from None


class ServerIndexStore:
    """The index on a Chroma server: a collection per build, a pointer collection, a lease lock."""

    def __init__(
        self, server: ChromaServer, embeddings: Embeddings, embedding_model: str, corpus_dir: Path = DEFAULT_DIR,
        prefix: str = "lanzarote", cache_dir: Path | None = None,
    ):
        """`cache_dir`: where this machine keeps each build's BM25 state (the server holds only the
        vectors), so that a start reads it instead of indexing every passage's words again."""
        self.server = server
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.embeddings = embeddings
        self.embedding_model = embedding_model
        self.corpus_dir = Path(corpus_dir)
        self.prefix = prefix
        self.pointer_name = f"{prefix}-current"
        self.lock_name = f"{prefix}-lock"
        self.build_prefix = f"{prefix}-b-"

    @property
    def location(self) -> str:
        return f"{self.server.url} (collections {self.prefix}-*)"

    def expected_fingerprint(self) -> str:
        return fingerprint(corpus_hash_of(document_hashes(self.corpus_dir)), self.embedding_model)

    def status(self) -> tuple[str, str]:
        """("ready" | "missing" | "stale" | "corrupt" | "unreachable", why)."""
        try:
            built = self.open()
        except IndexUnavailable as error:
            return error.status, str(error)
        return "ready", f"index on {built.location}"

    # The pointer ---------------------------------------------------------------------------------

    def _pointer(self):
        with self.server.calls():
            return self.server.client().get_or_create_collection(
                self.pointer_name, metadata={"lanzarote": "pointer"}, embedding_function=None
            )

    def current_id(self) -> str | None:
        """The name of the current build's collection (None if there is none): cheap, for polling."""
        with self.server.calls():
            return (self._pointer().metadata or {}).get("build") or None

    # Opening -------------------------------------------------------------------------------------

    def open(self, corpus: Corpus | None = None) -> ServerBuiltIndex:
        """Open the current build; with `corpus` (loaded from the same documents) its passages are used."""
        from chromadb.errors import ChromaError, NotFoundError

        name = self.current_id()
        if not name:
            raise IndexUnavailable("missing", f"no index on {self.server.url} (no build named by {self.pointer_name})")
        client = self.server.client()
        try:
            with self.server.calls():
                collection = client.get_collection(name, embedding_function=None)
                meta = collection.metadata or {}
                count = collection.count()
        except NotFoundError:
            raise IndexUnavailable("missing", f"the current build {name} is not on {self.server.url}") from None
        except ChromaError as error:
            raise IndexUnavailable("corrupt", f"cannot read {name} on {self.server.url}: {error}") from None
        if meta.get("state") != "complete":
            raise IndexUnavailable("corrupt", f"the build {name} is not marked complete")
        try:
            manifest = Manifest(**json.loads(meta["manifest"]))
        except (KeyError, ValueError, TypeError) as error:
            raise IndexUnavailable("corrupt", f"the manifest of {name} is unreadable: {error}") from None
        hashes = document_hashes(self.corpus_dir)
        corpus_hash = corpus_hash_of(hashes)
        if manifest.fingerprint != fingerprint(corpus_hash, self.embedding_model):
            raise IndexUnavailable("stale", "the corpus, the embedding model or the chunker changed since it was built")
        if corpus is None or [s.document for s in corpus.factsheets] != list(hashes):
            corpus = Corpus.load(self.corpus_dir)
        passages = corpus.passages
        if corpus_hash_of(document_hashes(self.corpus_dir)) != corpus_hash or _ids_hash([p.id for p in passages]) != meta.get("ids"):
            raise IndexUnavailable("stale", "the corpus changed while the index was being opened")
        if not (len(passages) == count == manifest.passages):
            raise IndexUnavailable("corrupt", f"{name} holds {count} vectors for {len(passages)} passages; its manifest says {manifest.passages}")
        bm25 = self._bm25(name, meta["ids"], passages)
        return ServerBuiltIndex(Path(name), manifest, passages, collection, bm25, self.embeddings, client, server=self.server, build=name)

    def _bm25(self, build: str, ids: str, passages: list) -> Bm25Index:
        """The build's BM25 index: from the cache if it was made for these very passages, else made
        and cached (written aside and renamed, so that another process never reads half of it)."""
        folder = self.cache_dir / build if self.cache_dir is not None else None
        if folder is not None and (folder / "ids").is_file():
            try:
                if (folder / "ids").read_text() == ids:
                    return Bm25Index.load(folder, len(passages))
            except Exception as error:  # an unreadable cache is only a cache
                log.warning("ignoring the BM25 cache %s: %s", folder, error)
        bm25 = Bm25Index.build([p.indexed_text() for p in passages])
        if folder is not None:
            partial = folder.with_name(f"{folder.name}.{os.getpid()}.partial")
            try:
                shutil.rmtree(folder, ignore_errors=True)
                partial.mkdir(parents=True, exist_ok=True)
                bm25.save(partial)
                (partial / "ids").write_text(ids)
                os.rename(partial, folder)
                # This machine's caches of builds other than the three newest are of no more use.
                kept = [p for p in self.cache_dir.iterdir() if not p.name.endswith(".partial")]
                for old in sorted(kept, key=lambda p: p.stat().st_mtime)[:-3]:
                    shutil.rmtree(old, ignore_errors=True)
            except OSError as error:
                log.warning("could not cache the BM25 index in %s: %s", folder, error)
                shutil.rmtree(partial, ignore_errors=True)
        return bm25

    def ensure(
        self, progress: Progress | None = None, on_rebuild: Callable[[str], None] | None = None, corpus: Corpus | None = None,
    ) -> ServerBuiltIndex:
        """Open the current index, building it first if it is missing, stale or corrupt. A server
        that cannot be reached is not a reason to build: ChromaUnreachable goes to the caller."""
        try:
            return self.open(corpus)
        except ChromaUnreachable:
            raise
        except IndexUnavailable as error:
            if on_rebuild is not None:
                on_rebuild(str(error))
        with self._lock() as renew:
            try:  # another process may have built it while this one waited for the lock
                return self.open(corpus)
            except ChromaUnreachable:
                raise
            except IndexUnavailable:
                return self._build(progress, renew, corpus)

    # Building ------------------------------------------------------------------------------------

    def build(self, progress: Progress | None = None, *, full: bool = True, corpus: Corpus | None = None) -> ServerBuiltIndex:
        """Build a new index on the server from the corpus and make it current.

        Always from scratch (`full` is accepted for the embedded store's signature). The embedded
        store copies its previous build's folder and re-embeds only the changed documents; here the
        unchanged vectors would have to be copied into the new collection through the API (about
        1 s per 1,000 passages, measured embedded), which is not done yet: every document is embedded.
        """
        with self._lock() as renew:
            return self._build(progress, renew, corpus)

    def _build(self, progress: Progress | None, renew: Callable[[], None], corpus: Corpus | None = None) -> ServerBuiltIndex:
        started = time.perf_counter()
        hashes = document_hashes(self.corpus_dir)
        corpus_hash = corpus_hash_of(hashes)
        if corpus is None or [s.document for s in corpus.factsheets] != list(hashes):
            corpus = Corpus.load(self.corpus_dir)  # a malformed file stops here, before anything changes
        passages = corpus.passages
        entries = {
            s.document: DocumentEntry(hashes[s.document], _content_hash(corpus.passages_of(s.document)), len(corpus.passages_of(s.document)))
            for s in corpus.factsheets
        }
        key = fingerprint(corpus_hash, self.embedding_model)
        name = f"{self.build_prefix}{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}-{key[:12]}"
        client = self.server.client()
        with self.server.calls():
            collection = client.create_collection(
                name, embedding_function=None,
                metadata={"hnsw:space": "cosine", "lanzarote": "build", "state": "building", "started": time.time()},
            )
        try:
            texts = [p.indexed_text() for p in passages]
            with self.server.calls():
                for start in range(0, len(passages), BATCH):
                    batch = passages[start:start + BATCH]
                    vectors = self.embeddings.embed_documents(texts[start:start + BATCH])
                    collection.add(
                        ids=[p.id for p in batch], embeddings=vectors, documents=texts[start:start + BATCH],
                        metadatas=[_metadata(p) for p in batch],
                    )
                    renew()
                    if progress:
                        progress(min(start + BATCH, len(passages)), len(passages), "embedding passages")
                if collection.count() != len(passages):
                    raise IndexUnavailable("corrupt", f"{name} holds {collection.count()} vectors after adding {len(passages)}")
                changes = Changes(
                    added=list(entries), embedded=len(passages), reason="builds on a Chroma server are made from scratch",
                )
                manifest = Manifest(
                    fingerprint=key, corpus_hash=corpus_hash, embedding_model=self.embedding_model, chunker_version=CHUNKER_VERSION,
                    index_format=INDEX_FORMAT, passages=len(passages), recommendations=len(corpus.recommendations),
                    documents=list(entries), build_seconds=round(time.perf_counter() - started, 3),
                    created=time.strftime("%Y-%m-%dT%H:%M:%S%z"), text_version=TEXT_VERSION, code_version=code_version(),
                    entries={d: asdict(e) for d, e in entries.items()}, changes=asdict(changes),
                )
                collection.modify(metadata={
                    "lanzarote": "build", "state": "complete", "started": (collection.metadata or {}).get("started", 0.0),
                    "manifest": json.dumps(asdict(manifest)), "ids": _ids_hash([p.id for p in passages]),
                })
        except BaseException:
            self._drop(name)
            raise
        with self.server.calls():
            previous = self.current_id()
            # The switch: one request, last. Readers see the old build or the new one, never a part.
            self._pointer().modify(metadata={"lanzarote": "pointer", "build": name, "previous": previous or "", "switched": time.time()})
        self._prune(keep={name, previous or ""})
        return self.open(corpus)

    def _drop(self, name: str) -> None:
        try:
            with self.server.calls():
                self.server.client().delete_collection(name)
        except Exception as error:  # the server may be what failed; the leftover is pruned later
            log.warning("could not delete the unfinished build %s: %s", name, error)

    def builds(self) -> list[tuple[str, dict]]:
        """This deployment's build collections on the server, with their metadata, oldest first."""
        with self.server.calls():
            found = [(c.name, c.metadata or {}) for c in self.server.client().list_collections() if c.name.startswith(self.build_prefix)]
        return sorted(found, key=lambda item: item[1].get("started", 0.0))

    def _prune(self, keep: set[str]) -> None:
        """Delete the builds other than the current one and the one before it (other app processes
        may still be answering from it), and unfinished builds abandoned long ago."""
        now = time.time()
        for name, meta in self.builds():
            if name in keep:
                continue
            if meta.get("state") == "complete" or now - float(meta.get("started", 0.0)) > ABANDONED_AFTER_S:
                self._drop(name)

    # The lock ------------------------------------------------------------------------------------

    @contextmanager
    def _lock(self) -> Iterator[Callable[[], None]]:
        """One builder at a time across every process that shares the server: the lock is a
        collection, which the server creates only once; its lease expires if its owner dies."""
        from chromadb.errors import ChromaError, NotFoundError

        client = self.server.client()
        owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        while True:
            try:
                with self.server.calls():
                    lock = client.create_collection(
                        self.lock_name, embedding_function=None, metadata={"owner": owner, "expires": time.time() + LOCK_LEASE_S}
                    )
                break
            except ChromaError as error:
                if "exist" not in str(error).lower():
                    raise
            try:
                with self.server.calls():
                    held = client.get_collection(self.lock_name, embedding_function=None).metadata or {}
                if float(held.get("expires", 0.0)) < time.time():
                    log.warning("taking over the build lock of %s, whose lease expired", held.get("owner", "?"))
                    with self.server.calls():
                        client.delete_collection(self.lock_name)
                    continue
            except NotFoundError:
                continue
            time.sleep(0.5)

        last = [time.monotonic()]

        def renew() -> None:
            if time.monotonic() - last[0] > LOCK_LEASE_S / 4:
                with self.server.calls():
                    lock.modify(metadata={"owner": owner, "expires": time.time() + LOCK_LEASE_S})
                last[0] = time.monotonic()

        try:
            yield renew
        finally:
            try:
                with self.server.calls():
                    held = client.get_collection(self.lock_name, embedding_function=None).metadata or {}
                    if held.get("owner") == owner:
                        client.delete_collection(self.lock_name)
            except Exception as error:  # the lease expires by itself
                log.warning("could not release the build lock: %s", error)


__all__ = ["ChromaServer", "ChromaUnreachable", "ServerIndexStore", "open_store"]
