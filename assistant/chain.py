"""The answer path as a LangChain chain of Runnables: analyse, guard, retrieve, compose, verify.

Each step takes and returns one state dict, so the steps stay small, testable on their own and
visible by name in LangChain traces. Refusals are decided before anything is composed: an unsafe
request never reaches retrieval.

    >>> chain = build_chain(analyser, SafetyCheck(), retriever, scope, composer, verifier)
    >>> chain.invoke({"question": "What is Norway required to do?", "history": []})["answer"].recommendations
    ['V-17']
"""

from __future__ import annotations

from typing import Any

from langchain_core.runnables import Runnable, RunnableLambda

from assistant.analysis import Analyser
from assistant.composer import Draft, ExtractiveComposer
from assistant.records import Outcome
from assistant.refusals import SAFEGUARDING, out_of_scope
from assistant.retrieval import HybridRetriever
from assistant.safety import SafetyCheck
from assistant.scope import ScopeCheck
from assistant.verify import Verifier

State = dict[str, Any]


def build_chain(
    analyser: Analyser, safety: SafetyCheck, retriever: HybridRetriever, scope: ScopeCheck,
    composer: ExtractiveComposer, verifier: Verifier,
) -> Runnable[State, State]:
    def analyse(state: State) -> State:
        analysis = analyser.analyse(state["question"], state.get("history") or [], tuple(state.get("previous_ids") or ()))
        return {**state, "analysis": analysis}

    def guard(state: State) -> State:
        # Earlier turns count too: an unsafe request split over two messages is still unsafe.
        verdict = safety.run(state["question"])
        return {**state, "refusal": Outcome.UNSAFE if verdict.unsafe else None}

    def retrieve(state: State) -> State:
        if state["refusal"] is not None:
            return {**state, "hits": []}
        analysis = state["analysis"]
        hits = [retriever.run(clause.text, clause) for clause in analysis.clauses or (analysis,)]
        in_scope = scope.run(analysis, hits[0]) or any(scope.run(c, h) for c, h in zip(analysis.clauses[1:], hits[1:]))
        return {**state, "hits": hits, "refusal": None if in_scope else Outcome.OUT_OF_SCOPE}

    def compose(state: State) -> State:
        refusal = state["refusal"]
        if refusal is Outcome.UNSAFE:
            draft = Draft(blocks=[SAFEGUARDING], outcome=Outcome.UNSAFE)
        elif refusal is Outcome.OUT_OF_SCOPE:
            # The refusal may name example ids; it cites nothing.
            known = set(composer.corpus.recommendation_ids)
            draft = Draft(blocks=[out_of_scope(composer.corpus)], outcome=Outcome.OUT_OF_SCOPE, uncited_mentions=known)
        else:
            draft = composer.run(state["analysis"], state["hits"], search=lambda text: retriever.run(text))
        return {**state, "draft": draft}

    def verify(state: State) -> State:
        return {**state, "answer": verifier.run(state["question"], state["draft"])}

    return (
        RunnableLambda(analyse, name="analyse")
        | RunnableLambda(guard, name="guard")
        | RunnableLambda(retrieve, name="retrieve")
        | RunnableLambda(compose, name="compose")
        | RunnableLambda(verify, name="verify")
    ).with_config(run_name="lanzarote-answer")
