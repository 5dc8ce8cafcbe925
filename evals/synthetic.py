"""A synthetic corpus of any size, for measuring how the assistant scales: factsheets with the
real ones' structure and generated content.

Each generated document is one of the two real factsheets in this repository (the shipped one and
the test fixture, chapter III) with:
- its recommendation ids renumbered into a chapter of their own ("XIV-3"), so that ids repeat
  across documents about as often as they do across monitoring rounds;
- the States it names replaced by other States (the same State everywhere in one document);
- about half of its running-text words (lower-case words of four letters or more) replaced by
  words drawn from the two factsheets' own vocabulary.
Headings, footnote markers, urgency verbs and the Markdown layout stay as they are, so every
document goes through the real parser, chunker and index. The text is word salad, but the
vocabulary, the lengths and the structure are the factsheets', which is what the index cost
depends on. The real factsheet and the fixture come first, unchanged.

    >>> grown = grow(Path("/tmp/corpus-10k"), passages=10_000)
    >>> grown.documents, grown.passages
    (235, 10004)

(`passages` counts each template's passages; chunking the generated text gives a few more or
fewer, 10064 here: the benchmark reports the index's own count.)
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from corpus.chunking import chunk
from corpus.collection import DEFAULT_DIR
from corpus.manifest import load_manifest
from corpus.parser import parse_file
from corpus.parties import Gazetteer

ROOT = Path(__file__).resolve().parents[1]
# The shipped factsheets (as the corpus manifest lists them) and the test fixture's.
TEMPLATES = (
    *(DEFAULT_DIR / info.file for info in (load_manifest(DEFAULT_DIR) or {}).values()),
    ROOT / "tests" / "fixtures" / "factsheets" / "factsheet-chapter-iii.md",
)
THEMES = (
    "International co-operation", "Awareness-raising and education", "Victims' assistance", "Prosecution",
    "Prevention", "Participation of children", "Data collection", "Specialised training", "Online safety",
    "Child-friendly justice", "Circle of trust", "Self-generated images",
)
_WORD = re.compile(r"(?<![\w/#<.-])[a-z]{4,}(?![\w/>.-]*(?:>|\)))")
_REC_FOOTNOTE = re.compile(r"^(<sup>\d+</sup>\s*Recommendations?\s+)([A-Z]{1,6})(\s*[-–]\s*\d)", re.MULTILINE)
# Lines kept as they are: headings, urgency verbs, footnotes, the table of contents, and the
# definitions of the urgency terms (the Committee words them the same in every factsheet).
_KEEP = re.compile(r"^\s*(?:#|\|)|\*\*(?:requires|requests|invites)\*\*|^\s*<sup>|^\s*\*\*[^*]+\*\*\s*$|\.{4,}|\*\*[“\"]?(?:require|request|invite)[”\"]?\*\*\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class Grown:
    documents: int
    passages: int
    folder: Path


def roman(number: int) -> str:
    out = []
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                           (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)


#: Chapter prefixes for generated ids: Roman numerals of at most six letters from I, V, X, L and C
#: (what the parser and the question analysis read as a chapter).
PREFIXES = [p for p in (roman(n) for n in range(1, 400)) if len(p) <= 6 and set(p) <= set("IVXLC")]


class Generator:
    """Makes synthetic documents from the two templates; deterministic for a given seed."""

    def __init__(self, seed: int = 0):
        self.seed = seed
        gazetteer = Gazetteer.default()
        self.templates = []
        vocabulary: set[str] = set()
        for path in TEMPLATES:
            text = path.read_text(encoding="utf-8")
            sheet = parse_file(path, gazetteer)
            names = sorted({a for r in sheet.recommendations for a in r.addressees if a != "all Parties"}
                           | {c for p in sheet.practices for c in p.countries}, key=len, reverse=True)
            self.templates.append((path, text, names, len(chunk(sheet))))
            vocabulary.update(_WORD.findall(text))
        self.vocabulary = sorted(vocabulary)
        self.states = sorted(gazetteer.canonical(n) or n for n in _states())

    def document(self, number: int) -> tuple[str, str, int]:
        """(document text, its template's file name, the template's passage count) for document `number`."""
        rng = random.Random(f"{self.seed}-{number}")
        path, text, names, passages = self.templates[number % len(self.templates)]
        prefix = PREFIXES[number % len(PREFIXES)]
        text = _REC_FOOTNOTE.sub(lambda m: f"{m.group(1)}{prefix}{m.group(3)}", text)
        others = rng.sample(self.states, len(names)) if len(names) <= len(self.states) else names
        rename = dict(zip(names, others))
        if names:
            pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
        lines = []
        for line in text.splitlines():
            if names:
                line = pattern.sub(lambda m: rename[m.group(0)], line)
            if line.strip() and not _KEEP.search(line):
                line = _WORD.sub(lambda m: rng.choice(self.vocabulary) if rng.random() < 0.5 else m.group(0), line)
            lines.append(line)
        return "\n".join(lines) + "\n", path.name, passages


def _states() -> list[str]:
    import yaml

    data = yaml.safe_load((Path(__file__).resolve().parents[1] / "corpus" / "parties.yaml").read_text(encoding="utf-8"))
    return [name for name in data if isinstance(name, str)]


def manifest_entry(file: str, title: str, round_: int, theme: str, date: str) -> str:
    return (
        f"  - file: {file}\n    title: \"{title}\"\n    round: {round_}\n    theme: {theme}\n"
        f"    date: \"{date}\"\n    language: en\n    source_url: null\n"
    )


def grow(folder: Path, passages: int, seed: int = 0) -> Grown:
    """Fill `folder` (emptied first) with the two real factsheets and generated ones, until about
    `passages` passages, and write its manifest."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    generator = Generator(seed)
    entries = []
    total = 0
    for number, (path, _, _, count) in enumerate(generator.templates):
        shutil.copy(path, folder / path.name)
        entries.append(manifest_entry(path.name, f"Template {number + 1}: {path.stem}", 2, THEMES[number % len(THEMES)], "2022"))
        total += count
    number = 0
    while total < passages:
        text, _, count = generator.document(number)
        name = f"synthetic-{number:05d}.md"
        (folder / name).write_text(text, encoding="utf-8")
        theme = THEMES[number % len(THEMES)]
        entries.append(manifest_entry(name, f"Synthetic factsheet {number} – {theme}", 3 + number // 50, theme, f"{2023 + number // 600}"))
        total += count
        number += 1
    (folder / "manifest.yaml").write_text("documents:\n" + "".join(entries), encoding="utf-8")
    return Grown(documents=len(entries), passages=total, folder=folder)


def add_one(folder: Path, seed: int = 0, number: int = 99_999) -> str:
    """Add one more generated document (and its manifest entry) to `folder`; returns its id."""
    text, _, _ = Generator(seed).document(number)
    name = f"added-{number:05d}.md"
    (folder / name).write_text(text, encoding="utf-8")
    with (folder / "manifest.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write(manifest_entry(name, f"Added factsheet {number}", 9, THEMES[0], "2026"))
    return Path(name).stem
