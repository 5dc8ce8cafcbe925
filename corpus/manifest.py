"""The corpus manifest: what each source document is (title, monitoring round, theme, date,
language, source URL), in `manifest.yaml` beside the documents.

The documents themselves are kept exactly as received; what the Committee publishes about them
(which round, which theme) lives here. Every document in the folder must have an entry, and every
entry a document; a mistake is reported with the manifest's file and line and the field at fault,
never a stack trace.

    documents:
      - file: lanzarote-factsheet-international-cooperation.md
        title: "Factsheet – International co-operation"
        round: 2
        theme: International co-operation
        date: 2022-03
        language: en
        source_url: null

    >>> manifest = load_manifest(Path("corpus/documents"))
    >>> manifest["lanzarote-factsheet-international-cooperation"].round
    2

A folder without a manifest still loads (each document then gets its parsed title and no other
metadata), so a folder of factsheets dropped somewhere for a test or a trial keeps working.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from corpus.parser import MalformedDocument, Problem
from corpus.records import DocumentInfo

MANIFEST = "manifest.yaml"
REQUIRED = ("file", "title", "round", "theme", "date", "language")
OPTIONAL = ("source_url",)
_DATE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


class ManifestError(MalformedDocument):
    """The manifest is missing fields, has wrong values, or does not match the documents."""


def manifest_path(folder: Path) -> Path:
    return Path(folder) / MANIFEST


def load_manifest(folder: Path, documents: list[Path] | None = None) -> dict[str, DocumentInfo] | None:
    """The manifest's entries by document id (the file name without `.md`), checked against the
    documents in `folder` (or `documents`); None when the folder has no manifest."""
    path = manifest_path(folder)
    if not path.exists():
        return None
    problems: list[Problem] = []
    listed: set[str] = set()  # files named by an entry, even an entry with mistakes
    entries = _read(path, problems, listed)
    if entries is not None and documents is not None:
        names = {p.name: p for p in documents}
        for name in sorted(set(names) - listed):
            problems.append(Problem(str(names[name]), 1, f"this document is not in {path}: add an entry with {', '.join(REQUIRED)}"))
        for info in entries:
            if info.file not in names:
                problems.append(Problem(str(path), info.line, f"entry for {info.file!r}: no such document in {Path(folder)}"))
    if problems:
        raise ManifestError(problems)
    return {info.document: info for info in entries or ()}


def _read(path: Path, problems: list[Problem], listed: set[str]) -> list[DocumentInfo] | None:
    """The entries that are right (mistakes go to `problems`); None when the file cannot be read at all."""
    where = str(path)
    try:
        # libyaml's parser when PyYAML has it: a manifest of thousands of documents loads in a blink.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(path.read_text(encoding="utf-8"))
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except UnicodeDecodeError as error:
        problems.append(Problem(where, 1, f"not UTF-8 text ({error.reason})"))
        return None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problems.append(Problem(where, line, f"not valid YAML: {getattr(error, 'problem', None) or error}"))
        return None
    if root is None:
        problems.append(Problem(where, 1, "the manifest is empty: expected 'documents:' and a list of entries"))
        return None
    documents = _field(root, "documents") if isinstance(root, yaml.MappingNode) else None
    if documents is None or not isinstance(documents[1], yaml.SequenceNode):
        line = documents[0].start_mark.line + 1 if documents else root.start_mark.line + 1
        problems.append(Problem(where, line, "expected 'documents:' followed by a list of entries ('- file: ...')"))
        return None
    entries: list[DocumentInfo] = []
    seen: dict[str, int] = {}
    for node in documents[1].value:
        info = _entry(node, where, problems, loader, listed)
        if info is None:
            continue
        if info.file in seen:
            problems.append(Problem(where, info.line, f"{info.file!r} is listed twice (first at line {seen[info.file]})"))
            continue
        seen[info.file] = info.line
        entries.append(info)
    return entries


def _field(mapping: yaml.MappingNode, name: str) -> tuple[yaml.Node, yaml.Node] | None:
    for key, value in mapping.value:
        if isinstance(key, yaml.ScalarNode) and key.value == name:
            return key, value
    return None


def _entry(node: yaml.Node, where: str, problems: list[Problem], loader: yaml.SafeLoader, listed: set[str]) -> DocumentInfo | None:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(where, line, "each entry must be a mapping of fields ('file: ...', 'title: ...')"))
        return None
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    ok = True
    named = _field(node, "file")
    label = f"entry for {named[1].value!r}" if named and isinstance(named[1], yaml.ScalarNode) else "entry"
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        if name not in REQUIRED + OPTIONAL:
            problems.append(Problem(where, key.start_mark.line + 1, f"{label}: unknown field {name!r}; the fields are {', '.join(REQUIRED + OPTIONAL)}"))
            ok = False
            continue
        if name in values:
            problems.append(Problem(where, key.start_mark.line + 1, f"{label}: field {name!r} is given twice"))
            ok = False
            continue
        values[name] = loader.construct_object(value, deep=True) if isinstance(value, yaml.ScalarNode) else value
        lines[name] = value.start_mark.line + 1
    if isinstance(values.get("file"), str):
        listed.add(values["file"])
    for name in REQUIRED:
        if name not in values:
            problems.append(Problem(where, line, f"{label}: field {name!r} is missing"))
            ok = False
    checked = {}
    for name, value in values.items():
        message, clean = _check(name, value)
        if message:
            problems.append(Problem(where, lines[name], f"{label}: field {name!r} {message}"))
            ok = False
        checked[name] = clean
    if not ok:
        return None
    return DocumentInfo(
        document=Path(checked["file"]).stem, file=checked["file"], title=checked["title"], round=checked["round"],
        theme=checked["theme"], date=checked["date"], language=checked["language"], source_url=checked.get("source_url"), line=line,
    )


def _check(name: str, value: object) -> tuple[str | None, object]:
    """(what is wrong with the value, or None; the value as stored)."""
    if isinstance(value, yaml.Node):
        return "must be a single value, not a list or a mapping", None
    if name == "file":
        if not isinstance(value, str) or not value.endswith(".md") or "/" in value or value.lower() == "readme.md":
            return f"must be the name of a Markdown file in the folder, like 'factsheet.md' (got {value!r})", None
        return None, value
    if name in ("title", "theme"):
        if not isinstance(value, str) or not value.strip():
            return f"must be non-empty text (got {value!r})", None
        return None, " ".join(value.split())
    if name == "round":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return f"must be the monitoring round's number, 1 or more (got {value!r})", None
        return None, value
    if name == "date":
        if isinstance(value, dt.date):
            return None, value.isoformat()
        text = str(value) if isinstance(value, (str, int)) else None
        if text is None or not _DATE.match(text):
            return f"must be a date YYYY-MM-DD, YYYY-MM or YYYY (got {value!r})", None
        return None, text
    if name == "language":
        if not isinstance(value, str) or not _LANGUAGE.match(value):
            return f"must be a two-letter ISO 639-1 code in lower case, like 'en' or 'fr' (got {value!r})", None
        return None, value
    if name == "source_url":
        if value is None:
            return None, None
        if not isinstance(value, str) or not _URL.match(value):
            return f"must be an http(s) URL or null (got {value!r})", None
        return None, value
    return None, value
