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
from functools import cached_property

from assistant.analysis import ACRONYM_QUESTION, Analysis, paraphrased_words
from assistant.composer import split_sentences
from assistant.figures import CASUAL_WORDS, HOW_WORDS, QUANTITY, Figures
from assistant.retrieval import Hit
from corpus.articles import article_covers
from corpus.collection import Corpus
from corpus.parties import fold
from corpus.records import Passage
from index.store import BuiltIndex
from index.text import stem, tokens

# Words that only make sense as a question about the findings ("how many recommendations ...").
# (Lanzarote alone may be the island, "a hotel in Lanzarote"; the Committee of Ministers is another body.)
_ANCHOR = re.compile(
    r"\brecommendations?\b|\brecs?\b|\bfactsheets?\b|\blanzarote\s+(?:committee|convention|report|findings|factsheet|recommendations?|parties|monitoring)\b"
    r"|(?<!convention )\bcommittee\b(?! of (?:ministers|experts))|\bpromising practices?\b|\bfindings?\b"
)
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
_PERSONAL = re.compile(r"\bmy chances\b|\blegal advice\b|\bmy (?:case|lawyer|ex)\b|\bwhat (?:do|should|can|must|shall) i do\b")
# ... nor is what the asker should do, unless it is about the findings ("Which Parties should I contact about
# withdrawing reservations?", "What search terms should I use to find the recommendations on data retention?").
_ADVICE = re.compile(r"\bshould i\b|\b(?:how|where|what|when|which \w+) (?:do|can|could|should|shall|must) i\b")
# Asking the assistant for a recommendation of its own ("Recommend a good hotel", "Can you suggest a book?").
_ADVICE_ASKED = re.compile(
    r"\b(?:do|would|can|could|will) you (?:recommend|suggest|advise)\b|^\W*(?:please\s+)?(?:recommend|suggest)\s+(?:me\s+|us\s+)?(?:a|an|some|the best|any|good)\b"
)
# A question that tells of one's child is advice too, unless it asks what the findings say.
_FAMILY = re.compile(r"\bmy (?:child|children|son|daughter|kids?)\b")
_NOW = re.compile(
    r"\b(?:current|currently|latest|today|tomorrow|yesterday|recently|upcoming|this (?:year|week|month)|next (?:year|week|month|round)"
    r"|last (?:week|month|year|session|plenary)|now|recent news|news)\b"
)
_OPENING_NOW = re.compile(r"^\W*now\b[\s,.!]*")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_INSTRUMENT = re.compile(
    r"\b((?:[A-Z][\w'-]+\s+){1,3})Convention\b|\bConvention\s+(?:on|for)\s+(?:the\s+)?((?:[A-Z][\w'-]+\s*){1,5})|\b(GDPR|ECHR|TFEU|UNCRC|CRC|Istanbul|Budapest)\b"
)
_ROUND = re.compile(r"\b(first|second|third|fourth|fifth|sixth|1st|2nd|3rd|4th|5th|6th)\s+(?:monitoring\s+)?round\b")
# "What did GRETA report ...", "When was the Venice Commission founded?", "Who is the President of the European Court
# of Human Rights?": what another body said or is, named as the subject of the question.
_BODY_NAME = r"(?P<name>[A-Z][\w'’.-]*(?:\s+(?:of|for|on|the|and|[A-Z][\w'’.-]*)){0,6})"
_BODY = (
    re.compile(
        rf"\b(?i:what|how|when|why|where)\s+(?i:did|does|do|has|have|had|was|is|were)\s+(?i:the\s+)?{_BODY_NAME}(?:['’]s)?\s+"
        r"(?i:say|said|report|reported|find|found|conclude|concluded|recommend|recommended|decide|decided|rule|ruled|do|does|publish|published"
        r"|founded|established|created|set up|mean by|think)\b"
    ),
    re.compile(
        r"\b(?i:who|what)\s+(?i:is|was|are)\s+(?i:the\s+)?(?i:president|head|chair|chairman|chairwoman|director|secretary general|budget|seat|address|website)"
        rf"\s+(?i:of)\s+(?i:the\s+)?{_BODY_NAME}"
    ),
)
# "it", "that": what the question asks of is what was said before it.
_POINTER = re.compile(r"\b(?:it|its|this|that|these|those|they|them)\b")
# Where in a list ("which of those is named first?"): not a subject of its own.
_POSITION = frozenset(tokens("first second third fourth fifth last next previous top bottom earlier later begin beginning end"))
_FAMILY_WORDS = frozenset(tokens("son sons daughter daughters child children kid kids boy girl teenager teen"))
_MYSELF = re.compile(r"\bwho (?:made|built|created|trained) you\b|\bare you (?:chatgpt|an? ai|human|a bot)\b|\bwhat (?:language )?model are you\b|\byour (?:system prompt|instructions|configuration)\b")


