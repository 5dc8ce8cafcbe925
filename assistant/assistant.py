"""`Assistant`: a question in, a cited `Answer` out. The one entry point that the CLI, the REST API,
the web chat and the evals share.

    >>> from assistant import Assistant
    >>> assistant = Assistant.load()            # default Settings; builds the index on first use
    >>> answer = assistant.ask("What is Norway required to do?")
    >>> answer.recommendations
    ['V-17']

With `Settings.backend` set to `llamacpp` or `openai`, a language model phrases free-text answers
(see `assistant.generative`); `stream` yields its text as it is written, then the verified `Answer`:

    >>> for item in assistant.stream("How should Parties co-operate on prevention?"):
    ...     print(item if isinstance(item, str) else item.text)

Questions can be limited to some documents or to a theme of the corpus manifest (by default,
`Settings.documents` and `Settings.theme`; unset: every document):

    >>> assistant.ask("What is V-17?", documents=["lanzarote-factsheet-international-cooperation"]).citations[0].document_title
    'Factsheet – International co-operation'
"""

from __future__ import annotations

import queue
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping

from langchain_core.language_models import BaseChatModel

from assistant.backends import chat_model
from assistant.chain import build_chain
from assistant.composer import ExtractiveComposer, split_sentences
from assistant.errors import InvalidQuestion
from assistant.refusals import is_refusal
from assistant.french.analysis import BilingualAnalyser
from assistant.french.phrases import FRENCH  # noqa: F401 - registers the French phrases
from assistant.french.safety import BilingualSafetyCheck
from assistant.language import language_request, without_language_tail
from assistant.figures import Figures
from assistant.generative import GenerativeComposer
from assistant.records import Answer, Message
from assistant.retrieval import HybridRetriever
from assistant.safety import Neighbours
from assistant.scope import ScopeCheck
from assistant.settings import Settings
from assistant.verify import Verifier
from corpus.collection import Corpus
from index.backends import ServerIndexStore, open_store
from index.embeddings import load_embeddings
from index.store import BuiltIndex, IndexStore, Progress

HistoryItem = Message | Mapping[str, str] | tuple[str, str]


