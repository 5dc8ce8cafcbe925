"""A tutorial-style RAG baseline to measure the assistant against, scored by the same runner.

What a typical LangChain tutorial builds: the raw factsheet Markdown cut by
`RecursiveCharacterTextSplitter` (1000 characters, 200 overlap), embedded with the same MiniLM
model as the assistant into a Chroma collection in a temporary folder, and dense top-4 search.
Its "answer" is the retrieved chunks themselves; its citations are the recommendation ids that
occur in those chunks; it never refuses. It has the assistant's interface (`ask`, `retriever`),
so `evals.runner.run` scores it exactly like the assistant.

    >>> with TutorialBaseline.load(Settings()) as baseline:
    ...     baseline.ask("What is Norway required to do?").recommendations
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.records import Answer, Citation, Outcome
from assistant.settings import Settings
from corpus.collection import Corpus, document_paths
from index.embeddings import load_embeddings

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
TOP_K = 4


@dataclass(frozen=True)
class Chunk:
    id: str
    source: str
    text: str
    line: int
    recommendations: tuple[str, ...]  # every id the chunk mentions, in order

    @property
    def recommendation(self) -> str | None:
        return self.recommendations[0] if self.recommendations else None


@dataclass(frozen=True)
class ChunkHit:
    passage: Chunk
    score: float  # Chroma's distance: lower is nearer


def id_pattern(prefixes: list[str]) -> re.Pattern[str]:
    """What a tutorial would grep for: `<prefix>-<number>` for the corpus's id prefixes (e.g. "V")."""
    alternatives = "|".join(re.escape(p) for p in prefixes) or r"(?!)"
    return re.compile(rf"\b(?:{alternatives})-\d+\b")


class ChunkRetriever:
    """Dense top-k over the chunks: `run(query)` gives `ChunkHit`s, nearest first."""

    def __init__(self, store: Chroma, chunks: dict[str, Chunk], k: int = TOP_K):
        self.store = store
        self.chunks = chunks
        self.k = k

    def run(self, query: str) -> list[ChunkHit]:
        found = self.store.similarity_search_with_score(query, k=self.k)
        return [ChunkHit(self.chunks[doc.metadata["chunk_id"]], float(distance)) for doc, distance in found]


class TutorialBaseline:
    def __init__(self, paths: list[Path], embeddings: Embeddings, pattern: re.Pattern[str], *, k: int = TOP_K):
        self.pattern = pattern
        self.workdir = Path(tempfile.mkdtemp(prefix="lanzarote-baseline-"))
        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, add_start_index=True)
        chunks: dict[str, Chunk] = {}
        documents: list[Document] = []
        for path in paths:
            text = path.read_text(encoding="utf-8")
            for number, doc in enumerate(splitter.create_documents([text], metadatas=[{"source": path.name}])):
                chunk_id = f"{path.stem}#{number}"
                line = text.count("\n", 0, doc.metadata["start_index"]) + 1
                ids = tuple(dict.fromkeys(pattern.findall(doc.page_content)))
                chunks[chunk_id] = Chunk(chunk_id, path.name, doc.page_content, line, ids)
                documents.append(Document(page_content=doc.page_content, metadata={"chunk_id": chunk_id, "source": path.name}))
        self.store = Chroma(
            collection_name="baseline", embedding_function=embeddings, persist_directory=str(self.workdir / "chroma"),
            client_settings=ChromaSettings(anonymized_telemetry=False),
        )
        self.store.add_documents(documents, ids=[d.metadata["chunk_id"] for d in documents])
        self.chunks = chunks
        self.retriever = ChunkRetriever(self.store, chunks, k)

    @classmethod
    def load(cls, settings: Settings) -> TutorialBaseline:
        """The baseline over the same corpus folder and embedding model as the assistant."""
        corpus = Corpus.load(settings.corpus_dir)
        return cls(document_paths(settings.corpus_dir), load_embeddings(settings.embedding_model), id_pattern(corpus.id_prefixes))

    def ask(self, question: str, history=None) -> Answer:
        """The retrieved chunks as the answer; history is ignored, as in the tutorial."""
        hits = self.retriever.run(question)
        citations: list[Citation] = []
        for hit in hits:
            for rec_id in hit.passage.recommendations:
                if all(c.recommendation != rec_id for c in citations):
                    citations.append(Citation(
                        marker=len(citations) + 1, recommendation=rec_id, section="", section_id="", source=hit.passage.source,
                        passage_id=hit.passage.id, kind="chunk", quote=hit.passage.text, line=hit.passage.line,
                    ))
        text = "\n\n".join(hit.passage.text for hit in hits)
        return Answer(question=question, text=text, citations=tuple(citations), outcome=Outcome.ANSWERED)

    def close(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> TutorialBaseline:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
