"""The gold set: questions with expected outcomes, read from a YAML file and checked on load.

The schema is documented in evals/gold/SCHEMA.md.

    >>> items = load_gold()
    >>> items[0].question
    'What does recommendation V-17 say?'
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

#: Every *.yaml file in this folder is part of the gold set.
DEFAULT_GOLD = Path(__file__).with_name("gold")


class GoldItem(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    category: str
    split: Literal["dev", "heldout"]
    question: str
    history: list[str] = Field(default_factory=list)
    outcome: Literal["answered", "not_found", "out_of_scope", "unsafe"]
    must_cite: list[str] = Field(default_factory=list)
    may_cite: list[str] = Field(default_factory=list)
    must_contain: list[list[str]] = Field(default_factory=list)
    must_not_contain: list[str] = Field(default_factory=list)
    language: str = "en"
    notes: str = ""

    @property
    def refuse(self) -> bool:
        return self.outcome in ("out_of_scope", "unsafe")


class GoldError(ValueError):
    """The gold file cannot be used; the message says where and why."""


def gold_files(path: str | Path = DEFAULT_GOLD) -> list[Path]:
    """The gold file itself, or every *.yaml file of a folder, sorted."""
    path = Path(path)
    if not path.exists():
        raise GoldError(f"no gold set at {path}")
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    if not files:
        raise GoldError(f"no gold file (*.yaml) in {path}")
    return files


def load_gold(path: str | Path = DEFAULT_GOLD, split: str | None = None) -> list[GoldItem]:
    """Items from a gold file, or from every *.yaml file of a folder; `split` keeps dev or heldout only."""
    files = gold_files(path)
    items: list[GoldItem] = []
    seen: dict[str, Path] = {}
    for file in files:
        try:
            raw = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise GoldError(f"cannot read gold set {file}: {error}") from None
        if not isinstance(raw, list):
            raise GoldError(f"{file}: expected a YAML list of items")
        for position, entry in enumerate(raw, start=1):
            try:
                item = GoldItem.model_validate(entry)
            except ValidationError as error:
                raise GoldError(f"{file}: item {position}: {error}") from None
            if item.id in seen:
                raise GoldError(f"{file}: item {position}: duplicate id {item.id} (also in {seen[item.id].name})")
            seen[item.id] = file
            items.append(item)
    if split and split != "all":
        items = [i for i in items if i.split == split]
    return items
