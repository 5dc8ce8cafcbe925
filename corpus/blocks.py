"""The Markdown of a converted PDF, read as a list of blocks with their line numbers.

The conversion leaves artefacts that this module undoes, so the parser sees the document as it
was written: page breaks that cut a bullet or a sentence into two paragraphs (often with a block
of footnotes in between) are joined back; headings come as `#` lines of any depth or as a
paragraph in bold; `(#)` link targets and `<sup>N</sup>` markers are separated from the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

_FOOTNOTE = re.compile(r"^<sup>(\d+)</sup>\s*(.*)$")
_MARKER = re.compile(r"<sup>(\d+)</sup>")
_BULLET = re.compile(r"^[-*•▪●◦]\s+(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BOLD_LINE = re.compile(r"^\*\*(?!\s)(.+?)(?<!\s)\*\*$")
_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
_LINK = re.compile(r"\[([^\]]+)\]\((?:#|[^)\s]*)\)")
_TERMINAL = re.compile(r"[.:;!?”\"’')\]]$")


class Kind(str, Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    FOOTNOTE = "footnote"
    RULE = "rule"


@dataclass
class Block:
    kind: Kind
    text: str
    line: int
    markers: list[tuple[int, int]] = field(default_factory=list)  # (footnote number, line)

    @property
    def plain(self) -> str:
        """The text without footnote markers, Markdown emphasis or link syntax."""
        return plain(self.text)


def plain(text: str) -> str:
    text = _MARKER.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = text.replace("**", "").replace("*", "")
    text = re.sub(r"(?<!\w)_(\S[^_]*\S|\S)_(?!\w)", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def _starts_lowercase(text: str) -> bool:
    stripped = text.lstrip("*_ ")
    return bool(stripped) and stripped[0].islower()


def read_blocks(lines: list[str]) -> list[Block]:
    """Blocks in document order, with page-break splits joined back together."""
    raw: list[Block] = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        if m := _FOOTNOTE.match(text):
            raw.append(Block(Kind.FOOTNOTE, f"{m.group(1)}\t{m.group(2)}", number))
        elif _RULE.match(text):
            raw.append(Block(Kind.RULE, "", number))
        elif m := _HEADING.match(text):
            raw.append(Block(Kind.HEADING, plain(m.group(2)), number))
        elif (m := _BOLD_LINE.match(text)) and "**" not in m.group(1):
            raw.append(Block(Kind.HEADING, m.group(1).strip(), number))
        elif m := _BULLET.match(text):
            raw.append(Block(Kind.BULLET, m.group(1).strip(), number))
        else:
            raw.append(Block(Kind.PARAGRAPH, text, number))
    for block in raw:
        if block.kind in (Kind.PARAGRAPH, Kind.BULLET, Kind.HEADING):
            block.markers = [(int(m.group(1)), block.line) for m in _MARKER.finditer(block.text)]
    return _join_page_breaks(raw)


def _join_page_breaks(raw: list[Block]) -> list[Block]:
    """Join a paragraph or bullet cut at a page break with its continuation.

    A cut shows as a block that does not end a sentence, followed (possibly after footnotes and
    a rule, which the PDF printed at the foot of the page) by a paragraph that starts in lower
    case. Footnotes printed between the halves come out after the joined block.
    """
    blocks: list[Block] = []
    pending_notes: list[Block] = []
    for block in raw:
        if block.kind in (Kind.FOOTNOTE, Kind.RULE):
            pending_notes.append(block)
            continue
        head = blocks[-1] if blocks else None
        if (
            head is not None
            and block.kind is Kind.PARAGRAPH
            and head.kind in (Kind.PARAGRAPH, Kind.BULLET)
            and not _TERMINAL.search(_MARKER.sub("", head.text).rstrip())
            and _starts_lowercase(block.text)
        ):
            head.text = f"{head.text} {block.text}"
            head.markers.extend(block.markers)
            # Footnotes printed between the halves stay pending: they follow the joined block.
            continue
        blocks.extend(pending_notes)
        pending_notes = []
        blocks.append(block)
    blocks.extend(pending_notes)
    return blocks
