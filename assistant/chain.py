"""The answer path as a LangChain chain of Runnables: analyse, guard, retrieve, compose, verify.

Each step takes and returns one state dict, so the steps stay small, testable on their own and
visible by name in LangChain traces. Refusals are decided before anything is composed: an unsafe
request never reaches retrieval, and no refusal ever reaches a language model.

The composer is the extractive one, or a `GenerativeComposer` around it (chosen by
`Settings.backend`); the generative one also gets the question, the earlier questions and an
optional `on_token` callback from the state, to stream what the model writes.

    >>> chain = build_chain(analyser, SafetyCheck(), retriever, scope, composer, verifier)
    >>> chain.invoke({"question": "What is Norway required to do?", "history": []})["answer"].recommendations
    ['V-17']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from langchain_core.runnables import Runnable, RunnableLambda

from assistant.analysis import Analyser
from assistant.composer import Draft, ExtractiveComposer
from assistant.generative import GenerativeComposer
from assistant.records import Outcome
from assistant.phrases import phrases_for
from assistant.refusals import out_of_scope, safeguarding
from assistant.retrieval import HybridRetriever
from assistant.safety import SafetyCheck, previous_of
from assistant.scope import ScopeCheck
from assistant.verify import Verifier

State = dict[str, Any]


class Vectors:
    """`embed`, remembering its vectors for one question (no cache across questions)."""

    def __init__(self, embed: Callable[[str], list[float]]):
        self._embed = embed
        self._made: dict[str, list[float]] = {}

    def __call__(self, text: str) -> list[float]:
        if text not in self._made:
            self._made[text] = self._embed(text)
        return self._made[text]


def build_chain(
    analyser: Analyser, safety: SafetyCheck, retriever: HybridRetriever, scope: ScopeCheck,
    composer: ExtractiveComposer | GenerativeComposer, verifier: Verifier,
) -> Runnable[State, State]:
    def analyse(state: State) -> State:
        analysis = analyser.analyse(
            state["question"], state.get("history") or [], tuple(state.get("previous_ids") or ()), tuple(state.get("previous_passages") or ()),
            language=state.get("language"),
        )
        return {**state, "analysis": analysis}

    def guard(state: State) -> State:
        # Earlier turns count too: an unsafe request split over two messages is still unsafe.
        history = state.get("history") or []
        # Each text is embedded once per question: the safety check and the dense search share the
        # vectors (a French question's English pivot is read by both).
        embed = Vectors(retriever.index.embed)
        # A follow-up of a follow-up ("great, and which one is easiest?") is read with the two turns before it.
        verdict = safety.run(state["question"], previous_of(history), embed=embed)
        return {**state, "embed": embed, "refusal": Outcome.UNSAFE if verdict.unsafe else None}

    def retrieve(state: State) -> State:
        if state["refusal"] is not None:
            return {**state, "hits": []}
        analysis = state["analysis"]
        clauses = analysis.clauses or (analysis,)
        # The text with its typos mended ("reservatons"), which is what the analysis read.
        hits = [retriever.run(clause.normalised or clause.text, clause, embed=state["embed"]) for clause in clauses]
        in_scope = scope.run(analysis, hits[0]) or any(scope.run(c, h) for c, h in zip(analysis.clauses[1:], hits[1:]))
        return {**state, "hits": hits, "refusal": None if in_scope else Outcome.OUT_OF_SCOPE}

    def compose(state: State) -> State:
        refusal = state["refusal"]
        say = phrases_for(state["analysis"].language)
        if refusal is Outcome.UNSAFE:
            draft = Draft(blocks=[safeguarding(say)], outcome=Outcome.UNSAFE, language=say.language)
        elif refusal is Outcome.OUT_OF_SCOPE:
            # The refusal may name example ids; it cites nothing.
            known = set(composer.corpus.recommendation_ids)
            draft = Draft(blocks=[out_of_scope(composer.corpus, say)], outcome=Outcome.OUT_OF_SCOPE, uncited_mentions=known, language=say.language)
        else:
            extra = {}
            if isinstance(composer, GenerativeComposer):
                extra = {"question": state["question"], "earlier": state.get("history") or [], "on_token": state.get("on_token")}
            draft = composer.run(state["analysis"], state["hits"], search=lambda text: retriever.run(text), **extra)
        return {**state, "draft": draft}

    def verify(state: State) -> State:
        answer = verifier.run(state["question"], state["draft"])
        # A generated draft says what its citation check removed, or why the extractive answer stands.
        earlier_notes = tuple(getattr(state["draft"], "notes", ()))
        if earlier_notes:
            answer = answer.model_copy(update={"notes": earlier_notes + answer.notes})
        return {**state, "answer": answer}

    return (
        RunnableLambda(analyse, name="analyse")
        | RunnableLambda(guard, name="guard")
        | RunnableLambda(retrieve, name="retrieve")
        | RunnableLambda(compose, name="compose")
        | RunnableLambda(verify, name="verify")
    ).with_config(run_name="lanzarote-answer")
