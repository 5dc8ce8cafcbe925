"""Convention Article references: finding them in text and writing them one canonical way.

The factsheets and the people asking questions write the same provision many ways
("Article 38(1)(a)", "Article 38, paragraph 4", "Article 20(1),f", "Art. 38 para 2",
"article 38, paragraphe 2", "Article 38.2"). Everything downstream compares the canonical form
"38(1)(a)", so records and questions meet.
"""

from __future__ import annotations

import re

_PARA = r"(?:\s*\(\s*(?P<p1>\d{1,2})\s*\)|\s*,?\s*(?:paragraphs?|paragraphes?|paras?\.?|§|al\.?|alinéa)\s*(?P<p2>\d{1,2})|\.(?P<p3>\d{1,2})(?![\d.]))?"
_SUB = r"(?:\s*\(\s*(?P<s1>[a-z])\s*\)|,(?P<s2>[a-z])\b|(?<=\))(?P<s3>[a-z])\b|\s*,?\s*(?:sub-?paragraph|lit\.?|littera|point)\s*(?P<s4>[a-z])\b)?"
_ONE = rf"(?P<num>\d{{1,3}}){_PARA}{_SUB}"
_ARTICLE = re.compile(rf"\b(?:articles?|arts?\.?)\s*{_ONE}", re.IGNORECASE)
# "Articles 19 and 20", "articles 38(2) et 38(4)": the numbers that follow a first match.
_MORE = re.compile(rf"\s*(?:,|and|et|or|ou|&)\s*{_ONE}", re.IGNORECASE)
# A bare "38(2)" or "38(1)(a)" with no "Article" before it, as people type in questions.
_BARE = re.compile(r"(?<![\w(/-])(?P<num>\d{1,3})\s*\(\s*(?P<p1>\d{1,2})\s*\)(?:\s*\(\s*(?P<s1>[a-z])\s*\))?(?![\w/])")


def _canonical(match: re.Match) -> str:
    groups = match.groupdict()
    paragraph = groups.get("p1") or groups.get("p2") or groups.get("p3")
    sub = groups.get("s1") or groups.get("s2") or groups.get("s3") or groups.get("s4")
    ref = match.group("num")
    if paragraph:
        ref += f"({paragraph})"
        if sub:
            ref += f"({sub.lower()})"
    return ref


def find_articles(text: str, *, bare: bool = False) -> list[str]:
    """Canonical Article references in `text`, in order of first appearance, without repeats.

    >>> find_articles("Article 20(1),f and Article 38, paragraph 4; Articles 19 and 20")
    ['20(1)(f)', '38(4)', '19', '20']
    """
    found: list[tuple[int, str]] = []
    covered: list[tuple[int, int]] = []
    for match in _ARTICLE.finditer(text):
        found.append((match.start(), _canonical(match)))
        end = match.end()
        while (more := _MORE.match(text, end)) is not None:
            found.append((more.start(), _canonical(more)))
            end = more.end()
        covered.append((match.start(), end))
    if bare:
        found.extend(
            (m.start(), _canonical(m))
            for m in _BARE.finditer(text)
            if not any(start <= m.start() < end for start, end in covered)
        )
    return list(dict.fromkeys(ref for _, ref in sorted(found)))


def article_covers(query: str, article: str) -> bool:
    """Whether a question about `query` ("38(1)") is about `article` ("38(1)(a)")."""
    return article == query or article.startswith(query + "(")


def display(article: str) -> str:
    return f"Article {article}"
