"""The look of the web app: a calm Gradio theme on the system's own fonts (no web font is fetched,
so the page makes no request outside the host that serves it) and the CSS of the classes that
ui/render.py writes.

Colours are chosen for contrast (WCAG AA or better on both light and dark backgrounds).
"""

from __future__ import annotations

import gradio as gr

SYSTEM_SANS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
SYSTEM_MONO = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]


def theme() -> gr.themes.Base:
    return gr.themes.Default(
        primary_hue=gr.themes.colors.blue,
        secondary_hue=gr.themes.colors.slate,
        neutral_hue=gr.themes.colors.slate,
        radius_size=gr.themes.sizes.radius_md,
        font=SYSTEM_SANS,
        font_mono=SYSTEM_MONO,
    ).set(
        button_primary_background_fill="*primary_700",
        button_primary_background_fill_hover="*primary_800",
        button_primary_text_color="white",
        button_primary_background_fill_dark="*primary_600",
        button_primary_background_fill_hover_dark="*primary_500",
        block_title_text_weight="600",
        body_text_color_subdued="*neutral_600",
    )


CSS = """
/* Layout ------------------------------------------------------------------------------------ */
.gradio-container { max-width: 1100px !important; margin: 0 auto !important; }
.lz-embed .gradio-container, .gradio-container.lz-embed { max-width: none !important; }
#lz-header h1 { font-size: 1.5rem; margin: 0.25rem 0 0.1rem; }
#lz-header p { margin: 0; color: var(--body-text-color-subdued); }
.lz-lang { float: right; font-size: 0.95rem; margin: 0.35rem 0.25rem 0 0; }
.lz-lang a { font-weight: 600; }
.lz-hint { color: var(--body-text-color-subdued); font-size: 0.9rem; }
.lz-footer { color: var(--body-text-color-subdued); font-size: 0.85rem; text-align: center; padding: 0.5rem 0; }
.lz-footer a { color: inherit; }
#lz-chat .lz-question { margin: 0; white-space: pre-wrap; }
#lz-chat .lz-answer, #lz-chat .lz-notice { white-space: normal; }


/* Focus: always visible, for keyboard users ------------------------------------------------- */
.gradio-container :is(a, button, input, textarea, select, summary, [tabindex]):focus-visible {
  outline: 3px solid #1d4ed8 !important; outline-offset: 2px !important;
}

/* Answers ----------------------------------------------------------------------------------- */
.lz-answer p { margin: 0.35rem 0; }
.lz-answer ul, .lz-answer ol { margin: 0.35rem 0 0.35rem 1.25rem; }
.lz-marker { font-size: 0.8em; vertical-align: super; line-height: 0; text-decoration: none; font-weight: 600;
  color: #1d4ed8; padding: 0 0.1em; }
.dark .lz-marker { color: #93c5fd; }
.lz-pending { color: var(--body-text-color-subdued); font-style: italic; margin: 0; }
.lz-spinner { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.5em; border: 2px solid currentColor;
  border-right-color: transparent; border-radius: 50%; animation: lz-spin 0.8s linear infinite; vertical-align: -0.1em; }
@keyframes lz-spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .lz-spinner { animation: none; } }

/* Sources panel ----------------------------------------------------------------------------- */
.lz-sources { margin-top: 0.75rem; border-top: 1px solid var(--border-color-primary); padding-top: 0.5rem; }
.lz-sources__title { font-size: 0.95rem !important; margin: 0 0 0.4rem !important; font-weight: 600; }
.lz-count { font-weight: 400; color: var(--body-text-color-subdued); }
.lz-sources__list { list-style: none; margin: 0 !important; padding: 0 !important; display: grid; gap: 0.5rem; }
.lz-source { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 0.5rem 0.75rem;
  background: var(--background-fill-secondary); margin: 0 !important; }
.lz-source:target { outline: 3px solid #1d4ed8; }
.lz-source p { margin: 0.15rem 0 !important; }
.lz-source__head { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; }
.lz-source__marker { font-weight: 600; color: var(--body-text-color-subdued); }
.lz-source__meta, .lz-source__to, .lz-source__where { font-size: 0.85rem; color: var(--body-text-color-subdued); }
.lz-quote { margin: 0.35rem 0 !important; padding: 0.35rem 0.75rem !important; border-left: 4px solid #64748b !important;
  background: var(--background-fill-primary); font-size: 0.95rem; }

/* Urgency badges: light tints with dark text (contrast > 7:1) ------------------------------- */
.lz-badge { display: inline-block; font-size: 0.75rem; font-weight: 700; letter-spacing: 0.02em; text-transform: uppercase;
  border-radius: 999px; padding: 0.1rem 0.55rem; border: 1px solid currentColor; line-height: 1.4; }
.lz-badge--require { background: #fde8e8; color: #7f1d1d; }
.lz-badge--request { background: #fef3c7; color: #713f12; }
.lz-badge--invite  { background: #dcfce7; color: #14532d; }
.dark .lz-badge--require { background: #450a0a; color: #fecaca; }
.dark .lz-badge--request { background: #422006; color: #fde68a; }
.dark .lz-badge--invite  { background: #052e16; color: #bbf7d0; }

/* Refusals and notices: clearly not an answer, and not an error either ---------------------- */
.lz-notice { border-left: 4px solid #475569; background: var(--background-fill-secondary); padding: 0.5rem 0.75rem;
  border-radius: 6px; }
.lz-notice p { margin: 0.25rem 0; }
.lz-notice__title { font-weight: 700; }
.lz-notice--refusal { border-left-color: #b45309; }
.lz-notice--safeguarding { border-left-color: #6d28d9; }
.lz-notice--not-found { border-left-color: #64748b; }
.lz-notice--error { border-left-color: #b91c1c; }
.lz-notice--loading { border-left-color: #1d4ed8; }
.lz-notes { font-size: 0.875rem; color: #334155; border-left: 3px solid #94a3b8; padding: 0.25rem 0.75rem; margin: 0.5rem 0; }
.lz-notes p, .lz-notes ul { margin: 0.1rem 0; }
.lz-notes__title { font-weight: 600; }

/* Recommendations tab ----------------------------------------------------------------------- */
.lz-rec__title { display: flex; gap: 0.5rem; align-items: center; margin: 0 0 0.5rem !important; }
.lz-rec__meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 0.75rem; margin: 0 0 0.5rem; }
.lz-rec__meta dt { font-weight: 600; }
.lz-rec__meta dd { margin: 0; }
.lz-context h4 { margin: 0.75rem 0 0.25rem !important; font-size: 0.95rem; }
.lz-context p { color: var(--body-text-color-subdued); margin: 0.25rem 0; }

#lz-rec-table, #lz-rec-table * { font-family: var(--font) !important; }

/* Phones ------------------------------------------------------------------------------------ */
@media (max-width: 640px) {
  #lz-header h1 { font-size: 1.25rem; }
  .lz-rec__meta { grid-template-columns: 1fr; }
  .lz-rec__meta dt { margin-top: 0.25rem; }
}
"""


