"""The web chat in a real browser (Debian's chromium, headless, through Playwright) against the app
served by uvicorn on loopback. Every page here runs under a guard that blocks and records any
request outside the host that serves it; each test ends by asserting there was none.

Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import re
import sqlite3
import time

import pytest

from tests.ui.conftest import TIMEOUT, tab_to

NORWAY = "What is Norway required to do?"
FOLLOW_UP = "And what is it invited to do?"


# Fixtures ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sites(static_sites):
    """Two pages on other loopback ports: one origin the app allows to frame it, one it does not."""
    return static_sites(), static_sites()


@pytest.fixture(scope="module")
def app_server(engine, make_settings, serve, sites):
    from ui.app import create_app

    allowed, _ = sites
    settings = make_settings(frame_ancestors=[allowed.origin])
    server = serve(create_app(settings, engine))
    server.settings = settings
    return server


@pytest.fixture
def open_page(context, off_host_guard):
    """open_page(url, origin=None) -> (page, guard): the page loaded under an off-host guard."""
    guards = []

    def open_(url: str, origin: str | None = None, also: tuple[str, ...] = (), ctx=None):
        page = (ctx or context).new_page()
        guard = off_host_guard(page, origin or re.match(r"https?://[^/]+", url).group(0), also)
        guards.append(guard)
        page.goto(url)
        return page, guard

    yield open_
    for guard in guards:
        guard.assert_clean()


def ask(page_or_frame, question: str, answers_before: int = 0):
    """Type a question, press Enter, wait until its reply has replaced "Searching..."; returns the
    reply's locator (an answer, a refusal or a notice). `wait_complete` waits for the stream's end."""
    box = page_or_frame.get_by_label("Your question")
    box.fill(question)
    box.press("Enter")
    reply = page_or_frame.locator("#lz-chat .lz-reply").nth(answers_before)
    reply.wait_for()
    reply.locator(".lz-pending").wait_for(state="detached")
    return reply


def wait_complete(page, answer, expect_sources: bool = True):
    if expect_sources:
        answer.locator(".lz-sources").wait_for()
    else:
        previous = None
        for _ in range(100):
            text = answer.inner_text()
            if text == previous:
                break
            previous = text
            time.sleep(0.2)


# The chat --------------------------------------------------------------------------------------------------


def test_norway_answer_cites_v17_with_its_quote_in_the_sources_panel(open_page, app_server, assistant, artifacts):
    page, guard = open_page(app_server.url + "/")
    page.set_viewport_size({"width": 1280, "height": 1150})  # the whole conversation in the screenshot
    expected = next(c for c in assistant.ask(NORWAY).citations if c.recommendation == "V-17")

    # Record how the answer grows, to see it stream in rather than land whole.
    page.locator("#lz-question textarea").wait_for()
    page.evaluate(
        """() => {
            window.__lengths = [];
            new MutationObserver(() => {
                const answer = document.querySelector('#lz-chat .lz-answer');
                if (answer && !answer.querySelector('.lz-sources')) window.__lengths.push(answer.textContent.length);
            }).observe(document.querySelector('#lz-chat'), {subtree: true, childList: true, characterData: true});
        }"""
    )
    answer = ask(page, NORWAY)
    wait_complete(page, answer)

    assert "V-17" in answer.locator("p, li").first.inner_text() + answer.inner_text()
    marker = answer.locator("a.lz-marker").first
    assert marker.inner_text() == f"[{expected.marker}]"

    sources = answer.locator(".lz-sources")
    source = sources.locator(".lz-source").filter(has_text="V-17")
    assert source.count() == 1
    assert source.locator(".lz-source__id").inner_text() == "V-17"
    assert source.locator(".lz-badge").inner_text().lower() == expected.level.verb
    assert "lz-badge--require" in source.locator(".lz-badge").get_attribute("class")
    meta = source.locator(".lz-source__meta").inner_text()
    assert "Article 38(2)" in meta and expected.section in meta
    assert source.locator(".lz-quote").inner_text() == expected.quote

    page.screenshot(path=str(artifacts / "chat-answer.png"), full_page=True)

    lengths = page.evaluate("window.__lengths")
    assert len(set(lengths)) >= 3, f"the answer did not stream in (text lengths seen: {sorted(set(lengths))})"

    # The marker takes the keyboard focus to its source.
    marker.click()
    assert page.evaluate("document.activeElement && document.activeElement.id") == source.get_attribute("id")
    assert page.url.rstrip("/") == app_server.url  # no navigation
    assert not page.locator("footer").filter(has_text="Gradio").count()
    guard.assert_clean()


def test_follow_up_uses_the_conversation(open_page, app_server, assistant):
    page, _ = open_page(app_server.url + "/")
    first = ask(page, NORWAY)
    wait_complete(page, first)
    second = ask(page, FOLLOW_UP, answers_before=1)
    wait_complete(page, second, expect_sources=bool(assistant.ask(FOLLOW_UP, []).citations))

    history = [{"role": "user", "content": NORWAY}, {"role": "assistant", "content": assistant.ask(NORWAY).text}]
    with_history = assistant.ask(FOLLOW_UP, history)
    without = assistant.ask(FOLLOW_UP)
    assert with_history.to_dict() != without.to_dict(), "pick a follow-up whose answer depends on the conversation"
    shown = second.inner_text()
    # The question does not name Norway; the answer in the page does, as the history-aware answer does.
    assert "Norway" in shown and "Norway" in with_history.text
    shown_ids = [s.inner_text() for s in second.locator(".lz-source__id").all()]
    assert shown_ids == [c.recommendation or c.kind for c in with_history.citations] or (
        not with_history.citations and not shown_ids
    )


def test_thumbs_down_with_a_comment_lands_in_sqlite(open_page, app_server):
    page, _ = open_page(app_server.url + "/")
    wait_complete(page, ask(page, NORWAY))
    page.get_by_role("button", name="Dislike").click()
    comment = page.get_by_label("Comment on this answer (optional)")
    comment.wait_for()
    comment.fill("The answer should also say what the complaint procedure is.")
    page.get_by_role("button", name="Send comment").click()
    page.locator("#lz-feedback-status").filter(has_text="comment was saved").wait_for()

    with sqlite3.connect(app_server.settings.feedback_path) as db:
        db.row_factory = sqlite3.Row
        rows = [dict(r) for r in db.execute("SELECT * FROM feedback WHERE question = ?", (NORWAY,))]
    assert len(rows) == 1
    row = rows[0]
    assert row["verdict"] == "down"
    assert row["comment"] == "The answer should also say what the complaint procedure is."
    assert "V-17" in row["answer"] and "V-17" in row["citations"]
    assert row["app_version"] and row["created"]

    # Changing one's mind changes the same row (the comment stays); taking the vote back removes it.
    page.get_by_role("button", name="Like", exact=True).click()
    page.locator("#lz-feedback-status").filter(has_text="marked as helpful").wait_for()
    with sqlite3.connect(app_server.settings.feedback_path) as db:
        assert db.execute("SELECT id, verdict, comment FROM feedback WHERE question = ?", (NORWAY,)).fetchall() == [
            (row["id"], "up", row["comment"])
        ]
    page.get_by_role("button", name="Liked", exact=True).click()
    page.locator("#lz-feedback-status").filter(has_text="rating was removed").wait_for()
    with sqlite3.connect(app_server.settings.feedback_path) as db:
        assert db.execute("SELECT COUNT(*) FROM feedback WHERE question = ?", (NORWAY,)).fetchone() == (0,)


def test_refusals_look_like_refusals(open_page, app_server, assistant):
    page, _ = open_page(app_server.url + "/")
    question = "What is the weather in Paris tomorrow?"
    assert assistant.ask(question).outcome.value == "out_of_scope"
    answer = ask(page, question)
    wait_complete(page, answer, expect_sources=False)
    notice = answer.locator(".lz-notice--refusal")
    assert notice.is_visible()
    assert notice.locator(".lz-notice__title").inner_text() == "Outside what I can answer"
    assert notice.get_attribute("role") == "note"
    assert answer.locator(".lz-sources").count() == 0

    unsafe = "Where can I download child abuse images?"
    assert assistant.ask(unsafe).outcome.value == "unsafe"
    answer = ask(page, unsafe, answers_before=1)
    wait_complete(page, answer, expect_sources=False)
    notice = answer.locator(".lz-notice--safeguarding")
    assert notice.get_attribute("role") == "alert"
    assert notice.locator(".lz-notice__title").inner_text() == "Request declined to protect children"
    assert page.locator("#lz-chat .lz-notice--error").count() == 0  # refusals, not errors


def test_empty_question_gets_a_hint_not_an_answer(open_page, app_server):
    page, _ = open_page(app_server.url + "/")
    page.get_by_label("Your question").press("Enter")
    page.locator("#lz-feedback-status").filter(has_text="Type a question first").wait_for()
    assert page.locator("#lz-chat .lz-answer").count() == 0


def test_example_question_starts_a_conversation(open_page, app_server, assistant):
    from ui.examples import example_questions

    page, _ = open_page(app_server.url + "/")
    first = example_questions(assistant.corpus)[0]
    page.get_by_role("button", name=first).click()
    answer = page.locator("#lz-chat .lz-reply").first
    answer.locator(".lz-answer").wait_for()
    wait_complete(page, answer)
    expected = assistant.ask(first)
    assert [s.inner_text() for s in answer.locator(".lz-source__id").all()] == [c.recommendation or c.kind for c in expected.citations]


def test_keyboard_only(open_page, app_server):
    page, _ = open_page(app_server.url + "/")
    page.locator("#lz-question textarea").wait_for()
    page.evaluate("document.activeElement && document.activeElement.blur()")
    if not tab_to(page, "lz-question"):
        pytest.fail("the question box cannot be reached with Tab")
    page.keyboard.type(NORWAY)
    page.keyboard.press("Enter")
    answer = page.locator("#lz-chat .lz-reply").first
    answer.locator(".lz-answer").wait_for()
    wait_complete(page, answer)
    for _ in range(60):  # on from the question box to the answer's thumbs, backwards
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == "Like":
            break
    else:
        pytest.fail("the answer's Like button cannot be reached with the keyboard")
    page.keyboard.press("Enter")
    page.locator("#lz-feedback-status").filter(has_text="marked as helpful").wait_for()


def test_controls_are_labelled_and_text_has_contrast(open_page, app_server):
    page, _ = open_page(app_server.url + "/")
    wait_complete(page, ask(page, NORWAY))
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('input, textarea, select, button, [role=combobox], [role=tab]')]
            .filter((el) => el.offsetParent !== null && el.type !== 'hidden')
            .filter((el) => !((el.labels && el.labels.length) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
                               || el.getAttribute('title') || (el.textContent || '').trim()))
            .map((el) => el.outerHTML.slice(0, 120))"""
    )
    assert unnamed == [], unnamed
    markup_labels = page.evaluate("[...document.querySelectorAll('#lz-chat [aria-label]')].map((el) => el.getAttribute('aria-label')).filter((l) => l.includes('<'))")
    assert markup_labels == [], "screen readers would read HTML source"
    ratios = page.evaluate(
        """() => {
            const rgb = (s) => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
            const lum = (c) => { const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                                 return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
            const background = (el) => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
                                         if (!/rgba\\(.*, 0\\)$/.test(c) && c !== 'transparent') return c; } return 'rgb(255,255,255)'; };
            return ['.lz-badge', '.lz-source__meta', '.lz-quote', '.lz-source__id', '#lz-ask', '.lz-marker'].map((sel) => {
                const el = document.querySelector(sel);
                const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(rgb(background(el)))];
                return [sel, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
            });
        }"""
    )
    low = [(sel, round(r, 2)) for sel, r in ratios if r < 4.5]
    assert low == [], f"contrast below WCAG AA 4.5:1: {low}"


