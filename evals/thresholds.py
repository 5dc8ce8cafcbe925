"""The floors (and ceilings) a run's figures must meet: what the CI guard checks.

The limits live in evals/thresholds.yaml, set from a measured run (slightly below its figures) so
that CI stops a regression. A figure that was not measured (None) breaches its limit: a guard
must never pass on a missing number.

    >>> breaches = check(result.summary, load_thresholds())
    >>> [b.message for b in breaches]
    ['pass_rate is 0.912, below the minimum 0.930']
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from evals.figures import FIGURES

DEFAULT_THRESHOLDS = Path(__file__).with_name("thresholds.yaml")


class ThresholdError(ValueError):
    """The thresholds file cannot be used; the message says why."""


@dataclass(frozen=True)
class Thresholds:
    minimum: dict[str, float]
    maximum: dict[str, float]


@dataclass(frozen=True)
class Breach:
    figure: str
    value: float | None
    limit: float
    bound: str  # "minimum" or "maximum"

    @property
    def message(self) -> str:
        shown = FIGURES[self.figure].format(self.value)
        limit = FIGURES[self.figure].format(self.limit if FIGURES[self.figure].kind != "count" else int(self.limit))
        if self.value is None:
            return f"{self.figure} was not measured (its {self.bound} is {limit})"
        side = "below the minimum" if self.bound == "minimum" else "above the maximum"
        return f"{self.figure} is {shown}, {side} {limit}"


def load_thresholds(path: str | Path = DEFAULT_THRESHOLDS) -> Thresholds:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ThresholdError(f"cannot read thresholds {path}: {error}") from None
    if not isinstance(raw, dict):
        raise ThresholdError(f"{path}: expected a mapping with `minimum` and/or `maximum`")
    limits = {}
    for bound in ("minimum", "maximum"):
        section = raw.get(bound) or {}
        if not isinstance(section, dict):
            raise ThresholdError(f"{path}: `{bound}` must map figure names to numbers")
        for key, value in section.items():
            if key not in FIGURES:
                raise ThresholdError(f"{path}: unknown figure {key!r} under `{bound}`; known: {', '.join(FIGURES)}")
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ThresholdError(f"{path}: {bound} of {key} must be a number, not {value!r}")
        limits[bound] = dict(section)
    if not limits["minimum"] and not limits["maximum"]:
        raise ThresholdError(f"{path}: no limits: a guard without limits cannot fail")
    return Thresholds(limits["minimum"], limits["maximum"])


def check(summary: dict, thresholds: Thresholds) -> list[Breach]:
    """Every limit the summary breaks; empty when it meets them all."""
    breaches = []
    for key, limit in thresholds.minimum.items():
        value = summary.get(key)
        if value is None or value < limit:
            breaches.append(Breach(key, value, limit, "minimum"))
    for key, limit in thresholds.maximum.items():
        value = summary.get(key)
        if value is None or value > limit:
            breaches.append(Breach(key, value, limit, "maximum"))
    return breaches
