"""The eval report as Markdown tables, for the README: per split, by category, ours and the
baseline side by side, and the overall figures.

    >>> Path("figures.md").write_text(render_markdown(report))
"""

from __future__ import annotations

from evals.figures import COMPARED, FIGURES, JUDGE, judge_ran

#: Per-category columns: (figure, run).
_CATEGORY = [("pass_rate", "ours"), ("pass_rate", "baseline"), ("citation_precision", "ours"), ("citation_precision", "baseline"),
             ("citation_recall", "ours"), ("citation_recall", "baseline"), ("fact_recall", "ours"), ("refusal_accuracy", "ours"),
             ("refusal_accuracy", "baseline")]


def render_markdown(report: dict) -> str:
    ours = report["runs"]["ours"]
    base = report["runs"].get("baseline")
    columns = [(k, r) for k, r in _CATEGORY if r == "ours" or base]
    code = report.get("code") or {}
    dirty = " plus uncommitted changes" if code.get("dirty") else ""
    out = [f"Measured on commit `{str(code.get('commit'))[:12]}`{dirty}, {report.get('created')}, "
           f"{ours['summary']['items']} gold items (split `{report['split']}`)."
           + (f" Judge (an opinion, never part of a pass): `{report['judge']['model']}`." if report.get("judge") else ""), ""]
    for split, categories in ours["by_split_category"].items():
        out += [f"**{split}** ({ours['by_split'][split]['items']} items)", ""]
        out.append("| category | n | " + " | ".join(_header(k, r) for k, r in columns) + " |")
        out.append("|---|---:|" + "---:|" * len(columns))
        rows = [*categories.items(), ("**overall**", ours["by_split"][split])]
        for name, summary in rows:
            other = (base or {}).get("by_split", {}).get(split, {}) if name == "**overall**" else \
                (base or {}).get("by_split_category", {}).get(split, {}).get(name, {})
            cells = [FIGURES[k].format((summary if r == "ours" else other).get(k)) for k, r in columns]
            out.append(f"| {name} | {summary['items']} | " + " | ".join(cells) + " |")
        out.append("")
    runs = [("ours", ours)] + ([("baseline", base)] if base else [])
    heads = [f"{name} {split}" for name, run in runs for split in [*run["by_split"], "all"]]
    out += ["**overall**", "", "| figure | " + " | ".join(heads) + " |", "|---|" + "---:|" * len(heads)]
    for key in COMPARED + (JUDGE if any(judge_ran(run["summary"]) for _, run in runs) else []):
        cells = [FIGURES[key].format(s.get(key)) for _, run in runs for s in [*run["by_split"].values(), run["summary"]]]
        out.append(f"| {FIGURES[key].label} | " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def _header(key: str, run: str) -> str:
    return f"{FIGURES[key].short} ({'base' if run == 'baseline' else 'ours'})"