class ScopeCheck:
    def __init__(
        self, corpus: Corpus, index: BuiltIndex, *, min_vocabulary: float = 0.4, min_dense: float = 0.2, sure_dense: float = 0.45,
        figures: Figures | None = None,
    ):
        self.corpus = corpus
        self.index = index
        self.bm25 = index.bm25
        self.min_vocabulary = min_vocabulary
        self.min_dense = min_dense
        self.sure_dense = sure_dense
        # The composer's, when the assistant passes it: the corpus's figures are found once.
        self.figures = figures or Figures(corpus, split_sentences)

    def vocabulary_share(self, text: str, spare: frozenset[str] | set[str] = frozenset()) -> float:
        """The rarity-weighted share of the question's words that the corpus uses (`spare`: words not counted)."""
        words = [t for t in tokens(text) if t not in spare]
        if not words:
            return 0.0
        weights = [(self.bm25.idf(t), self.bm25.knows(t)) for t in words]
        total = sum(w for w, _ in weights)
        return sum(w for w, known in weights if known) / total if total else 0.0

    def known_share(self, topic: list[str] | tuple[str, ...]) -> float:
        """The rarity-weighted share of `topic` (stems) that the corpus uses; 1.0 for no topic."""
        if not topic:
            return 1.0
        weights = [(self.bm25.idf(t), self.bm25.knows(t)) for t in topic]
        total = sum(w for w, _ in weights)
        return sum(w for w, known in weights if known) / total if total else 1.0

    def run(self, analysis: Analysis, hits: list[Hit]) -> bool:
        a = analysis
        text = fold(a.normalised or a.text)
        structured = bool(a.rec_ids or a.parties or a.levels or a.articles)
        if _ARITHMETIC.search(text) or _MYSELF.search(text):
            return False
        if (_ADVICE_ASKED.search(text) or _ADVICE_ASKED.search(fold(a.text))) and not structured:
            return False
        # A follow-up that brings a subject of its own that the corpus does not hold ("And what is the capital of
        # Norway?", "who is its prime minister?") is judged as asked: the Party or level it inherited does not make
        # it a finding. A detail a finding does not hold ("and is there a deadline?") or a place in a list ("which
        # is named first?") is no subject of its own.
        if a.follow_up and a.own is not None and self._subject_elsewhere(a.own):
            return self.run(a.own, hits)
        # Another body's work ("What did GRETA report about Romania?"), whatever Party it names.
        if self._other_body(a):
            return False
        if _MEMBERSHIP.search(text) and not structured:
            return False
        if _TASK.search(text) and not structured and not _DIGEST.search(text):
            return False
        anchored = bool(_ANCHOR.search(text))
        # Advice on one's own case is refused; a question that tells of one's child is answered if it asks what the
        # findings say ("My daughter's photo was shared ... What does the factsheet say about ...?") or is about them
        # in every word ("If my son was abused in another country, can he complain at home?"), and so is one that
        # asks what the asker should do with the findings ("Which Parties should I contact about reservations?").
        if not structured:
            if self._elsewhere(a) or _PERSONAL.search(text):
                return False
            family = bool(_FAMILY.search(text))
            asks_advice = family or bool(_ADVICE.search(text))
            if asks_advice and not anchored and not self._about_findings(a, spare=_FAMILY_WORDS if family else frozenset()):
                return False
        # An Article the corpus never names ("GDPR Article 17") is not a reason to answer.
        known_article = any(article_covers(q, k) or article_covers(k, q) for q in a.articles for k in self.corpus.known_articles)
        if a.articles and not known_article and not anchored:
            return False
        # A follow-up about what the last answer cited: its neighbour, a choice among it, its practices' countries.
        about_last = a.edge is not None or a.within is not None or bool(a.practices)
        if a.rec_ids or known_article or a.levels or a.define or anchored or about_last:
            return True
        if a.parties:
            asks_about_findings = a.obligation or a.practice or a.general or a.recommendation_word
            # "How many children live in Norway?": a figure about the Party that the findings do not give;
            # "how long is it kept there?" after Hungary's data retention: one they give.
            # "what happens if Monaco ignores it?": a detail the findings do not hold, asked of what they say of it.
            # ("Which fines were imposed on Monaco?": a sanction or a deadline would be a finding's; a budget of the
            # Party's own is not, unless asked of what the findings say of it.)
            if a.details and (asks_about_findings or a.levels or _POINTER.search(text) or set(a.details) - {"budget"}):
                return True
            if QUANTITY.search(text) and not asks_about_findings and not a.details:
                return bool(self.figures.matching(a)) or not self.figures.looked_for(a)
            spared = self._spared(a)
            topic = [t for t in a.topic if t not in spared and t not in a.detail_words and t not in HOW_WORDS]
            return asks_about_findings or not topic or self._said_of(a.parties, topic)
        # "How many recommendations ...?", or a bare "How many?" after one: a count of the findings.
        if a.count and a.recommendation_word:
            return True
        if QUANTITY.search(text):
            # "How many children contributed?": a sentence gives that figure; "How many children are there in Europe?": none.
            if self.figures.matching(a):
                return True
            if self.figures.looked_for(a):
                return False
        # "What does CSAM stand for?": an abbreviation the corpus uses.
        if acronym := ACRONYM_QUESTION.search(a.text):
            words_ = tokens(acronym.group("acronym"))
            if words_ and all(self.bm25.knows(w) for w in words_):
                return True
        top_dense = max((h.dense for h in hits), default=0.0)
        if top_dense >= self.sure_dense:
            return True
        # ("how many" says what kind of answer is wanted: it counts for nothing)
        spare = self._spared(a) | HOW_WORDS
        # (The everyday words spared stand for a term of the Convention: the term's own words count instead.)
        read = " ".join((a.normalised or a.text, *a.paraphrased))
        if self.vocabulary_share(read, spare) >= self.min_vocabulary and top_dense >= self.min_dense:
            return True
        # "What's that thing about Barnahus?": a subject all in the findings' words, one of them rare enough to name
        # something the findings speak of (the dense search knows too little of a name to be sure of it).
        subject = [t for t in a.topic if t not in spare]
        if subject and all(self.bm25.knows(t) for t in subject) and any(self._rare(t) for t in subject):
            return max((h.coverage for h in hits), default=0.0) >= 0.99
        # "who does it train?" after "What is the PROMISE Barnahus network?": a follow-up on the earlier subject, in
        # the corpus's words, that a passage holds (its few words alone are too short for the dense search).
        if a.follow_up and a.own is not None and set(a.topic) - set(a.own.topic):
            carried = [t for t in a.topic if t not in spare and t not in a.detail_words]
            best = max((self._held(carried, h.passage) for h in hits), default=0.0)
            own = [t for t in a.own.topic if t not in spare and t not in a.detail_words]
            return best >= 0.6 and self.known_share(own) >= 0.5
        return False

    def _said_of(self, parties: tuple[str, ...], topic: list[str]) -> bool:
        """Whether a passage that names one of `parties` holds the question's subject (half of its words that the
        corpus uses, by rarity): "Which countries did Romania run European projects with?" (its practice does),
        not "Why did Russia leave the Council of Europe?" or "Who is the prime minister of Italy?"."""
        known = [t for t in topic if self.bm25.knows(t)]
        if not known:
            return False
        return any(self._held(known, p) >= 0.5 for party in parties for p in self._naming.get(party, ()))

    @cached_property
    def _naming(self) -> dict[str, list[Passage]]:
        """The passages that name each Party: as an addressee, as a practice's country, or in their text."""
        found: dict[str, list[Passage]] = {}
        for passage in self.corpus.passages:
            named = set(passage.addressees) | set(passage.countries) | set(self.corpus.gazetteer.find(passage.text, adjectives=True))
            for party in named:
                found.setdefault(party, []).append(passage)
        return found

    def _held(self, topic: list[str], passage: Passage) -> float:
        """The rarity-weighted share of `topic` that `passage` holds."""
        if not topic:
            return 0.0
        have = set(tokens(passage.indexed_text()))
        weights = [(self.bm25.idf(t), t in have) for t in topic]
        total = sum(w for w, _ in weights)
        return sum(w for w, held in weights if held) / total if total else 0.0

    def _rare(self, token: str) -> bool:
        """A word that a handful of passages hold ("Barnahus", "Europol"): it names something."""
        found = self.bm25.postings(token)
        return found is not None and len(found) <= max(2, len(self.index.passages) // 20)

    def _spared(self, a: Analysis) -> set[str]:
        """The question's words that are not its subject: casual pointers ("the Europol bit") and the everyday
        words that a term of the Convention was read from ("back home": State of residence)."""
        return set(CASUAL_WORDS) | {stem(w) for w in paraphrased_words(fold(a.normalised or a.text))}

    def _about_findings(self, a: Analysis, spare: frozenset[str] = frozenset()) -> bool:
        """Whether the question's subject is the findings' in every word ("withdrawing their reservations"),
        however it is put to them: a subject the corpus does not hold ("a job", "cheap flights") is not."""
        topic = [t for t in a.topic if t not in self._spared(a) and t not in spare and t not in a.detail_words]
        return any(self.bm25.knows(t) for t in topic) and self.known_share(topic) >= 0.7

    def _subject_elsewhere(self, own: Analysis) -> bool:
        """A follow-up whose own subject words are mostly (by rarity) none of the corpus's."""
        if own.details:
            return False
        spared = self._spared(own)
        topic = [t for t in own.topic if t not in spared and t not in _POSITION]
        if not topic or not any(len(t) >= 5 for t in topic if not self.bm25.knows(t)):
            return False
        return self.known_share(topic) < 0.5

    def _other_body(self, a: Analysis) -> bool:
        """The question asks what a body the findings never name said, did or is ("What does GRECO do?")."""
        for m in (m for pattern in _BODY for m in pattern.finditer(a.text)):
            name = re.sub(r"^(?:the|The)\s+|['’]s$", "", m.group("name") or "").strip()
            if not name or re.search(r"\d", name) or self.corpus.gazetteer.find(name, adjectives=True) or _ANCHOR.search(fold(name)):
                continue
            if not self._says(name):
                return True
        return False

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
            # ("its second round" is the document's "second monitoring round")
            if not self._says(match.group(0)) and not self._says(f"{match.group(1)} monitoring round"):
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

