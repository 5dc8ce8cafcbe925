"""Names of States: recognising them in questions and in factsheet text, however they are written.

Which States a factsheet names comes from the factsheet; this module only knows how States are
spelled (parties.yaml: English and French names, common variants, adjectives), so that
"Türkiye" finds the recommendation addressed to "Turkey" and "Bosnie-Herzégovine" finds
"Bosnia and Herzegovina". A name the file does not know still works when spelled as the
factsheet spells it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import yaml

_DATA = Path(__file__).with_name("parties.yaml")


def fold(text: str) -> str:
    """Lower case, no accents, one kind of apostrophe and dash: how names are compared."""
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii():  # only non-ASCII characters can be combining marks: test just those
        text = _NON_ASCII.sub(_drop_combining, text)
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("‑", "-")
    return text.casefold()


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _drop_combining(match: re.Match) -> str:
    return "" if unicodedata.combining(match.group()) else match.group()


def within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        if len(diffs) == 1:
            return True
        # One transposition ("Norwya") counts as one edit.
        return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


@lru_cache(maxsize=1)
def french_names() -> dict[str, str]:
    """The French name of each State whose French name differs: {"Norway": "Norvège", ...}."""
    entries = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    return {name: entry["fr"] for name, entry in entries.items() if entry.get("fr")}


class Gazetteer:
    """Finds State names in text and maps every spelling to one canonical name.

    >>> g = Gazetteer.default()
    >>> g.find("What about Türkiye and Bosnia?")
    ['Turkey', 'Bosnia and Herzegovina']
    """

    def __init__(self, entries: dict[str, dict], extra_names: Iterable[str] = ()):
        self._exact: dict[str, str] = {}  # spelling (case-sensitive acronyms) -> canonical
        self._folded: dict[str, str] = {}  # folded spelling -> canonical
        self._adjectives: dict[str, str] = {}
        for name, entry in entries.items():
            self._add(name, name)
            for variant in [entry["fr"]] if entry.get("fr") else []:
                self._add(variant, name)
            for variant in entry.get("variants") or ():
                self._add(variant, name)
            for adjective in entry.get("adjectives") or ():
                self._adjectives[fold(adjective)] = name
        for name in extra_names:
            if self.canonical(name) is None:
                self._add(name, name)
        self._pattern = self._compile()

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> Gazetteer:
        return cls(yaml.safe_load(_DATA.read_text(encoding="utf-8")))

    def with_names(self, names: Iterable[str]) -> Gazetteer:
        """A gazetteer that also knows `names` (e.g. every State a parsed factsheet names)."""
        gazetteer = Gazetteer.__new__(Gazetteer)
        gazetteer._exact = dict(self._exact)
        gazetteer._folded = dict(self._folded)
        gazetteer._adjectives = dict(self._adjectives)
        for name in names:
            if gazetteer.canonical(name) is None:
                gazetteer._add(name, name)
        gazetteer._pattern = gazetteer._compile()
        return gazetteer

    def _add(self, spelling: str, canonical: str) -> None:
        spelling = spelling.strip()
        if spelling.isupper() or "." in spelling:
            self._exact[spelling] = canonical
        else:
            self._folded[fold(spelling)] = canonical
            if fold(spelling).startswith("the "):
                self._folded[fold(spelling)[4:]] = canonical

    def _compile(self) -> re.Pattern:
        spellings = sorted(self._folded, key=len, reverse=True)
        body = "|".join(re.escape(s) for s in spellings)
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])")

    @property
    def names(self) -> list[str]:
        return sorted(set(self._folded.values()) | set(self._exact.values()))

    @property
    def spelling_words(self) -> set[str]:
        """Every folded word of every spelling and adjective ("bosnia", "herzegovina", "italian")."""
        spellings = list(self._folded) + list(self._adjectives) + [fold(s) for s in self._exact]
        return {w for s in spellings for w in re.findall(r"[\w'-]+", s)}

    def canonical(self, name: str) -> str | None:
        name = name.strip().strip("*").strip()
        if name in self._exact:
            return self._exact[name]
        folded = fold(name)
        if folded.startswith("the "):
            folded = folded[4:]
        return self._folded.get(folded) or self._adjectives.get(folded)

    def find(self, text: str, *, adjectives: bool | str = False, fuzzy_vocabulary: set[str] | None = None) -> list[str]:
        """Canonical names mentioned in `text`, in order, without repeats.

        With `adjectives`, "Italian" counts as Italy; with `adjectives="attributive"`, only when it
        qualifies a following word ("the Italian Development Co-operation"), not a language
        ("translate into German"). With `fuzzy_vocabulary`, a word that is one
        typo away from a single-word name ("Norwey") counts too, unless it is itself a word of that
        vocabulary.
        """
        folded = fold(text)
        hits: list[tuple[int, str]] = [(m.start(), self._folded[m.group(0)]) for m in self._pattern.finditer(folded)]
        for spelling, canonical in self._exact.items():
            for m in re.finditer(rf"(?<![\w.]){re.escape(spelling)}(?![\w])", text):
                hits.append((m.start(), canonical))
        words = list(re.finditer(r"[\w'-]+", folded))
        if adjectives:
            for m in words:
                if m.group(0) not in self._adjectives:
                    continue
                if adjectives == "attributive" and (
                    not re.match(r"\s+[a-z]", folded[m.end():])
                    or re.search(r"\b(?:in|into|to|from|speak\w*|learn\w*|translat\w*|language)\s+$", folded[: m.start()])
                ):
                    continue
                hits.append((m.start(), self._adjectives[m.group(0)]))
        if fuzzy_vocabulary is not None:
            taken = {start for start, _ in hits}
            singles = {s: c for s, c in self._folded.items() if " " not in s and len(s) >= 5}
            for m in words:
                word = m.group(0)
                if m.start() in taken or len(word) < 5 or word in fuzzy_vocabulary or word in singles:
                    continue
                for spelling, canonical in singles.items():
                    if within_one_edit(word, spelling):
                        hits.append((m.start(), canonical))
                        break
        return list(dict.fromkeys(name for _, name in sorted(hits)))

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, canonical name) of each State name spelled out in `text` (NFC), in order.

        >>> Gazetteer.default().spans("Et la Fédération de Russie ?")
        [(6, 26, 'Russian Federation')]
        """
        folded = fold(text)
        if len(folded) != len(text):  # a character that folds to several: positions would not match
            return []
        found = [(m.start(), m.end(), self._folded[m.group(0)]) for m in self._pattern.finditer(folded)]
        for spelling, canonical in self._exact.items():
            found += [(m.start(), m.end(), canonical) for m in re.finditer(rf"(?<![\w.]){re.escape(spelling)}(?![\w])", text)]
        return sorted(found)

    def strip(self, text: str) -> str:
        """`text` (folded) with every State name in it blanked out."""
        folded = fold(text)
        folded = self._pattern.sub(" ", folded)
        for spelling in self._exact:
            folded = re.sub(rf"(?<![\w.]){re.escape(fold(spelling))}(?![\w])", " ", folded)
        return folded

    def split_list(self, text: str) -> list[str]:
        """Split "Andorra, Bosnia and Herzegovina, Turkey and Ukraine" into canonical names.

        Commas separate names; in the last item, " and " separates names unless it is part of a
        known name ("Bosnia and Herzegovina").
        """
        text = re.sub(r"\s+", " ", text).strip().strip(",")
        items = [item.strip() for item in text.split(",") if item.strip()]
        names: list[str] = []
        for position, item in enumerate(items):
            item = re.sub(r"^(?:and|the)\s+", "", item).strip()
            if position < len(items) - 1 or self.canonical(item) or " and " not in item:
                names.append(item)
                continue
            names.extend(self._split_and(item))
        return [self.canonical(name) or re.sub(r"^the\s+", "", name) for name in names]

    def _split_and(self, item: str) -> list[str]:
        parts = item.split(" and ")
        # Try every split point; prefer one where both sides are known names.
        for cut in range(1, len(parts)):
            left, right = " and ".join(parts[:cut]), " and ".join(parts[cut:])
            if self.canonical(left) and self.canonical(right):
                return [left, right]
        for cut in range(1, len(parts)):
            left, right = " and ".join(parts[:cut]), " and ".join(parts[cut:])
            if self.canonical(right) or self.canonical(left):
                return [left, right]
        return [" and ".join(parts[:-1]), parts[-1]]
