"""Parse a Lanzarote Committee factsheet (Markdown converted from the PDF) into typed records.

The format, as the Committee's factsheets use it:
- chapters headed "I. Title (Article 38(1))", sub-sections headed "1. Title";
- under a "Recommendation(s) of the Lanzarote Committee" heading, sentences such as
  "The Committee **invites** all Parties:" introduce bullets; each bullet ends with a footnote
  marker `<sup>N</sup>` and footnote N reads "Recommendation V-k";
- "Example(s) of (a) promising practice(s)" headings introduce paragraphs naming States in bold;
- the introduction defines the urgency terms in bullets "**“Require”**: when ...".

Nothing about a particular factsheet is known here: run it on any document in this format.
A document that breaks the format (a marker without its footnote, a recommendation footnote
that nothing points to, a repeated id) raises `MalformedDocument` naming the file and line.

Usage:

    >>> from corpus.parser import parse_file
    >>> sheet = parse_file("corpus/documents/lanzarote-factsheet-international-cooperation.md")
    >>> sheet.recommendations[0].id
    'V-1'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from corpus.articles import find_articles
from corpus.blocks import Block, Kind, plain, read_blocks
from corpus.parties import Gazetteer
from corpus.records import (
    ALL_PARTIES,
    ContextParagraph,
    Factsheet,
    Footnote,
    Level,
    PromisingPractice,
    Recommendation,
    Section,
    UrgencyDefinition,
)

_TRAILING_ARTICLE = re.compile(r"\s*\((?:Articles?|Art\.)\s[^()]*(?:\([^()]*\)[^()]*)*\)\s*$", re.IGNORECASE)
# A quoted provision: a heading "Article 38 – General principles ...", then numbered paragraphs
# "1. The Parties shall ..." and lettered items "a. preventing ...".
_PROVISION = re.compile(r"^Article\s+(?P<number>\d{1,3})\s*[–—-]\s*\S")
_PROVISION_PARAGRAPH = re.compile(r"^(?P<number>\d{1,2})\.\s+\S")
_PROVISION_ITEM = re.compile(r"^(?P<letter>[a-z])\.\s+\S")
_CHAPTER = re.compile(r"^(?P<number>[IVXLC]+)\.\s+(?P<title>.+)$")
_SUBSECTION = re.compile(r"^(?P<number>\d{1,2})\.\s+(?P<title>.+)$")
_RECOMMENDATIONS = re.compile(r"^recommendations?\s+of\s+the\b", re.IGNORECASE)
_PRACTICES = re.compile(r"^examples?\s+of\b.*\bpractices?\b", re.IGNORECASE)
_CONTENTS = re.compile(r"^(?:table\s+of\s+)?contents$", re.IGNORECASE)
_INTRO = re.compile(
    r"^The\s+(?:Lanzarote\s+)?Committee\s+\*\*(?P<verb>requires|requests|invites)\*\*(?P<rest>[^:]*):\s*$",
    re.IGNORECASE,
)
_REC_FOOTNOTE = re.compile(r"^Recommendations?\s+(?P<id>[A-Z]{1,6}\s*[-–]\s*\d{1,3})\s*\.?\s*$")
_DEFINITION = re.compile(r"^\*\*[“\"]?(?P<term>[A-Za-z]+)[”\"]?\*\*\s*:\s*(?P<text>.+)$")
_MARKER = re.compile(r"<sup>(\d+)</sup>")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_URL = re.compile(r"https?://[^\s>)\]]+")
_ALL_PARTIES = re.compile(r"\ball\s+(?:the\s+)?(?:States\s+)?Parties\b", re.IGNORECASE)
_ADDRESSEES = re.compile(r"^(?P<names>.+?)\s+to\s+(?=[a-z])")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class MalformedDocument(ValueError):
    """A factsheet that breaks the format; lists every problem with its file and line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class _Pending:
    """A recommendation bullet waiting for its footnote to say which recommendation it is."""

    block: Block
    level: Level
    addressees: tuple[str, ...]
    section: Section


@dataclass
class _State:
    path: str
    document: str
    gazetteer: Gazetteer
    title: str = ""
    mode: str = "preamble"  # preamble, contents, context, recommendations, practices
    chapter: Section | None = None
    section: Section | None = None
    level: Level | None = None
    intro_addressees: tuple[str, ...] | None = None
    sections: list[Section] = field(default_factory=list)
    pending: list[_Pending] = field(default_factory=list)
    practices: list[PromisingPractice] = field(default_factory=list)
    paragraphs: list[ContextParagraph] = field(default_factory=list)
    definitions: list[UrgencyDefinition] = field(default_factory=list)
    marker_sections: dict[int, Section] = field(default_factory=dict)
    provision: str | None = None  # the Article whose text is being quoted, if any
    provision_paragraph: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))


