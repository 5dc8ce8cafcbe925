"""Figures the findings give: "How many children contributed?" is answered by the sentence that
counts them ("... information received from 306 children in 10 Parties who chose to participate"),
and "How many children live in Norway?" by none.

A sentence gives the figure a question asks for when it has a number followed closely by what the
question counts ("306 children", "43 States"; any number for "how long" or "how much"), at least half
of the question's other subject words (an everyday wording or the Convention's term it stands for:
"contributed" or "participate"), and the Party the question names, if it names one. The sentences
with numbers are found once per corpus.

    >>> figures = Figures(corpus, split_sentences)
    >>> [sentence for _, sentence in figures.matching(analyser.analyse("How many children contributed?"))]
    ['The implementation report also contains information received from 306 children in 10 Parties who chose to participate.']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from assistant.analysis import Analysis, paraphrase_groups
from corpus.collection import Corpus
from corpus.parties import fold
from corpus.records import Passage
from index.text import stem, tokens, words

#: A question that asks for a figure.
QUANTITY = re.compile(r"\bhow many\b|\bhow much\b|\bwhat (?:percentage|proportion|share|number|amount)\b|\bhow often\b|\bhow long\b")
# How many of what ("how many children", "combien d'enfants"): the word a figure must count.
_COUNTED = re.compile(r"\bhow many\s+(?:more\s+|of\s+the\s+|different\s+)?(?P<noun>[a-z][\w-]*)")
_NUMBER_WORD = re.compile(
    r"^(?:\d[\d.,]*(?:st|nd|rd|th)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|half|dozen)$"
)
# Nouns for States, which count one another ("43 States that were Party", "10 Parties").
_STATE_NOUNS = frozenset(tokens("party parties state states country countries"))
# What "how long", "what percentage", "how often" count: a number must be of that.
_UNITS = (
    (re.compile(r"\bhow long\b"), frozenset(tokens("year years month months week weeks day days hour hours"))),
    (re.compile(r"\bwhat (?:percentage|proportion|share)\b"), frozenset(tokens("percent per cent percentage"))),
    (re.compile(r"\bhow often\b"), frozenset(tokens("times year years month months week weeks day days"))),
)
# Everyday words for what a figure counts ("how many kids").
_SAME_AS = {"kids": "children", "kid": "children", "minors": "children", "youngsters": "children", "nations": "states"}
#: The words of "how long", "how much", "how often": what is asked, not about what.
HOW_WORDS = frozenset(tokens("long much often many number percentage proportion share amount"))
#: Words that point at a passage casually ("the Europol bit"): not a subject.
CASUAL_WORDS = frozenset(tokens("bit bits thing things stuff piece passage"))


@dataclass(frozen=True)
class Figure:
    """A sentence with a number in it: its words (stemmed), the words right after its numbers, the Parties it names."""

    passage: Passage
    sentence: str
    stems: frozenset[str]
    counted: frozenset[str]
    parties: frozenset[str]
    digits: bool  # a number in digits ("306"), not only a word that may be one ("the one where they reside")


class Figures:
    def __init__(self, corpus: Corpus, split: Callable[[str], list[str]]):
        self.corpus = corpus
        self.split = split

    @cached_property
    def all(self) -> list[Figure]:
        found = []
        for passage in self.corpus.passages:
            for sentence in self.split(passage.text):
                said = words(sentence)
                numbers = [i for i, w in enumerate(said) if _NUMBER_WORD.match(w)]
                if numbers:
                    found.append(Figure(
                        passage, sentence, frozenset(stem(w) for w in said),
                        frozenset(stem(w) for i in numbers for w in said[i + 1:i + 4]),
                        frozenset(self.corpus.gazetteer.find(sentence, adjectives=True)),
                        any(said[i][0].isdigit() for i in numbers),
                    ))
        return found

    def matching(self, a: Analysis) -> list[tuple[Passage, str]]:
        """The sentences that give the figure `a` asks for, best first (those that hold most of its words);
        [] when none does. A question with nothing to count and no subject is given no figure."""
        folded = fold(a.normalised or a.text)
        counted: set[str] = set()
        noun = ""
        if m := _COUNTED.search(folded):
            noun = stem(_SAME_AS.get(m.group("noun"), m.group("noun")))
            counted = {noun}
            for group in paraphrase_groups(folded):
                if noun in group:
                    counted |= group
            if counted & _STATE_NOUNS:
                counted |= _STATE_NOUNS
        for pattern, units in _UNITS:
            if pattern.search(folded):
                counted |= units
        groups = [g - HOW_WORDS for g in paraphrase_groups(folded) if not g & counted]
        grouped = set().union(*groups) if groups else set()
        for t in a.topic:
            if t not in grouped and t not in counted and t not in CASUAL_WORDS and t not in a.detail_words and t not in HOW_WORDS:
                groups.append({t})
        groups = [g for g in groups if g]
        if not groups and not counted:
            return []
        asked = set(tokens(folded)) - HOW_WORDS
        scored = []
        for figure in self.all:
            if a.parties and not set(a.parties) & figure.parties:
                continue
            if (counted and not counted & figure.counted) or (not counted and not figure.digits):
                continue
            held = sum(1 for g in groups if g & figure.stems)
            if held * 2 >= len(groups):
                # Ties go to the sentence in the question's own words ("How many Parties took part?": "43 States ... took
                # part" before "10 Parties who chose to participate"), then to the one counting the noun asked.
                scored.append(((held, len(asked & figure.stems), noun in figure.counted), figure))
        if not scored:
            return []
        best = max(score for score, _ in scored)
        return [(f.passage, f.sentence) for score, f in scored if score == best]

    def looked_for(self, a: Analysis) -> bool:
        """Whether `a` says what figure it wants: something counted ("how many children") or a subject."""
        folded = fold(a.normalised or a.text)
        return bool(_COUNTED.search(folded)) or any(t not in HOW_WORDS and t not in CASUAL_WORDS and t not in a.detail_words for t in a.topic)
