"""Side-by-side evaluation of the answer backends: the same gold items through each, one table.

    python -m evals.backends --split dev                       # extractive, llamacpp, openai
    python -m evals.backends --split heldout --backends extractive llamacpp
    python -m evals.backends --split dev --limit 10 --backends llamacpp   # a quick look while developing

`openai` is measured against llama.cpp's OpenAI-compatible server with the same local model,
started on loopback for the run (or against LANZAROTE_LLM_BASE_URL when that is set). Prints a
Markdown table; `--out` also writes every item's score as JSON. Generation settings come from the
usual LANZAROTE_ variables (LANZAROTE_LLM_MAX_TOKENS, LANZAROTE_LLM_TIMEOUT_S, ...).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

from assistant.assistant import Assistant
from assistant.backends import model_path
from assistant.settings import Settings
from evals.gold import load_gold
from evals.metrics import percentile
from evals.runner import run

COLUMNS = [
    ("pass_rate", "pass rate", "{:.1%}"),
    ("citation_precision", "citation precision", "{:.3f}"),
    ("citation_recall", "citation recall", "{:.3f}"),
    ("fact_recall", "fact recall", "{:.3f}"),
    ("outcome_accuracy", "outcome accuracy", "{:.1%}"),
    ("latency_p50_ms", "latency p50", "{:.0f} ms"),
    ("latency_p95_ms", "latency p95", "{:.0f} ms"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=["dev", "heldout", "all"], default="dev")
    parser.add_argument("--backends", nargs="+", choices=["extractive", "llamacpp", "openai"], default=["extractive", "llamacpp", "openai"])
    parser.add_argument("--limit", type=int, default=0, help="only the first N items (0: all)")
    parser.add_argument("--category", nargs="*", default=[], help="only these categories (while developing)")
    parser.add_argument("--out", type=Path, help="write the per-item scores and summaries here (JSON)")
    args = parser.parse_args(argv)

    base = Settings()
    items = load_gold(split=args.split)
    if args.category:
        items = [i for i in items if i.category in args.category]
    if args.limit:
        items = items[: args.limit]
    rows, report = [], {"split": args.split, "items": len(items), "commit": _commit(), "settings": _knobs(base), "backends": {}}
    for backend in args.backends:
        with ExitStack() as stack:
            settings = base.model_copy(update={"backend": backend})
            if backend == "openai" and not base.llm_base_url:
                from evals.llm_server import LocalLlamaServer

                server = stack.enter_context(LocalLlamaServer(model_path(base), alias=base.llm_model, api_key="eval-key", n_ctx=base.llm_context_tokens, n_threads=base.llm_threads))
                settings = settings.model_copy(update={"llm_base_url": server.base_url, "llm_api_key": "eval-key"})
            print(f"[{backend}] loading ...", file=sys.stderr, flush=True)
            assistant = Assistant.load(settings)
            started = time.perf_counter()
            done = [0]
            stats = getattr(assistant.composer, "stats", None)
            seen_calls = [0]
            model_latencies: list[float] = []

            def progress(score, backend=backend):
                done[0] += 1
                if stats is not None and stats["model_called"] > seen_calls[0]:  # this item reached the model
                    seen_calls[0] = stats["model_called"]
                    model_latencies.append(score.latency_ms)
                print(f"[{backend}] {done[0]}/{len(items)} {score.id} {'pass' if score.passed else 'FAIL'} {score.latency_ms:.0f} ms", file=sys.stderr, flush=True)

            result = run(assistant, items, progress=progress)
            composer = dict(stats or {})
            composer["model_items"] = len(model_latencies)
            composer["model_latency_p50_ms"] = percentile(model_latencies, 0.5)
            composer["model_latency_p95_ms"] = percentile(model_latencies, 0.95)
            rows.append((backend, result.summary, composer))
            report["backends"][backend] = {
                "summary": result.summary, "by_category": result.by_category, "composer": composer,
                "seconds": time.perf_counter() - started, "scores": [s.to_dict() for s in result.scores],
            }
    print(table(rows, args.split, len(items)))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


def table(rows: list[tuple[str, dict, dict]], split: str, n: int) -> str:
    head = ["backend"] + [title for _, title, _ in COLUMNS] + [
        "items that reached the model", "their latency p50 / p95", "model calls: answer used / fell back",
    ]
    lines = [f"Split `{split}`, {n} items.", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for backend, summary, stats in rows:
        cells = [backend] + [fmt.format(summary[key]) for key, _, fmt in COLUMNS]
        if backend == "extractive":
            cells += ["–", "–", "–"]
        else:
            # Calls include the earlier turns of multi-turn items, which the runner replays.
            cells.append(str(stats.get("model_items", 0)))
            cells.append(f"{stats.get('model_latency_p50_ms', 0):.0f} / {stats.get('model_latency_p95_ms', 0):.0f} ms")
            cells.append(f"{stats.get('model_answer', 0)} / {stats.get('fallback', 0)}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _knobs(settings: Settings) -> dict:
    return {k: str(v) for k, v in settings.model_dump().items() if k.startswith("llm_") and k != "llm_api_key"}


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


if __name__ == "__main__":
    raise SystemExit(main())
