"""Load test on loopback: concurrent clients asking `POST /api/ask` and the chat (Gradio's queue, as
the browser does), bounded in requests and in time. Prints throughput, p50/p95/p99 latency and
errors per concurrency level, and the app's memory (RSS) before and after.

    python scripts/load.py --start                          # starts `lanzarote serve` itself
    python scripts/load.py --url http://127.0.0.1:7860      # an app already running (loopback only)
    python scripts/load.py --start --levels 8,32,64 --requests 400 --max-seconds 180
    python scripts/load.py --start --memory 10000 --levels 16   # RSS over a 10,000-question run
    python scripts/load.py --start --replicas 2                 # two app processes, asked in turn

`--start` serves the app from this checkout with the rate limit off (every client is 127.0.0.1)
and the embedded index in --data-dir (built first if missing), or on a Chroma server with
--chroma-url; `--replicas N` starts N app processes on N ports and the clients ask them in turn,
as a load balancer would (a chat question's join and stream go to the same one). By default each
client asks again as soon as it has its answer (the harshest case); `--think S` makes it wait
S seconds on average first, as a person reading the answer would. Questions are the gold set's dev questions (no history), cycled. A request is an
error unless it gets a full answer (HTTP 200 with an answer for the API; the chat's final
message with success and the sources panel for the chat). Latency is from sending the question to
the complete answer; for the chat, the time to the first streamed piece is reported too.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


# The two kinds of request ----------------------------------------------------------------------------


@dataclass
class Result:
    ok: bool
    seconds: float
    first: float | None = None  # chat: time to the first streamed piece
    error: str = ""


async def ask_api(client: httpx.AsyncClient, base: str, question: str) -> Result:
    started = time.perf_counter()
    try:
        response = await client.post(f"{base}/api/ask", json={"question": question})
        seconds = time.perf_counter() - started
        if response.status_code != 200:
            return Result(False, seconds, error=f"HTTP {response.status_code}: {response.text[:120]}")
        if not response.json().get("text"):
            return Result(False, seconds, error="no answer text")
        return Result(True, seconds)
    except (httpx.HTTPError, ValueError) as error:
        return Result(False, time.perf_counter() - started, error=type(error).__name__)


async def ask_chat(client: httpx.AsyncClient, base: str, fn: tuple[int, list], question: str) -> Result:
    """One question through Gradio's queue, as the page sends it: join, then read the event stream."""
    fn_index, inputs = fn
    session = uuid.uuid4().hex[:11]
    started = time.perf_counter()
    first = None
    try:
        joined = await client.post(
            f"{base}/gradio_api/queue/join", json={"data": [question, *inputs[1:]], "fn_index": fn_index, "session_hash": session}
        )
        if joined.status_code != 200:
            return Result(False, time.perf_counter() - started, error=f"join HTTP {joined.status_code}")
        async with client.stream("GET", f"{base}/gradio_api/queue/data", params={"session_hash": session}) as stream:
            async for line in stream.aiter_lines():
                if not line.startswith("data:"):
                    continue
                message = json.loads(line[5:])
                kind = message.get("msg")
                if kind == "process_generating" and first is None:
                    first = time.perf_counter() - started
                if kind == "process_completed":
                    seconds = time.perf_counter() - started
                    output = json.dumps(message.get("output", {}))
                    if not message.get("success"):
                        return Result(False, seconds, first, error=f"failed: {output[:120]}")
                    if "lz-sources" not in output and "lz-notice" not in output and "lz-answer" not in output:
                        return Result(False, seconds, first, error="no answer in the final message")
                    return Result(True, seconds, first)
                if kind == "close_stream":
                    break
        return Result(False, time.perf_counter() - started, first, error="stream ended without an answer")
    except (httpx.HTTPError, ValueError) as error:
        return Result(False, time.perf_counter() - started, first, error=type(error).__name__)


def _ms(value: int | None) -> str:
    return f"{value if value is not None else '-':>7}"


def chat_fn_index(base: str) -> tuple[int, list]:
    """The id of the chat's answer event (the question box's submit) and the values the page sends
    with the question (its other inputs' initial values: the conversation, the document selector)."""
    config = httpx.get(f"{base}/config", timeout=30).json()
    initial = {c["id"]: (c.get("props") or {}).get("value") for c in config.get("components", [])}
    for dependency in config["dependencies"]:
        if dependency.get("api_name") == "respond":
            return dependency["id"], [initial.get(i) for i in dependency["inputs"]]
    raise SystemExit("the chat's `respond` event is not in the app's config")


# Running a level -------------------------------------------------------------------------------------


