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
from ui.limits import RateLimiter
from ui.recommendations import RecommendationsView
from ui.render import e, level_badge, render_notice

TITLE = "Lanzarote Assistant"


class StatusBanner:
    """The index's loading progress; gone (and its timer stopped) once the assistant is ready."""

    def __init__(self, engine: Engine):
        self.engine = engine

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
            text = "The assistant cannot reach its search index at the moment; answers resume by themselves when it is back."
            return gr.HTML(render_notice(text, "error"), visible=True), gr.Timer(active=True)
        progress = f" ({status.done} of {status.total})" if status.total else ""
        text = f"Preparing the assistant: {status.message}{progress}. The chat answers as soon as this is done."
        return gr.HTML(render_notice(text, "loading"), visible=True), gr.Timer(active=True)


def _subtitle(engine: Engine) -> str:
    titles = "; ".join(f"“{s.title}”" for s in engine.corpus.factsheets)
    return (
        "Answers on the Lanzarote Committee's monitoring findings, from " + titles + ". "
        "Each answer cites the recommendations and Articles it rests on and quotes the source."
    )


def _levels_help(engine: Engine) -> str:
    rows = "".join(f"<li>{level_badge(d.level)} {e(d.text)}</li>" for d in engine.corpus.definitions)
    return f'<ul class="lz-levels">{rows}</ul>' if rows else ""


def main_page(engine: Engine, feedback: FeedbackStore, settings: Settings, limiter: RateLimiter | None = None) -> gr.Blocks:
    with gr.Blocks(title=TITLE, analytics_enabled=False) as page:
        with gr.Column(elem_id="lz-header"):
            gr.HTML(f"<h1>{e(TITLE)}</h1><p>{e(_subtitle(engine))}</p>")
        banner = StatusBanner(engine)
        banner.render()
        with gr.Tabs():
            with gr.Tab("Chat", id="chat", elem_id="lz-tab-chat"):
                ChatView(engine, feedback, settings, limiter=limiter).render()
                levels = _levels_help(engine)
                if levels:
                    with gr.Accordion("What “requires”, “requests” and “invites” mean", open=False):
                        gr.HTML(levels)
            with gr.Tab("Recommendations", id="recommendations", elem_id="lz-tab-recommendations"):
                RecommendationsView(engine).render()
        gr.HTML(
            '<p class="lz-footer">Answers quote the factsheets and cite them; check the quoted source before relying on an answer. '
            '<a href="docs">API documentation</a></p>'
        )
        banner.wire(page)
    return page


def embed_page(engine: Engine, feedback: FeedbackStore, settings: Settings, limiter: RateLimiter | None = None) -> gr.Blocks:
    with gr.Blocks(title=TITLE, analytics_enabled=False, fill_height=True, fill_width=True) as page:
        banner = StatusBanner(engine)
        banner.render()
        ChatView(engine, feedback, settings, compact=True, limiter=limiter).render()
        banner.wire(page)
    return page
