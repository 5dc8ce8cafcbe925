"""How the assistant's costs grow with the corpus: a synthetic corpus (evals/synthetic.py) of about
1k, 10k and 100k passages, measured side by side with a tutorial-style baseline.

    python -m evals.scale_benchmark --sizes 1000,10000,100000

At each size it prints:
- build: the index built from scratch (parse, chunk, embed, Chroma, BM25), its time and
  throughput in passages per second, next to the embedding model's raw encode throughput on a
  sample of the same passages in the same run (the ceiling the build can reach), and where the
  build's time went;
- add one document: an incremental build after one new document (re-embeds only that document);
- index size on disk and resident memory (RSS, and its peak) of a fresh process that loaded the
  assistant and answered every question;
- cold start (process start to first answer) and warm `ask` latency p50/p95 over the dev gold
  questions (the real factsheet is part of every synthetic corpus);
- the same for the baseline: RecursiveCharacterTextSplitter (1000 characters, 200 overlap) over
  the documents' Markdown, the same embedding model, Chroma, dense top-4 (the answer is the chunks).

Each size's asks run in a fresh process (so memory and cold start are that size's own); `--profile`
prints where the warm asks spend their time. Figures depend on the machine's load: it prints the
load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODEL = "all-MiniLM-L6-v2"
RAW_SAMPLE = 1024  # passages encoded (twice) to measure the model's raw throughput


# Helpers -----------------------------------------------------------------------------------------


def rss_mb() -> tuple[float, float]:
    """(resident set size, its peak) of this process, in MiB."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            key, number, _ = line.split()
            values[key] = int(number) / 1024
    return round(values.get("VmRSS:", 0.0), 1), round(values.get("VmHWM:", 0.0), 1)


def disk_mb(path: Path) -> float:
    """Space a folder takes on disk (allocated blocks, as du counts), in MiB."""
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            total += os.lstat(os.path.join(folder, name)).st_blocks * 512
    return round(total / 2**20, 1)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def questions() -> list[str]:
    """The dev gold questions (never the held-out split), without their conversation history."""
    from evals.gold import load_gold

    return [item.question for item in load_gold(split="dev") if not item.history]


def commit() -> str:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, timeout=10)
        return out.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")
    except OSError:
        return "unknown"