@dataclass
class Level:
    kind: str
    clients: int
    results: list[Result] = field(default_factory=list)
    seconds: float = 0.0

    def row(self) -> dict:
        done = [r.seconds for r in self.results if r.ok]
        cuts = statistics.quantiles(done, n=100, method="inclusive") if len(done) >= 2 else [done[0]] * 99 if done else [float("nan")] * 99
        firsts = [r.first for r in self.results if r.ok and r.first is not None]
        errors = [r for r in self.results if not r.ok]
        return {
            "kind": self.kind, "clients": self.clients, "requests": len(self.results), "errors": len(errors),
            "throughput_per_s": round(len(self.results) / self.seconds, 2) if self.seconds else 0.0,
            # None when nothing succeeded (the errors column says why)
            **{f"p{q}_ms": (round(1000 * cuts[q - 1]) if done else None) for q in (50, 95, 99)},
            "max_ms": round(1000 * max(done)) if done else None,
            "first_piece_p50_ms": round(1000 * statistics.median(firsts)) if firsts else None,
            "error_examples": sorted({e.error for e in errors})[:3],
        }


async def run_level(
    bases: list[str], kind: str, clients: int, total: int, max_seconds: float, questions: list[str], fn_index: tuple[int, list] | None,
    think: float = 0.0,
) -> Level:
    level = Level(kind, clients)
    counter = iter(range(total))
    deadline = time.perf_counter() + max_seconds
    limits = httpx.Limits(max_connections=clients * 2, max_keepalive_connections=clients * 2)

    async with httpx.AsyncClient(timeout=httpx.Timeout(120.0), limits=limits) as client:

        async def worker() -> None:
            for number in counter:
                if time.perf_counter() > deadline:
                    return
                question = questions[number % len(questions)]
                base = bases[number % len(bases)]  # round robin, as a load balancer would
                if kind == "api":
                    level.results.append(await ask_api(client, base, question))
                else:
                    level.results.append(await ask_chat(client, base, fn_index, question))
                if think:  # a person reads the answer before asking again
                    await asyncio.sleep(random.uniform(0.5 * think, 1.5 * think))

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        level.seconds = time.perf_counter() - started
    return level


# The app ------------------------------------------------------------------------------------------


