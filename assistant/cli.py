"""`lanzarote`: a thin command line over the library.

    lanzarote ask "What is Norway required to do?"
    lanzarote ask --json "Which recommendations concern Bulgaria?"
    lanzarote ask --document lanzarote-factsheet-international-cooperation "What is V-17?"
    lanzarote ask --theme "International co-operation" "What is V-17?"
    printf 'What is V-3?\\nAnd V-4?\\n' | lanzarote ask --json -
    lanzarote index [--rebuild]
    lanzarote serve [--host 0.0.0.0] [--port 7860]        the web chat and the JSON API (ui/)
    lanzarote feedback export --format jsonl -o feedback.jsonl
    lanzarote eval [--split dev|heldout|all] [--baseline] [--compare REPORT.json] [--config CONFIG.yaml]
    lanzarote benchmark                                    speed, next to the tutorial baseline

Bad input gets a clear message on standard error and exit code 2, never a traceback.
"""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from assistant.errors import AssistantError, InvalidQuestion
from assistant.settings import Settings

app = typer.Typer(help="Questions and cited answers on the Lanzarote Committee's monitoring findings.", no_args_is_help=True, add_completion=False)
out = Console()
err = Console(stderr=True)

BAD_INPUT = 2


def _fail(message: str) -> typer.Exit:
    """Print `message` unwrapped (file:line references stay whole) and return the exit to raise."""
    typer.echo(message, err=True)
    return typer.Exit(BAD_INPUT)


@contextmanager
def _progress_bar():
    """A progress bar on standard error, for building the index."""
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("Building the index", total=None)

        def update(done: int, total: int, message: str) -> None:
            bar.update(task, completed=done, total=total, description=f"Building the index: {message}")

        yield update


def _load(settings: Settings):
    from assistant.assistant import Assistant
    from corpus.parser import MalformedDocument
    from index.store import IndexUnavailable

    try:
        with _progress_bar() as update:
            return Assistant.load(settings, progress=update, on_rebuild=lambda why: err.print(f"[yellow]{why}; building it now.[/]"))
    except MalformedDocument as error:
        raise _fail(f"The corpus has errors:\n{error}") from None
    except (FileNotFoundError, AssistantError) as error:  # AssistantError: e.g. a language-model backend that cannot be used
        raise _fail(str(error)) from None
    except IndexUnavailable as error:  # e.g. the Chroma server cannot be reached
        raise _fail(f"The index is not available: {error}") from None


def _print_answer(answer) -> None:
    out.print(Markdown(answer.text))
    if answer.citations:
        out.print()
        out.rule("Sources")
        for c in answer.citations:
            head = f"[{c.marker}] " + (f"{c.recommendation} · {c.level.verb} · " if c.recommendation and c.level else f"{c.kind} · ")
            articles = f"Article {', '.join(c.articles)} · " if c.articles else ""
            document = c.document_title or c.source
            out.print(f"[bold]{head}[/]{articles}section {c.section} ({document}, line {c.line})", highlight=False)
            out.print(f"  “{c.quote}”", style="dim", highlight=False)
    for note in answer.notes:
        err.print(f"[yellow]note: {note}[/]")


@app.command()
def ask(
    question: str = typer.Argument(..., help="The question; '-' reads one question per line from standard input."),
    as_json: bool = typer.Option(False, "--json", help="Print Answer.to_dict() as JSON (one object per line with '-')."),
    document: list[str] = typer.Option(None, "--document", "-d", help="Answer only from this document (its id: the file name without .md); repeatable."),
    theme: str = typer.Option(None, "--theme", help="Answer only from the documents with this theme in the corpus manifest."),
) -> None:
    """Answer a question, citing the recommendations and Articles it rests on."""
    settings = Settings()
    limit = {"documents": document or None, "theme": theme}
    if question != "-":
        assistant = _load(settings)
        try:
            answer = assistant.ask(question, **limit)
        except InvalidQuestion as error:
            raise _fail(str(error)) from None
        if as_json:
            print(json.dumps(answer.to_dict(), ensure_ascii=False))
        else:
            _print_answer(answer)
        return

    assistant = _load(settings)
    failures = 0
    for number, raw in enumerate(sys.stdin.buffer, start=1):
        try:
            line = raw.decode("utf-8").rstrip("\r\n")
            answer = assistant.ask(line, **limit)
        except UnicodeDecodeError:
            failures += 1
            _report_line(number, "not UTF-8 text", as_json)
            continue
        except InvalidQuestion as error:
            failures += 1
            _report_line(number, str(error), as_json)
            continue
        if as_json:
            print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
        else:
            _print_answer(answer)
            out.rule()
    if failures:
        raise typer.Exit(BAD_INPUT)


