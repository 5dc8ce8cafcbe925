"""The CI guard: the whole gold set through the real assistant (real MiniLM, real Chroma in a tmp
dir), held to the limits in evals/thresholds.yaml, so a regression of the answer path fails CI.

The second half shows that the guard can fail: deliberately broken assistants (built on the real
one's answers) must breach the limits they break.
"""

from __future__ import annotations

import json

import pytest

from assistant.records import Citation, Outcome
from evals.gold import load_gold
from evals.runner import run
from evals.thresholds import ITEMS_BEHIND, check, load_thresholds, stale_known, still_known

LIMITS = load_thresholds()
GUARDED = [("minimum", key) for key in LIMITS.minimum] + [("maximum", key) for key in LIMITS.maximum]

pytestmark = pytest.mark.slow


class Recorded:
    """The real assistant, each answer computed once: broken variants below reuse them."""

    def __init__(self, assistant):
        self.assistant = assistant
        self.retriever = assistant.retriever
        self._answers: dict[str, object] = {}

    def ask(self, question, history=None):
        key = json.dumps([question, list(history or [])], sort_keys=True)
        if key not in self._answers:
            self._answers[key] = self.assistant.ask(question, history)
        return self._answers[key]


@pytest.fixture(scope="module")
def known_ids(corpus):
    return {r.id for r in corpus.recommendations}


@pytest.fixture(scope="module")
def recorded(assistant):
    """The session's real assistant (tests/conftest.py: real MiniLM, real Chroma in a tmp dir)."""
    return Recorded(assistant)


@pytest.fixture(scope="module")
def gold():
    items = load_gold()
    assert {i.split for i in items} == {"dev", "heldout"}
    return items


@pytest.fixture(scope="module")
def guard_run(recorded, gold, known_ids):
    return run(recorded, gold, known_ids=known_ids)


#: Which items are behind each guarded figure, for the failure message.
CULPRITS = {
    "pass_rate": lambda s: not s.passed,
    "citation_precision": lambda s: s.precision < 1,
    "refusal_accuracy": lambda s: not s.refusal_correct,
    **ITEMS_BEHIND,
}


def _culprits(result, figure: str) -> str:
    """The items behind a breach: dev items in full; heldout items by id only (never tune on them:
    the HTML report of `lanzarote eval` has the details for the final reading)."""
    chosen = [s for s in result.scores if CULPRITS.get(figure, CULPRITS["pass_rate"])(s)]
    lines = []
    for s in chosen:
        if s.split == "heldout":
            lines.append(f"  {s.id} (heldout)")
        else:
            lines.append(f"  {s.id}: {s.question!r} expected {s.expected_outcome}, got {s.outcome}, cited {s.cited}, "
                         f"must {s.must_cite}" + (f", missing {s.missing_facts}" if s.missing_facts else "")
                         + (f", error {s.error}" if s.error else ""))
    return f"{len(chosen)} item(s) behind it:\n" + "\n".join(lines)


@pytest.mark.parametrize(("bound", "figure"), GUARDED, ids=[f"{b}-{k}" for b, k in GUARDED])
def test_gold_set_meets_threshold(guard_run, bound, figure):
    breaches = [b for b in check(guard_run.summary, LIMITS, guard_run.scores) if b.figure == figure and b.bound == bound]
    assert not breaches, f"{breaches[0].message} (whole gold set, {guard_run.summary['items']} items); {_culprits(guard_run, figure)}"
    if bound == "maximum" and figure in LIMITS.known_failures:
        stale = stale_known(LIMITS, guard_run.scores)[figure]
        assert not stale, f"{', '.join(stale)} no longer fail {figure}: remove them from known_failures in evals/thresholds.yaml"
        known = still_known(LIMITS, guard_run.scores)[figure]
        if known:  # reported as XFAIL on every run (pytest -ra), never hidden
            pytest.xfail(f"{figure}: known failure(s) {', '.join(known)} still fail; fix the answer path (on dev items)")


def test_thresholds_file_holds_the_required_limits():
    """The limits the issue asks for may be raised, never dropped."""
    assert {"pass_rate", "citation_precision", "refusal_accuracy"} <= set(LIMITS.minimum)
    assert LIMITS.maximum.get("unsafe_answered") == 0
    assert LIMITS.maximum.get("nonexistent_citations") == 0


def test_guard_run_checked_every_item_and_every_citation(guard_run, gold):
    assert guard_run.summary["items"] == len(gold)
    assert guard_run.summary["nonexistent_citations"] is not None  # measured, not skipped
    assert all(s.retrieval_rank is None or 1 <= s.retrieval_rank <= 5 for s in guard_run.scores)


# The guard can fail ------------------------------------------------------------------------------


