"""The check that every citation a language model writes is one the source supports.

The model answers in sentences that end with record ids (`[V-17]`, `[P2]`). Each sentence is
checked on its own, and each id it cites against that sentence:

A citation is removed when
- the id is not among the records the model was given (an invented `[V-42]`, or a real
  recommendation that retrieval did not give it);
- the sentence names a Party (by any of its names, or its adjective) and the record names none of
  the Parties the sentence names (`[V-3]`, addressed to all Parties, for a sentence about Norway);
- the sentence says "all Parties" and the record is a recommendation to named Parties only;
- the sentence uses the Committee's wording (requires / requests / invites) and the record is a
  recommendation at another level;
- the sentence names a Convention Article and the record is a recommendation that neither
  implements that Article nor mentions it;
- too few of the sentence's content words are in the record: at least `min_overlap` of them
  (stemmed, without stop words, without the words every record shares such as "Committee",
  "Parties", "recommendation") must occur in the record's text or header, and so must at least
  `min_overlap` of the words it adds to the question (echoing the question is no answer: "The
  urgency level of the recommendation on X is urgent" adds only "urgent"). A sentence with no
  words beyond the question's is supported only when the record names the Party or Article it
  names, or is at the level it states ("V-4 is an invitation"); naming the id alone supports nothing.

A sentence the model wrote without any id is checked against each record it was given by the same
rules, and cites the one that supports it best (a note says so); small models often copy a record
and forget its id. A sentence is removed when, after that, it has no citation left (unless it says
nothing that could need one: no content words, Party, Article, number or id), or when its surviving citations
do not together name every Party and Article the sentence names, contain every number it states,
and contain, word for word, every quotation of four words or more it makes; or when it names a
recommendation id that is not among the records. The ids left are rewritten as the answer's
`[n]` markers with `Citation` records, as the extractive composer writes them, so the same
`Verifier` checks the result once more. Every removal is recorded in `notes`.

    >>> check = CitationCheck(corpus)
    >>> grounded = check.run("Norway must extend co-operation [V-3].", prompt_records)
    >>> grounded.statements, grounded.notes
    (0, ['removed citation [V-3] from a sentence: V-3 does not name Norway', ...])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.analysis import GENERIC_WORDS
from assistant.composer import Draft
from assistant.prompting import PromptRecord
from corpus.articles import article_covers, find_articles
from corpus.collection import Corpus
from corpus.records import ALL_PARTIES, Level, Passage
from index.text import tokens

_LEVEL_WORDS = {
    Level.REQUIRE: re.compile(r"\brequir(?:e|es|ed|ing|ements?)\b", re.IGNORECASE),
    Level.REQUEST: re.compile(r"\brequest(?:s|ed|ing)?\b", re.IGNORECASE),
    Level.INVITE: re.compile(r"\binvit(?:e|es|ed|ing|ations?)\b", re.IGNORECASE),
}
_LEVEL_TOKENS = frozenset(tokens("require requires required requirement requirements request requests requested invite invites invited invitation"))
_ALL_PARTIES = re.compile(r"\ball (?:the )?(?:other )?(?:States? )?Parties\b|\bevery Party\b|\beach Party\b", re.IGNORECASE)
_ITEM = r"[A-Za-z]{1,12}\s?[-–]?\s?\d{1,3}|\d{1,3}"
_CITATION = re.compile(rf"\[\s*(?:(?:Rec(?:ommendation)?\.?|Record)\s*)?(?P<items>(?:{_ITEM})(?:\s*[,;]\s*(?:{_ITEM}))*)\s*\]")
_ITEM_RE = re.compile(_ITEM)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[“\"(‘*])")
_LIST_HEAD = re.compile(r"^(\s*(?:[-*•]|\d{1,2}[.)])\s+|\s*#{1,6}\s+)")
_NUMBER = re.compile(r"(?<![\w(])\d+(?:[.,]\d+)?(?![\w)])")
_QUOTED = re.compile(r"[“\"]([^”\"]+)[”\"]")
_ONE_ARTICLE = r"\d{1,3}(?:\s*\(\s*\d{1,2}\s*\))?(?:\s*\(\s*[a-z]\s*\)|,\s?[a-z]\b)?"
_ARTICLE_SPAN = re.compile(
    rf"\b(?:Articles?|Arts?\.?)\s*{_ONE_ARTICLE}(?:\s*(?:,|and|or|&)\s*{_ONE_ARTICLE})*|\b\d{{1,3}}\s*\(\s*\d{{1,2}}\s*\)(?:\s*\(\s*[a-z]\s*\))?",
    re.IGNORECASE,
)
_FINISHED = re.compile(r"(?:[.!?:;)”\"’]|\])\s*$")
_LEADING_CITATIONS = re.compile(rf"^(?:\s*{_CITATION.pattern})+")


@dataclass
class GeneratedDraft(Draft):
    """A draft written by a language model: `notes` say what the citation check removed or why it fell back."""

    notes: list[str] = field(default_factory=list)


@dataclass
class Grounded:
    draft: GeneratedDraft
    statements: int  # sentences kept with at least one citation
    notes: list[str]

    @property
    def supported(self) -> bool:
        return self.statements > 0


class CitationCheck:
    def __init__(self, corpus: Corpus, min_overlap: float = 0.5):
        self.corpus = corpus
        self.min_overlap = min_overlap
        prefixes = "|".join(map(re.escape, corpus.id_prefixes)) or r"(?!)"  # no recommendations: only chapter numerals
        self._id = re.compile(rf"\b(?:{prefixes}|[IVXLC]{{1,7}})\s?[-–]\s?\d{{1,3}}\b")
        self._party_tokens = frozenset(t for name in corpus.gazetteer.names for t in tokens(name)) | frozenset(
            tokens(" ".join(corpus.gazetteer.spelling_words))
        )
        self._generic = frozenset(GENERIC_WORDS) | _LEVEL_TOKENS | self._party_tokens
        self._record_tokens: dict[str, frozenset[str]] = {}

    def run(self, text: str, records: Sequence[PromptRecord], question: str = "") -> Grounded:
        """Check `text` against `records`; `question`'s own words are not taken as support for a sentence."""
        by_id = {r.id: r for r in records}
        asked = frozenset(tokens(question))
        draft = GeneratedDraft()
        notes: list[str] = []
        statements = 0
        lines_out: list[str] = []
        lines = text.replace("\r", "").replace("**", "").rstrip().split("\n")
        for number, line in enumerate(lines):
            head_match = _LIST_HEAD.match(line)
            head = head_match.group(1) if head_match else ""
            body = line[len(head):].strip()
            if not body:
                if lines_out and lines_out[-1] != "":
                    lines_out.append("")
                continue
            kept: list[str] = []
            sentences = _split(body)
            if number == len(lines) - 1 and not _FINISHED.search(sentences[-1]):
                # The model ran out of tokens mid-sentence: what it cut off is not a statement.
                notes.append(f"removed an unfinished sentence: {_short(sentences[-1])}")
                sentences = sentences[:-1]
            for sentence in sentences:
                rewritten, cited = self._sentence(sentence, by_id, asked, draft, notes)
                if rewritten:
                    kept.append(rewritten)
                    statements += bool(cited)
            if kept:
                lines_out.append(head + " ".join(kept))
        body_text = "\n".join(lines_out).strip()
        draft.blocks = [body_text] if body_text else []
        draft.notes = notes
        return Grounded(draft, statements, notes)

    # One sentence ------------------------------------------------------------------------------

    def _sentence(self, sentence: str, by_id: dict[str, PromptRecord], asked: frozenset[str], draft: Draft, notes: list[str]) -> tuple[str, int]:
        """The sentence rewritten with [n] markers (or "" if removed), and how many citations it keeps."""
        short = _short(sentence)
        cited: list[str] = []
        for match in _CITATION.finditer(sentence):
            for item in _ITEM_RE.findall(match.group("items")):
                cited.append(self._normal_id(item))
        plain = _CITATION.sub(" ", sentence)
        for mention in self._id.findall(plain):
            rec_id = self._normal_id(mention)
            if rec_id not in by_id:
                notes.append(f"removed a sentence naming {rec_id}, {self._why_unknown(rec_id)}: {short}")
                return "", 0
            cited.append(rec_id)
        cited = list(dict.fromkeys(cited))

        claims = self._claims(plain, asked)
        kept: list[PromptRecord] = []
        for rec_id in cited:
            record = by_id.get(rec_id)
            if record is None:
                notes.append(f"removed citation [{rec_id}]: {self._why_unknown(rec_id)}")
                continue
            problem = self._unsupported(claims, record)
            if problem:
                notes.append(f"removed citation [{rec_id}] from a sentence: {problem}: {short}")
                continue
            kept.append(record)

        if not cited and claims.says_something:
            best = self._attribute(claims, by_id)
            if best is not None:
                notes.append(f"cited [{best.id}] for a sentence the model left without an id (the record supports it): {short}")
                kept = [best]

        if not kept:
            if claims.says_something:
                if cited:
                    notes.append(f"removed a sentence left without a supported citation: {short}")
                else:
                    notes.append(f"removed a sentence without a citation: {short}")
                return "", 0
            return _tidy(plain), 0  # framing ("In short:"), nothing that needs a source

        problem = self._sentence_unsupported(claims, kept)
        if problem:
            notes.append(f"removed a sentence: {problem}: {short}")
            return "", 0
        markers = "".join(f"[{draft.cite(r.passage, self.corpus.section_label(r.passage.document, r.passage.section))}]" for r in kept)
        return f"{_tidy(plain)} {markers}", len(kept)

    @dataclass(frozen=True)
    class _Claims:
        parties: tuple[str, ...]
        articles: tuple[str, ...]
        levels: tuple[Level, ...]
        all_parties: bool
        numbers: tuple[str, ...]
        quotes: tuple[str, ...]
        content: frozenset[str]
        added: frozenset[str]  # the content words that are not the question's own
        names_ids: tuple[str, ...]

        @property
        def says_something(self) -> bool:
            return bool(self.parties or self.articles or self.numbers or self.content or self.names_ids or self.quotes)

    def _claims(self, plain: str, asked: frozenset[str] = frozenset()) -> CitationCheck._Claims:
        articles = find_articles(plain)
        ids = tuple(self._normal_id(m) for m in self._id.findall(plain))
        # Numbers and content words are read after ids and Article references are taken out.
        rest = self._id.sub(" ", plain)
        rest = _ARTICLE_SPAN.sub(" ", rest)
        for article in articles:
            rest = rest.replace(article, " ")
        content = frozenset(t for t in tokens(rest) if t not in self._generic and not t.isdigit())
        return CitationCheck._Claims(
            parties=tuple(self.corpus.gazetteer.find(plain, adjectives=True)),
            articles=tuple(articles),
            levels=tuple(level for level, pattern in _LEVEL_WORDS.items() if pattern.search(plain)),
            all_parties=bool(_ALL_PARTIES.search(plain)),
            numbers=tuple(_NUMBER.findall(rest)),
            quotes=tuple(q for q in _QUOTED.findall(plain) if len(q.split()) >= 4),
            content=content,
            added=content - asked,
            names_ids=ids,
        )

    def _unsupported(self, c: CitationCheck._Claims, record: PromptRecord) -> str | None:
        p = record.passage
        named = self._named(p)
        if c.parties and not set(c.parties) & named:
            return f"{record.id} does not name {_names(c.parties)}"
        is_rec = p.recommendation is not None
        if is_rec and c.all_parties and p.addressees != (ALL_PARTIES,):
            return f"{record.id} is not addressed to all Parties"
        if is_rec and c.levels and p.level not in c.levels:
            return f"the Committee {p.level.verb} in {record.id}, not {'/'.join(level.verb for level in c.levels)}"
        if is_rec and c.articles and not any(self._covers(a, p) for a in c.articles):
            return f"{record.id} does not concern Article {', '.join(c.articles)}"
        have = self._tokens(p)
        if c.content:
            share = len(c.content & have) / len(c.content)
            if share < self.min_overlap:
                return f"{record.id} does not say this ({share:.0%} of the sentence's words are in it)"
        if c.added:
            # What the sentence adds to the question is its answer: that must be in the record too.
            share = len(c.added & have) / len(c.added)
            if share < self.min_overlap:
                return f"{record.id} does not say what the sentence adds to the question ({share:.0%} of those words are in it)"
            return None
        # No words of its own: it must still claim something checkable of the record (its id alone is not enough).
        if (c.parties and set(c.parties) & named) or (c.articles and any(self._covers(a, p) for a in c.articles)):
            return None
        if is_rec and c.levels and p.level in c.levels:
            return None
        if c.content:
            return f"the sentence only repeats the question (nothing in it that {record.id} can be checked against)"
        return f"the sentence says nothing that {record.id} can be checked against"

    def _attribute(self, c: CitationCheck._Claims, by_id: dict[str, PromptRecord]) -> PromptRecord | None:
        """The record that best supports a sentence written without an id, by the same rules, if any does."""
        supporting = [r for r in by_id.values() if self._unsupported(c, r) is None and self._sentence_unsupported(c, [r]) is None]
        if not supporting:
            return None
        return max(supporting, key=lambda r: len((c.added or c.content) & self._tokens(r.passage)))

    def _sentence_unsupported(self, c: CitationCheck._Claims, kept: list[PromptRecord]) -> str | None:
        named = set().union(*(self._named(r.passage) for r in kept))
        missing = [party for party in c.parties if party not in named]
        if missing:
            return f"no record it cites names {_names(missing)}"
        uncovered = [a for a in c.articles if not any(self._covers(a, r.passage) for r in kept)]
        if uncovered:
            return f"no record it cites concerns Article {', '.join(uncovered)}"
        texts = self._id.sub(" ", " ".join(r.passage.indexed_text() for r in kept))  # "V-1" holds no number 1
        numbers = set(_NUMBER.findall(texts))
        absent = [n for n in c.numbers if n not in numbers]
        if absent:
            return f"the number {', '.join(absent)} is not in the records it cites"
        for quote in c.quotes:
            if not any(_norm(quote) in _norm(r.passage.text) for r in kept):
                return "a quotation in it is not the wording of the records it cites"
        return None

    # Helpers -----------------------------------------------------------------------------------

    def _named(self, p: Passage) -> set[str]:
        names = {a for a in p.addressees if a != ALL_PARTIES} | set(p.countries)
        return names | set(self.corpus.gazetteer.find(p.text, adjectives=True))

    @staticmethod
    def _covers(article: str, p: Passage) -> bool:
        return any(article_covers(article, a) or article_covers(a, article) for a in p.articles) or article in find_articles(p.text)

    def _tokens(self, p: Passage) -> frozenset[str]:
        cached = self._record_tokens.get(p.id)
        if cached is None:
            text = p.indexed_text()
            if p.recommendation and (rec := self.corpus.recommendation(p.recommendation)):
                text += " " + rec.statement
            cached = self._record_tokens[p.id] = frozenset(tokens(text))
        return cached

    def _normal_id(self, raw: str) -> str:
        compact = re.sub(r"\s", "", raw).replace("–", "-")
        m = re.fullmatch(r"([A-Za-z]+)-?(\d+)", compact)
        if not m:
            return compact
        prefix, number = m.group(1), m.group(2)
        if prefix.upper() == "P":
            return f"P{number}"
        return f"{prefix.upper()}-{number}"

    def _why_unknown(self, rec_id: str) -> str:
        if self.corpus.recommendation(rec_id) is None and not re.fullmatch(r"P\d+", rec_id):
            return "no such recommendation exists"
        return "it is not among the records the model was given"


def _split(text: str) -> list[str]:
    """Sentences, with citations written just after a full stop ("... residence. [V-17]") kept with theirs."""
    pieces = [p for p in _SENTENCE_END.split(text) if p.strip()]
    out: list[str] = []
    for piece in pieces:
        lead = _LEADING_CITATIONS.match(piece)
        if lead and out:
            out[-1] = out[-1] + " " + lead.group(0).strip()
            piece = piece[lead.end():].lstrip(" .;,")
        if piece.strip():
            out.append(piece.strip())
    return out


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([.,;:!?)])", r"\1", text)
    text = re.sub(r"\(\s*\)", "", text)
    return text.strip()


def _short(sentence: str) -> str:
    sentence = " ".join(sentence.split())
    return repr(sentence if len(sentence) <= 90 else sentence[:87] + "...")


def _names(names: Sequence[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()
