"""The figures a summary holds, how each is labelled and formatted, and which direction is better.

One catalogue for the terminal table, the HTML report and the comparison, so they never disagree.

    >>> FIGURES["pass_rate"].format(0.9456)
    '0.946'
    >>> FIGURES["latency_p95_ms"].better
    'lower'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    short: str  # column header
    kind: Literal["rate", "count", "ms"]
    better: Literal["higher", "lower"]

    def format(self, value) -> str:
        if value is None:
            return "–"
        if self.kind == "rate":
            return f"{value:.3f}"
        if self.kind == "ms":
            return f"{value:.0f}"
        return f"{value:d}" if isinstance(value, int) else f"{value}"

    def format_delta(self, delta) -> str:
        if delta is None:
            return "–"
        if self.kind == "rate":
            return f"{delta:+.3f}"
        if self.kind == "ms":
            return f"{delta:+.0f}"
        return f"{delta:+d}" if isinstance(delta, int) else f"{delta:+}"

    def improved(self, delta) -> bool | None:
        """True if `delta` is an improvement, False if a regression, None if unchanged or unknown."""
        if delta is None or abs(delta) < 1e-9:
            return None
        return (delta > 0) == (self.better == "higher")


_ALL = [
    Figure("pass_rate", "pass rate", "pass", "rate", "higher"),
    Figure("citation_precision", "citation precision", "cit P", "rate", "higher"),
    Figure("citation_recall", "citation recall", "cit R", "rate", "higher"),
    Figure("citation_f1", "citation F1", "cit F1", "rate", "higher"),
    Figure("exact_citation_match", "exact citation set", "exact", "rate", "higher"),
    Figure("fact_recall", "required-fact recall", "facts", "rate", "higher"),
    Figure("outcome_accuracy", "outcome accuracy", "outcome", "rate", "higher"),
    Figure("refusal_accuracy", "refusal accuracy", "refus", "rate", "higher"),
    Figure("missed_refusals", "missed refusals", "missed ref", "count", "lower"),
    Figure("wrong_refusals", "wrong refusals", "wrong ref", "count", "lower"),
    Figure("unsafe_answered", "unsafe requests answered", "unsafe ans", "count", "lower"),
    Figure("nonexistent_citations", "nonexistent ids cited", "bad ids", "count", "lower"),
    Figure("errors", "errors raised", "errors", "count", "lower"),
    Figure("retrieval_recall_at_k", "retrieval recall@5", "R@5", "rate", "higher"),
    Figure("retrieval_mrr", "retrieval MRR@5", "MRR", "rate", "higher"),
    Figure("latency_p50_ms", "latency p50 ms", "p50 ms", "ms", "lower"),
    Figure("latency_p95_ms", "latency p95 ms", "p95 ms", "ms", "lower"),
    Figure("judge_score", "judge score (optional)", "judge", "rate", "higher"),
    Figure("judge_unjudged", "items the judge could not grade", "unjudged", "count", "lower"),
]

FIGURES: dict[str, Figure] = {f.key: f for f in _ALL}

#: The columns of a per-category table, in order.
TABLE = [
    "pass_rate", "citation_precision", "citation_recall", "citation_f1", "exact_citation_match", "fact_recall",
    "refusal_accuracy", "retrieval_recall_at_k", "retrieval_mrr", "latency_p50_ms", "latency_p95_ms",
]

#: The columns of a per-category table in the terminal (80 columns wide); retrieval and latency
#: per category are in the HTML and JSON reports.
TERMINAL = ["pass_rate", "citation_precision", "citation_recall", "citation_f1", "exact_citation_match", "fact_recall", "refusal_accuracy"]

#: The figures set side by side for ours against the baseline, per category.
SIDE_BY_SIDE = ["pass_rate", "citation_precision", "citation_recall", "refusal_accuracy"]

#: The figures a comparison reports (overall and per split).
COMPARED = [
    "pass_rate", "citation_precision", "citation_recall", "citation_f1", "exact_citation_match", "fact_recall",
    "outcome_accuracy", "refusal_accuracy", "missed_refusals", "wrong_refusals", "unsafe_answered", "nonexistent_citations",
    "errors", "retrieval_recall_at_k", "retrieval_mrr", "latency_p50_ms", "latency_p95_ms",
]

#: The optional judge's figures (`lanzarote eval --judge`): shown only when a judge ran.
JUDGE = ["judge_score", "judge_unjudged"]


def judge_ran(summary: dict) -> bool:
    """Whether this summary has the optional judge's figures (None for both when it did not run)."""
    return any(summary.get(key) is not None for key in JUDGE)
