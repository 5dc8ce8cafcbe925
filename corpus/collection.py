"""The corpus: every factsheet in a folder, parsed, with its manifest entry and the lookups the
answer path needs.

Recommendation ids repeat across documents (each monitoring round numbers its chapters afresh),
so a recommendation is identified by its document and its id: `recommendation("V-17", document)`.
Without a document, `recommendations_with_id("V-17")` gives every document's V-17.

Every lookup table is built once, when the corpus is made; nothing here walks the whole corpus
per question. `subset(documents)` is a view on some documents that shares the parsed records
and the chunks.

    >>> corpus = Corpus.load()
    >>> corpus.recommendation("V-17").level.value
    'require'
    >>> corpus.title("lanzarote-factsheet-international-cooperation")
    'Factsheet – International co-operation'
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Set as AbstractSet
from functools import cached_property
from pathlib import Path

from corpus.cache import ParseCache, Parsed
from corpus.chunking import chunk, section_articles
from corpus.parser import MalformedDocument, parse_file
from corpus.parties import Gazetteer
from index.text import words
from corpus.records import (
    ALL_PARTIES, DocumentInfo, Factsheet, Level, Passage, PromisingPractice, Recommendation, Section, UrgencyDefinition,
)

DEFAULT_DIR = Path(__file__).with_name("documents")
_ID = re.compile(r"^(?P<prefix>[A-Z]+)-(?P<number>\d+)$")


def document_paths(folder: str | Path) -> list[Path]:
    """The factsheets in `folder`: every Markdown file but its README."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {folder}")
    return sorted(p for p in folder.glob("*.md") if p.name.lower() != "readme.md")


def document_hash(path: Path) -> str:
    """A hash of one document's name and bytes: it changes exactly when the document does."""
    return hashlib.sha256(path.name.encode() + b"\0" + path.read_bytes()).hexdigest()


def document_hashes(folder: str | Path) -> dict[str, str]:
    """Each document's hash, by document id (the file name without .md)."""
    return {path.stem: document_hash(path) for path in document_paths(folder)}


def corpus_hash_of(hashes: Mapping[str, str]) -> str:
    """One hash for the documents whose hashes are `hashes` (by document id, in order)."""
    digest = hashlib.sha256()
    for document, value in hashes.items():
        digest.update(f"{document}\0{value}\0".encode())
    return digest.hexdigest()


def content_hash(folder: str | Path) -> str:
    """A hash of the documents' names and bytes: it changes exactly when the corpus does."""
    return corpus_hash_of(document_hashes(folder))


