"""Parsed documents kept on disk, so that a start does not parse hundreds of documents again.

Each document is cached under the hash of its bytes and of the code that reads it (the parser,
the chunker, the tokeniser and their data): change either and the entry is simply not found, so
a cached parse can never be stale. An unreadable entry is ignored and the document parsed again.
The cache is a speed-up only: without it (or with it empty) the corpus is the same.

    >>> cache = ParseCache(Path(".lanzarote/cache/corpus"))
    >>> corpus = Corpus.load("corpus/documents", cache=cache)   # parses, and fills the cache
    >>> corpus = Corpus.load("corpus/documents", cache=cache)   # reads the cache
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from corpus.records import Factsheet, Passage

_HERE = Path(__file__).resolve().parent
#: What a parse depends on besides the document: change one and every cached parse is re-done.
CODE = (
    _HERE / "parser.py", _HERE / "blocks.py", _HERE / "articles.py", _HERE / "parties.py", _HERE / "parties.yaml",
    _HERE / "records.py", _HERE / "chunking.py", _HERE.parent / "index" / "text.py",
)


@lru_cache(maxsize=1)
def code_version() -> str:
    digest = hashlib.sha256()
    for path in CODE:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Parsed:
    """One document as the corpus needs it: its records, its passages and the words they use."""

    sheet: Factsheet
    passages: list[Passage]
    words: frozenset[str]


class ParseCache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._used: set[str] = set()

    def _file(self, digest: str) -> Path:
        return self.folder / f"{digest[:32]}-{code_version()}.pickle"

    def get(self, digest: str) -> Parsed | None:
        path = self._file(digest)
        self._used.add(path.name)
        try:
            with path.open("rb") as handle:
                found = pickle.load(handle)
        except FileNotFoundError:
            return None
        except Exception:  # a damaged entry: parse the document again
            return None
        return found if isinstance(found, Parsed) else None

    def put(self, digest: str, parsed: Parsed) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._file(digest)
        self._used.add(path.name)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            with tmp.open("wb") as handle:
                pickle.dump(parsed, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:  # a read-only or full disk: the cache is only a speed-up
            tmp.unlink(missing_ok=True)

    def prune(self) -> None:
        """Delete entries this load did not use (documents changed or gone, code changed)."""
        if not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.suffix == ".pickle" and path.name not in self._used:
                path.unlink(missing_ok=True)