#: Only for the compact view in an iframe: every pixel goes to the conversation.
EMBED_CSS = """
.gradio-container { padding: 0.5rem !important; }
.gradio-container > .main, .gradio-container .contain { padding: 0 !important; }
#lz-chat .message { padding: 0.6rem 0.75rem !important; }
"""

#: Inserted in the page's <head>. Gradio labels each chat message with its raw content, which for
#: our HTML messages would make a screen reader read out markup: without that label it reads the
#: message itself. Citation markers move the focus to their source in the same answer without
#: touching the URL (a fragment link would reload a page opened with a query string).
HEAD = """
<meta name="description" content="Questions and cited answers on the Lanzarote Committee's monitoring findings.">
<script>
(() => {
  const clean = () => document.querySelectorAll('#lz-chat [aria-label*="\\'s message: "]').forEach((el) => el.removeAttribute('aria-label'));
  new MutationObserver(clean).observe(document.documentElement, {subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label']});
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a.lz-marker');
    if (!link) return;
    const target = document.getElementById((link.getAttribute('href') || '').slice(1));
    if (!target) return;
    event.preventDefault();
    target.setAttribute('tabindex', '-1');
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    target.scrollIntoView({block: 'nearest', behavior: still ? 'auto' : 'smooth'});
    target.focus({preventScroll: true});
  });
})();
</script>
"""
