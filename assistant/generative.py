"""The generative composer: a language model phrases the answer; the extractive answer stays the floor.

For every question the extractive composer answers first. The model is called only when that
answer is a free-text one:
- refusals (out of scope, unsafe) never reach a composer (the chain decides them first);
- an extractive answer that is not `answered` (a recommendation that does not exist, a false
  premise) or that names an id that does not exist is kept as it is: the model cannot overrule it;
- structured questions (lists and counts, questions about Parties, levels or Articles, several
  ids at once, several questions at once) keep the extractive answer, which lists every
  recommendation and Party from the records, complete and exact: a small model drops or
  invents items of an eleven-Party list, and a paraphrase of a list adds nothing but risk
  (`Settings.llm_structured = "model"` lets the model phrase them too, still checked).

Otherwise the model gets the passages the extractive answer cites plus the next best retrieved
ones (`GroundedPrompt`), its answer streams out token by token, and `CitationCheck` then the
`Verifier` check every citation. The extractive answer is given instead, with a note saying why,
when the model fails, times out, says nothing, or is left without a supported statement.

    >>> composer = GenerativeComposer(ExtractiveComposer(corpus, retriever), chat_model(settings), settings)
    >>> draft = composer.run(analysis, hits, question="How do Parties co-operate on prevention?")
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import fields

from langchain_core.language_models import BaseChatModel

from assistant.analysis import Analysis
from assistant.composer import Draft, ExtractiveComposer, Search
from assistant.grounding import CitationCheck, GeneratedDraft
from assistant.model_stream import Generation, OnToken, stream_reply
from assistant.prompting import GroundedPrompt
from assistant.records import Outcome
from assistant.retrieval import Hit
from assistant.settings import Settings
from assistant.verify import Verifier
from corpus.records import Passage

class GenerativeComposer:
    def __init__(self, extractive: ExtractiveComposer, model: BaseChatModel, settings: Settings, *, name: str | None = None):
        self.extractive = extractive
        self.corpus = extractive.corpus
        self.model = model
        self.settings = settings
        self.name = name or (settings.backend if settings.backend != "extractive" else getattr(model, "_llm_type", "language"))
        self.prompt = GroundedPrompt(self.corpus)
        self.check = CitationCheck(self.corpus, min_overlap=settings.llm_min_overlap)
        self.verifier = Verifier(self.corpus)
        #: How often the model was asked, and how its answers ended: for the backend comparison.
        self.stats: Counter[str] = Counter()

    # Entry point -------------------------------------------------------------------------------

    def run(
        self, analysis: Analysis, hits: list[list[Hit]], search: Search | None = None, *,
        question: str | None = None, earlier: Sequence[str] = (), on_token: OnToken | None = None,
    ) -> Draft:
        extractive = self.extractive.run(analysis, hits, search=search)
        if not self.uses_model(analysis, extractive):
            self.stats["extractive"] += 1
            return extractive
        self.stats["model_called"] += 1
        question = question or analysis.text
        # A question about given ids gets those records only: others would only invite the model to stray.
        extra = 0 if analysis.rec_ids else self.settings.llm_extra_records
        records = self.prompt.records(self._passages(extractive, hits, extra))
        checked = CheckedStream(self.check, records, question, on_token) if on_token else None
        generation = self.generate(self.prompt.run(question, records, earlier), checked.feed if checked else None)
        if generation.problem == "timeout":
            return self._fallback(extractive, [f"the language model did not finish within {self.settings.llm_timeout_s:g} s"])
        if generation.problem:
            return self._fallback(extractive, [f"the language model failed ({generation.problem})"])
        if not generation.text.strip():
            return self._fallback(extractive, ["the language model wrote nothing"])
        grounded = self.check.run(generation.text, records, question)
        if not grounded.supported:
            return self._fallback(extractive, grounded.notes + ["no sentence of the model's answer kept a supported citation"])
        # The same verification every answer gets; done here too, so that an answer it would empty falls back.
        verified = self.verifier.run(question, grounded.draft)
        if not verified.citations:
            return self._fallback(extractive, grounded.notes + list(verified.notes) + ["verification removed every citation of the model's answer"])
        if checked:
            checked.finish(verified.text)
        self.stats["model_answer"] += 1
        if grounded.notes or verified.notes:
            self.stats["model_answer_trimmed"] += 1
        return _copy(
            extractive, blocks=[verified.text], citations=list(verified.citations), outcome=Outcome.ANSWERED,
            notes=grounded.notes + list(verified.notes),
        )

    def uses_model(self, analysis: Analysis, extractive: Draft) -> bool:
        """Whether the model may phrase this answer (see the module docstring for why)."""
        if extractive.outcome is not Outcome.ANSWERED or not extractive.citations or getattr(extractive, "contradicted", False):
            return False
        if any(self.corpus.recommendation(i) is None for i in extractive.uncited_mentions):
            return False
        if self.settings.llm_structured == "model":
            return True
        return not is_structured(analysis)

    # The model call, bounded in time -------------------------------------------------------------

    def generate(self, messages: list, on_token: OnToken | None = None) -> Generation:
        """Stream the model's answer, passing each piece to `on_token`, until it ends or the time-out."""
        key = self.settings.llm_api_key
        key = key.get_secret_value() if hasattr(key, "get_secret_value") else str(key or "")
        return stream_reply(self.model, messages, timeout_s=self.settings.llm_timeout_s, on_token=on_token, name=self.name, secret=key)

    # Helpers -----------------------------------------------------------------------------------

    def _passages(self, extractive: Draft, hits: list[list[Hit]], extra: int) -> list[Passage]:
        """The passages the extractive answer cites, then the `extra` best other retrieved ones."""
        by_id = self.corpus.passage_by_id
        chosen = [by_id[c.passage_id] for c in extractive.citations if c.passage_id in by_id]
        seen = {p.id for p in chosen}
        for hit in sorted((h for clause in hits for h in clause), key=lambda h: -h.score):
            if extra <= 0:
                break
            if hit.passage.id not in seen:
                chosen.append(hit.passage)
                seen.add(hit.passage.id)
                extra -= 1
        return chosen

    def _fallback(self, extractive: Draft, why: list[str]) -> GeneratedDraft:
        self.stats["fallback"] += 1
        if any("did not finish" in w for w in why):
            self.stats["timeout"] += 1
        notes = why + [f"this is the extractive answer: the {self.name} model's answer was not used"]
        return _copy(extractive, notes=notes)


