"""Answers and recommendations as HTML for the web chat: one renderer for the chat, the sources
panel and the Recommendations tab, so that a citation looks the same wherever it appears.

Everything that comes from outside this module is escaped: the person's question, the answer text
(rendered from Markdown with raw HTML disabled), the quotes and every field of a record. The HTML
that reaches the browser is only what this module writes.

    >>> from assistant.records import Answer
    >>> html = render_answer(Answer(question="q", text="**V-1** says so [1]."), turn=0)
    >>> "<strong>V-1</strong>" in html
    True
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from markdown_it import MarkdownIt

from assistant.records import Answer, Citation, Outcome
from corpus.records import ALL_PARTIES, Level, Recommendation
from ui.i18n import ENGLISH, Labels

# CommonMark with raw HTML off: "<script>" in a text becomes "&lt;script&gt;"; unsafe link schemes are dropped.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_MARKER = re.compile(r"\[(\d+)\]")

#: How each outcome that is not a plain answer is introduced (a Labels field), and the CSS modifier that styles it.
_NOTICE = {
    Outcome.OUT_OF_SCOPE: ("refusal", "outside"),
    Outcome.UNSAFE: ("safeguarding", "declined"),
    Outcome.NOT_FOUND: ("not-found", "not_in_source"),
}


def e(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape(str(value), quote=True)


def markdown(text: str) -> str:
    """Markdown to HTML with raw HTML escaped, on a single line: the chat keeps white space as it
    is, so a newline between two blocks would show as an empty line."""
    html = _MARKDOWN.render(text).strip()
    return re.sub(r"\s*\n\s*", " ", re.sub(r">\s*\n\s*<", "><", html))


def level_badge(level: Level | None) -> str:
    if level is None:
        return ""
    return (
        f'<span class="lz-badge lz-badge--{e(level.value)}" title="The Committee {e(level.verb)}">'
        f"{e(level.verb)}</span>"
    )


def articles_label(articles: Sequence[str], labels: Labels = ENGLISH) -> str:
    if not articles:
        return ""
    return (labels.article if len(articles) == 1 else labels.articles) + " " + ", ".join(articles)


def addressees_label(addressees: Sequence[str]) -> str:
    return ", ".join(addressees) if addressees else ""


def source_anchor(turn: int, marker: int) -> str:
    """The id of a source in the page: unique per answer (`turn`) and marker."""
    return f"lz-t{turn}-s{marker}"


# Chat messages ---------------------------------------------------------------------------------


def render_question(text: str) -> str:
    """A person's question as it is shown in the chat: always as text, never as Markup."""
    return f'<p class="lz-question">{e(text)}</p>'


def render_notice(text: str, kind: str = "info") -> str:
    """A message from the app itself (the index is loading, the question was empty, ...)."""
    return f'<div class="lz-notice lz-notice--{e(kind)}" role="status"><p>{e(text)}</p></div>'


def render_pending(labels: Labels = ENGLISH) -> str:
    return f'<p class="lz-pending" role="status"><span class="lz-spinner" aria-hidden="true"></span>{e(labels.searching)}</p>'


def _link_markers(body: str, citations: Iterable[Citation], turn: int, labels: Labels = ENGLISH) -> str:
    """Turn the [n] markers of cited sources into links to their entry in the sources panel."""
    known = {c.marker: c for c in citations}

    def link(match: re.Match) -> str:
        marker = int(match.group(1))
        citation = known.get(marker)
        if citation is None:
            return match.group(0)
        what = citation.recommendation or citation.kind
        return (
            f'<a class="lz-marker" href="#{source_anchor(turn, marker)}" '
            f'aria-label="{e(labels.source_word)} {marker}: {e(what)}" title="{e(what)}">[{marker}]</a>'
        )

    return _MARKER.sub(link, body)


def render_answer_text(text: str, citations: Sequence[Citation] = (), turn: int = 0, labels: Labels = ENGLISH) -> str:
    """The answer's Markdown as HTML, its markers linked to the sources. Used while streaming too,
    on a prefix of the text."""
    return _link_markers(markdown(text), citations, turn, labels)


