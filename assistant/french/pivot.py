"""A French question rewritten as an English one (the "pivot"), so that the English question
analysis, scope check and retrieval read it: the source is in English, and so are its words.

It is a word and phrase translation (assistant/french/lexicon.yaml), not a translator: the
pivot is for the analyser, nobody reads it. What it must get right is what steers the answer:
recommendation ids, Articles ("article 38, paragraphe 1, alinéa a" → "Article 38(1)(a)"),
Parties (their French names are left as they are: the gazetteer knows them), urgency levels
(exige / demande / invite), lists, counts, definitions, practices, follow-ups, and the topic
words that retrieval and the choice of sentences rest on. A French word that the lexicon lacks
is matched to an English word of the corpus when it is a plain cognate ("internationale" →
"international"), and is kept as it is otherwise.

    >>> FrenchPivot().run("Que doit faire la Norvège ?")
    'what must the Norvège do ?'
    >>> FrenchPivot().run("Quelles recommandations relèvent de l'article 38, paragraphe 1, alinéa a ?")
    'which recommendations fall under Article 38(1)(a) ?'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

from corpus.parties import Gazetteer

_LEXICON = Path(__file__).with_name("lexicon.yaml")
_ACCENTS = {
    "é": "[eé]", "è": "[eè]", "ê": "[eê]", "ë": "[eë]", "à": "[aà]", "â": "[aâ]", "ç": "[cç]", "î": "[iî]", "ï": "[iï]",
    "ô": "[oô]", "û": "[uû]", "ù": "[uù]", "œ": "(?:œ|oe)",
}
# English pieces already written (by a template or a reference) are kept between these marks
# while the rest is translated, so that no French entry reads them again.
_OPEN, _CLOSE = "\u27e6", "\u27e7"
_KEPT = re.compile(f"{_OPEN}(.*?){_CLOSE}")
_BOUNDARY_BEFORE = r"(?<![\w\-])"
_BOUNDARY_AFTER = r"(?![\w])"
# "article 38, paragraphe 1, alinéa a", "art. 38 § 2", "l'article 20(4)" → "Article 38(1)(a)".
_ARTICLE = re.compile(
    r"\b(?:l['’]\s*)?(?:articles?|art\.?)\s*(?P<num>\d{1,3})"
    r"(?:\s*\(\s*(?P<p1>\d{1,2})\s*\)|\s*,?\s*(?:paragraphes?|paragraphs?|§|par\.|para\.?|al\.)\s*(?P<p2>\d{1,2}))?"
    r"(?:\s*\(\s*(?P<s1>[a-z])\s*\)|\s*,?\s*(?:alin[ée]as?|lettres?|points?|litt?\.?|let\.)\s*(?P<s2>[a-z])\b)?",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")
# "Quelles pratiques le Comité a-t-il identifiées ?": the pronoun after a verb whose subject is
# already named repeats that subject (it is no "it"): it is dropped and the verb put first, as in English.
_INVERSION = re.compile(
    r"\b((?:le|la|les|l['’])\s*[^\W\d_][\w-]*(?:\s+[^\W\d_][\w'’]*){0,2}?)\s+(?<!\sy\s)([^\W\d_]+?)(?:-t)?-(?:il|elle|ils|elles)\b",
    re.IGNORECASE,
)
_ELISION = ("'", "’")  # "l'", "qu'": no word boundary after them


def _key_pattern(key: str) -> str:
    """A lexicon key as a regex: accents optional, any spaces, either apostrophe."""
    out = []
    for ch in key:
        if ch in _ACCENTS:
            out.append(_ACCENTS[ch])
        elif ch == " ":
            out.append(r"\s+")
        elif ch in "'’":
            out.append(r"['’]\s*")
        else:
            out.append(ch)
    return "".join(out)


class Lexicon:
    """The templates and phrases of lexicon.yaml, compiled."""

    def __init__(self, path: Path = _LEXICON):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.templates = [(re.compile(_key_pattern_template(pattern), re.IGNORECASE), english) for pattern, english in data["templates"]]
        entries: list[tuple[str, str]] = []
        for key, english in data["phrases"].items():
            for alternative in _alternatives(str(key)):
                alternative = alternative.strip()
                if alternative:
                    entries.append((alternative, english))
        self.duplicates = _duplicates(entries)
        # Longer entries first; among equal lengths, the one with fewer accents ("ou" before "où"),
        # so that an accent the asker typed picks the accented entry and a missing one the plain.
        entries.sort(key=lambda e: (-len(e[0]), sum(ch in _ACCENTS for ch in e[0])))
        self.english = [english for _, english in entries]
        self.pattern = re.compile(
            "|".join(
                f"(?P<g{i}>{_BOUNDARY_BEFORE}{_key_pattern(alt)}{'' if alt.endswith(_ELISION) else _BOUNDARY_AFTER})"
                for i, (alt, _) in enumerate(entries)
            ),
            re.IGNORECASE,
        )


def _alternatives(key: str) -> list[str]:
    """Split a key on its top-level "|" (not inside a group)."""
    parts, depth, current = [], 0, ""
    for ch in key:
        depth += (ch == "(") - (ch == ")")
        if ch == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [*parts, current]


def _key_pattern_template(pattern: str) -> str:
    return "".join(_ACCENTS.get(ch, ch) for ch in pattern).replace("'", "['’]")


def _duplicates(entries: list[tuple[str, str]]) -> list[str]:
    seen: dict[str, str] = {}
    clashes = []
    for alternative, english in entries:
        if alternative in seen and seen[alternative] != english:
            clashes.append(f"{alternative!r}: {seen[alternative]!r} or {english!r}")
        seen.setdefault(alternative, english)
    return clashes


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon()


class FrenchPivot:
    """French question in, English pivot out. `vocabulary` (the corpus's folded words) lets plain
    cognates that the lexicon lacks meet the corpus's English words."""

    def __init__(
        self, vocabulary: set[str] | frozenset[str] = frozenset(), lexicon: Lexicon | None = None, gazetteer: Gazetteer | None = None
    ):
        self.vocabulary = vocabulary
        self.lexicon = lexicon or default_lexicon()
        self.gazetteer = gazetteer or Gazetteer.default()
        # The analyser and the safety check both read a question's pivot: translate it once.
        self._recent = lru_cache(maxsize=256)(self._translate)

    def run(self, text: str) -> str:
        return self._recent(text)

    def _translate(self, text: str) -> str:
        text = unicodedata.normalize("NFC", _SPACES.sub(" ", text)).strip()
        # French typography puts a space before ? ! : ; and the analyser does not mind it.
        text = _INVERSION.sub(_without_inversion, text)
        text = self._names(text)
        text = _ARTICLE.sub(_article, text)
        text = self._templates(text)
        pieces = []
        position = 0
        for kept in _KEPT.finditer(text):
            pieces.append(self._phrases(text[position:kept.start()]))
            pieces.append(kept.group(1))
            position = kept.end()
        pieces.append(self._phrases(text[position:]))
        return _SPACES.sub(" ", "".join(pieces)).strip()

    def _names(self, text: str) -> str:
        """State names, however spelled ("Fédération de Russie"), become the English name, kept as it is."""
        out, position = [], 0
        for start, end, name in self.gazetteer.spans(text):
            if start < position:
                continue
            out.append(text[position:start] + f"{_OPEN}{name}{_CLOSE}")
            position = end
        return "".join(out) + text[position:]

    def _templates(self, text: str) -> str:
        for pattern, english in self.lexicon.templates:
            m = pattern.search(text)
            if m is None:
                continue
            groups = {name: value for name, value in m.groupdict().items() if value is not None}
            out = english
            # The English words of the template are kept; the French parts it took ({X}) are translated later.
            for name, value in groups.items():
                out = out.replace("{" + name + "}", f"{_CLOSE}{value}{_OPEN}" if name == "X" else self._phrases(value))
            return text[: m.start()] + f"{_OPEN}{out}{_CLOSE}" + text[m.end():]
        return text

    def _phrases(self, text: str) -> str:
        out = []
        position = 0
        for m in self.lexicon.pattern.finditer(text):
            out.append(self._cognates(text[position:m.start()]))
            english = self.lexicon.english[int(m.lastgroup[1:])]
            out.append(f" {english} " if english else " ")
            position = m.end()
        out.append(self._cognates(text[position:]))
        return "".join(out)

    def _cognates(self, text: str) -> str:
        return re.sub(r"[^\W\d_]{5,}", self._cognate, text)

    def _cognate(self, m: re.Match) -> str:
        """An untranslated word that is a plain cognate of a corpus word becomes that word."""
        word = m.group(0)
        if not self.vocabulary:
            return word
        folded = _fold(word)
        if folded in self.vocabulary:
            return word
        for candidate in _cognates(folded):
            if candidate in self.vocabulary:
                return candidate
        return word


def _without_inversion(m: re.Match) -> str:
    """"le Comité a-t-il" → "a le Comité" (read "has the Committee"), "la Norvège est-elle concernée" →
    "est la Norvège concernée": the verb before its subject, as an English question puts it."""
    verb = m.group(2)
    # "a" alone reads as the preposition "à": it is the verb here.
    return f"{_OPEN}has{_CLOSE} {m.group(1)}" if verb.lower() == "a" else f"{verb} {m.group(1)}"


def _article(m: re.Match) -> str:
    ref = m.group("num")
    paragraph = m.group("p1") or m.group("p2")
    sub = m.group("s1") or m.group("s2")
    if paragraph:
        ref += f"({paragraph})"
        if sub:
            ref += f"({sub.lower()})"
    return f"{_OPEN} Article {ref} {_CLOSE}"


def _fold(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch)).lower()


_SUFFIXES = (
    ("ites", "ities"), ("ite", "ity"), ("iques", "ic"), ("ique", "ic"), ("aires", "ary"), ("aire", "ary"),
    ("eurs", "ors"), ("eur", "or"), ("ives", "ive"), ("ifs", "ive"), ("if", "ive"), ("elles", "al"), ("elle", "al"),
    ("ees", "ed"), ("ee", "ed"), ("es", "ed"), ("ements", "ments"), ("ement", "ment"), ("ales", "al"), ("aux", "al"),
    ("ies", "ies"), ("es", ""), ("es", "e"), ("s", ""), ("e", ""), ("er", "e"), ("iser", "ise"), ("ises", "ised"),
)


def _cognates(word: str) -> list[str]:
    out = []
    for french, english in _SUFFIXES:
        if word.endswith(french) and len(word) - len(french) >= 4:
            out.append(word[: len(word) - len(french)] + english)
    return out
