"""The eval report as terminal tables (rich), readable in 80 columns: per category for each split
(dev and heldout apart), ours against the baseline side by side, every figure overall, and a
comparison with an earlier report.

    >>> print_report(report, Console())
    >>> print_comparison(compare(before, report), Console())
"""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table

from evals.figures import COMPARED, FIGURES, JUDGE, SIDE_BY_SIDE, TERMINAL, judge_ran

_ALARMS = ("unsafe_answered", "nonexistent_citations", "errors")


def print_report(report: dict, console: Console) -> None:
    ours = report["runs"]["ours"]
    base = report["runs"].get("baseline")
    for split, categories in ours["by_split_category"].items():
        total = ours["by_split"][split]
        console.print(_category_table(f"{split} split ({total['items']} items): ours by category", categories, total))
        if base and split in base["by_split_category"]:
            console.print(_side_by_side(f"{split} split: ours | tutorial baseline", categories, base["by_split_category"][split],
                                        total, base["by_split"][split]))
    languages = ours.get("by_language") or {}
    if len(languages) > 1:  # English and French questions, each on its own
        console.print(_category_table(f"all splits ({ours['summary']['items']} items): ours by language", languages, ours["summary"]))
    console.print(_overall_table(ours, base))
    code = report.get("code") or {}
    dirty = " + uncommitted changes" if code.get("dirty") else ""
    judged = f" · judge: {report['judge']['model']}" if report.get("judge") else ""
    console.print(f"[dim]code {str(code.get('commit'))[:12]}{dirty} · split {report['split']} · {report.get('seconds')} s{judged}[/]",
                  highlight=False)


def _table(title: str) -> Table:
    return Table(title=title, title_justify="left", title_style="bold", header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0))


def _category_table(title: str, categories: dict[str, dict], total: dict) -> Table:
    table = _table(title)
    table.add_column("category", no_wrap=True)
    table.add_column("n", justify="right")
    for key in TERMINAL:
        table.add_column(FIGURES[key].short, justify="right")
    for name, summary in categories.items():
        table.add_row(name, str(summary["items"]), *[_cell(key, summary.get(key)) for key in TERMINAL])
    table.add_section()
    table.add_row("[bold]overall[/]", str(total["items"]), *[_cell(key, total.get(key)) for key in TERMINAL])
    return table


def _side_by_side(title: str, ours: dict[str, dict], base: dict[str, dict], ours_total: dict, base_total: dict) -> Table:
    table = _table(title)
    table.add_column("category", no_wrap=True)
    table.add_column("n", justify="right")
    for key in SIDE_BY_SIDE:
        table.add_column(FIGURES[key].short, justify="right")
        table.add_column("base", justify="right", style="dim")
    rows = [*ours.items(), ("overall", ours_total)]
    for name, summary in rows:
        other = base_total if name == "overall" else base.get(name, {})
        if name == "overall":
            table.add_section()
        cells = [v for key in SIDE_BY_SIDE for v in (_cell(key, summary.get(key)), _cell(key, other.get(key)))]
        table.add_row(f"[bold]{name}[/]" if name == "overall" else name, str(summary["items"]), *cells)
    return table


def _overall_table(ours: dict, base: dict | None) -> Table:
    """Every figure (rows) for each split and all items (columns), ours then the baseline."""
    columns = [(f"ours {s}", ours["by_split"][s]) for s in ours["by_split"]]
    if len(ours["by_split"]) > 1:
        columns.append(("ours all", ours["summary"]))
    if base:
        columns += [(f"base {s}", base["by_split"][s]) for s in base["by_split"]]
        if len(base["by_split"]) > 1:
            columns.append(("base all", base["summary"]))
    table = _table("overall")
    table.add_column("figure", no_wrap=True)
    for name, _ in columns:
        table.add_column(name.replace(" ", "\n"), justify="right", style="dim" if name.startswith("base") else None)
    table.add_row("items", *[str(summary["items"]) for _, summary in columns])
    keys = COMPARED + (JUDGE if any(judge_ran(summary) for _, summary in columns) else [])
    for key in keys:
        table.add_row(FIGURES[key].label, *[_cell(key, summary.get(key)) for _, summary in columns])
    return table


def _cell(key: str, value) -> str:
    text = FIGURES[key].format(value)
    if key in _ALARMS and value:
        return f"[bold red]{text}[/]"
    return text


def print_comparison(diff: dict, console: Console) -> None:
    before = diff["before"]
    table = _table(f"compared with {str((before.get('code') or {}).get('commit'))[:12]} ({before.get('created')})")
    table.add_column("figure", no_wrap=True)
    splits = list(diff["by_split"])
    for name in ["overall", *splits]:
        table.add_column(name, justify="right")
    for key in COMPARED:
        cells = [_delta_cell(key, diff["overall"][key])] + [_delta_cell(key, diff["by_split"][s][key]) for s in splits]
        table.add_row(FIGURES[key].label, *cells)
    console.print(table)
    if not diff["same_items"]:
        console.print(f"[yellow]The gold sets differ: {len(diff['added'])} item(s) new, {len(diff['removed'])} gone; "
                      "overall figures are not strictly comparable.[/]")
    for title, items, style in (("now fail (passed before)", diff["broken"], "red"), ("now pass (failed before)", diff["fixed"], "green")):
        console.print(f"[bold {style}]{len(items)} item(s) {title}[/]")
        for item in items:
            console.print(f"  [{style}]{item['id']}[/] ({item['split']}) {item['question']} → {item['outcome']} "
                          f"{', '.join(item['cited']) or 'no citation'}", highlight=False)


def _delta_cell(key: str, entry: dict) -> str:
    figure = FIGURES[key]
    text = f"{figure.format(entry['after'])} ({figure.format_delta(entry['delta'])})"
    if entry["improved"] is True:
        return f"[green]{text}[/]"
    if entry["improved"] is False:
        return f"[red]{text}[/]"
    return text