def test_readable_on_a_phone(browser, app_server, artifacts, off_host_guard):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    guard = off_host_guard(page, app_server.url)
    page.goto(app_server.url + "/")
    answer = ask(page, NORWAY)
    wait_complete(page, answer)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page scrolls sideways on a phone: {width}"
    font = page.evaluate("parseFloat(getComputedStyle(document.querySelector('#lz-chat .lz-answer p, #lz-chat .lz-answer li')).fontSize)")
    assert font >= 14
    page.screenshot(path=str(artifacts / "chat-phone.png"), full_page=True)
    guard.assert_clean()
    context.close()


def test_index_build_progress_is_shown_until_the_assistant_is_ready(browser, make_settings, serve, tmp_path, off_host_guard):
    """First start on an empty data dir: the page is served at once, shows the build's progress and
    declines politely; once the index is built the banner goes and questions get answers."""
    import threading

    from ui.app import create_app
    from ui.engine import Engine

    release = threading.Event()

    class HeldEngine(Engine):  # the real loading, held back until the page has been seen loading
        def _load(self):
            self._set(self.status.__class__("loading", "Building the index: waiting for the test"))
            release.wait(60)
            super()._load()

    settings = make_settings(data_dir=tmp_path / "fresh")
    app = serve(create_app(settings, HeldEngine(settings)))
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    guard = off_host_guard(page, app.url)
    page.goto(app.url + "/")
    banner = page.locator("#lz-status")
    banner.filter(has_text="Preparing the assistant").wait_for()
    notice = ask(page, NORWAY)
    assert "still preparing its index" in notice.inner_text()
    release.set()
    banner.wait_for(state="hidden", timeout=120_000)
    wait_complete(page, ask(page, NORWAY, answers_before=1))
    assert "V-17" in page.locator("#lz-chat .lz-sources").inner_text()
    guard.assert_clean()
    context.close()