def render_answer(answer: Answer, turn: int, text: str | None = None, with_sources: bool = True, labels: Labels = ENGLISH) -> str:
    """One answer as the chat shows it: a refusal looks like a refusal, an answer has its sources.

    `text` replaces `answer.text` while the answer is streaming in (a prefix of it)."""
    body = render_answer_text(answer.text if text is None else text, answer.citations, turn, labels)
    notice = _NOTICE.get(answer.outcome)
    if notice is not None:
        kind, field = notice
        title = getattr(labels, field)
        role = "alert" if answer.outcome is Outcome.UNSAFE else "note"
        body = (
            f'<div class="lz-notice lz-notice--{kind}" role="{role}">'
            f'<p class="lz-notice__title">{e(title)}</p>{body}</div>'
        )
    parts = [f'<div class="lz-answer lz-answer--{e(answer.outcome.value)}">', body]
    if with_sources and answer.notes:
        parts.append(render_notes(answer.notes, labels))
    if with_sources and answer.citations:
        parts.append(render_sources(answer.citations, turn, labels))
    parts.append("</div>")
    return "".join(parts)


def render_streaming(text: str, labels: Labels = ENGLISH) -> str:
    """The checked text a language model has written so far, before the verified `Answer` replaces
    it: Markdown with raw HTML escaped, its [n] markers plain text (their sources are not known yet)."""
    return f'<div class="lz-answer lz-answer--streaming" aria-busy="true">{render_answer_text(text, (), 0, labels)}</div>'


def render_notes(notes: Sequence[str], labels: Labels = ENGLISH) -> str:
    """What verification removed or changed (e.g. the language model timed out: the extractive answer is given)."""
    items = "".join(f"<li>{e(n)}</li>" for n in notes)
    return f'<aside class="lz-notes" aria-label="{e(labels.notes)}"><p class="lz-notes__title">{e(labels.notes)}</p><ul>{items}</ul></aside>'


def render_sources(citations: Sequence[Citation], turn: int, labels: Labels = ENGLISH) -> str:
    """The sources panel of one answer: each source with its id, level badge, Articles, section
    and the exact quote."""
    items = "".join(render_citation(c, turn, labels) for c in citations)
    count = len(citations)
    return (
        f'<section class="lz-sources" aria-label="{e(labels.sources_of_answer)}">'
        f'<h3 class="lz-sources__title">{e(labels.sources)} <span class="lz-count">({count})</span></h3>'
        f'<ol class="lz-sources__list">{items}</ol></section>'
    )


def render_citation(c: Citation, turn: int, labels: Labels = ENGLISH) -> str:
    name = c.recommendation or {"practice": labels.practice, "context": labels.context, "definition": labels.definition}.get(c.kind, c.kind)
    meta = [m for m in (articles_label(c.articles, labels), f"{labels.section} {c.section}" if c.section else "") if m]
    to = addressees_label(c.addressees)
    return (
        f'<li class="lz-source" id="{source_anchor(turn, c.marker)}" data-marker="{c.marker}">'
        f'<p class="lz-source__head"><span class="lz-source__marker">[{c.marker}]</span> '
        f'<strong class="lz-source__id">{e(name)}</strong> {level_badge(c.level)}</p>'
        + (f'<p class="lz-source__meta">{" · ".join(e(m) for m in meta)}</p>' if meta else "")
        + (f'<p class="lz-source__to">{e(labels.addressed_to)} {e(to)}</p>' if to else "")
        + f'<blockquote class="lz-quote">{e(c.quote)}</blockquote>'
        f'<p class="lz-source__where">{e(c.source)}, {e(labels.line)} {c.line}</p></li>'
    )


# Recommendations tab -----------------------------------------------------------------------------


def render_recommendation(rec: Recommendation, section_label: str, section_articles: Sequence[str], context: Sequence[str]) -> str:
    """One recommendation with its source context: where it sits and what the Committee found there."""
    to = "all Parties" if rec.addressees == (ALL_PARTIES,) else addressees_label(rec.addressees)
    paragraphs = "".join(f"<p>{e(p)}</p>" for p in context)
    section_meta = f" ({e(articles_label(section_articles))})" if section_articles else ""
    return (
        f'<article class="lz-rec" aria-label="Recommendation {e(rec.id)}">'
        f'<h3 class="lz-rec__title">{e(rec.id)} {level_badge(rec.level)}</h3>'
        f'<dl class="lz-rec__meta">'
        f"<dt>Addressed to</dt><dd>{e(to)}</dd>"
        f"<dt>Articles</dt><dd>{e(', '.join(rec.articles) or '–')}</dd>"
        f"<dt>Section</dt><dd>{e(section_label)}{section_meta}</dd>"
        f"<dt>Source</dt><dd>{e(rec.document)}, line {rec.line} (footnote {rec.footnote})</dd></dl>"
        f'<blockquote class="lz-quote">{e(rec.statement)}</blockquote>'
        + (
            f'<section class="lz-context" aria-label="Source context"><h4>The Committee\'s findings in this section</h4>{paragraphs}</section>'
            if paragraphs
            else ""
        )
        + "</article>"
    )
