"""Example questions for the empty chat, made from the corpus (never written into the code), so
that they stay true when the factsheets change.

    >>> example_questions(Corpus.load())[0]
    'What is Andorra required to do?'
"""

from __future__ import annotations

from collections import Counter

from corpus.collection import Corpus
from corpus.records import Level


def example_questions(corpus: Corpus, limit: int = 4) -> list[str]:
    questions: list[str] = []
    recs = corpus.recommendations
    named = [r for r in recs if not r.to_all_parties and r.addressees]
    if named:
        # The strongest level that names a Party: "What is X required to do?"
        strongest = min(named, key=lambda r: (r.level.rank, recs.index(r)))
        questions.append(f"What is {strongest.addressees[0]} {_participle(strongest.level)} to do?")
    if recs:
        questions.append(f"What does recommendation {recs[0].id} say?")
    counts = Counter(a for r in recs for a in r.articles)
    shared = [a for a, n in counts.items() if n >= 2]
    if shared:
        # The most specific Article that several recommendations share: a short, useful list.
        article = min(shared, key=lambda a: (counts[a], -len(a)))
        questions.append(f"Which recommendations concern Article {article}?")
    if corpus.practices:
        questions.append("Which promising practices did the Committee identify?")
    return questions[:limit]


def _participle(level: Level) -> str:
    """require -> required, request -> requested, invite -> invited."""
    return level.value + ("d" if level.value.endswith("e") else "ed")