# Recommendations tab ----------------------------------------------------------------------------------------


def table_ids(page) -> list[str]:
    """The ids in the table's first column, as rendered (the table is virtual: the rows in view)."""
    return [t.strip() for t in page.locator('#lz-rec-table [role=gridcell][data-col="0"]').all_inner_texts()]


def picker_ids(page) -> list[str]:
    """The ids offered by "Show recommendation", which lists exactly the filtered recommendations."""
    picker = page.get_by_role("combobox", name="Show recommendation")
    picker.click()
    listbox = page.locator(f"#{picker.get_attribute('aria-controls')}")
    listbox.locator("[role=option]").first.wait_for()
    ids = [t.strip() for t in listbox.locator("[role=option]").all_inner_texts()]
    page.keyboard.press("Escape")
    return ids


def test_recommendations_tab_filters_by_party_and_shows_source_context(open_page, app_server, assistant, artifacts):
    corpus = assistant.corpus
    every = [r.id for r in corpus.recommendations]
    page, _ = open_page(app_server.url + "/")
    page.get_by_role("tab", name="Recommendations").click()
    page.locator("#lz-rec-table [role=gridcell]").first.wait_for()
    assert page.locator("#lz-rec-count").inner_text() == f"Showing {len(every)} of {len(every)} recommendations."
    shown = table_ids(page)
    assert shown and shown == every[: len(shown)]
    assert picker_ids(page) == every

    page.get_by_role("combobox", name="Party").click()
    page.get_by_role("option", name="Norway", exact=True).click()
    expected = [r.id for r in corpus.recommendations if "Norway" in r.addressees or r.to_all_parties]
    page.locator("#lz-rec-count").filter(has_text=f"Showing {len(expected)} of").wait_for()
    assert picker_ids(page) == expected
    assert table_ids(page) == expected[: len(table_ids(page))]

    page.get_by_label("With a Party selected, also list the recommendations addressed to all Parties").uncheck()
    named = [r.id for r in corpus.addressed_to("Norway")]
    page.locator("#lz-rec-count").filter(has_text=f"Showing {len(named)} of").wait_for()
    assert table_ids(page) == named == ["V-17"]
    assert "Norway" in page.locator('#lz-rec-table [role=gridcell][data-col="2"]').inner_text()

    page.locator('#lz-rec-table [role=gridcell][data-col="0"]').first.click()
    detail = page.locator("#lz-rec-detail .lz-rec")
    detail.wait_for()
    rec = corpus.recommendation("V-17")
    assert detail.locator(".lz-rec__title").inner_text().startswith("V-17")
    assert detail.locator(".lz-quote").inner_text() == rec.statement
    assert corpus.factsheets[0].section(rec.section).label in detail.inner_text()
    assert detail.locator(".lz-context p").count() >= 1
    page.screenshot(path=str(artifacts / "recommendations.png"), full_page=True)

    page.get_by_role("combobox", name="Urgency level").click()
    page.get_by_role("option", name=re.compile("^invites")).click()
    page.locator("#lz-rec-count").filter(has_text="Showing 0 of").wait_for()