def parse_file(path: str | Path, gazetteer: Gazetteer | None = None) -> Factsheet:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise MalformedDocument([Problem(str(path), 1, f"not UTF-8 text ({error.reason})")]) from None
    return parse_text(text, path=str(path), document=path.stem, gazetteer=gazetteer)


def parse_text(text: str, *, path: str = "<text>", document: str = "document", gazetteer: Gazetteer | None = None) -> Factsheet:
    state = _State(path=path, document=document, gazetteer=gazetteer or Gazetteer.default())
    blocks = read_blocks(text.splitlines())
    footnotes = _footnotes(blocks, state)
    for block in blocks:
        if block.kind is Kind.HEADING:
            _heading(block, state)
        elif block.kind in (Kind.PARAGRAPH, Kind.BULLET):
            _content(block, state)
    recommendations = _resolve(blocks, footnotes, state)
    if not recommendations and not state.problems:
        state.problem(1, "no recommendation found: expected bullets under 'The Committee **invites** ...:'")
    if state.problems:
        raise MalformedDocument(state.problems)
    return Factsheet(
        document=document,
        title=state.title or document,
        path=path,
        sections=tuple(state.sections),
        recommendations=tuple(recommendations),
        practices=tuple(state.practices),
        paragraphs=tuple(state.paragraphs),
        definitions=tuple(state.definitions),
        footnotes=tuple(
            note.model_copy(update={"section": state.marker_sections[n].id}) if n in state.marker_sections else note
            for n, note in footnotes.items()
        ),
    )


def _footnotes(blocks: list[Block], state: _State) -> dict[int, Footnote]:
    notes: dict[int, Footnote] = {}
    for block in blocks:
        if block.kind is not Kind.FOOTNOTE:
            continue
        number_text, _, body = block.text.partition("\t")
        number = int(number_text)
        if number in notes:
            state.problem(block.line, f"footnote {number} is defined twice (first at line {notes[number].line})")
            continue
        notes[number] = Footnote(number=number, text=plain(body), urls=tuple(_URL.findall(body)), line=block.line)
    return notes


def _heading(block: Block, state: _State) -> None:
    text = plain(block.text)
    state.provision = state.provision_paragraph = None
    if _CONTENTS.match(text):
        state.mode = "contents"
        return
    if m := _CHAPTER.match(text):
        section = Section(id=m["number"], number=m["number"], title=_title(m["title"]), articles=tuple(find_articles(m["title"])), line=block.line)
        state.chapter = state.section = section
        state.sections.append(section)
        state.mode = "context"
        return
    if state.mode == "preamble":
        state.title = state.title or text
        return
    if (m := _SUBSECTION.match(text)) and state.chapter is not None:
        number = f"{state.chapter.number}.{m['number']}"
        section = Section(
            id=number, number=number, title=_title(m["title"]), articles=tuple(find_articles(m["title"])),
            parent=state.chapter.id, line=block.line,
        )
        state.section = section
        state.sections.append(section)
        state.mode = "context"
    elif _RECOMMENDATIONS.match(text):
        state.mode = "recommendations"
        state.level = state.intro_addressees = None
    elif _PRACTICES.match(text):
        state.mode = "practices"
    elif state.section is not None:
        # Any other heading (a quoted provision, say) opens context that keeps its title.
        state.mode = "context"
        _context(block, state, text)
        if m := _PROVISION.match(text):
            state.provision = m["number"]


def _title(heading: str) -> str:
    """The heading without the "(Article 38(2))" it ends with: Articles are a field of their own."""
    return _TRAILING_ARTICLE.sub("", heading).strip() or heading.strip()


def _content(block: Block, state: _State) -> None:
    if state.mode in ("preamble", "contents") or state.section is None:
        return
    for number, _ in block.markers:
        state.marker_sections.setdefault(number, state.section)
    if state.mode == "recommendations":
        if m := _INTRO.match(block.text):
            state.level = Level(m["verb"].lower()[:-1])
            rest = plain(m["rest"])
            state.intro_addressees = (ALL_PARTIES,) if _ALL_PARTIES.search(rest) else (tuple(state.gazetteer.split_list(rest)) if rest else None)
            return
        if block.kind is Kind.BULLET and state.level is not None:
            _recommendation_bullet(block, state)
            return
        state.mode = "context"
    if state.mode == "practices":
        if _BOLD.search(block.text):
            _practice(block, state)
            return
        state.mode = "context"
    if block.kind is Kind.BULLET and (m := _DEFINITION.match(block.text)):
        try:
            level = Level(m["term"].lower())
        except ValueError:
            level = None
        if level is not None:
            state.definitions.append(
                UrgencyDefinition(level=level, term=m["term"], text=plain(m["text"]), line=block.line, document=state.document)
            )
            return
    _context(block, state, plain(block.text) if block.kind is Kind.PARAGRAPH else f"- {plain(block.text)}")


