"""Example questions for the empty chat, made from the corpus (never written into the code), so
that they stay true when the factsheets change.

    >>> example_questions(Corpus.load())[0]
    'What is Andorra required to do?'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from corpus.collection import Corpus
from corpus.parties import french_names
from corpus.records import Level


@dataclass(frozen=True)
class _Subjects:
    """What the example questions are about, chosen from the corpus once for both languages."""

    party: str | None  # a Party named at the strongest level that names one
    level: Level | None  # that level
    first_id: str | None  # the first recommendation
    article: str | None  # the most specific Article that several recommendations share
    practices: bool  # whether the corpus has promising practices


def _subjects(corpus: Corpus) -> _Subjects:
    recs = corpus.recommendations
    named = [r for r in recs if not r.to_all_parties and r.addressees]
    # The strongest level that names a Party: "What is X required to do?"
    strongest = min(named, key=lambda r: (r.level.rank, recs.index(r))) if named else None
    counts = Counter(a for r in recs for a in r.articles)
    shared = [a for a, n in counts.items() if n >= 2]
    # The most specific Article that several recommendations share: a short, useful list.
    article = min(shared, key=lambda a: (counts[a], -len(a))) if shared else None
    return _Subjects(
        party=strongest.addressees[0] if strongest else None, level=strongest.level if strongest else None,
        first_id=recs[0].id if recs else None, article=article, practices=bool(corpus.practices),
    )


def example_questions(corpus: Corpus, limit: int = 4, language: str = "en") -> list[str]:
    s = _subjects(corpus)
    french = language == "fr"
    questions: list[str] = []
    if s.party and s.level:
        questions.append(
            f"Que doit faire {french_names().get(s.party, s.party)} ?" if french else f"What is {s.party} {_participle(s.level)} to do?"
        )
    if s.first_id:
        questions.append(f"Que dit la recommandation {s.first_id} ?" if french else f"What does recommendation {s.first_id} say?")
    if s.article:
        questions.append(
            f"Quelles recommandations concernent l'article {s.article} ?" if french else f"Which recommendations concern Article {s.article}?"
        )
    if s.practices:
        questions.append(
            "Quelles pratiques prometteuses le Comité a-t-il relevées ?" if french else "Which promising practices did the Committee identify?"
        )
    return questions[:limit]


def _participle(level: Level) -> str:
    """require -> required, request -> requested, invite -> invited."""
    return level.value + ("d" if level.value.endswith("e") else "ed")
