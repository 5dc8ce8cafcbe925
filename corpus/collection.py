"""The corpus: every factsheet in a folder, parsed, with the lookups the answer path needs.

    >>> corpus = Corpus.load()
    >>> corpus.recommendation("V-17").level.value
    'require'
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

from corpus.chunking import chunk
from corpus.parser import MalformedDocument, Problem, parse_file
from corpus.parties import Gazetteer
from corpus.records import ALL_PARTIES, Factsheet, Level, Passage, PromisingPractice, Recommendation, UrgencyDefinition

DEFAULT_DIR = Path(__file__).with_name("documents")
_ID = re.compile(r"^(?P<prefix>[A-Z]+)-(?P<number>\d+)$")


def document_paths(folder: str | Path) -> list[Path]:
    """The factsheets in `folder`: every Markdown file but its README."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {folder}")
    return sorted(p for p in folder.glob("*.md") if p.name.lower() != "readme.md")


def content_hash(folder: str | Path) -> str:
    """A hash of the documents' names and bytes: it changes exactly when the corpus does."""
    digest = hashlib.sha256()
    for path in document_paths(folder):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class Corpus:
    def __init__(self, factsheets: Iterable[Factsheet], folder: Path | None = None):
        self.factsheets: tuple[Factsheet, ...] = tuple(factsheets)
        self.folder = folder
        recs: dict[str, Recommendation] = {}
        problems = []
        for sheet in self.factsheets:
            for rec in sheet.recommendations:
                if rec.id in recs:
                    first = recs[rec.id]
                    problems.append(Problem(sheet.path, rec.line, f"recommendation {rec.id} is also in {first.document} (line {first.line})"))
                recs[rec.id] = rec
        if problems:
            raise MalformedDocument(problems)
        self._recommendations = recs

    @classmethod
    def load(cls, folder: str | Path = DEFAULT_DIR) -> Corpus:
        folder = Path(folder)
        paths = document_paths(folder)
        if not paths:
            raise FileNotFoundError(f"no factsheet (*.md) in corpus folder {folder}")
        gazetteer = Gazetteer.default()
        problems = []
        sheets = []
        for path in paths:
            try:
                sheets.append(parse_file(path, gazetteer))
            except MalformedDocument as error:
                problems.extend(error.problems)
        if problems:
            raise MalformedDocument(problems)
        return cls(sheets, folder)

    # Recommendations -------------------------------------------------------------------------

    @property
    def recommendations(self) -> list[Recommendation]:
        return list(self._recommendations.values())

    def recommendation(self, rec_id: str) -> Recommendation | None:
        return self._recommendations.get(rec_id)

    @cached_property
    def id_prefixes(self) -> list[str]:
        """The chapter prefixes of the recommendation ids ("V" for V-1 ... V-19)."""
        return list(dict.fromkeys(_ID.match(r.id)["prefix"] for r in self.recommendations if _ID.match(r.id)))

    def id_range(self) -> str:
        """How the answer names the ids that exist: "V-1 to V-19"."""
        parts = []
        for prefix in self.id_prefixes:
            numbers = sorted(int(_ID.match(r.id)["number"]) for r in self.recommendations if r.id.startswith(prefix + "-"))
            parts.append(f"{prefix}-{numbers[0]} to {prefix}-{numbers[-1]}" if len(numbers) > 1 else f"{prefix}-{numbers[0]}")
        return ", ".join(parts)

    def by_level(self, level: Level) -> list[Recommendation]:
        return [r for r in self.recommendations if r.level is level]

    def addressed_to(self, party: str) -> list[Recommendation]:
        """Recommendations that name `party` (canonical name) among their addressees."""
        return [r for r in self.recommendations if party in r.addressees]

    def to_all_parties(self) -> list[Recommendation]:
        return [r for r in self.recommendations if r.to_all_parties]

    # Everything else ---------------------------------------------------------------------------

    @cached_property
    def parties(self) -> list[str]:
        """Every State the corpus names as an addressee or in a promising practice."""
        names = [a for r in self.recommendations for a in r.addressees if a != ALL_PARTIES]
        names += [c for p in self.practices for c in p.countries]
        return list(dict.fromkeys(names))

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer.default().with_names(self.parties)

    @property
    def practices(self) -> list[PromisingPractice]:
        return [p for sheet in self.factsheets for p in sheet.practices]

    def practices_of(self, party: str) -> list[PromisingPractice]:
        return [p for p in self.practices if party in p.countries]

    @property
    def definitions(self) -> list[UrgencyDefinition]:
        return [d for sheet in self.factsheets for d in sheet.definitions]

    def section_articles(self, passage: Passage) -> tuple[str, ...]:
        """The Articles a passage has from its section's heading (and its chapter's)."""
        sheet = next(s for s in self.factsheets if s.document == passage.document)
        section = sheet.section(passage.section)
        parent = sheet.section(section.parent).articles if section.parent else ()
        return (*section.articles, *parent)

    def sections_for(self, articles: Iterable[str]) -> list:
        """The sections whose headings name one of `articles` (or an Article they cover)."""
        from corpus.articles import article_covers

        wanted = list(articles)
        return [s for sheet in self.factsheets for s in sheet.sections if any(article_covers(q, a) or article_covers(a, q) for q in wanted for a in s.articles)]

    @cached_property
    def known_articles(self) -> set[str]:
        """Every Article the corpus names anywhere: in a heading, a recommendation, a passage."""
        return {a for p in self.passages for a in p.articles} | {a for r in self.recommendations for a in r.articles}

    def section_label(self, document: str, section_id: str) -> str:
        for sheet in self.factsheets:
            if sheet.document == document:
                return sheet.section(section_id).label
        raise KeyError(document)

    @cached_property
    def passages(self) -> list[Passage]:
        return [p for sheet in self.factsheets for p in chunk(sheet)]

    @cached_property
    def passage_by_id(self) -> dict[str, Passage]:
        return {p.id: p for p in self.passages}
