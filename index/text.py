"""Words as retrieval compares them: folded, stemmed, without stop words.

One tokenizer for BM25, for choosing the sentences of a passage that answer a question, and for
telling whether a question uses the corpus's vocabulary at all.

    >>> tokens("The Committee requires Norway's authorities")
    ['committe', 'requir', 'norway', 'author']
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

from corpus.parties import fold

#: Bump when tokenisation changes: the BM25 index built with the old tokens is then rebuilt.
TEXT_VERSION = "2"

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
STOPWORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been before being below between
    both but by can cannot could did do does doing down during each few for from further had has have having he her here
    hers herself him himself his how i if in into is it its itself let me more most my myself no nor not of off on once
    only or other ought our ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were what when where which
    while who whom why with would you your yours yourself yourselves s t don tell please say says said also any give
    me us there's what's it's ok okay thanks thank yes yeah right hmm well so alright great cool fine sure hi hello
    le la les de des du un une et en dans pour par sur au aux que qui quoi est sont ce cette ces il elle ils elles
    """.split()
)

_stemmer = Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def words(text: str) -> list[str]:
    """Folded words. A hyphenated word counts joined and as its parts, so "co-operation" meets
    "cooperation" and "EU-level" meets "EU"."""
    out: list[str] = []
    for match in _WORD.finditer(fold(text).replace("'", " ")):
        word = match.group(0)
        if "-" in word:
            out.append(word.replace("-", ""))
            out.extend(part for part in word.split("-") if len(part) > 2 and not part.isdigit())
        else:
            out.append(word)
    return out


def tokens(text: str) -> list[str]:
    return [stem(w) for w in words(text) if w not in STOPWORDS]
