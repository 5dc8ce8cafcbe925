"""The two pages of the web app, as Gradio Blocks:

- `main_page`: header, the Chat and Recommendations tabs, a short footer;
- `embed_page`: the chat alone, compact, for an iframe in the intranet (no header, tabs or footer).

Both show the index's loading progress until the assistant is ready.
"""

from __future__ import annotations

import gradio as gr

from assistant.settings import Settings
from ui.chat import ChatView
from ui.engine import Engine
from ui.feedback import FeedbackStore
from ui.i18n import ENGLISH, Labels
from ui.limits import RateLimiter
from ui.recommendations import RecommendationsView
from ui.render import e, level_badge, render_notice

TITLE = "Lanzarote Assistant"


class StatusBanner:
    """The index's loading progress; gone (and its timer stopped) once the assistant is ready."""

    def __init__(self, engine: Engine, labels: Labels = ENGLISH):
        self.engine = engine
        self.labels = labels

    def render(self) -> None:
        banner = gr.HTML("", elem_id="lz-status", visible=False)
        timer = gr.Timer(1.0, active=False)
        self._banner, self._timer = banner, timer

    def wire(self, page: gr.Blocks) -> None:
        page.load(self.update, None, [self._banner, self._timer], show_progress="hidden")
        self._timer.tick(self.update, None, [self._banner, self._timer], show_progress="hidden")

    def update(self) -> tuple:
        status = self.engine.status
        if status.ready:
            return gr.HTML("", visible=False), gr.Timer(active=False)
        if status.state == "failed":
            return gr.HTML(render_notice(status.message, "error"), visible=True), gr.Timer(active=False)
        if status.state == "unavailable":
            return gr.HTML(render_notice(self.labels.unreachable, "error"), visible=True), gr.Timer(active=True)
        progress = self.labels.progress.format(done=status.done, total=status.total) if status.total else ""
        text = self.labels.preparing.format(message=status.message, progress=progress)
        return gr.HTML(render_notice(text, "loading"), visible=True), gr.Timer(active=True)


def _subtitle(engine: Engine, labels: Labels) -> str:
    titles = "; ".join(f"“{s.title}”" for s in engine.corpus.factsheets)
    return labels.subtitle.format(titles=titles)


def language_switch(labels: Labels) -> str:
    """The visible link to the same page in the other language (a plain link: it works without JavaScript)."""
    return (
        f'<nav class="lz-lang" aria-label="Language"><a id="lz-lang-switch" href="{e(labels.switch_href)}" '
        f'hreflang="{"fr" if labels.language == "en" else "en"}" title="{e(labels.switch_title)}">{e(labels.switch_label)}</a></nav>'
    )


def _levels_help(engine: Engine) -> str:
    rows = "".join(f"<li>{level_badge(d.level)} {e(d.text)}</li>" for d in engine.corpus.definitions)
    return f'<ul class="lz-levels">{rows}</ul>' if rows else ""


def main_page(
    engine: Engine, feedback: FeedbackStore, settings: Settings, labels: Labels = ENGLISH, limiter: RateLimiter | None = None
) -> gr.Blocks:
    with gr.Blocks(title=TITLE, analytics_enabled=False) as page:
        with gr.Column(elem_id="lz-header"):
            gr.HTML(f"{language_switch(labels)}<h1>{e(TITLE)}</h1><p>{e(_subtitle(engine, labels))}</p>")
        banner = StatusBanner(engine, labels)
        banner.render()
        with gr.Tabs():
            with gr.Tab(labels.tab_chat, id="chat", elem_id="lz-tab-chat"):
                ChatView(engine, feedback, settings, labels=labels, limiter=limiter).render()
                levels = _levels_help(engine)
                if levels:
                    with gr.Accordion(labels.levels_accordion, open=False):
                        gr.HTML(levels)
            with gr.Tab(labels.tab_recommendations, id="recommendations", elem_id="lz-tab-recommendations"):
                RecommendationsView(engine).render()
        gr.HTML(f'<p class="lz-footer">{labels.footer}</p>')
        banner.wire(page)
    return page


def embed_page(
    engine: Engine, feedback: FeedbackStore, settings: Settings, labels: Labels = ENGLISH, limiter: RateLimiter | None = None
) -> gr.Blocks:
    with gr.Blocks(title=TITLE, analytics_enabled=False, fill_height=True, fill_width=True) as page:
        gr.HTML(language_switch(labels))
        banner = StatusBanner(engine, labels)
        banner.render()
        ChatView(engine, feedback, settings, compact=True, labels=labels, limiter=limiter).render()
        banner.wire(page)
    return page
