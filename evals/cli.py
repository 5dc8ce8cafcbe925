"""`lanzarote eval`: run the gold set through the assistant (and the baseline), print, save and compare.

    lanzarote eval                                  # dev and heldout, reported apart
    lanzarote eval --split dev --baseline           # ours and the tutorial baseline side by side
    lanzarote eval --config evals/configs/x.yaml --compare evals/reports/eval-....json
    LANZAROTE_JUDGE_BACKEND=llamacpp lanzarote eval --split dev --judge   # plus a language model's grade of each answer

Only light imports at module level: assistant/cli.py registers this command and must stay fast.
Bad input (a missing or malformed gold set, config or report; --judge without a usable language model)
gets a clear message and exit code 2.
"""

from __future__ import annotations

import time
from enum import Enum
from pathlib import Path

import typer

DEFAULT_OUT = Path(__file__).with_name("reports")
DEFAULT_GOLD = Path(__file__).with_name("gold")
BAD_INPUT = 2


class Split(str, Enum):
    dev = "dev"
    heldout = "heldout"
    all = "all"


def eval_command(
    split: Split = typer.Option(Split.all, "--split", help="Which gold items to run; 'all' still reports dev and heldout apart."),
    out: Path = typer.Option(DEFAULT_OUT, "--out", help="Folder for the JSON, HTML and Markdown reports.", file_okay=False),
    compare: Path | None = typer.Option(None, "--compare", help="An earlier JSON report: show what got better and worse."),
    config: Path | None = typer.Option(None, "--config", help="YAML file of Settings overrides (e.g. rrf_k: 60) to evaluate."),
    baseline: bool = typer.Option(False, "--baseline", help="Also run the tutorial-style baseline and show it side by side."),
    gold: Path = typer.Option(DEFAULT_GOLD, "--gold", help="A gold YAML file, or a folder of them."),
    judge: bool = typer.Option(
        False, "--judge", help="Also have a language model grade each of our answers 0, 0.5 or 1 with a reason (not the baseline's): "
        "the model of LANZAROTE_JUDGE_BACKEND (llamacpp or openai; `judge_backend` in --config), by default the answering "
        "backend's. Its score is an opinion beside the deterministic figures; it never changes a pass."),
) -> None:
    """Measure answer accuracy on the gold set: terminal tables, JSON, HTML and Markdown reports."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from assistant.cli import _load, err, out as console
    from corpus.collection import Corpus
    from corpus.parser import MalformedDocument
    from evals.baseline import TutorialBaseline
    from evals.compare import compare as compare_reports
    from evals.config import ConfigError, load_config
    from evals.gold import GoldError, gold_files, load_gold
    from evals.llm_judge import JudgeUnavailable, LanguageModelJudge
    from evals.report import ReportError, build_report, load_report, save_report
    from evals.report_html import render_html
    from evals.report_markdown import render_markdown
    from evals.report_terminal import print_comparison, print_report
    from evals.runner import run

    started = time.perf_counter()
    try:  # every input is checked before the long run starts
        settings, overrides = load_config(config)
        items = load_gold(gold, split.value)
        files = gold_files(gold)
        before = load_report(compare) if compare else None
        known_ids = {r.id for r in Corpus.load(settings.corpus_dir).recommendations}
        grader = LanguageModelJudge.from_settings(settings) if judge else None
    except (ConfigError, GoldError, ReportError, MalformedDocument, FileNotFoundError, JudgeUnavailable) as error:
        err.print(f"[red]{error}[/]")
        raise typer.Exit(BAD_INPUT) from None
    if not items:
        err.print(f"[red]No gold item in the {split.value} split of {gold}.[/]")
        raise typer.Exit(BAD_INPUT)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        err.print(f"[red]Cannot write reports to {out}: {error}[/]")
        raise typer.Exit(BAD_INPUT) from None

    assistant = _load(settings)
    runs = {}
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[status]}"), TimeElapsedColumn())
    with Progress(*columns, console=err) as bar:
        runs["ours"] = _run_with_bar(bar, "ours", run, assistant, items, known_ids, grader)
        if baseline:
            task = bar.add_task("baseline: building its index", total=None, status="")
            with TutorialBaseline.load(settings) as tutorial:
                bar.remove_task(task)
                runs["baseline"] = _run_with_bar(bar, "baseline", run, tutorial, items, known_ids)

    report = build_report(runs, split=split.value, settings=settings, gold=files, config=config, overrides=overrides,
                          seconds=time.perf_counter() - started, judge={**grader.about(), "runs": ["ours"]} if grader else None)
    diff = compare_reports(before, report) if before else None
    if diff:
        report["comparison"] = diff
    json_path = save_report(report, out)
    html_path = json_path.with_suffix(".html")
    html_path.write_text(render_html(report, diff), encoding="utf-8")
    markdown_path = json_path.with_suffix(".md")
    markdown_path.write_text(render_markdown(report), encoding="utf-8")

    print_report(report, console)
    if diff:
        print_comparison(diff, console)
    console.print(f"JSON report: {json_path}\nHTML report: {html_path}\nMarkdown tables (README): {markdown_path}", highlight=False)


def _run_with_bar(bar, name: str, run, assistant, items, known_ids, judge=None):
    task = bar.add_task(name, total=len(items), status="")
    failures = 0

    def advance(score) -> None:
        nonlocal failures
        failures += not score.passed
        bar.update(task, advance=1, status=f"{failures} failing")

    return run(assistant, items, known_ids=known_ids, progress=advance, judge=judge)
