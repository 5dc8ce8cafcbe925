"""Speed of the answer path, next to the tutorial-style baseline measured in the same run.

    bash run benchmark            # or: python -m evals.benchmark

Prints, for ours and the baseline: index build time, cold start (a new Python process, from
start to its first answer, with the index already built) and warm `ask` latency p50/p95 over the
gold questions (single turn), with ratios. Figures are wall-clock on whatever else the machine is
doing: run it on a quiet machine and read the ratios, which are measured side by side.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant.settings import Settings
from evals.gold import load_gold
from evals.metrics import percentile

COLD_START = """
import sys, time
started = float(sys.argv[1])
from assistant import Assistant, Settings
assistant = Assistant.load(Settings(data_dir=sys.argv[2]))
assistant.ask("What is Norway required to do?")
print(time.time() - started)
"""

COLD_START_BASELINE = """
import sys, time
started = float(sys.argv[1])
from assistant.settings import Settings
from evals.baseline import TutorialBaseline
with TutorialBaseline.load(Settings()) as baseline:
    baseline.ask("What is Norway required to do?")
print(time.time() - started)
"""


def _cold(script: str, *args: str, runs: int) -> list[float]:
    """Seconds from launching a new interpreter to its first answer, `runs` times."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    seconds = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", script, str(time.time()), *args], capture_output=True, text=True, env=env, check=True)
        seconds.append(float(out.stdout.strip().splitlines()[-1]))
    return seconds


def _warm(ask, questions: list[str], rounds: int) -> list[float]:
    for question in questions[:5]:
        ask(question)  # warm-up: caches, lazy imports
    timings = []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            ask(question)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="passes over the gold questions for warm latency")
    parser.add_argument("--cold-runs", type=int, default=3, help="cold starts to time (the median is shown)")
    args = parser.parse_args(argv)

    from assistant import Assistant
    from evals.baseline import TutorialBaseline
    from index.embeddings import load_embeddings
    from index.store import IndexStore

    questions = [item.question for item in load_gold() if not item.history]
    with tempfile.TemporaryDirectory(prefix="lanzarote-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp) / "data")
        embeddings = load_embeddings(settings.embedding_model)
        embeddings.embed_query("warm up the model")

        started = time.perf_counter()
        IndexStore(settings.index_dir, embeddings, settings.embedding_model, settings.corpus_dir).build()
        ours_build = time.perf_counter() - started
        started = time.perf_counter()
        baseline = TutorialBaseline.load(settings)
        baseline_build = time.perf_counter() - started

        assistant = Assistant.load(settings)
        ours_warm = _warm(assistant.ask, questions, args.rounds)
        baseline_warm = _warm(baseline.ask, questions, args.rounds)
        baseline.close()

        ours_cold = _cold(COLD_START, str(settings.data_dir), runs=args.cold_runs)
        baseline_cold = _cold(COLD_START_BASELINE, runs=args.cold_runs)

    def row(name: str, ours: float, base: float, unit: str) -> str:
        return f"| {name} | {ours:.1f} {unit} | {base:.1f} {unit} | {ours / base:.2f} |"

    median = lambda values: percentile(values, 0.5)  # noqa: E731
    print(f"Warm latency over {len(questions)} gold questions × {args.rounds}; cold start median of {args.cold_runs} runs.\n")
    print("| measure | ours | baseline | ours / baseline |")
    print("|---|---|---|---|")
    print(row("index build", ours_build, baseline_build, "s"))
    print(row("cold start to first answer", median(ours_cold), median(baseline_cold), "s"))
    print(row("warm ask p50", percentile(ours_warm, 0.5), percentile(baseline_warm, 0.5), "ms"))
    print(row("warm ask p95", percentile(ours_warm, 0.95), percentile(baseline_warm, 0.95), "ms"))


if __name__ == "__main__":
    main()