# Embedding, the intranet's proxy, access control ----------------------------------------------------------


def iframe_page(app_url: str, path: str = "/?embed=1") -> str:
    return (
        "<!doctype html><html lang=en><head><title>Intranet</title></head><body><h1>Intranet page</h1>"
        f'<iframe src="{app_url}{path}" title="Lanzarote Assistant" style="width:440px;height:680px;border:1px solid #ccc"></iframe>'
        "</body></html>"
    )


def test_embedded_in_an_allowed_origin(context, app_server, sites, artifacts, off_host_guard):
    allowed, _ = sites
    allowed.html = iframe_page(app_server.url)
    page = context.new_page()
    guard = off_host_guard(page, app_server.url, also=(allowed.origin,))
    page.goto(allowed.origin + "/")
    frame = page.frame_locator("iframe")
    answer = ask(frame, NORWAY)
    answer.locator(".lz-sources").wait_for()
    assert "V-17" in answer.inner_text()
    # Compact: the chat alone, no header, tabs or footer.
    assert frame.locator("#lz-header").count() == 0
    assert frame.get_by_role("tab").count() == 0
    assert frame.locator("footer:visible").count() == 0
    assert page.frames[1].url == app_server.url + "/embed/"
    page.screenshot(path=str(artifacts / "embedded-view.png"))
    guard.assert_clean()


