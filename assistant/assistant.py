"""`Assistant`: a question in, a cited `Answer` out. The one entry point that the CLI, the REST API,
the web chat and the evals share.

    >>> from assistant import Assistant
    >>> assistant = Assistant.load()            # default Settings; builds the index on first use
    >>> answer = assistant.ask("What is Norway required to do?")
    >>> answer.recommendations
    ['V-17']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping

from assistant.analysis import Analyser
from assistant.chain import build_chain
from assistant.composer import ExtractiveComposer
from assistant.errors import InvalidQuestion
from assistant.records import Answer, Message
from assistant.retrieval import HybridRetriever
from assistant.safety import SafetyCheck
from assistant.scope import ScopeCheck
from assistant.settings import Settings
from assistant.verify import Verifier
from corpus.collection import Corpus
from index.backends import ServerIndexStore, open_store
from index.embeddings import load_embeddings
from index.store import BuiltIndex, IndexStore, Progress

HistoryItem = Message | Mapping[str, str] | tuple[str, str]


class Assistant:
    def __init__(self, settings: Settings, corpus: Corpus, index: BuiltIndex):
        self.settings = settings
        self.corpus = corpus
        self.index = index
        self.retriever = HybridRetriever(index, dense_k=settings.dense_k, sparse_k=settings.sparse_k, rrf_k=settings.rrf_k)
        self.analyser = Analyser(corpus)
        self.chain = build_chain(
            self.analyser, SafetyCheck(), self.retriever, ScopeCheck(corpus, index),
            ExtractiveComposer(corpus, self.retriever), Verifier(corpus),
        )

    @classmethod
    def load(
        cls, settings: Settings | None = None, progress: Progress | None = None, on_rebuild: Callable[[str], None] | None = None,
        store: IndexStore | ServerIndexStore | None = None,
    ) -> Assistant:
        """Load the corpus and the index (embedded, or on the Chroma server of `settings.chroma_url`),
        building the index first if it is missing or stale."""
        settings = settings or Settings()
        corpus = Corpus.load(settings.corpus_dir)
        store = store or open_store(settings, load_embeddings(settings.embedding_model))
        return cls(settings, corpus, store.ensure(progress=progress, on_rebuild=on_rebuild))

    def ask(self, question: str, history: Iterable[HistoryItem] | None = None) -> Answer:
        """Answer `question`, reading it in the light of `history` (earlier messages, oldest first)."""
        question = self.clean_question(question)
        messages = self.clean_history(history)
        earlier = [m.content for m in messages if m.role == "user"]
        state = self.chain.invoke({"question": question, "history": earlier, "previous_ids": self._answer_ids(messages)})
        return state["answer"]

    def _answer_ids(self, messages: list[Message]) -> tuple[tuple[str, ...], ...]:
        """The recommendations each assistant message named, in order: what "the second one" points at."""
        return tuple(
            tuple(dict.fromkeys(i for i in re.findall(r"\b[A-Z]{1,7}-\d{1,3}\b", m.content) if self.corpus.recommendation(i)))
            for m in messages
            if m.role == "assistant"
        )

    # Input checks --------------------------------------------------------------------------------

    def clean_question(self, question: object) -> str:
        if not isinstance(question, str):
            raise InvalidQuestion("The question must be text.")
        if "\x00" in question:
            raise InvalidQuestion("The question contains binary data; please send plain text.")
        text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in question)
        text = " ".join(text.split())
        if not text:
            raise InvalidQuestion("The question is empty. Ask, for example, “What is Norway required to do?”.")
        if len(text) > self.settings.max_question_chars:
            raise InvalidQuestion(
                f"The question is too long ({len(text)} characters; the limit is {self.settings.max_question_chars}). Please shorten it."
            )
        if not any(ch.isalnum() for ch in text):
            raise InvalidQuestion("The question has no words in it. Please ask in words.")
        return text

    def clean_history(self, history: Iterable[HistoryItem] | None) -> list[Message]:
        if history is None:
            return []
        if isinstance(history, (str, bytes)) or not isinstance(history, Iterable):
            raise InvalidQuestion("The history must be a list of messages with a role and a content.")
        messages: list[Message] = []
        for item in history:
            if isinstance(item, Message):
                message = item
            elif isinstance(item, Mapping) and isinstance(item.get("role"), str) and isinstance(item.get("content"), str):
                if item["role"] not in ("user", "assistant"):
                    raise InvalidQuestion(f"A history message has the role {item['role']!r}; use 'user' or 'assistant'.")
                message = Message(role=item["role"], content=item["content"][: self.settings.max_question_chars])
            elif isinstance(item, tuple) and len(item) == 2 and all(isinstance(x, str) for x in item):
                message = Message(role=item[0], content=item[1][: self.settings.max_question_chars]) if item[0] in ("user", "assistant") else None
                if message is None:
                    raise InvalidQuestion("A history pair must be ('user' or 'assistant', text).")
            else:
                raise InvalidQuestion("Each history message needs a 'role' ('user' or 'assistant') and a 'content' (text).")
            messages.append(message)
        return messages[-self.settings.max_history_messages:] if self.settings.max_history_messages else []
