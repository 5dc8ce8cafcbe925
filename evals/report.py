"""The JSON report of an eval run: what ran (code commit, gold set, settings) and every figure and item.

The JSON report is the record: the terminal table and the HTML page are views of it, and
`--compare` reads an earlier one.

    >>> report = build_report({"ours": result}, split="all", settings=settings, gold=gold_files)
    >>> path = save_report(report, Path("evals/reports"))
    >>> load_report(path)["runs"]["ours"]["summary"]["pass_rate"]
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import time
from pathlib import Path

from evals.runner import RunResult

FORMAT = 1

#: What each run in a report is.
LABELS = {
    "ours": "Lanzarote Assistant",
    "baseline": "tutorial baseline (recursive splitter 1000/200, MiniLM, dense top-4, ids found in the chunks)",
}


class ReportError(ValueError):
    """A file that is not a readable eval report; the message says which and why."""


def build_report(
    runs: dict[str, RunResult], *, split: str, settings, gold: list[Path], config: Path | None = None,
    overrides: dict | None = None, seconds: float | None = None, judge: dict | None = None,
) -> dict:
    """`judge`: who graded the answers ({"name", "model", "runs"}) when `--judge` ran; the key is absent otherwise."""
    report = {
        "format": FORMAT,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "code": code_version(),
        "split": split,
        "gold": {"files": [str(p) for p in gold], "sha256": _hash_files(gold)},
        "config": {"file": str(config) if config else None, "overrides": overrides or {}},
        "settings": json.loads(settings.model_dump_json()),
        "seconds": round(seconds, 1) if seconds is not None else None,
        "runs": {name: {"label": LABELS.get(name, name), **result.to_dict()} for name, result in runs.items()},
    }
    if judge:
        report["judge"] = judge
    return report


def save_report(report: dict, out_dir: Path, stem: str | None = None) -> Path:
    """Write `<out_dir>/<stem>.json` (default stem: eval-<time>-<split>) and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = stem or f"eval-{time.strftime('%Y%m%d-%H%M%S')}-{report['split']}"
    path = out_dir / f"{stem}.json"
    tmp = path.with_suffix(".json.partial")
    tmp.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
    return path


def load_report(path: str | Path) -> dict:
    path = Path(path)
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportError(f"no report at {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReportError(f"{path} is not a readable JSON report: {error}") from None
    if not isinstance(report, dict) or report.get("format") != FORMAT or not isinstance(report.get("runs"), dict):
        raise ReportError(f"{path} is not an eval report of format {FORMAT} (written by `lanzarote eval`)")
    for name, run in report["runs"].items():
        if not isinstance(run, dict) or not isinstance(run.get("summary"), dict) or not isinstance(run.get("items"), list):
            raise ReportError(f"{path}: run {name!r} has no summary or items")
    return report


def code_version() -> dict:
    """The git commit of the evaluated code and whether the work tree had uncommitted changes."""
    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "dirty": None}
    return {"commit": commit or None, "dirty": bool(status.stdout.strip()) if status.returncode == 0 else None}


def _hash_files(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
