"""What got better and worse between two eval reports: figure deltas and the items that flipped.

    >>> diff = compare(load_report("evals/reports/before.json"), report)
    >>> [item["id"] for item in diff["broken"]]      # passed before, fail now
    ['party-007']
"""

from __future__ import annotations

from evals.figures import COMPARED, FIGURES


def compare(before: dict, after: dict, run: str = "ours") -> dict:
    """Compare run `run` of two reports (as `evals.report.load_report` returns them)."""
    if run not in before["runs"] or run not in after["runs"]:
        missing = "the earlier" if run not in before["runs"] else "this"
        raise ValueError(f"{missing} report has no {run!r} run")
    old, new = before["runs"][run], after["runs"][run]
    old_items = {i["id"]: i for i in old["items"]}
    new_items = {i["id"]: i for i in new["items"]}
    common = [i for i in new_items if i in old_items]
    return {
        "run": run,
        "before": {"created": before.get("created"), "code": before.get("code"), "split": before.get("split")},
        "after": {"created": after.get("created"), "code": after.get("code"), "split": after.get("split")},
        "overall": _deltas(old["summary"], new["summary"]),
        "by_split": {s: _deltas(old["by_split"].get(s, {}), new["by_split"][s]) for s in new.get("by_split", {})},
        "by_category": {
            c: _deltas(old["by_category"].get(c, {}), new["by_category"][c], keys=["pass_rate", "citation_precision", "citation_recall"])
            for c in new.get("by_category", {})
        },
        "fixed": [_brief(new_items[i]) for i in common if new_items[i]["passed"] and not old_items[i]["passed"]],
        "broken": [_brief(new_items[i], old_items[i]) for i in common if old_items[i]["passed"] and not new_items[i]["passed"]],
        "added": sorted(set(new_items) - set(old_items)),
        "removed": sorted(set(old_items) - set(new_items)),
        "same_items": set(old_items) == set(new_items),
    }


def _deltas(old: dict, new: dict, keys: list[str] = COMPARED) -> dict[str, dict]:
    out = {}
    for key in keys:
        a, b = old.get(key), new.get(key)
        delta = b - a if isinstance(a, (int, float)) and isinstance(b, (int, float)) else None
        out[key] = {"before": a, "after": b, "delta": delta, "improved": FIGURES[key].improved(delta)}
    return out


def _brief(item: dict, before: dict | None = None) -> dict:
    brief = {k: item[k] for k in ("id", "category", "split", "question", "expected_outcome", "outcome", "cited")}
    if before is not None:
        brief["before"] = {"outcome": before["outcome"], "cited": before["cited"]}
    return brief
