"""Structure-aware chunks: one passage per recommendation, promising practice, definition and
footnote, and per group of context paragraphs inside one section. No passage crosses a section,
so every passage can be cited with its section and quoted as it stands in the source.

    >>> from corpus.collection import Corpus
    >>> passages = chunk(Corpus.load().factsheets[0])
    >>> passages[0].kind
    'definition'
"""

from __future__ import annotations

from collections.abc import Mapping

from corpus.records import Factsheet, Passage, Section

#: Bump when the chunking changes, so that indexes built with the old chunks are rebuilt.
CHUNKER_VERSION = "4"
#: A context group stops growing past this many characters.
CONTEXT_CHARS = 900



def chunk(sheet: Factsheet) -> list[Passage]:
    sections = {s.id: s for s in sheet.sections}
    intro = sheet.sections[0] if sheet.sections else None
    passages: list[Passage] = []
    if intro is not None:
        for d in sheet.definitions:
            passages.append(_passage(sheet, sections, f"definition-{d.level.value}", "definition", intro.id, f"“{d.term}”: {d.text}", d.line))
    for rec in sheet.recommendations:
        passages.append(
            _passage(
                sheet, sections, rec.id, "recommendation", rec.section, rec.text, rec.line,
                recommendation=rec.id, level=rec.level, addressees=rec.addressees, articles=rec.articles,
            )
        )
    for practice in sheet.practices:
        passages.append(
            _passage(sheet, sections, practice.id.replace(" ", "-"), "practice", practice.section, practice.text, practice.line,
                     countries=practice.countries, articles=section_articles(sections, practice.section))
        )
    passages.extend(_context_groups(sheet, sections))
    # A recommendation's own footnote ("Recommendation V-17") is its id, already in its passage.
    numbering = {rec.footnote for rec in sheet.recommendations}
    for note in sheet.footnotes:
        if note.section is None or note.number in numbering or not note.text:
            continue
        passages.append(_passage(sheet, sections, f"footnote-{note.number}", "footnote", note.section, note.text, note.line))
    return passages


def _context_groups(sheet: Factsheet, sections: dict[str, Section]) -> list[Passage]:
    groups: list[list] = []
    for paragraph in sheet.paragraphs:
        last = groups[-1] if groups else None
        if (
            last is not None
            and last[-1].section == paragraph.section
            and sum(len(p.text) for p in last) + len(paragraph.text) <= CONTEXT_CHARS
            and _adjacent(sheet, last[-1].line, paragraph.line)
            and _same_provision(last[-1], paragraph)
        ):
            last.append(paragraph)
        else:
            groups.append([paragraph])
    return [
        _passage(
            sheet, sections, f"context-{group[0].line}", "context", group[0].section, "\n".join(p.text for p in group), group[0].line,
            articles=tuple(dict.fromkeys([*section_articles(sections, group[0].section), *(a for p in group for a in p.articles)])),
        )
        for group in groups
    ]


def _same_provision(previous, paragraph) -> bool:
    """Each numbered paragraph of a quoted provision is a passage of its own, with its lettered items."""
    return previous.provision == paragraph.provision


def _adjacent(sheet: Factsheet, previous_line: int, line: int) -> bool:
    """No recommendation or practice sits between two context paragraphs of one group."""
    between = [r.line for r in sheet.recommendations] + [p.line for p in sheet.practices]
    return not any(previous_line < other < line for other in between)


def section_articles(sections: Mapping[str, Section], section_id: str) -> tuple[str, ...]:
    """The Articles a section's heading names, and its chapter's: what every passage in it concerns."""
    section = sections[section_id]
    parent = sections[section.parent].articles if section.parent else ()
    return tuple(dict.fromkeys([*section.articles, *parent]))


def _passage(sheet: Factsheet, sections: dict[str, Section], key: str, kind: str, section_id: str, text: str, line: int, **fields) -> Passage:
    section = sections[section_id]
    return Passage(
        id=f"{sheet.document}#{key}", document=sheet.document, kind=kind, section=section.id, section_title=section.title,
        text=text, line=line, **fields,
    )