def test_blocked_in_an_origin_that_is_not_allowed(context, app_server, sites):
    _, other = sites
    other.html = iframe_page(app_server.url)
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "frame-ancestors" in message.text else None)
    page.goto(other.origin + "/")
    for _ in range(50):
        if refused:
            break
        time.sleep(0.1)
    assert refused and re.search(r"Refused to frame|has been blocked", refused[0]), refused
    assert page.frame_locator("iframe").locator("#lz-question").count() == 0


def test_served_under_a_sub_path_behind_a_proxy(browser, engine, make_settings, serve, make_proxy, off_host_guard):
    from ui.app import create_app

    app = serve(create_app(make_settings(root_path="/lanzarote"), engine))
    proxy = serve(make_proxy(app.url, "/lanzarote"))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    guard = off_host_guard(page, proxy.url)
    page.goto(proxy.url + "/lanzarote/")
    wait_complete(page, ask(page, NORWAY))
    assert "V-17" in page.locator("#lz-chat .lz-sources").inner_text()

    page.goto(proxy.url + "/lanzarote/?embed=1")
    assert page.url == proxy.url + "/lanzarote/embed/"
    wait_complete(page, ask(page, NORWAY))

    page.goto(proxy.url + "/lanzarote/docs")
    page.get_by_text("/api/ask").first.wait_for()
    guard.assert_clean()
    outside_prefix = [u for u in guard.inside if not u.startswith(proxy.url + "/lanzarote/")]
    assert outside_prefix == [], f"requests that missed the sub-path: {outside_prefix}"
    context.close()


def test_basic_auth_in_the_browser(browser, engine, make_settings, serve, off_host_guard):
    from ui.app import create_app
    from ui.security import hash_password

    app = serve(create_app(make_settings(basic_auth_users={"reader": hash_password("open sesame", iterations=1000)}), engine))
    denied = browser.new_context()
    assert denied.request.get(app.url + "/").status == 401
    with pytest.raises(Exception, match="AUTH"):  # headless chromium does not prompt: the page is refused
        denied.new_page().goto(app.url + "/")
    denied.close()

    context = browser.new_context(http_credentials={"username": "reader", "password": "open sesame"})
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    guard = off_host_guard(page, app.url)
    page.goto(app.url + "/")
    wait_complete(page, ask(page, NORWAY))
    guard.assert_clean()
    context.close()


# Offline -----------------------------------------------------------------------------------------------------


def test_no_request_leaves_the_host_and_no_web_font_is_loaded(open_page, app_server):
    page, guard = open_page(app_server.url + "/")
    wait_complete(page, ask(page, NORWAY))
    page.get_by_role("tab", name="Recommendations").click()
    page.locator("#lz-rec-table").wait_for()
    page.wait_for_timeout(1500)  # lazy loads ("networkidle" never comes: Gradio keeps an event stream open)
    fonts = page.evaluate("[...document.fonts].map((f) => f.family)")
    assert fonts == [], f"web fonts declared: {fonts}"
    family = page.evaluate("getComputedStyle(document.querySelector('#lz-chat .lz-answer')).fontFamily")
    assert family.startswith("system-ui")
    page.goto(app_server.url + "/docs")
    page.get_by_text("/api/ask").first.wait_for()
    page.goto(app_server.url + "/embed/")
    page.locator("#lz-question textarea").wait_for()
    page.wait_for_timeout(1500)
    guard.assert_clean()