class Assistant:
    def __init__(
        self, settings: Settings, corpus: Corpus, index: BuiltIndex, model: BaseChatModel | None = None, *,
        neighbours: Neighbours | None = None,
    ):
        """`model`: a chat model to phrase answers instead of the one `settings.backend` names;
        `neighbours`: the safety examples, already embedded (see `with_index`)."""
        self.settings = settings
        self.corpus = corpus
        self.index = index
        self._scopes: OrderedDict[frozenset[str], Assistant] = OrderedDict()  # see `scoped`
        self._scopes_lock = threading.Lock()
        self._quotable: list[tuple[str, list[str]]] | None = None  # see `_answer_passages`
        self.retriever = HybridRetriever(index, dense_k=settings.dense_k, sparse_k=settings.sparse_k, rrf_k=settings.rrf_k)
        # English and French questions; a French one is read through its English pivot (assistant/french/).
        self.analyser = BilingualAnalyser(corpus)
        self.neighbours = neighbours or Neighbours(index.embeddings, cache_dir=settings.data_dir / "cache")
        # The sentences that give figures, found once for the scope check and the composer.
        figures = Figures(corpus, split_sentences)
        self.composer = self._composer(ExtractiveComposer(corpus, self.retriever, figures), model)
        self.chain = build_chain(
            self.analyser, BilingualSafetyCheck(self.neighbours, self.analyser.pivot), self.retriever,
            ScopeCheck(corpus, index, figures=figures), self.composer, Verifier(corpus),
        )

    def _composer(self, extractive: ExtractiveComposer, model: BaseChatModel | None) -> ExtractiveComposer | GenerativeComposer:
        """The extractive composer, or a language model around it, as `Settings.backend` says."""
        model = model if model is not None else chat_model(self.settings)
        #: the chat model phrasing answers (None: extractive), shared with the assistants `scoped` makes
        self.model = model
        return extractive if model is None else GenerativeComposer(extractive, model, self.settings)

    def with_index(self, corpus: Corpus, index: BuiltIndex) -> Assistant:
        """The same assistant over another corpus or index build (a subset, a rebuild): the settings,
        the chat model and the embedded safety examples are reused, not loaded again."""
        return type(self)(self.settings, corpus, index, model=self.model, neighbours=self.neighbours)

    @classmethod
    def load(
        cls, settings: Settings | None = None, progress: Progress | None = None, on_rebuild: Callable[[str], None] | None = None,
        store: IndexStore | ServerIndexStore | None = None,
    ) -> Assistant:
        """Load the corpus and the index (embedded, or on the Chroma server of `settings.chroma_url`),
        building the index first if it is missing or stale."""
        settings = settings or Settings()
        corpus = Corpus.load(settings.corpus_dir, cache=settings.parse_cache_dir)
        store = store or open_store(settings, load_embeddings(settings.embedding_model))
        return cls(settings, corpus, store.ensure(progress=progress, on_rebuild=on_rebuild, corpus=corpus))

    def ask(
        self, question: str, history: Iterable[HistoryItem] | None = None, *,
        documents: Iterable[str] | None = None, theme: str | None = None,
    ) -> Answer:
        """Answer `question`, reading it in the light of `history` (earlier messages, oldest first).

        `documents` (ids: file names without .md) and `theme` (a manifest theme) limit the answer to
        those documents; unset, `Settings.documents` and `Settings.theme` apply, and by default every
        document. An unknown document or theme raises `InvalidQuestion` naming the known ones.
        """
        question = self.clean_question(question)
        messages = self.clean_history(history)
        scoped = self.scoped(documents, theme)
        question, messages, language = self._in_language(question, messages)
        earlier = [m.content for m in messages if m.role == "user"]
        state = scoped.chain.invoke({"question": question, "history": earlier, "previous_ids": scoped._answer_ids(messages),
                                     "previous_passages": scoped._answer_passages(messages), "language": language})
        return state["answer"]

    def stream(
        self, question: str, history: Iterable[HistoryItem] | None = None, *,
        documents: Iterable[str] | None = None, theme: str | None = None,
    ) -> Iterator[str | Answer]:
        """Answer `question` as `ask` does, yielding the answer's text as the model writes it, then the `Answer`.

        The text pieces are checked before they go out: each sentence once the model has finished it
        and the citation check kept it, with its [n] markers (never raw model text or an unchecked
        id). Joined, they are normally the start of the final `Answer.text`. The last item is always
        the verified `Answer`, which replaces them: after a time-out or when no sentence held, it is
        the extractive answer (its `notes` say so). Refusals, structured questions and the extractive
        backend yield the `Answer` alone. Bad input raises `InvalidQuestion` here, before the first item.
        """
        question = self.clean_question(question)
        messages = self.clean_history(history)
        scoped = self.scoped(documents, theme)
        question, messages, language = self._in_language(question, messages)
        earlier = [m.content for m in messages if m.role == "user"]
        state_in = {"question": question, "history": earlier, "previous_ids": scoped._answer_ids(messages),
                    "previous_passages": scoped._answer_passages(messages), "language": language}
        if not isinstance(scoped.composer, GenerativeComposer):
            # Nothing is written piece by piece: the answer is made when asked for, in this thread.
            def whole() -> Iterator[Answer]:
                yield scoped.chain.invoke(state_in)["answer"]

            return whole()
        items: queue.Queue = queue.Queue()

        def work() -> None:
            try:
                state = scoped.chain.invoke({**state_in, "on_token": lambda text: items.put(("text", text))})
                items.put(("answer", state["answer"]))
            except BaseException as error:  # handed to the reader, who raises it
                items.put(("error", error))

        def read() -> Iterator[str | Answer]:
            threading.Thread(target=work, name="lanzarote-stream", daemon=True).start()
            while True:
                kind, value = items.get()
                if kind == "text":
                    yield value
                elif kind == "answer":
                    yield value
                    return
                else:
                    raise value

        return read()

    # Limiting questions to documents or a theme ----------------------------------------------------

    #: Assistants limited to a set of documents, kept for reuse (each has its own analyser and chain).
    MAX_SCOPES = 32

    def scope(self, documents: Iterable[str] | None = None, theme: str | None = None) -> tuple[str, ...]:
        """The documents a question is limited to: `documents` and `theme`, else the settings' defaults."""
        if documents is None:
            documents = self.settings.documents or None
        if theme is None:
            theme = self.settings.theme or None
        known = self.corpus.documents
        chosen = list(known)
        if documents is not None:
            if isinstance(documents, (str, bytes)) or not all(isinstance(d, str) for d in documents):
                raise InvalidQuestion("`documents` must be a list of document ids (file names without .md).")
            wanted = [d.strip().removesuffix(".md") for d in documents if d.strip()]
            unknown = [d for d in wanted if d not in known]
            if unknown:
                raise InvalidQuestion(f"Unknown document{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}. {_listing('The documents are', list(known))}")
            if wanted:
                chosen = [d for d in chosen if d in wanted]
        if theme is not None:
            if not isinstance(theme, str):
                raise InvalidQuestion("`theme` must be text.")
            on_theme = set(self.corpus.with_theme(theme))
            if not on_theme:
                raise InvalidQuestion(f"No document has the theme {theme!r}. {_listing('The themes are', self.corpus.themes)}")
            chosen = [d for d in chosen if d in on_theme]
            if not chosen:
                raise InvalidQuestion(f"None of the documents asked for has the theme {theme!r}.")
        return tuple(chosen)

    def scoped(self, documents: Iterable[str] | None = None, theme: str | None = None) -> Assistant:
        """This assistant, or one that answers only from the documents `scope` gives."""
        if documents is None and theme is None and not self.settings.documents and not self.settings.theme:
            return self  # the common case, on every question: no limit asked for, nothing to check
        chosen = self.scope(documents, theme)
        if len(chosen) == len(self.corpus.documents):
            return self
        key = frozenset(chosen)
        with self._scopes_lock:
            found = self._scopes.get(key)
            if found is not None:
                self._scopes.move_to_end(key)
                return found
        # Built outside the lock (its analyser reads the documents' words); two threads may both build one.
        found = self.with_index(self.corpus.subset(chosen), self.index.subset(chosen))
        with self._scopes_lock:
            self._scopes[key] = found
            while len(self._scopes) > self.MAX_SCOPES:
                self._scopes.popitem(last=False)
        return found

    def _in_language(self, question: str, messages: list[Message]) -> tuple[str, list[Message], str | None]:
        """"And in French?", "in English please": the last question (with the conversation before it)
        asked again, to be answered in that language; "What does V-17 say in French?": the question
        without the words that ask for the language. The language is None when none is asked for."""
        language = language_request(question)
        if language is None:
            question, language = without_language_tail(question)
            return question, messages, language
        for position in range(len(messages) - 1, -1, -1):
            message = messages[position]
            if message.role == "user" and language_request(message.content) is None:
                try:
                    return self.clean_question(message.content), messages[:position], language
                except InvalidQuestion:
                    break
        return question, messages, language

    def _answer_ids(self, messages: list[Message]) -> tuple[tuple[str, ...], ...]:
        """The recommendations each assistant message named, in order: what "the second one" points at."""
        return tuple(
            () if is_refusal(m.content, self.corpus)
            else tuple(dict.fromkeys(i for i in re.findall(r"\b[A-Z]{1,7}-\d{1,3}\b", m.content) if self.corpus.recommendation(i)))
            for m in messages
            if m.role == "assistant"
        )

    def _answer_passages(self, messages: list[Message]) -> tuple[tuple[str, ...], ...]:
        """The practices and paragraphs each assistant message quoted (a sentence of theirs stands in
        it word for word): what "Which country is that?" or "the same section" points at."""
        quotable = self._quotable_sentences()
        return tuple(
            tuple(dict.fromkeys(pid for pid, sentences in quotable if any(s in m.content for s in sentences)))
            for m in messages
            if m.role == "assistant"
        )

    def _quotable_sentences(self) -> list[tuple[str, list[str]]]:
        if self._quotable is None:
            self._quotable = [
                (p.id, [s for s in split_sentences(p.text) if len(s) >= 40] or [p.text])
                for p in self.corpus.passages if p.kind in ("practice", "context", "footnote")
            ]
        return self._quotable

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


def _listing(lead: str, names: list[str], limit: int = 10) -> str:
    shown = ", ".join(repr(n) for n in names[:limit])
    return f"{lead} {shown}" + (f" and {len(names) - limit} more." if len(names) > limit else ".")