def start_apps(args) -> tuple[list[subprocess.Popen], list[str]]:
    """`--replicas` app processes, each on its own loopback port, sharing the index."""
    import socket

    processes, urls = [], []
    env = {
        **os.environ, "LANZAROTE_DATA_DIR": str(args.data_dir), "LANZAROTE_RATE_LIMIT_PER_MINUTE": "0",
        "LANZAROTE_HOST": "127.0.0.1", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
    }
    if args.chroma_url:
        env["LANZAROTE_CHROMA_URL"] = args.chroma_url
    for replica in range(args.replicas):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        log = open(Path(args.data_dir).with_suffix(f".serve{replica}.log"), "ab")
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT,
            cwd=ROOT, start_new_session=True,
        ))
        urls.append(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 900
    waiting = set(urls)
    while waiting and time.monotonic() < deadline:
        for process, url in zip(processes, urls):
            if process.poll() is not None:
                raise SystemExit(f"an app exited; see {Path(args.data_dir).with_suffix('.serve*.log')}")
            try:
                if url in waiting and httpx.get(f"{url}/healthz", timeout=5).status_code == 200:
                    waiting.discard(url)
            except httpx.HTTPError:
                pass
        time.sleep(0.5)
    if waiting:
        for process in processes:
            process.terminate()
        raise SystemExit("the apps did not become ready in 15 minutes")
    return processes, urls


def rss_mib(pids: list[int]) -> float:
    """The apps' resident memory, summed over their processes (and any children)."""
    import psutil

    total = 0
    for pid in pids:
        process = psutil.Process(pid)
        total += sum(p.memory_info().rss for p in [process, *process.children(recursive=True)])
    return total / 2**20


def server_pid(url: str) -> int | None:
    """The pid listening on the URL's port (for --url: to read its memory)."""
    import psutil

    port = urlsplit(url).port
    for conn in psutil.net_connections(kind="tcp"):
        if conn.laddr and conn.laddr.port == port and conn.status == psutil.CONN_LISTEN and conn.pid:
            return conn.pid
    return None


def questions_from_gold() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from evals.gold import load_gold

    return [item.question for item in load_gold(split="dev") if not item.history]


# Main ------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="an app already running on loopback (several, comma-separated: replicas, asked in turn)")
    where.add_argument("--start", action="store_true", help="start `lanzarote serve` from this checkout")
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/lanzarote-load"), help="with --start: its data dir")
    parser.add_argument("--chroma-url", default="", help="with --start: serve from this Chroma server")
    parser.add_argument("--replicas", type=int, default=1, help="with --start: this many app processes, asked in turn")
    parser.add_argument("--levels", default="8,32,64", help="numbers of concurrent clients, comma-separated")
    parser.add_argument("--kinds", default="api,chat", help="api, chat or both")
    parser.add_argument("--requests", type=int, default=400, help="requests per level and kind (at most)")
    parser.add_argument("--max-seconds", type=float, default=180, help="time per level and kind (at most)")
    parser.add_argument("--think", type=float, default=0.0, help="seconds a client waits between its questions (mean; 0: none)")
    parser.add_argument("--memory", type=int, default=0, help="instead: one run of this many questions (the first of --kinds), RSS sampled")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    processes: list[subprocess.Popen] = []
    if args.start:
        processes, urls = start_apps(args)
        pids = [p.pid for p in processes]
    else:
        urls = [u.rstrip("/") for u in args.url.split(",")]
        if any(urlsplit(u).hostname not in LOOPBACK for u in urls):
            raise SystemExit("loopback only: the load test never targets another host")
        pids = [pid for pid in map(server_pid, urls) if pid]
    questions = questions_from_gold()
    report: dict = {"urls": urls, "questions": len(questions), "levels": [], "memory": None}
    try:
        fn_index = chat_fn_index(urls[0]) if "chat" in args.kinds else None
        asyncio.run(run_level(urls, "api", 4, 20, 60, questions, fn_index))  # warm-up, not reported
        start_rss = rss_mib(pids) if pids else None
        if args.memory:
            kind = args.kinds.split(",")[0]
            report["memory"] = asyncio.run(memory_run(urls, pids, args.memory, int(args.levels.split(",")[0]), questions, kind, fn_index))
        else:
            print(f"{len(urls)} app process(es); {len(questions)} distinct questions, cycled; think time {args.think} s")
            print(f"{'kind':5} {'clients':>7} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'first ms':>8}")
            for clients in (int(c) for c in args.levels.split(",")):
                for kind in args.kinds.split(","):
                    row = asyncio.run(run_level(urls, kind, clients, args.requests, args.max_seconds, questions, fn_index, args.think)).row()
                    report["levels"].append(row)
                    print(
                        f"{kind:5} {clients:>7} {row['requests']:>8} {row['errors']:>6} {row['throughput_per_s']:>7} {_ms(row['p50_ms'])} "
                        f"{_ms(row['p95_ms'])} {_ms(row['p99_ms'])} {row['first_piece_p50_ms'] or '':>8}"
                        + (f"  errors: {row['error_examples']}" if row["errors"] else ""),
                        flush=True,
                    )
        report["rss_mib"] = {"start": round(start_rss, 1) if start_rss else None, "end": round(rss_mib(pids), 1) if pids else None}
        print(f"apps' RSS: {report['rss_mib']['start']} MiB after warm-up, {report['rss_mib']['end']} MiB at the end")
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(30)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


async def memory_run(
    urls: list[str], pids: list[int], total: int, clients: int, questions: list[str], kind: str = "api", fn_index: tuple[int, list] | None = None
) -> dict:
    """`total` questions (API or chat) at `clients` concurrency, the apps' RSS read every 500 answers."""
    samples: list[tuple[int, float]] = [(0, rss_mib(pids))] if pids else []
    done = 0
    errors = 0
    started = time.perf_counter()
    limits = httpx.Limits(max_connections=clients * 2, max_keepalive_connections=clients * 2)
    counter = iter(range(total))
    async with httpx.AsyncClient(timeout=httpx.Timeout(120.0), limits=limits) as client:

        async def worker() -> None:
            nonlocal done, errors
            for number in counter:
                url, question = urls[number % len(urls)], questions[number % len(questions)]
                result = await (ask_api(client, url, question) if kind == "api" else ask_chat(client, url, fn_index, question))
                done += 1
                errors += not result.ok
                if pids and done % 500 == 0:
                    samples.append((done, rss_mib(pids)))
                    print(f"  {done:>6} questions, RSS {samples[-1][1]:.1f} MiB, errors {errors}", flush=True)

        await asyncio.gather(*(worker() for _ in range(clients)))
    seconds = time.perf_counter() - started
    result = {
        "kind": kind, "questions": done, "errors": errors, "seconds": round(seconds, 1), "throughput_per_s": round(done / seconds, 2),
        "rss_mib": [(n, round(r, 1)) for n, r in samples],
    }
    if samples:
        print(f"memory run: {done} questions in {seconds:.0f} s, {errors} errors; RSS {samples[0][1]:.1f} -> {samples[-1][1]:.1f} MiB "
              f"(after 500: {samples[1][1] if len(samples) > 1 else float('nan'):.1f} MiB)")
    return result


if __name__ == "__main__":
    sys.exit(main())
