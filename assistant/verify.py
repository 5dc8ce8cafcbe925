"""Verification: the last step before an answer leaves the assistant.

A wrong citation is worse than no answer, so every citation is checked against the corpus, not
trusted because the composer made it:
- the passage exists, and the quote is exactly its text;
- a cited recommendation exists in the cited document (ids repeat across documents: the pair
  (document, id) is checked), and the level, Articles, addressees and section given for it are
  the record's own; the document title given is the manifest's;
- each line that carries a marker [n] says what citation n supports: a recommendation line names
  that recommendation and contains its text; a quotation is a verbatim part of the passage;
- every marker points at a citation, every citation is used, and every recommendation id the
  text names is cited (or is one the person asked about that does not exist).
A line or citation that fails is removed, and the answer says so in its notes; an answer left
with nothing verified says that it found nothing it could verify.

    >>> verifier = Verifier(corpus)
    >>> answer = verifier.run(question, draft)
"""

from __future__ import annotations

import re

from assistant.composer import Draft
from assistant.phrases import phrases_for
from assistant.records import Answer, Citation, Outcome
from corpus.collection import Corpus

_MARKER = re.compile(r"\[(\d+)\]")
# A quotation marked “...” (English framing) or « ... » (French framing) right before its marker.
_QUOTE = re.compile(r"(?:“(.+?)”|« ([^«]+?) »)\s*\[(\d+)\]")
_ANY_ID = re.compile(r"\b([A-Z]{1,7})-\d{1,3}\b")
_ROMAN = re.compile(r"[IVXLC]{1,7}")
# The end of a list line's head, "(...; section VII): " or "(... ; section VII) : ", where the statement starts.
_HEAD_END = re.compile(r"\)\s?: ")


class Verifier:
    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        # An id is <a prefix of the corpus's ids, or a Roman numeral>-<number>. One generic pattern and
        # a set lookup rather than an alternation of every prefix: a corpus can have hundreds.
        self._prefixes = set(corpus.id_prefixes) or {"V"}

    def run(self, question: str, draft: Draft) -> Answer:
        notes: list[str] = []
        good: dict[int, Citation] = {}
        for citation in draft.citations:
            problem = self._check_citation(citation)
            if problem:
                notes.append(f"removed citation [{citation.marker}]: {problem}")
            else:
                good[citation.marker] = citation
        kept_lines: list[str] = []
        used: list[int] = []
        cited = {c.recommendation for c in good.values() if c.recommendation}
        for line in draft.text.split("\n"):
            problem = self._check_line(line, good, draft, cited)
            if problem:
                notes.append(f"removed a statement: {problem}")
                continue
            kept_lines.append(line)
            used.extend(int(m) for m in _MARKER.findall(line) if int(m) in good)
        used_markers = list(dict.fromkeys(used))
        for marker in good:
            if marker not in used_markers:
                notes.append(f"dropped citation [{marker}]: no statement uses it")
        # Renumber the markers that survive, in order of first use.
        renumber = {old: new for new, old in enumerate(used_markers, start=1)}
        text = _MARKER.sub(lambda m: f"[{renumber[int(m.group(1))]}]" if int(m.group(1)) in renumber else "", "\n".join(kept_lines))
        text = re.sub(r"\n{3,}", "\n\n", text).strip()
        citations = tuple(
            good[old].model_copy(update={"marker": new, "document_title": self.corpus.title(good[old].source)}) for old, new in renumber.items()
        )
        outcome = draft.outcome
        if notes and not citations and outcome is Outcome.ANSWERED:
            outcome = Outcome.NOT_FOUND
            text = phrases_for(draft.language).unverifiable()
        return Answer(question=question, text=text, citations=citations, outcome=outcome, notes=tuple(notes))

    def _check_citation(self, citation: Citation) -> str | None:
        passage = self.corpus.passage_by_id.get(citation.passage_id)
        if passage is None:
            return f"passage {citation.passage_id} is not in the corpus"
        if citation.quote != passage.text:
            return f"the quote is not the text of {citation.passage_id}"
        if citation.section_id != passage.section or citation.source != passage.document:
            return f"wrong section or document for {citation.passage_id}"
        if citation.document_title and citation.document_title != self.corpus.title(citation.source):
            return f"the title given for {citation.source} is not its manifest's"
        if citation.recommendation is not None:
            rec = self.corpus.recommendation(citation.recommendation, citation.source)
            if rec is None:
                return f"recommendation {citation.recommendation} does not exist in {citation.source}"
            if passage.recommendation != rec.id:
                return f"{citation.passage_id} is not the text of {rec.id}"
            if (citation.level, tuple(citation.articles), tuple(citation.addressees), citation.section_id) != (
                rec.level, rec.articles, rec.addressees, rec.section
            ):
                return f"level, Articles, addressees or section given for {rec.id} are not the record's"
        return None

    def _ids(self, line: str) -> list[str]:
        return [m.group(0) for m in _ANY_ID.finditer(line) if m.group(1) in self._prefixes or _ROMAN.fullmatch(m.group(1))]

    def _check_line(self, line: str, good: dict[int, Citation], draft: Draft, cited: set[str] | None = None) -> str | None:
        markers = [int(m) for m in _MARKER.findall(line)]
        if any(m not in good for m in markers):
            return f"it rests on an unverified citation: {line[:80]!r}"
        cited_ids = {good[m].recommendation for m in markers if good[m].recommendation}
        for rec_id in self._ids(line):
            if rec_id in cited_ids or rec_id in draft.uncited_mentions:
                continue
            if self.corpus.recommendation(rec_id) is None:
                return f"it names {rec_id}, which does not exist: {line[:80]!r}"
            if rec_id not in (cited if cited is not None else {c.recommendation for c in good.values()}):
                return f"it names {rec_id} without citing it: {line[:80]!r}"
        for english, french, marker in _QUOTE.findall(line):
            citation = good[int(marker)]
            # A recommendation's words are its record's statement ("The Committee requires ..."), which
            # the passage holds without its opening words.
            rec = self.corpus.recommendation(citation.recommendation, citation.source) if citation.recommendation else None
            sources = [_norm(citation.quote)] + ([_norm(rec.statement)] if rec else [])
            # " … " marks a cut, a final " …" a shortened text: each excerpt must stand in the source as quoted.
            excerpts = [e.removesuffix(" …") for e in (english or french).split(" … ")]
            if any(not any(_norm(excerpt) in source for source in sources) for excerpt in excerpts):
                return f"the quotation is not in the cited passage [{marker}]"
        if markers and line.lstrip().startswith("- **") and len(markers) == 1:
            citation = good[markers[0]]
            if citation.recommendation is not None:
                say = phrases_for(draft.language)
                rec = self.corpus.recommendation(citation.recommendation, citation.source)
                head = f"**{rec.id}**"
                body = line.rstrip()[: -len(f"[{markers[0]}]")].rstrip()
                statement = _HEAD_END.split(body, 1)[-1].strip().strip("«»“” ").removesuffix(" …").strip()
                if head not in line or " ".join(statement.split()) not in rec.statement:
                    return f"the statement given for {rec.id} is not its text"
                if f"*{say.level_verb(rec.level)}*" not in line or any(say.article(art) not in line for art in rec.articles):
                    return f"the level or Articles given for {rec.id} are not the record's"
                if len(self.corpus.factsheets) > 1 and f"*{self.corpus.title(rec.document)}*" not in line:
                    return f"the line does not name the document of {rec.id} ({self.corpus.title(rec.document)})"
        return None


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