class Corpus:
    def __init__(self, factsheets: Iterable[Factsheet], folder: Path | None = None, documents: Mapping[str, DocumentInfo] | None = None):
        self.factsheets: tuple[Factsheet, ...] = tuple(factsheets)
        self.folder = folder
        given = dict(documents or {})
        #: The manifest entry of each document (a bare one, from the parsed title, without a manifest).
        self.documents: dict[str, DocumentInfo] = {
            s.document: given.get(s.document) or DocumentInfo(document=s.document, file=Path(s.path).name, title=s.title)
            for s in self.factsheets
        }
        self._sheets = {s.document: s for s in self.factsheets}
        self._sections: dict[str, dict[str, Section]] = {s.document: {x.id: x for x in s.sections} for s in self.factsheets}
        self._recommendations: tuple[Recommendation, ...] = tuple(r for s in self.factsheets for r in s.recommendations)
        self._by_key = {(r.document, r.id): r for r in self._recommendations}
        by_id: dict[str, list[Recommendation]] = defaultdict(list)
        by_party: dict[str, list[Recommendation]] = defaultdict(list)
        for rec in self._recommendations:
            by_id[rec.id].append(rec)
            for party in rec.addressees:
                by_party[party].append(rec)
        self._by_id = dict(by_id)
        self._by_party = dict(by_party)
        self._practices: tuple[PromisingPractice, ...] = tuple(p for s in self.factsheets for p in s.practices)
        practices_by_party: dict[str, list[PromisingPractice]] = defaultdict(list)
        for practice in self._practices:
            for country in practice.countries:
                practices_by_party[country].append(practice)
        self._practices_by_party = dict(practices_by_party)
        self._definitions = tuple(d for s in self.factsheets for d in s.definitions)
        # Chunks and the words they use, per document, shared with subsets (both are deterministic).
        self._chunks: dict[str, list[Passage]] = {}
        self._words: dict[str, frozenset[str]] = {}

    @classmethod
    def load(cls, folder: str | Path = DEFAULT_DIR, cache: ParseCache | Path | None = None) -> Corpus:
        """Parse every document in `folder`, checked against its manifest; with `cache` (a
        `ParseCache` or its folder), documents parsed before are read from it instead.

        Raises `MalformedDocument` listing every problem (file and line) in the documents and the
        manifest, or `FileNotFoundError` for a missing or empty folder.
        """
        from corpus.manifest import ManifestError, load_manifest

        folder = Path(folder)
        paths = document_paths(folder)
        if not paths:
            raise FileNotFoundError(f"no factsheet (*.md) in corpus folder {folder}")
        problems = []
        try:
            manifest = load_manifest(folder, paths)
        except ManifestError as error:
            problems.extend(error.problems)
            manifest = None
        if cache is not None and not isinstance(cache, ParseCache):
            cache = ParseCache(Path(cache))
        gazetteer = Gazetteer.default()
        sheets = []
        parsed: dict[str, Parsed] = {}
        for path in paths:
            digest = document_hash(path) if cache is not None else ""
            found = cache.get(digest) if cache is not None else None
            if found is None:
                try:
                    sheet = parse_file(path, gazetteer)
                except MalformedDocument as error:
                    problems.extend(error.problems)
                    continue
                passages = chunk(sheet)
                if cache is None:  # the words are worked out when needed (see `vocabulary`)
                    sheets.append(sheet)
                    parsed[sheet.document] = Parsed(sheet, passages, frozenset())
                    continue
                found = Parsed(sheet, passages, frozenset(w for p in passages for w in words(p.indexed_text())))
                cache.put(digest, found)
            elif found.sheet.path != str(path):  # the same bytes, in a folder that moved
                found = Parsed(found.sheet.model_copy(update={"path": str(path)}), found.passages, found.words)
            sheets.append(found.sheet)
            parsed[found.sheet.document] = found
        if problems:
            raise MalformedDocument(problems)
        if cache is not None:
            cache.prune()
        corpus = cls(sheets, folder, manifest)
        corpus._chunks.update((d, p.passages) for d, p in parsed.items())
        if cache is not None:
            corpus._words.update((d, p.words) for d, p in parsed.items())
        return corpus

    # Documents ---------------------------------------------------------------------------------

    def factsheet(self, document: str) -> Factsheet:
        return self._sheets[document]

    def title(self, document: str) -> str:
        """The document's title, as its manifest gives it."""
        return self.documents[document].title

    @cached_property
    def themes(self) -> list[str]:
        return list(dict.fromkeys(d.theme for d in self.documents.values() if d.theme))

    def with_theme(self, theme: str) -> list[str]:
        """The documents whose manifest theme is `theme` (case and spacing do not matter)."""
        wanted = " ".join(theme.split()).casefold()
        return [d.document for d in self.documents.values() if d.theme and d.theme.casefold() == wanted]

    def subset(self, documents: Iterable[str]) -> Corpus:
        """The corpus limited to `documents` (ids), sharing this corpus's parsed records and chunks."""
        wanted = set(documents)
        unknown = wanted - set(self._sheets)
        if unknown:
            raise KeyError(", ".join(sorted(unknown)))
        if wanted == set(self._sheets):
            return self
        view = Corpus([s for s in self.factsheets if s.document in wanted], self.folder, {d: self.documents[d] for d in wanted})
        view._chunks = self._chunks
        view._words = self._words
        return view

    # Recommendations -------------------------------------------------------------------------

    @property
    def recommendations(self) -> list[Recommendation]:
        return list(self._recommendations)

    def recommendation(self, rec_id: str, document: str | None = None) -> Recommendation | None:
        """The recommendation `rec_id` of `document`; without a document, the first document's that
        has one (in document order). Ids repeat across documents: see `recommendations_with_id`."""
        if document is not None:
            return self._by_key.get((document, rec_id))
        found = self._by_id.get(rec_id)
        return found[0] if found else None

    @property
    def recommendation_ids(self) -> AbstractSet[str]:
        """Every recommendation id, in any document."""
        return self._by_id.keys()

    def recommendations_with_id(self, rec_id: str) -> list[Recommendation]:
        """Every document's recommendation `rec_id`, in document order."""
        return list(self._by_id.get(rec_id, ()))

    def recommendation_of(self, passage: Passage) -> Recommendation | None:
        """The recommendation a passage is the text of, if any."""
        return self._by_key.get((passage.document, passage.recommendation)) if passage.recommendation else None

    @cached_property
    def id_prefixes(self) -> list[str]:
        """The chapter prefixes of the recommendation ids ("V" for V-1 ... V-19)."""
        return list(dict.fromkeys(m["prefix"] for r in self._recommendations if (m := _ID.match(r.id))))

    @cached_property
    def _id_range(self) -> str:
        numbers: dict[str, set[int]] = defaultdict(set)
        for r in self._recommendations:
            if m := _ID.match(r.id):
                numbers[m["prefix"]].add(int(m["number"]))
        parts = []
        for prefix in self.id_prefixes:
            ordered = sorted(numbers[prefix])
            parts.append(f"{prefix}-{ordered[0]} to {prefix}-{ordered[-1]}" if len(ordered) > 1 else f"{prefix}-{ordered[0]}")
        return ", ".join(parts)

    def id_range(self) -> str:
        """How the answer names the ids that exist: "V-1 to V-19"."""
        return self._id_range

    @cached_property
    def recommendation_articles(self) -> set[str]:
        """Every Article some recommendation names."""
        return {a for r in self._recommendations for a in r.articles}

    @cached_property
    def _named_in_text(self) -> dict[str, list[Recommendation]]:
        from corpus.articles import find_articles

        named: dict[str, list[Recommendation]] = defaultdict(list)
        for rec in self._recommendations:
            for article in dict.fromkeys(find_articles(rec.text)):
                named[article].append(rec)
        return dict(named)

    def recommendations_naming(self, articles: Iterable[str]) -> list[Recommendation]:
        """The recommendations whose text names one of `articles` (exactly as written), in corpus order."""
        found = {(r.document, r.id): r for a in articles for r in self._named_in_text.get(a, ())}
        return sorted(found.values(), key=lambda r: self._order[(r.document, r.id)])

    @cached_property
    def _order(self) -> dict[tuple[str, str], int]:
        return {(r.document, r.id): i for i, r in enumerate(self._recommendations)}

    def by_level(self, level: Level) -> list[Recommendation]:
        return [r for r in self._recommendations if r.level is level]

    def addressed_to(self, party: str) -> list[Recommendation]:
        """Recommendations that name `party` (canonical name) among their addressees."""
        return list(self._by_party.get(party, ()))

    def to_all_parties(self) -> list[Recommendation]:
        return list(self._by_party.get(ALL_PARTIES, ()))

    # Everything else ---------------------------------------------------------------------------

    @cached_property
    def parties(self) -> list[str]:
        """Every State the corpus names as an addressee or in a promising practice."""
        names = [a for r in self._recommendations for a in r.addressees if a != ALL_PARTIES]
        names += [c for p in self._practices for c in p.countries]
        return list(dict.fromkeys(names))

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer.default().with_names(self.parties)

    @property
    def practices(self) -> list[PromisingPractice]:
        return list(self._practices)

    def practices_of(self, party: str) -> list[PromisingPractice]:
        return list(self._practices_by_party.get(party, ()))

    @cached_property
    def _practice_by_passage(self) -> dict[str, PromisingPractice]:
        return {f"{p.document}#{p.id.replace(' ', '-')}": p for p in self._practices}

    def practice_of(self, passage: Passage) -> PromisingPractice | None:
        """The promising practice a passage is the text of, if any."""
        return self._practice_by_passage.get(passage.id)

    @property
    def definitions(self) -> list[UrgencyDefinition]:
        return list(self._definitions)

    def section_articles(self, passage: Passage) -> tuple[str, ...]:
        """The Articles a passage has from its section's heading (and its chapter's)."""
        return section_articles(self._sections[passage.document], passage.section)

    @cached_property
    def _section_articles(self) -> set[str]:
        return {a for sheet in self.factsheets for s in sheet.sections for a in s.articles}

    def sections_for(self, articles: Iterable[str]) -> list:
        """The sections whose headings name one of `articles` (or an Article they cover)."""
        from corpus.articles import article_covers

        wanted = list(articles)
        # Which heading Articles match, decided once per distinct Article rather than per section.
        matching = {a for a in self._section_articles if any(article_covers(q, a) or article_covers(a, q) for q in wanted)}
        return [s for sheet in self.factsheets for s in sheet.sections if not matching.isdisjoint(s.articles)]

    @cached_property
    def own_articles(self) -> list[tuple[Passage, tuple[str, ...]]]:
        """Context and footnote passages that name Articles besides their section heading's, with those Articles."""
        found = []
        for p in self.passages:
            if p.kind in ("context", "footnote"):
                heading = self.section_articles(p)
                own = tuple(a for a in p.articles if a not in heading)
                if own:
                    found.append((p, own))
        return found

    @cached_property
    def known_articles(self) -> set[str]:
        """Every Article the corpus names anywhere: in a heading, a recommendation, a passage."""
        return {a for p in self.passages for a in p.articles} | {a for r in self._recommendations for a in r.articles}

    def section_label(self, document: str, section_id: str) -> str:
        try:
            return self._sections[document][section_id].label
        except KeyError:
            raise KeyError(f"{document}: {section_id}") from None

    def passages_of(self, document: str) -> list[Passage]:
        """One document's passages, chunked once."""
        found = self._chunks.get(document)
        if found is None:
            found = self._chunks[document] = chunk(self._sheets[document])
        return found

    @cached_property
    def vocabulary(self) -> set[str]:
        """Every word (folded, unstemmed) of every passage as retrieval sees it."""
        vocabulary: set[str] = set()
        for sheet in self.factsheets:
            found = self._words.get(sheet.document)
            if found is None:
                found = self._words[sheet.document] = frozenset(w for p in self.passages_of(sheet.document) for w in words(p.indexed_text()))
            vocabulary |= found
        return vocabulary

    @cached_property
    def passages(self) -> list[Passage]:
        return [p for sheet in self.factsheets for p in self.passages_of(sheet.document)]

    @cached_property
    def passage_by_id(self) -> dict[str, Passage]:
        return {p.id: p for p in self.passages}
