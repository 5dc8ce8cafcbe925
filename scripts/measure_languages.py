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
from evals.metrics import summarise
from evals.runner import run


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
        return head + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _f(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _pivot_rank(assistant, item, k: int, dense_on_asked: bool = False) -> int | None:
    analysis = assistant.analyser.analyse(item.question, list(item.history))
    vector = assistant.index.embed(item.question) if dense_on_asked else None
    hits = assistant.retriever.run(analysis.text, analysis, vector=vector)
    for rank, hit in enumerate(hits[:k], start=1):
        if hit.passage.recommendation in item.must_cite:
            return rank
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", nargs="+", default=["all-MiniLM-L6-v2"])
    parser.add_argument("--languages", nargs="+", default=["en", "fr"])
    parser.add_argument("--splits", nargs="+", default=["dev", "heldout"])
    parser.add_argument("--k", type=int, default=5, help="recall@k of the retriever")
    parser.add_argument("--out", type=Path, help="write every item's score here (JSON)")
    args = parser.parse_args()

    items = [i for i in load_gold() if getattr(i, "language", "en") in args.languages and i.split in args.splits]
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
            # The retriever as the answer path uses it: on the analysed question (a French one through its English pivot).
            pivot_rank = {i.id: _pivot_rank(assistant, i, args.k) for i in items if i.must_cite}
            # Dense search on the question as asked, BM25 and the analysis on the pivot (only differs for French).
            mixed_rank = {i.id: _pivot_rank(assistant, i, args.k, dense_on_asked=True) for i in items if i.must_cite}
        dump["models"][model] = {"load_s": load_s, "embed_query_ms": embed_ms, "items": [s.to_dict() for s in result.scores]}
        for lang in args.languages:
            for split in args.splits:
                group = [s for s in result.scores if getattr(s, "language", "en") == lang and s.split == split]
                if not group:
                    continue
                summary = summarise(group)
                ranks = [pivot_rank[s.id] for s in group if s.id in pivot_rank]
                summary["pivot_recall"] = mean(r is not None for r in ranks) if ranks else None
                summary["pivot_mrr"] = mean(1 / r if r else 0.0 for r in ranks) if ranks else None
                ranks = [mixed_rank[s.id] for s in group if s.id in mixed_rank]
                summary["mixed_recall"] = mean(r is not None for r in ranks) if ranks else None
                summary["mixed_mrr"] = mean(1 / r if r else 0.0 for r in ranks) if ranks else None
                rows.append((model, lang, split, summary, embed_ms))
        print(f"# {model}: index+load {load_s:.1f}s, query embedding {embed_ms:.0f} ms", file=sys.stderr, flush=True)
    print(
        f"commit {dump['commit']}; recall@{args.k} and MRR over items with must_cite: 'raw' = the retriever on the question "
        "as asked (cross-lingual for French), 'answer path' = on the analysed question (French through its English pivot), "
        "'dense-on-asked' = the answer path with the dense search on the question as asked\n"
    )
    print(
        f"| model | language | split | items | pass rate | raw recall@{args.k} | raw MRR | answer-path recall@{args.k} | "
        f"answer-path MRR | dense-on-asked recall@{args.k} | dense-on-asked MRR | p50 ms | p95 ms | query embedding ms |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for model, lang, split, s, embed_ms in rows:
        print(
            f"| {model} | {lang} | {split} | {s['items']} | {s['pass_rate']:.3f} | {_f(s['retrieval_recall_at_k'])} | "
            f"{_f(s['retrieval_mrr'])} | {_f(s['pivot_recall'])} | {_f(s['pivot_mrr'])} | {_f(s['mixed_recall'])} | {_f(s['mixed_mrr'])} | "
            f"{s['latency_p50_ms']:.0f} | {s['latency_p95_ms']:.0f} | {embed_ms:.0f} |"
        )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(dump, indent=1))


if __name__ == "__main__":
    main()
