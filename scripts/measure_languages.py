"""Measure embedding models on the gold set, per language and split: end-to-end pass rate, the
retriever's recall@k and MRR, and answer latency. Prints one Markdown table (docs/french.md has
the figures it gave).

    PYTHONPATH=. python scripts/measure_languages.py --models all-MiniLM-L6-v2 multilingual-e5-small \
        --out /tmp/lz-fr/measure.json

Each model gets its own index in a temporary data dir. The heldout split is reported, never tuned on.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import mean

from assistant import Assistant
from assistant.settings import Settings
from evals.gold import load_gold
from evals.metrics import percentile, summarise
from evals.runner import run


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
        return head + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", nargs="+", default=["all-MiniLM-L6-v2"])
    parser.add_argument("--languages", nargs="+", default=["en", "fr"])
    parser.add_argument("--splits", nargs="+", default=["dev", "heldout"])
    parser.add_argument("--k", type=int, default=5, help="recall@k of the retriever")
    parser.add_argument("--out", type=Path, help="write every item's score here (JSON)")
    args = parser.parse_args()

    items = [i for i in load_gold() if i.language in args.languages and i.split in args.splits]
    rows, dump = [], {"commit": _commit(), "models": {}}
    for model in args.models:
        with tempfile.TemporaryDirectory(prefix="lz-measure-") as data_dir:
            started = time.perf_counter()
            assistant = Assistant.load(Settings(data_dir=Path(data_dir), embedding_model=model))
            load_s = time.perf_counter() - started
            t0 = time.perf_counter()
            for _ in range(5):
                assistant.index.embed("What is Norway required to do? Que doit faire la Norvège ?")
            embed_ms = (time.perf_counter() - t0) / 5 * 1000
            result = run(assistant, items, retrieval_k=args.k)
        dump["models"][model] = {"load_s": load_s, "embed_query_ms": embed_ms, "items": [s.to_dict() for s in result.scores]}
        language = {i.id: i.language for i in items}
        for lang in args.languages:
            for split in args.splits:
                group = [s for s in result.scores if language[s.id] == lang and s.split == split]
                if not group:
                    continue
                summary = summarise(group)
                rows.append((model, lang, split, summary, embed_ms))
        print(f"# {model}: index+load {load_s:.1f}s, query embedding {embed_ms:.0f} ms", file=sys.stderr, flush=True)
    print(f"commit {dump['commit']}; recall@{args.k} and MRR of the retriever over items with must_cite\n")
    print(f"| model | language | split | items | pass rate | recall@{args.k} | MRR | p50 ms | p95 ms | query embedding ms |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for model, lang, split, s, embed_ms in rows:
        recall = "n/a" if s["retrieval_recall_at_k"] is None else f"{s['retrieval_recall_at_k']:.3f}"
        mrr = "n/a" if s["retrieval_mrr"] is None else f"{s['retrieval_mrr']:.3f}"
        print(
            f"| {model} | {lang} | {split} | {s['items']} | {s['pass_rate']:.3f} | {recall} | {mrr} | "
            f"{s['latency_p50_ms']:.0f} | {s['latency_p95_ms']:.0f} | {embed_ms:.0f} |"
        )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(dump, indent=1))


if __name__ == "__main__":
    main()
