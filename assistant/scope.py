"""Is a question about the Committee's findings at all? Questions that are not get a polite refusal.

A question is in scope when it names something the corpus has (a recommendation id, an Article,
an urgency level, a Party together with a question about it), or when its words are the corpus's
words and retrieval finds passages close to it. It is out of scope when it asks for something the
findings cannot give, whatever its words: a task ("write an essay"), another instrument ("the
Istanbul Convention"), another time ("the 2024 plenary", "the current Secretary General"),
a figure the source does not give, advice on a personal case, or a fact about a State that is
not a finding ("the population of Liechtenstein").

    >>> ScopeCheck(corpus, index).run(analysis, hits)
    True
"""

from __future__ import annotations

import re

from assistant.analysis import ACRONYM_QUESTION, Analysis
from assistant.retrieval import Hit
from corpus.articles import article_covers
from corpus.collection import Corpus
from corpus.parties import fold
from index.store import BuiltIndex
from index.text import tokens

# Words that only make sense as a question about the findings ("how many recommendations ...").
_ANCHOR = re.compile(r"\brecommendations?\b|\brecs?\b|\bfactsheets?\b|\blanzarote\b|\bcommittee\b|\bpromising practices?\b")
_ARITHMETIC = re.compile(
    r"^\W*(?:what(?:'s| is)|calculate|compute|how much is|solve)?\s*[-\d\s.,()]+\s*(?:[-+*/x×÷^=]|times|plus|minus|divided by|multiplied by|to the power of)\s*[-\d\s.,()]+\W*$"
)
# A task rather than a question: writing, coding, translating.
_TASK = re.compile(
    r"^\W*(?:(?:please|kindly|now|cool|ok|okay)\W+)*(?:(?:can|could|would|will) you\s+)?(?:please\s+)?"
    r"(?:write|generate|compose|draft|create|produce|code|program|translate|rewrite|paraphrase|sing|tell me a (?:joke|story))\b"
    r"|\b(?:write|generate|compose|draft) (?:me )?(?:a|an|the|some)\s+(?:[\w-]+\s+){0,3}"
    r"(?:essay|poem|haiku|story|letter|email|e-mail|post|tweet|script|code|function|query|program|song|joke|speech|cover letter)\b"
)
# ... but a summary, overview or list of what the findings say is a question put as a task.
_DIGEST = re.compile(
    r"\b(?:write|generate|compose|draft|create|produce|make)\s+(?:me\s+|us\s+)?(?:a|an|the)?\s*(?:short|brief|quick|concise|one-paragraph)?\s*"
    r"(?:summary|overview|list|table|outline|recap|digest|synopsis)\b"
)
# "Which countries are members of the European Union?": who belongs to an organisation is a fact about
# the world, not a finding.
_MEMBERSHIP = re.compile(r"^\W*(?:which|what) (?:countries|states|nations) (?:are|were) (?:the )?(?:members?|part) of (?:the )?(?!lanzarote|convention)[\w' -]+\W*$")
# Advice on the asker's own case is not a finding of the Committee.
_PERSONAL = re.compile(r"\bshould i\b|\bmy chances\b|\blegal advice\b|\bmy (?:case|lawyer|ex)\b|\bwhat do i do\b")
# A question that tells of one's child is advice too, unless it asks what the findings say.
_FAMILY = re.compile(r"\bmy (?:child|children|son|daughter|kids?)\b")
_NOW = re.compile(r"\b(?:current|currently|latest|today|tomorrow|yesterday|this (?:year|week|month)|next (?:year|week|month|round)|now|recent news|news)\b")
_OPENING_NOW = re.compile(r"^\W*now\b[\s,.!]*")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_INSTRUMENT = re.compile(
    r"\b((?:[A-Z][\w'-]+\s+){1,3})Convention\b|\bConvention\s+(?:on|for)\s+(?:the\s+)?((?:[A-Z][\w'-]+\s*){1,5})|\b(GDPR|ECHR|TFEU|UNCRC|CRC|Istanbul|Budapest)\b"
)
_ROUND = re.compile(r"\b(first|second|third|fourth|fifth|sixth|1st|2nd|3rd|4th|5th|6th)\s+(?:monitoring\s+)?round\b")
_QUANTITY = re.compile(r"\bhow many\b|\bhow much\b|\bwhat (?:percentage|proportion|share|number|amount)\b|\bhow often\b|\bhow long\b")
_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|half|dozen)\b")
_MYSELF = re.compile(r"\bwho (?:made|built|created|trained) you\b|\bare you (?:chatgpt|an? ai|human|a bot)\b|\bwhat (?:language )?model are you\b|\byour (?:system prompt|instructions|configuration)\b")