def _phantom_id(corpus) -> str:
    """An id of the corpus's own shape that it does not have (e.g. one past its last number)."""
    prefix = corpus.id_prefixes[0]
    numbers = [int(r.id.split("-")[1]) for r in corpus.recommendations if r.id.startswith(prefix + "-")]
    phantom = f"{prefix}-{max(numbers) + 1}"
    assert corpus.recommendation(phantom) is None
    return phantom


class NeverRefuses:
    """The safety and scope checks removed: every refusal becomes an answer."""

    def __init__(self, inner):
        self.inner, self.retriever = inner, inner.retriever

    def ask(self, question, history=None):
        answer = self.inner.ask(question, history)
        return answer.model_copy(update={"outcome": Outcome.ANSWERED}) if answer.refused else answer


class CitesPhantom:
    """Verification removed: a citation of a recommendation that does not exist slips through."""

    def __init__(self, inner, phantom: str):
        self.inner, self.retriever, self.phantom = inner, inner.retriever, phantom

    def ask(self, question, history=None):
        answer = self.inner.ask(question, history)
        if answer.outcome is not Outcome.ANSWERED:
            return answer
        extra = Citation(marker=len(answer.citations) + 1, recommendation=self.phantom, section="", section_id="", source="",
                         passage_id="", kind="recommendation", quote="", line=0)
        return answer.model_copy(update={"citations": (*answer.citations, extra)})


class DropsCitations:
    """The composer loses its citations."""

    def __init__(self, inner):
        self.inner, self.retriever = inner, inner.retriever

    def ask(self, question, history=None):
        return self.inner.ask(question, history).model_copy(update={"citations": ()})


class Crashes:
    def __init__(self, inner):
        self.retriever = inner.retriever

    def ask(self, question, history=None):
        raise RuntimeError("index unreadable")


@pytest.mark.parametrize(
    ("make", "must_breach"),
    [
        (lambda inner, corpus: NeverRefuses(inner), {"unsafe_answered", "refusal_accuracy", "pass_rate"}),
        (lambda inner, corpus: CitesPhantom(inner, _phantom_id(corpus)), {"nonexistent_citations", "citation_precision", "pass_rate"}),
        (lambda inner, corpus: DropsCitations(inner), {"pass_rate"}),
        (lambda inner, corpus: Crashes(inner), {"errors", "pass_rate", "refusal_accuracy"}),
    ],
    ids=["never-refuses", "cites-nonexistent-id", "drops-citations", "crashes"],
)
def test_guard_fails_a_broken_assistant(recorded, gold, known_ids, corpus, make, must_breach):
    broken = run(make(recorded, corpus), gold, known_ids=known_ids)
    breached = {b.figure for b in check(broken.summary, LIMITS, broken.scores)}
    assert must_breach <= breached, f"breached only {breached}: {broken.summary}"


def test_guard_fails_when_nonexistent_ids_were_not_checked(recorded, gold):
    unchecked = run(recorded, gold[:3])
    assert "nonexistent_citations" in {b.figure for b in check(unchecked.summary, LIMITS, unchecked.scores)}


# The runner's mechanics, on the real assistant -----------------------------------------------------


class Spy:
    def __init__(self, inner):
        self.inner, self.retriever, self.calls = inner, inner.retriever, []

    def ask(self, question, history=None):
        self.calls.append((question, list(history or [])))
        return self.inner.ask(question, history)


def test_runner_replays_the_history_as_one_conversation(recorded, gold, known_ids):
    item = next(i for i in gold if len(i.history) >= 1 and i.split == "dev")
    spy = Spy(recorded)
    run(spy, [item], known_ids=known_ids)
    assert [q for q, _ in spy.calls] == [*item.history, item.question]
    first_answer = recorded.ask(item.history[0], [])
    assert spy.calls[1][1][:2] == [{"role": "user", "content": item.history[0]}, {"role": "assistant", "content": first_answer.text}]


def test_optional_judge_is_recorded_and_never_changes_a_pass(recorded, gold, known_ids):
    from evals.judge import Verdict

    class Harsh:
        name = "harsh"

        def run(self, item, answer):
            return Verdict(score=0.0, reason=f"judged {item.id}")

    items = [i for i in gold if i.split == "dev"][:3]
    plain = run(recorded, items, known_ids=known_ids)
    judged = run(recorded, items, known_ids=known_ids, judge=Harsh())
    assert [s.passed for s in judged.scores] == [s.passed for s in plain.scores]
    assert judged.scores[0].judge == {"name": "harsh", "score": 0.0, "reason": f"judged {items[0].id}"}
    assert judged.summary["judge_score"] == 0.0 and plain.summary["judge_score"] is None
