"""The Recommendations tab: every recommendation of the corpus in a table, filterable by Party,
urgency level and Article, with its full text; selecting one shows its source context.

It reads the same `Recommendation` records as the answer path (`engine.corpus`, which is the
assistant's own corpus once loaded); nothing here knows what the factsheets say.

    >>> [r.id for r in RecommendationFilter(party="Norway").run(corpus)]
    ['V-17', ...]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import gradio as gr

from corpus.collection import Corpus
from corpus.records import ALL_PARTIES, Level, Recommendation
from ui.engine import Engine
from ui.render import render_recommendation

HEADERS = ["Recommendation", "Level", "Addressed to", "Articles", "Section", "Full text"]
ANY = ""


def base_article(article: str) -> str:
    """'38(1)(a)' -> '38'."""
    return re.split(r"[(\s]", article, maxsplit=1)[0]


def article_matches(wanted: str, articles: tuple[str, ...]) -> bool:
    """'38' matches every paragraph of Article 38; '38(1)' matches 38(1) and 38(1)(a)."""
    return any(a == wanted or a.startswith(wanted + "(") for a in articles)


@dataclass(frozen=True)
class RecommendationFilter:
    """Which recommendations to list. Empty fields do not filter."""

    party: str = ANY
    level: str = ANY  # a Level value: require / request / invite
    article: str = ANY
    include_all_parties: bool = True  # with a Party: also those addressed to all Parties
    text: str = ""

    def run(self, corpus: Corpus) -> list[Recommendation]:
        words = self.text.casefold().split()
        found = []
        for rec in corpus.recommendations:
            if self.party and not (self.party in rec.addressees or (self.include_all_parties and rec.to_all_parties)):
                continue
            if self.level and rec.level.value != self.level:
                continue
            if self.article and not article_matches(self.article, rec.articles):
                continue
            if words and not all(w in (rec.id + " " + rec.statement).casefold() for w in words):
                continue
            found.append(rec)
        return found


def party_choices(corpus: Corpus) -> list[str]:
    """Every Party that a recommendation names, alphabetically."""
    return sorted({a for r in corpus.recommendations for a in r.addressees if a != ALL_PARTIES})


def article_choices(corpus: Corpus) -> list[tuple[str, str]]:
    """Each Article a recommendation rests on, and each Article number on its own (all its paragraphs)."""
    specific = {a for r in corpus.recommendations for a in r.articles}
    values = specific | {base_article(a) for a in specific}

    def key(article: str) -> list:
        return [int(p) if p.isdigit() else p for p in re.findall(r"\d+|[a-z]+", article)]

    return [(f"Article {a}" + (" (all paragraphs)" if a not in specific else ""), a) for a in sorted(values, key=key)]


def table_rows(recs: list[Recommendation]) -> list[list[str]]:
    return [
        [r.id, r.level.verb, "all Parties" if r.to_all_parties else ", ".join(r.addressees), ", ".join(r.articles), r.section, r.statement]
        for r in recs
    ]


def source_context(corpus: Corpus, rec: Recommendation, paragraphs: int = 3) -> tuple[str, tuple[str, ...], list[str]]:
    """Where `rec` sits: its section's label and Articles, and the Committee's findings that lead
    up to it (the section's paragraphs before it, at most `paragraphs`)."""
    sheet = next(s for s in corpus.factsheets if s.document == rec.document)
    section = sheet.section(rec.section)
    before = [p.text for p in sheet.paragraphs if p.section == rec.section and p.line < rec.line]
    return section.label, section.articles, before[-paragraphs:]


def render_detail(corpus: Corpus, rec_id: str | None) -> str:
    rec = corpus.recommendation(rec_id) if rec_id else None
    if rec is None:
        return '<p class="lz-hint">Select a recommendation in the table (or in the list above it) to see its source context.</p>'
    label, articles, context = source_context(corpus, rec)
    return render_recommendation(rec, label, articles, context)


class RecommendationsView:
    def __init__(self, engine: Engine):
        self.engine = engine

    def render(self) -> None:
        corpus = self.engine.corpus
        levels = [("Any level", ANY)] + [(f"{level.verb} ({level.value})", level.value) for level in Level]
        gr.Markdown(
            "Every recommendation of the factsheets. Filter the table, then select a row to read the "
            "recommendation in its source context.",
            elem_classes=["lz-hint"],
        )
        with gr.Row(equal_height=False):
            party = gr.Dropdown([("Any Party", ANY), *[(p, p) for p in party_choices(corpus)]], value=ANY, label="Party", elem_id="lz-filter-party", min_width=180)
            level = gr.Dropdown(levels, value=ANY, label="Urgency level", elem_id="lz-filter-level", min_width=160)
            article = gr.Dropdown([("Any Article", ANY), *article_choices(corpus)], value=ANY, label="Article", elem_id="lz-filter-article", min_width=160)
            text = gr.Textbox(label="Words in the text", placeholder="e.g. reservation", elem_id="lz-filter-text", min_width=180)
        include_all = gr.Checkbox(True, label="With a Party selected, also list the recommendations addressed to all Parties", elem_id="lz-filter-all")
        count = gr.HTML(self._count(len(corpus.recommendations), len(corpus.recommendations)), elem_id="lz-rec-count")
        table = gr.Dataframe(
            value=table_rows(corpus.recommendations),
            headers=HEADERS,
            datatype=["str"] * len(HEADERS),
            interactive=False,
            wrap=True,
            column_widths=["15%", "10%", "18%", "11%", "9%", "37%"],
            max_height=520,
            label="Recommendations",
            show_label=False,
            elem_id="lz-rec-table",
        )
        pick = gr.Dropdown([r.id for r in corpus.recommendations], value=None, label="Show recommendation", elem_id="lz-rec-pick")
        detail = gr.HTML(render_detail(corpus, None), elem_id="lz-rec-detail")

        filters = [party, level, article, include_all, text]
        for control in (party, level, article, include_all):
            control.change(self.filter, filters, [table, count, pick], show_progress="hidden")
        text.change(self.filter, filters, [table, count, pick], show_progress="hidden", trigger_mode="always_last")
        table.select(self.select_row, None, [pick], show_progress="hidden")
        pick.change(self.show, [pick], [detail], show_progress="hidden")

    @staticmethod
    def _count(shown: int, total: int) -> str:
        what = "recommendation" if total == 1 else "recommendations"
        return f'<p class="lz-hint" role="status">Showing {shown} of {total} {what}.</p>'

    def filter(self, party: str, level: str, article: str, include_all: bool, text: str) -> tuple:
        corpus = self.engine.corpus
        recs = RecommendationFilter(party or ANY, level or ANY, article or ANY, bool(include_all), text or "").run(corpus)
        ids = [r.id for r in recs]
        return table_rows(recs), self._count(len(recs), len(corpus.recommendations)), gr.Dropdown(choices=ids, value=None)

    def select_row(self, selected: gr.SelectData) -> str | dict:
        row = selected.row_value or []
        return row[0] if row else gr.skip()

    def show(self, rec_id: str | None) -> str:
        return render_detail(self.engine.corpus, rec_id)