def worker(mode: str, arguments: dict) -> dict:
    """Run `mode` in a fresh Python process; its last output line is its JSON result."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-m", "evals.scale_benchmark", f"--{mode}", json.dumps(arguments)],
        capture_output=True, text=True, env=env, cwd=str(ROOT),
    )
    if result.returncode != 0:
        raise RuntimeError(f"{mode} failed:\n{result.stderr[-4000:]}")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    if "first_answer_at" in data:
        data["cold_start_s"] = round(data["first_answer_at"] - started, 2)
    if result.stderr.strip() and arguments.get("profile"):
        print(result.stderr, file=sys.stderr)
    return data


# The assistant -----------------------------------------------------------------------------------


def build(corpus_dir: Path, data_dir: Path) -> dict:
    """Build from scratch, then add one document, as `lanzarote index` does (parsing with the parse
    cache, then building); in this process, with the model loaded once."""
    from assistant.settings import Settings
    from corpus.collection import Corpus
    from evals.synthetic import add_one
    from index.embeddings import load_embeddings
    from index.store import IndexStore

    embeddings = load_embeddings(MODEL)
    # The raw encode throughput, on a sample of the very passages the build embeds.
    corpus = Corpus.load(corpus_dir)
    texts = [p.indexed_text() for p in corpus.passages]
    sample = random.Random(0).sample(texts, min(RAW_SAMPLE, len(texts)))
    embeddings.model.encode(sample[:64], batch_size=64)  # warm up

    def raw_encode() -> float:
        started = time.perf_counter()
        embeddings.model.encode(sample, batch_size=64, normalize_embeddings=True, show_progress_bar=False, convert_to_numpy=True)
        return len(sample) / (time.perf_counter() - started)

    # Measured before and after the build: on a shared machine the speed drifts while the build runs.
    raw_before = raw_encode()
    del corpus, texts

    settings = Settings(corpus_dir=corpus_dir, data_dir=data_dir)
    store = IndexStore(settings.index_dir, embeddings, MODEL, corpus_dir)
    started = time.perf_counter()
    corpus = Corpus.load(corpus_dir, cache=settings.parse_cache_dir)  # an empty cache: every document parsed
    parse_s = time.perf_counter() - started
    built = store.build(full=True, corpus=corpus)
    build_s = time.perf_counter() - started
    passages = built.manifest.passages
    raw_after = raw_encode()
    timings = {"load_corpus": round(parse_s, 1), **{k: round(v, 1) for k, v in built.manifest.changes["timings"].items()}}
    documents = len(built.manifest.entries)
    del built, corpus

    added = add_one(corpus_dir)
    started = time.perf_counter()
    corpus = Corpus.load(corpus_dir, cache=settings.parse_cache_dir)  # only the new document is parsed
    parse_s = time.perf_counter() - started
    incremental = store.build(corpus=corpus)
    add_s = time.perf_counter() - started
    changes = incremental.manifest.changes
    assert changes["added"] == [added] and not changes["updated"] and not changes["removed"], changes
    return {
        "documents": documents, "passages": passages, "build_s": round(build_s, 1), "build_per_s": round(passages / build_s, 1),
        "raw_encode_per_s": round((raw_before + raw_after) / 2, 1), "raw_encode_before_after": [round(raw_before, 1), round(raw_after, 1)],
        "build_timings": timings,
        # The build's speed relative to the encoder's own speed during that very build: immune to the
        # machine's load changing between the raw measurement and the build.
        "embed_share": round(timings["embed"] / build_s, 3),
        "add_s": round(add_s, 2), "add_embedded": changes["embedded"], "add_timings": {"load_corpus": round(parse_s, 2), **changes["timings"]},
        "index_mb": disk_mb(incremental.path),
    }


def ask_worker(arguments: dict) -> dict:
    """In a fresh process: load the assistant, answer, and time the warm answers (with `rounds` 0:
    only the start and the first answer)."""
    started = time.perf_counter()
    from assistant import Assistant, Settings

    imported = time.perf_counter()
    assistant = Assistant.load(Settings(corpus_dir=arguments["corpus_dir"], data_dir=arguments["data_dir"]))
    loaded = time.perf_counter()
    items = arguments["questions"]
    assistant.ask(items[0])
    first_answer_at = time.time()
    first = time.perf_counter()
    rss_loaded = rss_mb()[0]
    start = {"first_answer_at": first_answer_at, "import_s": round(imported - started, 2), "load_s": round(loaded - imported, 2),
             "first_ask_s": round(first - loaded, 2), "rss_loaded_mb": rss_loaded}
    if not arguments["rounds"]:
        return start
    for question in items:  # warm up: every code path once
        assistant.ask(question)
    profile = None
    if arguments.get("profile"):
        import cProfile

        profile = cProfile.Profile()
        profile.enable()
    times = []
    for _ in range(arguments["rounds"]):
        for question in items:
            t = time.perf_counter()
            assistant.ask(question)
            times.append((time.perf_counter() - t) * 1000)
    if profile is not None:
        import pstats

        profile.disable()
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    rss, peak = rss_mb()
    slowest = sorted(zip(times, items * arguments["rounds"]), reverse=True)[:3]
    return {
        **start, "asks": len(times),
        "p50_ms": round(percentile(times, 0.5), 1), "p95_ms": round(percentile(times, 0.95), 1), "mean_ms": round(statistics.mean(times), 1),
        "slowest": [[round(t, 1), q] for t, q in slowest], "rss_mb": rss, "rss_peak_mb": peak,
    }


# The tutorial-style baseline -----------------------------------------------------------------------


def baseline_worker(arguments: dict) -> dict:
    """A tutorial's RAG over the same documents: 1000/200 character chunks, dense top-4.

    (The `evals` branch has evals/baseline.py, the same recipe with the eval runner's interface;
    it is not on main yet, so the recipe is repeated here in its plainest form.)
    """
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from corpus.collection import document_paths
    from index.embeddings import load_embeddings

    embeddings = load_embeddings(MODEL)
    folder = Path(arguments["data_dir"]) / "baseline"
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    texts, metadatas = [], []
    for path in document_paths(arguments["corpus_dir"]):
        for chunk in splitter.split_text(path.read_text(encoding="utf-8")):
            texts.append(chunk)
            metadatas.append({"source": path.name})
    store = Chroma(collection_name="baseline", embedding_function=embeddings, persist_directory=str(folder / "chroma"))
    batch = 4096
    for start in range(0, len(texts), batch):
        store.add_texts(texts[start:start + batch], metadatas=metadatas[start:start + batch])
    build_s = time.perf_counter() - started
    items = arguments["questions"]
    for question in items:
        store.similarity_search(question, k=4)
    times = []
    for _ in range(arguments["rounds"]):
        for question in items:
            t = time.perf_counter()
            store.similarity_search(question, k=4)
            times.append((time.perf_counter() - t) * 1000)
    rss, peak = rss_mb()
    return {
        "chunks": len(texts), "build_s": round(build_s, 1), "build_per_s": round(len(texts) / build_s, 1),
        "p50_ms": round(percentile(times, 0.5), 1), "p95_ms": round(percentile(times, 0.95), 1),
        "index_mb": disk_mb(folder), "rss_mb": rss, "rss_peak_mb": peak,
    }


# The run -----------------------------------------------------------------------------------------


def run(sizes: list[int], workdir: Path, rounds: int, with_baseline: bool, profile: bool) -> list[dict]:
    from evals.synthetic import grow

    asked = questions()
    print(f"commit {commit()}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}; "
          f"{len(asked)} dev gold questions x {rounds} rounds per size", flush=True)
    rows = []
    for size in sizes:
        base = workdir / f"size-{size}"
        shutil.rmtree(base, ignore_errors=True)
        grown = grow(base / "corpus", size)
        print(f"\n== about {size} passages: {grown.documents} documents in {grown.folder}", flush=True)
        row = {"target": size, **build(grown.folder, base / "data")}
        print(f"build: {row['passages']} passages in {row['build_s']} s = {row['build_per_s']}/s; raw encode {row['raw_encode_per_s']}/s "
              f"(before/after the build {row['raw_encode_before_after']}; the build reaches {row['build_per_s'] / row['raw_encode_per_s']:.0%} of it); "
              f"encoding took {row['embed_share']:.0%} of the build; steps (s) {row['build_timings']}", flush=True)
        print(f"add one document: {row['add_s']} s ({row['add_embedded']} passages embedded); steps {row['add_timings']}", flush=True)
        arguments = {"corpus_dir": str(grown.folder), "data_dir": str(base / "data"), "questions": asked, "rounds": rounds, "profile": profile}
        # A first start without the parse cache (every document parsed), then a start as every later one.
        shutil.rmtree(base / "data" / "cache", ignore_errors=True)
        row["first_start"] = worker("ask-worker", {**arguments, "rounds": 0, "profile": False})
        row["ask"] = worker("ask-worker", arguments)
        a, f = row["ask"], row["first_start"]
        print(f"index {row['index_mb']} MB on disk; RSS {a['rss_mb']} MB (peak {a['rss_peak_mb']}, after load {a['rss_loaded_mb']})", flush=True)
        print(f"cold start {a['cold_start_s']} s (imports {a['import_s']} s, load {a['load_s']} s, first answer {a['first_ask_s']} s); "
              f"without the parse cache {f['cold_start_s']} s (load {f['load_s']} s)", flush=True)
        print(f"warm ask p50 {a['p50_ms']} ms, p95 {a['p95_ms']} ms over {a['asks']} asks; slowest {a['slowest']}", flush=True)
        if with_baseline:
            row["baseline"] = worker("baseline-worker", arguments)
            b = row["baseline"]
            print(f"baseline: {b['chunks']} chunks in {b['build_s']} s = {b['build_per_s']}/s; {b['index_mb']} MB; RSS {b['rss_mb']} MB; "
                  f"warm p50 {b['p50_ms']} ms, p95 {b['p95_ms']} ms", flush=True)
        rows.append(row)
        shutil.rmtree(base / "data" / "baseline", ignore_errors=True)
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}\n")
    print(table(rows))
    return rows


def table(rows: list[dict]) -> str:
    head = ("| passages (docs) | build s | build /s | raw encode /s | encoding share of build | add 1 doc s | index MB | RSS MB | cold start s (no parse cache) | ask p50 / p95 ms "
            "| baseline chunks | baseline build /s | baseline index MB | baseline RSS MB | baseline p50 / p95 ms |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        a, b = r["ask"], r.get("baseline")
        cells = [
            f"{r['passages']:,} ({r['documents']})", f"{r['build_s']}", f"{r['build_per_s']}", f"{r['raw_encode_per_s']}", f"{r['embed_share']:.0%}",
            f"{r['add_s']}", f"{r['index_mb']}", f"{a['rss_mb']}", f"{a['cold_start_s']} ({r['first_start']['cold_start_s']})", f"{a['p50_ms']} / {a['p95_ms']}",
        ]
        cells += [f"{b['chunks']:,}", f"{b['build_per_s']}", f"{b['index_mb']}", f"{b['rss_mb']}", f"{b['p50_ms']} / {b['p95_ms']}"] if b else ["-"] * 5
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="passages per corpus, comma-separated")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/lanzarote-scale"), help="where corpora and indexes go (emptied per size)")
    parser.add_argument("--rounds", type=int, default=2, help="timed passes over the questions, after one warm-up pass")
    parser.add_argument("--no-baseline", action="store_true", help="skip the tutorial-style baseline")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the warm asks at each size")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--ask-worker", help=argparse.SUPPRESS)
    parser.add_argument("--baseline-worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.ask_worker:
        print(json.dumps(ask_worker(json.loads(args.ask_worker))))
        return
    if args.baseline_worker:
        print(json.dumps(baseline_worker(json.loads(args.baseline_worker))))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    rows = run(sizes, args.workdir, args.rounds, not args.no_baseline, args.profile)
    if args.json:
        args.json.write_text(json.dumps({"commit": commit(), "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