def _context(block: Block, state: _State, text: str) -> None:
    assert state.section is not None
    articles = find_articles(text)
    body = plain(block.text)
    provision = None
    if state.provision is not None:
        if (m := _PROVISION_PARAGRAPH.match(body)) and block.kind is Kind.PARAGRAPH:
            state.provision_paragraph = provision = f"{state.provision}({m['number']})"
            articles = [provision, *articles]
        elif (m := _PROVISION_ITEM.match(body)) and state.provision_paragraph:
            provision = state.provision_paragraph
            articles = [f"{provision}({m['letter']})", *articles]
    state.paragraphs.append(
        ContextParagraph(
            id=f"{state.document}:{block.line}", section=state.section.id, text=text, line=block.line, document=state.document,
            articles=tuple(dict.fromkeys(articles)), provision=provision,
        )
    )


def _practice(block: Block, state: _State) -> None:
    assert state.section is not None
    countries: list[str] = []
    for span in _BOLD.findall(block.text):
        for name in state.gazetteer.split_list(plain(span)):
            canonical = state.gazetteer.canonical(name) or name
            if canonical[:1].isupper() and canonical not in countries:
                countries.append(canonical)
    number = sum(1 for p in state.practices if p.section == state.section.id) + 1
    state.practices.append(
        PromisingPractice(
            id=f"practice {state.section.id}-{number}", section=state.section.id, countries=tuple(countries),
            text=plain(block.text), line=block.line, document=state.document,
        )
    )


def _recommendation_bullet(block: Block, state: _State) -> None:
    assert state.section is not None and state.level is not None
    if not block.markers:
        state.problem(block.line, "recommendation bullet has no footnote marker <sup>N</sup> naming its number")
        return
    if state.intro_addressees is not None:
        addressees = state.intro_addressees
    else:
        m = _ADDRESSEES.match(plain(block.text))
        if m is None:
            state.problem(block.line, "recommendation bullet names no addressees ('<Parties> to ...') and its introduction does not say 'all Parties'")
            return
        addressees = tuple(state.gazetteer.split_list(m["names"]))
    state.pending.append(_Pending(block=block, level=state.level, addressees=addressees, section=state.section))


def _resolve(blocks: list[Block], footnotes: dict[int, Footnote], state: _State) -> list[Recommendation]:
    """Match recommendation bullets with their footnotes and check every marker and footnote."""
    markers: dict[int, int] = {}
    for block in blocks:
        for number, line in block.markers:
            markers.setdefault(number, line)
            if number not in footnotes:
                state.problem(line, f"footnote marker <sup>{number}</sup> has no footnote {number}")
    for number, note in footnotes.items():
        if _REC_FOOTNOTE.match(note.text) and number not in markers:
            state.problem(note.line, f"footnote {number} ('{note.text}') is not referenced by any recommendation bullet")

    sections = {s.id: s for s in state.sections}
    recommendations: list[Recommendation] = []
    seen: dict[str, int] = {}
    pending_numbers = set()
    for item in state.pending:
        number = item.block.markers[-1][0]
        pending_numbers.add(number)
        note = footnotes.get(number)
        if note is None:
            continue  # already reported as a marker without footnote
        m = _REC_FOOTNOTE.match(note.text)
        if m is None:
            state.problem(item.block.line, f"footnote {number} of this recommendation bullet does not say 'Recommendation <id>': '{note.text}'")
            continue
        rec_id = re.sub(r"\s*[-–]\s*", "-", m["id"])
        if rec_id in seen:
            state.problem(note.line, f"recommendation {rec_id} appears twice (bullets at lines {seen[rec_id]} and {item.block.line})")
            continue
        seen[rec_id] = item.block.line
        text = plain(_MARKER.sub("", item.block.text))
        chapter_articles = sections[item.section.parent].articles if item.section.parent else ()
        articles = tuple(dict.fromkeys([*item.section.articles, *chapter_articles, *find_articles(text)]))
        recommendations.append(
            Recommendation(
                id=rec_id, level=item.level, addressees=item.addressees, articles=articles, section=item.section.id,
                text=text, footnote=number, line=item.block.line, document=state.document,
            )
        )
    for number, note in footnotes.items():
        if _REC_FOOTNOTE.match(note.text) and number in markers and number not in pending_numbers:
            state.problem(markers[number], f"footnote {number} ('{note.text}') is attached to text that is not a recommendation bullet")
    return recommendations

