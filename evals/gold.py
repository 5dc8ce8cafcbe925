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

DEFAULT_GOLD = Path(__file__).with_name("gold") / "gold.yaml"


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


def load_gold(path: str | Path = DEFAULT_GOLD, split: str | None = None) -> list[GoldItem]:
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise GoldError(f"cannot read gold set {path}: {error}") from None
    if not isinstance(raw, list):
        raise GoldError(f"{path}: expected a YAML list of items")
    items: list[GoldItem] = []
    seen: set[str] = set()
    for position, entry in enumerate(raw, start=1):
        try:
            item = GoldItem.model_validate(entry)
        except ValidationError as error:
            raise GoldError(f"{path}: item {position}: {error}") from None
        if item.id in seen:
            raise GoldError(f"{path}: item {position}: duplicate id {item.id}")
        seen.add(item.id)
        items.append(item)
    if split and split != "all":
        items = [i for i in items if i.split == split]
    return items