def _report_line(number: int, message: str, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"error": message, "line": number}, ensure_ascii=False), flush=True)
    typer.echo(f"line {number}: {message}", err=True)


@app.command()
def index(rebuild: bool = typer.Option(False, "--rebuild", help="Build a new index from scratch, re-embedding every document.")) -> None:
    """Bring the index up to date with the corpus, re-embedding only the documents added or changed
    (all of them with --rebuild), and print what it added, updated and removed and what it holds."""
    from corpus.collection import Corpus
    from corpus.parser import MalformedDocument
    from index.backends import ChromaUnreachable, open_store
    from index.embeddings import LazyEmbeddings
    from index.store import IndexUnavailable

    settings = Settings()
    try:
        corpus = Corpus.load(settings.corpus_dir, cache=settings.parse_cache_dir)
        # The model loads only if something must be embedded.
        store = open_store(settings, LazyEmbeddings(settings.embedding_model))
        built, status = None, "ready"
        if not rebuild:
            try:  # opened once: an index that is up to date is printed as it is
                built = store.open(corpus)
            except ChromaUnreachable:
                raise
            except IndexUnavailable as error:  # missing, stale or corrupt
                status = error.status
                err.print(f"[yellow]{error}[/]")
        with _progress_bar() as update:
            if rebuild:
                built = store.build(progress=update, full=True, corpus=corpus)
            elif built is None:
                # ensure, not build: another process (an app sharing the Chroma server) may be
                # building the same index right now; then this one waits for it and opens it.
                built = store.ensure(progress=update, corpus=corpus)
    except MalformedDocument as error:
        raise _fail(f"The corpus has errors; the current index is unchanged:\n{error}") from None
    except ChromaUnreachable as error:
        raise _fail(f"{error}. Start it (chroma run --path DIR --host 127.0.0.1 --port 8000) or check LANZAROTE_CHROMA_URL.") from None
    except (FileNotFoundError, AssistantError) as error:
        raise _fail(str(error)) from None
    m = built.manifest
    kinds: dict[str, int] = {}
    for p in built.passages:
        kinds[p.kind] = kinds.get(p.kind, 0) + 1
    built_now = rebuild or status != "ready"
    where = getattr(built, "location", None) or built.path
    typer.echo(f"Index {where}" + (" (built now)" if built_now else " (up to date)"))
    if built_now:
        for line in _changes(m.changes, corpus):
            typer.echo(line)
    for sheet in corpus.factsheets:
        info = corpus.documents[sheet.document]
        ids = [r.id for r in sheet.recommendations]
        about = ", ".join(x for x in (f"round {info.round}" if info.round else "", info.theme or "", info.date or "") if x)
        typer.echo(f"  {sheet.document}: “{info.title}”" + (f" ({about})" if about else ""))
        typer.echo(f"    {len(ids)} recommendations ({ids[0]} to {ids[-1]}), {len(sheet.practices)} promising practices, {len(sheet.sections)} sections")
    typer.echo("  passages: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) + f" ({m.passages} in all)")
    typer.echo(f"  embedding model: {m.embedding_model}; built in {m.build_seconds:.1f} s; fingerprint {m.fingerprint[:12]}")


@app.command()
def serve(
    host: str = typer.Option(None, show_default=False, help="Interface to listen on (default: LANZAROTE_HOST, else 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default: LANZAROTE_PORT, else 7860)."),
    root_path: str = typer.Option(None, help="Public sub-path behind a reverse proxy, e.g. /lanzarote (default: LANZAROTE_ROOT_PATH)."),
) -> None:
    """Start the web chat and the JSON API; on first start the index is built first (progress shown)."""
    from pydantic import ValidationError

    from corpus.parser import MalformedDocument

    overrides = {k: v for k, v in {"host": host, "port": port, "root_path": root_path}.items() if v is not None}
    try:
        settings = Settings(**overrides)
        from ui.server import serve as run_server

        run_server(settings)
    except ValidationError as error:
        raise _fail(f"Invalid setting: {error}") from None
    except MalformedDocument as error:
        raise _fail(f"The corpus has errors:\n{error}") from None
    except (FileNotFoundError, ValueError) as error:
        raise _fail(str(error)) from None


feedback_app = typer.Typer(help="Feedback given on answers in the web chat.", no_args_is_help=True)
app.add_typer(feedback_app, name="feedback")


@feedback_app.command("export")
def feedback_export(
    fmt: str = typer.Option("csv", "--format", "-f", help="csv or jsonl"),
    output: Path = typer.Option(None, "--output", "-o", help="File to write (default: standard output)."),
) -> None:
    """Write every feedback row (question, answer, citations, verdict, comment, time, app version)."""
    from ui.feedback import FORMATS, FeedbackError, FeedbackStore

    if fmt not in FORMATS:
        raise _fail(f"Unknown format {fmt!r}; use {' or '.join(FORMATS)}.")
    store = FeedbackStore(Settings().feedback_path, app_version="")
    try:
        if output is None:
            count = store.export(sys.stdout, fmt)
        else:
            with open(output, "w", encoding="utf-8", newline="") as out:
                count = store.export(out, fmt)
    except (FeedbackError, OSError) as error:
        raise _fail(str(error)) from None
    typer.echo(f"{count} feedback row(s) from {store.path}" + (f" written to {output}" if output else ""), err=True)


@app.command("hash-password")
def hash_password() -> None:
    """Hash a password for LANZAROTE_BASIC_AUTH_USERS (the app stores and compares only hashes)."""
    from ui.security import hash_password as make_hash

    password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    print(make_hash(password))


# `lanzarote eval`: the evals drive the assistant from outside; their command lives with them.
from evals.cli import eval_command  # noqa: E402 - light imports only; the heavy parts load when it runs

app.command("eval")(eval_command)


@app.command()
def benchmark(
    rounds: int = typer.Option(1, help="Passes over the gold questions for warm latency."),
    cold_runs: int = typer.Option(3, help="Cold starts to time (the median is shown)."),
) -> None:
    """Time index build, cold start and warm ask latency, ours next to the tutorial baseline."""
    from evals.benchmark import main as run_benchmark

    run_benchmark(["--rounds", str(rounds), "--cold-runs", str(cold_runs)])


def _changes(changes: dict, corpus) -> list[str]:
    """What a build added, updated and removed, one line each, and what it embedded."""
    if not changes:
        return []
    lines = []
    for what in ("added", "updated", "removed"):
        names = changes.get(what) or []
        shown = ", ".join(names[:20]) + (f" and {len(names) - 20} more" if len(names) > 20 else "")
        lines.append(f"  {what}: {len(names)}" + (f" ({shown})" if names else ""))
    how = "from scratch" + (f": {changes['reason']}" if changes.get("reason") else "") if changes.get("full") else "from the previous build"
    lines.append(f"  unchanged: {len(changes.get('unchanged') or [])}; embedded {changes.get('embedded', 0)} passages, "
                 f"reused {changes.get('reused', 0)} ({how})")
    return lines


def main() -> None:  # pragma: no cover - the console script calls app()
    app()
if __name__ == "__main__":  # python -m assistant.cli
    app()
