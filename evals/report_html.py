"""The eval report as one self-contained HTML page: figures, inline SVG charts and every failing item.

No script, no external stylesheet, font or image: the page makes no request, so it can be mailed,
archived or opened offline. Every text from the gold set or an answer is HTML-escaped.

    >>> html = render_html(report, comparison=None)
    >>> Path("evals/reports/eval.html").write_text(html)
"""

from __future__ import annotations

from html import escape

from evals.figures import COMPARED, FIGURES, JUDGE, SIDE_BY_SIDE, TABLE, judge_ran
from evals.svg import BASELINE, BASELINE_LIGHT, OURS, OURS_LIGHT, Series, bars, histogram

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#1b1f23;line-height:1.4}
h1{font-size:1.5em}h2{margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.85em}
th,td{border:1px solid #ddd;padding:.2em .5em;text-align:right}th:first-child,td:first-child{text-align:left}
thead th{background:#f6f8fa}tr.total td{font-weight:bold;background:#fafbfc}
.base{color:#8a6d1f}.good{color:#1a7f37}.bad{color:#cf222e;font-weight:bold}.muted{color:#666}
.item{border:1px solid #ddd;border-left:4px solid #cf222e;border-radius:4px;padding:.5em 1em;margin:1em 0}
.item h3{margin:.2em 0;font-size:1em}.item dl{display:grid;grid-template-columns:12em 1fr;gap:.2em 1em;margin:.5em 0}
.item dt{color:#666}.item dd{margin:0}
pre{white-space:pre-wrap;background:#f6f8fa;padding:.5em;border-radius:4px;font-size:.85em;max-height:30em;overflow:auto}
blockquote{margin:.2em 0 .6em 1em;color:#444;font-size:.85em;border-left:3px solid #ddd;padding-left:.6em}
.note{background:#fff8c5;border:1px solid #d4a72c;padding:.5em 1em;border-radius:4px}
.charts svg{display:block;margin:1em 0}
table.meta th,table.meta td{text-align:left}
"""


def render_html(report: dict, comparison: dict | None = None) -> str:
    ours = report["runs"]["ours"]
    base = report["runs"].get("baseline")
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>Lanzarote Assistant eval · {escape(str(report.get('created')))}</title><style>{_STYLE}</style></head><body>",
        "<h1>Lanzarote Assistant: evaluation report</h1>",
        _meta(report),
        "<h2>Overall</h2>",
        _split_table(ours, base),
        "<h2>Charts</h2><div class='charts'>",
        _charts(ours, base),
        "</div>",
    ]
    for split, categories in ours["by_split_category"].items():
        parts.append(f"<h2>{escape(split)} split by category</h2>")
        parts.append(_category_table(categories, ours["by_split"][split], (base or {}).get("by_split_category", {}).get(split),
                                     (base or {}).get("by_split", {}).get(split), judged=judge_ran(ours["summary"])))
    if comparison:
        parts.append(_comparison(comparison))
    parts.append(_failures(ours["items"]))
    parts.append("</body></html>")
    return "\n".join(parts)


def _meta(report: dict) -> str:
    code = report.get("code") or {}
    dirty = " <span class='bad'>(with uncommitted changes)</span>" if code.get("dirty") else ""
    overrides = report.get("config", {}).get("overrides") or {}
    config = ", ".join(f"{escape(str(k))}={escape(str(v))}" for k, v in overrides.items()) or "defaults"
    settings = report.get("settings", {})
    knobs = ", ".join(f"{k}={escape(str(settings[k]))}" for k in ("embedding_model", "dense_k", "sparse_k", "rrf_k") if k in settings)
    runs = "; ".join(f"<b>{escape(name)}</b>: {escape(run['label'])}" for name, run in report["runs"].items())
    judge = report.get("judge")
    judged = (
        f"<tr><th>judge</th><td>{escape(str(judge.get('model')))}: a language model's grade (0, 0.5 or 1) of the answers of "
        f"{escape(', '.join(judge.get('runs', [])))}; an opinion, never part of a pass</td></tr>"
    ) if judge else ""
    return (
        "<table class='meta'>"
        f"<tr><th>created</th><td>{escape(str(report.get('created')))}</td></tr>"
        f"<tr><th>code</th><td><code>{escape(str(code.get('commit')))}</code>{dirty}</td></tr>"
        f"<tr><th>split</th><td>{escape(str(report.get('split')))}</td></tr>"
        f"<tr><th>gold set</th><td>{escape(', '.join(report['gold']['files']))} (sha256 {escape(report['gold']['sha256'][:12])})</td></tr>"
        f"<tr><th>configuration</th><td>{config} ({knobs})</td></tr>"
        f"<tr><th>runs</th><td>{runs}</td></tr>{judged}"
        f"<tr><th>duration</th><td>{escape(str(report.get('seconds')))} s</td></tr>"
        "</table>"
    )


def _split_table(ours: dict, base: dict | None) -> str:
    keys = [*TABLE, "outcome_accuracy", "missed_refusals", "wrong_refusals", "unsafe_answered", "nonexistent_citations", "errors"]
    if judge_ran(ours["summary"]):
        keys += JUDGE
    rows = dict(ours["by_split"])
    if len(rows) > 1:
        rows["all"] = ours["summary"]
    head = "".join(f"<th title='{escape(FIGURES[k].label)}'>{escape(FIGURES[k].short)}</th>" for k in keys)
    body = []
    for name, summary in rows.items():
        body.append(_row(f"ours · {name}", summary, keys, "total" if name == "all" else ""))
        if base:
            other = base["summary"] if name == "all" else base["by_split"].get(name)
            if other:
                body.append(_row(f"baseline · {name}", other, keys, "base"))
    return f"<table><thead><tr><th></th><th>n</th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _row(name: str, summary: dict, keys: list[str], css: str = "") -> str:
    cells = "".join(f"<td>{_value(k, summary.get(k))}</td>" for k in keys)
    return f"<tr class='{css}'><td>{escape(name)}</td><td>{summary['items']}</td>{cells}</tr>"


def _value(key: str, value) -> str:
    text = escape(FIGURES[key].format(value))
    if key in ("unsafe_answered", "nonexistent_citations", "errors") and value:
        return f"<span class='bad'>{text}</span>"
    return text


def _category_table(categories: dict, total: dict, base: dict | None, base_total: dict | None, judged: bool = False) -> str:
    keys = TABLE + (JUDGE if judged else [])
    head = "".join(f"<th title='{escape(FIGURES[k].label)}'>{escape(FIGURES[k].short)}</th>" for k in keys)
    if base:
        head += "".join(f"<th class='base' title='tutorial baseline: {escape(FIGURES[k].label)}'>base {escape(FIGURES[k].short)}</th>"
                        for k in SIDE_BY_SIDE)
    rows = []
    for name, summary in [*categories.items(), ("overall", total)]:
        cells = "".join(f"<td>{_value(k, summary.get(k))}</td>" for k in keys)
        if base:
            other = base_total if name == "overall" else base.get(name, {})
            cells += "".join(f"<td class='base'>{_value(k, (other or {}).get(k))}</td>" for k in SIDE_BY_SIDE)
        css = "total" if name == "overall" else ""
        rows.append(f"<tr class='{css}'><td>{escape(name)}</td><td>{summary['items']}</td>{cells}</tr>")
    return f"<table><thead><tr><th>category</th><th>n</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _charts(ours: dict, base: dict | None) -> str:
    categories = list(ours["by_category"])
    series = [Series("ours", OURS, [ours["by_category"][c]["pass_rate"] for c in categories])]
    if base:
        series.append(Series("baseline", BASELINE, [base["by_category"].get(c, {}).get("pass_rate") for c in categories]))
    charts = [bars("Pass rate by category (dev and heldout together)", categories, series)]
    latency = [Series("ours", OURS, [i["latency_ms"] for i in ours["items"]])]
    if base:
        latency.append(Series("baseline", BASELINE, [i["latency_ms"] for i in base["items"]]))
    charts.append(histogram("Latency per answer (items per bin)", latency))
    pr = [
        Series("ours precision", OURS, [ours["by_category"][c]["citation_precision"] for c in categories]),
        Series("ours recall", OURS_LIGHT, [ours["by_category"][c]["citation_recall"] for c in categories]),
    ]
    if base:
        pr += [
            Series("baseline precision", BASELINE, [base["by_category"].get(c, {}).get("citation_precision") for c in categories]),
            Series("baseline recall", BASELINE_LIGHT, [base["by_category"].get(c, {}).get("citation_recall") for c in categories]),
        ]
    charts.append(bars("Citation precision and recall by category", categories, pr))
    return "\n".join(charts)


def _comparison(diff: dict) -> str:
    before = diff["before"]
    splits = list(diff["by_split"])
    head = "".join(f"<th>{escape(n)}</th>" for n in ["overall", *splits])
    rows = []
    for key in COMPARED:
        cells = [_delta(key, diff["overall"][key])] + [_delta(key, diff["by_split"][s][key]) for s in splits]
        rows.append(f"<tr><td>{escape(FIGURES[key].label)}</td>{''.join(f'<td>{c}</td>' for c in cells)}</tr>")
    out = [
        f"<h2>Compared with the report of {escape(str(before.get('created')))} "
        f"(code <code>{escape(str((before.get('code') or {}).get('commit'))[:12])}</code>)</h2>",
        f"<table><thead><tr><th>figure</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>",
    ]
    if not diff["same_items"]:
        out.append(f"<p class='note'>The gold sets differ: {len(diff['added'])} item(s) new, {len(diff['removed'])} gone.</p>")
    for title, items, css in (("Now failing (passed before)", diff["broken"], "bad"), ("Now passing (failed before)", diff["fixed"], "good")):
        out.append(f"<h3 class='{css}'>{escape(title)}: {len(items)}</h3><ul>")
        out += [f"<li><b>{escape(i['id'])}</b> ({escape(i['split'])}) {escape(i['question'])} → {escape(i['outcome'])} "
                f"{escape(', '.join(i['cited']) or 'no citation')}</li>" for i in items]
        out.append("</ul>")
    return "\n".join(out)


def _delta(key: str, entry: dict) -> str:
    figure = FIGURES[key]
    css = {True: "good", False: "bad"}.get(entry["improved"], "")
    return f"{escape(figure.format(entry['after']))} <span class='{css}'>({escape(figure.format_delta(entry['delta']))})</span>"


def _failures(items: list[dict]) -> str:
    failing = [i for i in items if not i["passed"]]
    out = [f"<h2>Failing items: {len(failing)} of {len(items)}</h2>"]
    if not failing:
        out.append("<p class='good'>Every item passed.</p>")
    for split in dict.fromkeys(i["split"] for i in failing):
        group = [i for i in failing if i["split"] == split]
        out.append(f"<h3>{escape(split)} split: {len(group)}</h3>")
        if split == "heldout":
            out.append("<p class='note'>Held-out items are for the final score only: tuning the answer path on them "
                       "spoils the split. Fix causes seen on dev items.</p>")
        out += [_failure(i) for i in group]
    return "\n".join(out)


def _failure(item: dict) -> str:
    reasons = _reasons(item)
    history = "".join(f"<li>{escape(h)}</li>" for h in item["history"])
    citations = "".join(
        f"<li>[{c['marker']}] <b>{escape(c['recommendation'] or 'passage')}</b>"
        + (f" · Article {escape(', '.join(c['articles']))}" if c.get("articles") else "")
        + (f" · {escape(c['section'])}" if c.get("section") else "")
        + f"<blockquote>{escape(c['quote'])}</blockquote></li>"
        for c in item.get("citations", [])
    )
    rows = [
        ("question", escape(item["question"])),
        ("history", f"<ol>{history}</ol>" if history else "<span class='muted'>none</span>"),
        ("why it failed", "<br>".join(escape(r) for r in reasons)),
        ("outcome", f"expected <b>{escape(item['expected_outcome'])}</b>, got <b>{escape(item['outcome'])}</b>"),
        ("cited", escape(", ".join(item["cited"]) or "nothing")),
        ("must cite", escape(", ".join(item["must_cite"]) or "nothing")),
        ("may cite", escape(", ".join(item["may_cite"]) or "nothing")),
        ("missing facts", escape("; ".join(" / ".join(group) for group in item["missing_facts"])) or "<span class='muted'>none</span>"),
    ]
    if item.get("forbidden_found"):
        rows.append(("forbidden strings", f"<span class='bad'>{escape(', '.join(item['forbidden_found']))}</span>"))
    if item.get("error"):
        rows.append(("error", f"<span class='bad'>{escape(item['error'])}</span>"))
    if item.get("judge"):
        rows.append(("judge (an opinion)", _verdict(item["judge"])))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (
        f"<div class='item' id='{escape(item['id'])}'><h3>{escape(item['id'])} <span class='muted'>· {escape(item['category'])} · "
        f"{escape(item['split'])}</span></h3><dl>{dl}</dl>"
        f"<details open><summary>answer text and its citations ({len(item.get('citations', []))})</summary>"
        f"<pre>{escape(item['answer'])}</pre><ol class='citations'>{citations}</ol></details></div>"
    )


def _verdict(judge: dict) -> str:
    score = judge.get("score")
    shown = "<span class='muted'>not judged</span>" if score is None else f"<b>{escape(FIGURES['judge_score'].format(score))}</b>"
    return f"{shown} · {escape(str(judge.get('reason') or ''))}"


def _reasons(item: dict) -> list[str]:
    """Why the item failed, in words, from its scores."""
    reasons = []
    if item.get("error"):
        reasons.append("the assistant raised an error")
    if not item["outcome_correct"]:
        reasons.append(f"wrong outcome ({item['outcome']} instead of {item['expected_outcome']})")
    missing = [c for c in item["must_cite"] if c not in item["cited"]]
    if missing:
        reasons.append(f"did not cite {', '.join(missing)}")
    extra = [c for c in item["cited"] if c not in item["must_cite"] and c not in item["may_cite"]]
    if extra:
        reasons.append(f"cited {', '.join(extra)}, which it should not")
    if item.get("nonexistent_cited"):
        reasons.append(f"cited {', '.join(item['nonexistent_cited'])}, which does not exist")
    if item["missing_facts"]:
        reasons.append(f"{len(item['missing_facts'])} required fact(s) missing")
    if item.get("forbidden_found"):
        reasons.append(f"contains forbidden text: {', '.join(item['forbidden_found'])}")
    return reasons