class ScopeCheck:
    def __init__(self, corpus: Corpus, index: BuiltIndex, *, min_vocabulary: float = 0.4, min_dense: float = 0.2, sure_dense: float = 0.45):
        self.corpus = corpus
        self.index = index
        self.bm25 = index.bm25
        self.min_vocabulary = min_vocabulary
        self.min_dense = min_dense
        self.sure_dense = sure_dense

    def vocabulary_share(self, text: str) -> float:
        """The rarity-weighted share of the question's words that the corpus uses."""
        words = tokens(text)
        if not words:
            return 0.0
        weights = [(self.bm25.idf(t), self.bm25.knows(t)) for t in words]
        total = sum(w for w, _ in weights)
        return sum(w for w, known in weights if known) / total if total else 0.0

    def run(self, analysis: Analysis, hits: list[Hit]) -> bool:
        a = analysis
        text = fold(a.normalised or a.text)
        structured = bool(a.rec_ids or a.parties or a.levels or a.articles)
        if _ARITHMETIC.search(text) or _MYSELF.search(text):
            return False
        # A follow-up that brings a subject of its own, none of whose words the corpus uses ("And what
        # is the capital of Norway?"), is judged as asked: the Party or level it inherited does not make it a
        # finding. Short unknown words ("pls", "thx") are not a subject.
        if a.follow_up and a.own is not None and not any(self.bm25.knows(t) for t in a.own.topic):
            if any(len(t) >= 5 for t in a.own.topic):
                return self.run(a.own, hits)
        if _MEMBERSHIP.search(text) and not structured:
            return False
        if _TASK.search(text) and not structured and not _DIGEST.search(text):
            return False
        # Advice on one's own case is refused; a question that tells of one's child is answered if it asks
        # what the findings say ("My daughter's photo was shared ... What does the factsheet say about ...?").
        if not structured and (self._elsewhere(a) or _PERSONAL.search(text) or (_FAMILY.search(text) and not _ANCHOR.search(text))):
            return False
        # An Article the corpus never names ("GDPR Article 17") is not a reason to answer.
        known_article = any(article_covers(q, k) or article_covers(k, q) for q in a.articles for k in self.corpus.known_articles)
        anchored = bool(_ANCHOR.search(text))
        if a.articles and not known_article and not anchored:
            return False
        # A follow-up about what the last answer cited: its neighbour, a choice among it, its practices' countries.
        about_last = a.edge is not None or a.within is not None or bool(a.practices)
        if a.rec_ids or known_article or a.levels or a.define or anchored or about_last:
            return True
        if a.parties:
            asks_about_findings = a.obligation or a.practice or a.general or a.recommendation_word
            known_topic = any(self.bm25.knows(t) for t in a.topic)
            return asks_about_findings or known_topic or not a.topic
        # "How many recommendations ...?", or a bare "How many?" after one: a count of the findings.
        if a.count and a.recommendation_word:
            return True
        if _QUANTITY.search(text) and not self._has_figure(a, hits):
            return False
        # "What does CSAM stand for?": an abbreviation the corpus uses.
        if acronym := ACRONYM_QUESTION.search(a.text):
            words = tokens(acronym.group("acronym"))
            if words and all(self.bm25.knows(w) for w in words):
                return True
        top_dense = max((h.dense for h in hits), default=0.0)
        if top_dense >= self.sure_dense:
            return True
        return self.vocabulary_share(a.text) >= self.min_vocabulary and top_dense >= self.min_dense

    def _elsewhere(self, a: Analysis) -> bool:
        """The question is about another instrument, another monitoring round or another time."""
        text = a.normalised or a.text
        folded = fold(text)
        # "Now, which ...": a question that opens with "now" is not about the present day.
        if _NOW.search(_OPENING_NOW.sub("", folded, count=1)):
            return True
        if any(not self.bm25.knows(year) for year in _YEAR.findall(folded)):
            return True
        for match in _ROUND.finditer(folded):
            if not self._says(match.group(0)):
                return True
        for match in _INSTRUMENT.finditer(text):
            name = next(g for g in match.groups() if g)
            if not self._says(match.group(0).strip()) and not self._says(name.strip()):
                return True
        return False

    def _says(self, phrase: str) -> bool:
        """Whether some passage contains `phrase` (folded, whitespace-insensitive)."""
        wanted = " ".join(fold(phrase).split())
        return any(wanted in " ".join(fold(p.text).split()) for p, _ in self.index.sparse(phrase, k=10))

    def _has_figure(self, a: Analysis, hits: list[Hit]) -> bool:
        """For "how many ..." without an entity: does a retrieved sentence give a figure on its words?"""
        wanted = set(a.terms or a.topic)
        if not wanted:
            return True
        for hit in sorted(hits, key=lambda h: -h.coverage)[:4]:
            for sentence in re.split(r"(?<=[.;:])\s+", hit.passage.text):
                have = set(tokens(sentence))
                if _NUMBER.search(fold(sentence)) and len(wanted & have) >= max(1, len(wanted) // 2):
                    return True
        return False