class CheckedStream:
    """What streams to the reader: the model's sentences once complete and checked, never raw text.

    Each time the model finishes a sentence, the answer so far goes through the citation check, and
    whatever it adds to what was already passed on (the supported sentences, with their [n]
    markers) is passed on. Sentences are checked one by one and markers numbered in order, so what
    was passed on stays the start of the checked answer; `finish` passes on the rest of the
    verified answer. An unsupported sentence, or an unchecked id, is never shown, even for a moment.
    """

    _BOUNDARY = re.compile(r"(?<=[.!?\]])\s+(?=[A-Z“\"(‘*])|\n")

    def __init__(self, check: CitationCheck, records: list, question: str, emit: OnToken):
        self.check, self.records, self.question, self.emit = check, records, question, emit
        self.raw = ""
        self.sent = ""

    def feed(self, piece: str) -> None:
        self.raw += piece
        ends = [m.start() for m in self._BOUNDARY.finditer(self.raw)]
        if ends:
            self._pass_on(self.check.run(self.raw[: ends[-1]], self.records, self.question).draft.text)

    def finish(self, final: str) -> None:
        self._pass_on(final)

    def _pass_on(self, text: str) -> None:
        if text.startswith(self.sent) and len(text) > len(self.sent):
            self.emit(text[len(self.sent):])
            self.sent = text


def is_structured(analysis: Analysis) -> bool:
    """Lists, counts, Parties, levels, Articles, several ids or several questions: answered from the records."""
    clauses = analysis.clauses or (analysis,)
    if len(clauses) > 1:
        return True
    for a in (analysis, *clauses):
        if a.count or a.list_ or a.parties or a.levels or a.articles or a.all_parties or a.named_only or a.parties_count or a.both:
            return True
        if len(a.rec_ids) > 1:
            return True
    return False


def _copy(draft: Draft, **changes) -> GeneratedDraft:
    """`draft` as a `GeneratedDraft` (every field of the extractive draft kept unless changed)."""
    values = {f.name: getattr(draft, f.name) for f in fields(Draft)}
    values["blocks"], values["citations"] = list(values["blocks"]), list(values["citations"])
    values["uncited_mentions"] = set(values["uncited_mentions"])
    return GeneratedDraft(**{**values, **changes})
