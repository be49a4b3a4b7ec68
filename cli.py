"""The `yusuan` command. Thin: each command opens library objects, calls them, and turns typed
errors into one clear line per file and an exit status."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .batch import FAILED, Job, Outcome, file_size, find_inputs, run
from .errors import InputError, YusuanError, shown
from .report import Progress, check_report, summary_table, write_summary_csv
from .extract.pdfreaders import DEFAULT_READER, READERS
from .normalize.writers import ALL_FORMATS, FORMATS
from .settings import Settings


def _formats(ctx, param, value: str) -> tuple[str, ...]:
    parts = tuple(p.strip().lower() for p in value.split(",") if p.strip())
    bad = [p for p in parts if p not in ALL_FORMATS]
    if bad or not parts:
        raise click.BadParameter(f"choose from {', '.join(ALL_FORMATS)} (comma-separated), got {value!r}")
    if "xlsx" in parts:
        try:
            import xlsxwriter  # noqa: F401
        except ImportError:
            raise click.BadParameter('xlsx needs XlsxWriter: pip install "yusuan[xlsx]"') from None
    return parts


def _size(ctx, param, value: str) -> int:
    from .workers import parse_size
    try:
        return parse_size(value)
    except ValueError:
        raise click.BadParameter(f"a size such as 2G, 500M or 0 (no limit), got {value!r}") from None


def _scheduler(ctx, param, value: str | None) -> str | None:
    if value is None:
        return None
    from .executors import DASK_MISSING, dask_available, parse_local
    if value.startswith("local:"):
        try:
            parse_local(value)
        except ValueError:
            raise click.BadParameter(f"local:N with N worker processes (local:2), got {value!r}") from None
    elif "://" not in value and ":" not in value:
        raise click.BadParameter(f"a Dask scheduler's address (tcp://HOST:8786) or local:N, got {value!r}")
    if not dask_available():
        raise click.UsageError(DASK_MISSING)
    return value


_SCHEDULER_HELP = ("Run on a Dask cluster: its scheduler's address (tcp://HOST:8786), or local:N "
                   "to start a LocalCluster of N worker processes here. Each file is one task; "
                   "the inputs and the output must be on a filesystem every worker shares, at "
                   "the same paths (relative paths are made absolute). Needs yusuan[dask], and "
                   "yusuan installed on every worker. --jobs does not apply; a worker's memory "
                   "is its own --memory-limit (local:N: --max-memory). Without it: --jobs "
                   "local processes.")


def _with_executor(scheduler: str | None, files: list[Path], paths: dict, jobs: int,
                   settings: Settings, verbose: bool):
    """The executor a command runs with, and the paths it reads and writes: made absolute
    for a remote cluster (its workers do not share this process's working folder)."""
    from .executors import executor_for
    executor = executor_for(scheduler, jobs, settings, verbose)
    if scheduler and not scheduler.startswith("local:"):
        files = [f.absolute() for f in files]
        paths = {k: (v.absolute() if v is not None else None) for k, v in paths.items()}
    return executor, files, paths


def _start(executor, quiet: bool) -> None:
    """Connect to (or start) the cluster; one clear line when it cannot be reached."""
    from .executors import DaskExecutor
    if not isinstance(executor, DaskExecutor):
        return
    try:
        executor.start()
    except (OSError, TimeoutError, ValueError) as e:
        _fatal(f"cannot reach the Dask scheduler {executor.scheduler}: {e}")
    problem = executor.check_workers()
    if problem:
        _fatal(problem)
    if not quiet:
        click.echo(f"running on {executor.describe()}", err=True)


_MAX_MEMORY_HELP = ("Memory a worker process may take (e.g. 2G, 500M; a number alone is MB; 0: no "
                    "limit). A file that needs more (a decompression bomb) fails alone.")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="yusuan")
def main() -> None:
    """yusuan: Chinese budget disclosures (部门预算 / 部门决算) into clean data.

    Reads a disclosure (a PDF with a text layer, a scan with the yusuan[ocr] extra, or a text
    dump of one), finds every table on every page, and writes each table as tidy CSV/Parquet with exact amounts, plus a long
    table of facts and a manifest.

    Every document checks itself (its numbers must add up): `validate` reports how far its
    data can be trusted, `inspect` draws what was read on a page, and `ingest` loads new
    disclosures into a DuckDB store that keeps growing, of which `indicators` writes the
    panel of standard indicators (CSV, Parquet, Excel). `yusuan COMMAND --help` says more.

    \b
    Start with:
      yusuan extract samples/ -o out/
      yusuan validate out/
      yusuan ingest samples/ --db budgets.duckdb
      yusuan indicators --db budgets.duckdb -o panel.xlsx
    """
    # numpy (which pyarrow imports to write Parquet, and OCR) starts OpenBLAS, whose threads
    # spin for a while after start-up; yusuan does no linear algebra, so one thread, unless
    # the user says otherwise: 0.06-0.08 s less of a 1-page PDF's default run on 2 cores
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    _freeze_at_exit()


_FREEZING = False


def _freeze_at_exit() -> None:
    """A CLI process ends when its command does. Python's shutdown then collects once more,
    walking every object left (modules, the engine, the catalogue, and what a batch thawed
    after it): frozen on the way out, that walk is skipped, and objects still go as their
    modules are cleared (atexit handlers, weakref finalizers and open files too). A 1-page
    PDF: 0.02-0.04 s less CPU per run (medians of 7 alternating runs, CSV and default)."""
    global _FREEZING
    if not _FREEZING:                  # once per process (tests invoke the CLI many times)
        import atexit
        import gc
        atexit.register(gc.freeze)
        _FREEZING = True


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True, help="Folder to write results into.")
@click.option("--format", "formats", default=",".join(FORMATS), show_default=True,
              callback=_formats, help="Output formats, comma-separated: csv, parquet, xlsx "
                   "(an Excel workbook per input and OUT/summary.xlsx; needs yusuan[xlsx]).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default="all cores", help="Files processed in parallel (worker processes).")
@click.option("--reader", type=click.Choice(sorted(READERS)), default=DEFAULT_READER,
              show_default=True,
              help="PDF reader: pdfium (fast, C++) or pdfplumber (pure Python, for comparison).")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True,
              help="Read PDF pages by OCR (the yusuan[ocr] extra): auto = pages without a text "
                   "layer; always = every page (a garbage text layer); never.")
@click.option("--password", default=None, help="Password of encrypted PDFs.")
@click.option("--force", is_flag=True,
              help="Extract every input again, even those whose outputs are current.")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no per-file lines; "
              "failures and the summary's problem rows only.")
@click.option("--max-memory", "max_memory", default="2G", show_default=True, callback=_size,
              help=_MAX_MEMORY_HELP)
@click.option("-v", "--verbose", is_flag=True,
              help="Also show the PDF libraries' own log messages (pdfminer's warnings) "
                   "and what the OCR engine does (RapidOCR's own lines), on stderr.")
@click.option("--scheduler", default=None, callback=_scheduler, metavar="ADDRESS|local:N",
              help=_SCHEDULER_HELP)
def extract(inputs: tuple[Path, ...], out_dir: Path, formats: tuple[str, ...], jobs: int,
            reader: str, ocr: str, password: str | None, force: bool, quiet: bool,
            max_memory: int, verbose: bool, scheduler: str | None = None) -> None:
    """Extract every table of each INPUT (a file, or a folder searched for .txt and .pdf).

    \b
    For each input file writes OUT/<file name>/:
      tables/NN_<title>.csv, .parquet   one tidy table per printed table: code, name,
                                        level, one column per header path, text, page
      facts.csv, facts.parquet          one row per amount cell: doc_id, table, page,
                                        row, code, name, column (header path), value,
                                        unit, checked (covered by a passing check),
                                        confidence (OCR'd pages only)
      prose.csv, prose.parquet          figures stated in the text (收入预算534.77万元)
                                        and the table cell each was compared with
      indicators.csv, .parquet          standard indicators (收入总计, 基本支出, "三公"
                                        经费 …) in 万元, with the table, row and page
                                        read, or why the document does not print one
      <file name>.xlsx                  with --format xlsx: a workbook, one sheet per
                                        table (header merged as printed, 类/款/项 as
                                        an outline, failed checks red), checks, facts
      manifest.json                     source sha256, department, year, 预算/决算, pages,
                                        per table label, title, kind, pages, counts,
                                        note, warnings; every check and its result; how
                                        each page was read (text layer or OCR)
    and OUT/summary.csv (and summary.xlsx with --format xlsx): one line per input
    (status, counts, failed checks, reason).
    CSV is UTF-8 with BOM (opens in Excel); amounts are exact decimals, blank stays blank.
    Each file is written completely or not at all. An input whose output folder holds a
    manifest of the same file (sha256) by this yusuan version, in the formats asked for,
    is current and skipped; --force redoes it. An output folder written from another file (a report.pdf of another
    folder, in an earlier run) is never replaced without --force. Temporary folders a killed
    run left (.NAME.tmp-*) are removed. CSV text cells that Excel would read as a formula
    (=, +, -, @) start with ' (Parquet keeps the text as printed).

    \b
    Progress (files, pages, pages/s, time left, and the page a long file is at: reading
    X.pdf: page 1,200 of 5,000) goes to stderr: one line redrawn on a terminal, a plain line
    every 10 s otherwise. The summary table at the end lists every
    file: ok / current / failed, tables, facts, failed checks, warnings and the reason.

    \b
    Examples:
      yusuan extract samples/ -o out/
      yusuan extract 2024/ 2025/ -o out/ --format parquet --jobs 4
      yusuan extract samples/ -o out/ --format csv,xlsx
      yusuan extract /shared/in -o /shared/out --scheduler tcp://HOST:8786   (a Dask cluster)
      yusuan validate out/taishan_zonggonghui_2024_yusuan

    Exit status: 0 when every file was read (files without tables only warn, failed checks
    are reported, not fatal: see `yusuan validate --strict`), 1 when some file failed (each
    failure is reported with its reason; the others are still written), 2 for a usage error.
    """
    from .workers import library_logging
    from .normalize.writers import remove_stale_temporaries
    library_logging(verbose)
    _verbose(verbose)
    files = _inputs(inputs)
    settings = Settings(max_memory=max_memory, ocr=ocr)
    _writable(out_dir)
    remove_stale_temporaries(out_dir, settings.stale_temp_seconds)
    executor, files, paths = _with_executor(scheduler, files, {"out": out_dir}, jobs, settings,
                                            verbose)
    out_dir = paths["out"]
    with executor:
        _start(executor, quiet)
        outcomes = _run_batch(files, Job(out_dir, formats, settings, reader, password, force,
                                         verbose=verbose), jobs, quiet, executor=executor)
    ordered = sorted(outcomes, key=lambda o: files.index(o.source))
    try:
        write_summary_csv(ordered, out_dir / "summary.csv")
    except OSError as e:
        _fatal(f"cannot write {out_dir / 'summary.csv'}: {e.strerror or e}")
    if "xlsx" in formats:
        from .normalize.xlsx import write_summary_xlsx
        try:
            write_summary_xlsx(ordered, out_dir / "summary.xlsx")
        except YusuanError as e:
            _fatal(str(e))
    sys.exit(1 if any(o.status == FAILED for o in outcomes) else 0)


def _inputs(inputs: tuple[Path, ...]) -> list[Path]:
    """The input files; a usage error when there are none. When none of them exists (every
    name mistyped) each is reported and the run ends before it writes anything, so that a
    summary.csv of an earlier run is not overwritten with nothing."""
    files = find_inputs(inputs)
    if not files:
        raise click.UsageError("no .txt or .pdf files found in " + ", ".join(map(shown, inputs)))
    if not any(os.path.lexists(f) for f in files):
        for f in files:
            click.echo(f"FAILED  {shown(f)}: no such file", err=True)
        _fatal(f"none of the {len(files)} input(s) exists; nothing was read or written")
    return files


def _writable(folder: Path) -> None:
    """Check once, before any file is read, that results can be written into `folder`."""
    import tempfile
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder, prefix=".yusuan-probe-"):
            pass
    except OSError as e:
        _fatal(f"cannot write {shown(folder)}: {e.strerror or e}")


def _fatal(message: str, status: int = 1) -> None:
    """One line on stderr, and the run ends (no traceback)."""
    click.echo(message, err=True)
    sys.exit(status)


def _verbose(on: bool) -> None:
    """-v: yusuan's logger (and so the OCR engine's) at INFO, to stderr."""
    if on:
        import logging
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
        logging.getLogger("yusuan").setLevel(logging.INFO)


def _run_batch(files: list[Path], job: Job, jobs: int, quiet: bool, *, work=None, after=None,
               done: tuple[Outcome, ...] = (), verb: str = "extracted",
               executor=None) -> list[Outcome]:
    """Run the batch with progress and per-file lines; print the summary table. `work` is
    what a worker does with a file (default: extract and write it), `after` what the main
    process then does with its outcome (ingestion loads it), `done` the files found current
    before the run."""
    progress = Progress([file_size(f) for f in files] + [o.size for o in done], enabled=not quiet)
    outcomes: list[Outcome] = []

    def report(outcome: Outcome) -> None:
        if after is not None:
            outcome = after(outcome)
        outcome.document = None           # no longer needed: let it go
        outcomes.append(outcome)
        with progress.lock:               # no redraw of the pages in progress between the lines
            progress.clear()
            if outcome.fatal:
                pass                      # said once, when the run stops
            elif outcome.status == FAILED:
                click.echo(outcome.line(), err=True)
            elif not quiet:
                click.echo(outcome.line())
                for w in outcome.warnings:
                    click.echo(f"        warning: {w}")
                for rule in outcome.failed_checks:
                    click.echo(f"        failed check: {rule}")
            progress.done(outcome)

    for outcome in done:
        report(outcome)
    try:
        for outcome in run(files, job, jobs, on_done=report, work=work, executor=executor,
                           on_pages=progress.page if not quiet else None):
            if outcome.fatal:         # the disk is full or read-only: every file would fail
                break
    except KeyboardInterrupt:
        progress.finish()
        _fatal("interrupted: the files reported above are complete, the others were not written",
               status=130)
    progress.finish()
    fatal = next((o for o in outcomes if o.fatal), None)
    if fatal is not None:
        _fatal(f"cannot write {shown(job.out_dir)}: {fatal.fatal} (the files reported above "
               "are complete; nothing else was written)")
    order = {f: i for i, f in enumerate(list(files) + [o.source for o in done])}
    ordered = sorted(outcomes, key=lambda o: order[o.source])
    if len(files) + len(done) > 1 or quiet:
        table = summary_table(ordered, only_problems=quiet, verb=verb)
        if not quiet or len(table.splitlines()) > 3:
            click.echo("")
            click.echo(table)
    return ordered


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="DuckDB store to load into (created if missing). Default: store.duckdb, "
                   "unless only --parquet is given.")
@click.option("--parquet", "parquet", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Also (or, without --db, instead) write a hive-partitioned "
                                 "Parquet dataset: DIR/facts/year=Y/doc_type=T/<doc_id>.parquet.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default="all cores", help="Files read in parallel (worker processes); "
                                            "loading happens in this process.")
@click.option("--reader", type=click.Choice(sorted(READERS)), default=DEFAULT_READER,
              show_default=True, help="PDF reader.")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True,
              help="Read PDF pages by OCR (the yusuan[ocr] extra): auto = pages without a text "
                   "layer; always = every page (a garbage text layer); never.")
@click.option("--password", default=None, help="Password of encrypted PDFs.")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no per-file lines; "
              "failures and the summary's problem rows only.")
@click.option("--max-memory", "max_memory", default="2G", show_default=True, callback=_size,
              help=_MAX_MEMORY_HELP)
@click.option("--busy-timeout", "busy_timeout", type=click.IntRange(min=0), default=None,
              help="Seconds to keep retrying while another process has the store open "
                   f"(a duckdb shell, a dashboard). Default: {Settings().store_busy_timeout}.")
@click.option("-v", "--verbose", is_flag=True,
              help="Also show the PDF libraries' own log messages (pdfminer's warnings) "
                   "and what the OCR engine does (RapidOCR's own lines), on stderr.")
@click.option("--scheduler", default=None, callback=_scheduler, metavar="ADDRESS|local:N",
              help=_SCHEDULER_HELP + " The workers read; this process alone loads the store.")
def ingest(inputs: tuple[Path, ...], db: Path | None, parquet: Path | None, jobs: int,
           reader: str, ocr: str, password: str | None, quiet: bool, max_memory: int,
           busy_timeout: int | None, verbose: bool, scheduler: str | None = None) -> None:
    """Load what is new in INPUTS (files or folders of .pdf/.txt) into a store that keeps growing.

    \b
    The store is one DuckDB file (no server) with these tables:
      documents  doc_id (the file's sha256), file name, department, year, 预算/决算, unit,
                 pages, ingested_at, yusuan version, checks passed/failed/skipped,
                 superseded_by (set when a newer file of the same document arrives:
                 department_key, scope 部门/单位/政府, year, type and kind; the old
                 one is kept; a newer file with fewer tables or more failed checks
                 replaces nothing and gets a warning), scope, department_key, region
      tables     one row per printed table: label, title, kind, pages, header paths
      facts      one row per amount cell, exactly as facts.csv of `yusuan extract`
      skipped    files read that hold no tables (not documents; not read again)
    A file already in the store (same sha256) is skipped, so a nightly run over the same
    folders adds only what arrived. A file without tables (a provenance note, a text-only
    part) is recorded in table `skipped`, not as a document, and not read again. While
    another process has the store open, ingest retries for --busy-timeout seconds. Each
    document is loaded in one transaction: a run killed midway leaves the store
    consistent, and the next run completes it. The store records
    its schema version (table meta); newer yusuan versions migrate it by adding columns only.

    \b
    Examples:
      yusuan ingest disclosures/ --db budgets.duckdb
      yusuan ingest disclosures/ --db budgets.duckdb --parquet lake/ --jobs 2
      yusuan ingest /shared/in --db budgets.duckdb --scheduler tcp://HOST:8786
      duckdb budgets.duckdb "SELECT department, year, checks_failed FROM documents"
    Nightly (crontab):
      0 2 * * *  yusuan ingest /data/disclosures --db /data/budgets.duckdb -q >> /var/log/yusuan.log 2>&1

    Exit status: 0 when every file was loaded or already stored, 1 when some file failed
    (reported with its reason; the others are loaded), 2 usage error.
    """
    from .batch import SKIPPED, file_sha256, read_one
    from .store import NO_TABLES, Store, write_hive
    from .workers import library_logging
    library_logging(verbose)
    _verbose(verbose)
    files = _inputs(inputs)
    if db is None and parquet is None:
        db = Path("store.duckdb")
    for folder in (parquet, db.parent if db is not None else None):
        if folder is not None:
            _writable(folder)
    settings = Settings(max_memory=max_memory, ocr=ocr)
    if busy_timeout is not None:
        settings = settings.with_(store_busy_timeout=busy_timeout)
    try:
        store = Store(db, busy_timeout=settings.store_busy_timeout) if db is not None else None
    except YusuanError as e:
        _fatal(f"FAILED  {e}")
    job = Job(Path("."), (), settings, reader, password, verbose=verbose)
    try:
        done, todo = [], []
        for f in files:
            sha = file_sha256(f)          # None: unreadable, and the read will say why
            stored = sha is not None and (store is None or store.has(sha)) and (
                parquet is None or (parquet / "documents" / f"{sha}.json").exists()
                or (parquet / "skipped" / f"{sha}.json").exists())
            if stored:
                done.append(_stored_outcome(f, sha, store, SKIPPED))
            else:
                todo.append(f)

        def load(outcome: Outcome) -> Outcome:
            doc = outcome.document
            if doc is None:
                return outcome
            try:
                loaded = store.load(doc, __version__) if store is not None else None
                if parquet is not None:
                    write_hive(doc, parquet)
                if loaded == NO_TABLES or (store is None and not doc.tables):
                    outcome.warnings.append("not stored as a document: recorded in the store's "
                                            "list of skipped files, it is not read again")
            except YusuanError as e:
                outcome.status, outcome.error = FAILED, str(e.located(file=str(outcome.source)))
            except Exception as e:    # a bug of ours must not stop the run: report it, go on
                outcome.status = FAILED
                outcome.error = (f"{outcome.source}: internal error while loading "
                                 f"{type(e).__name__}: {e} (please report this file)")
            outcome.out = db if db is not None else parquet
            return outcome

        executor, todo, _ = _with_executor(scheduler, todo, {}, jobs, settings, verbose)
        with executor:
            if todo:
                _start(executor, quiet)
            outcomes = _run_batch(todo, job, jobs, quiet, work=read_one, after=load,
                                  done=tuple(done), verb="loaded", executor=executor)
    finally:
        if store is not None:
            store.close()
    sys.exit(1 if any(o.status == FAILED for o in outcomes) else 0)


def _stored_outcome(path: Path, sha: str, store, status: str) -> Outcome:
    """The outcome of a file already stored, with its counts from the store."""
    out = Outcome(path, status, size=file_size(path))
    if store is None:
        return out
    rows = store.con.execute("SELECT pages, tables, facts, checks_passed, checks_failed, "
                             "checks_skipped FROM documents WHERE doc_id = ?", [sha]).fetchall()
    if rows:
        pages, tables, facts, passed, failed, skipped = rows[0]
        out.pages, out.tables, out.facts = pages or 0, tables or 0, facts or 0
        out.checks = {"passed": passed, "failed": failed, "skipped": skipped}
    out.out = store.path
    return out


@main.command()
@click.option("--db", "db", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=Path("store.duckdb"), show_default=True,
              help="The DuckDB store written by `yusuan ingest`.")
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The panel to write: .csv, .parquet or .xlsx.")
@click.option("--where", "where", multiple=True, metavar="KEY=VALUE",
              help="Keep only some documents (repeatable): year=2024, year=2019..2024, "
                   "department=普陀 (part of the name), region=上海, scope=部门, doc_type=预算.")
def indicators(db: Path, out: Path, where: tuple[str, ...]) -> None:
    """Write the panel of standard indicators over a store: one row per department, scope,
    year and 预算/决算, one column per indicator, in 万元.

    \b
    The indicators are those of catalogue.toml ([[indicator]]): 收入总计, 财政拨款收入,
    一般公共预算拨款, 支出总计, 基本支出, 项目支出, 人员经费, 公用经费, "三公"经费 and its
    four parts, 机关运行经费, 政府采购预算总额, and 一般公共预算支出 and 财政拨款支出 per 类
    (function_201 …, fiscal_function_201 …). A cell is empty when the document does not
    print the figure (never 0); why is in the store (SELECT indicator, reason FROM
    indicators WHERE value IS NULL). Column `unchecked` names the row's indicators that no
    passing check covers.
    Where a department-year is stored as both 预算 and 决算, they are put side by side with
    the execution rate (决算 / 预算 × 100): the sheet `execution` of a workbook, or
    <name>.execution.csv / .parquet beside the panel.

    \b
    Examples:
      yusuan ingest disclosures/ --db store.duckdb
      yusuan indicators --db store.duckdb -o panel.xlsx
      yusuan indicators --db store.duckdb -o putuo.csv --where department=普陀 --where year=2023..2025

    Exit status: 0 written, 1 the store or the output could not be used, 2 usage error.
    """
    from .panel import Filter, build_panel, write_panel
    from .store import Store
    try:
        filters = [Filter.parse(w) for w in where]
    except InputError as e:
        raise click.BadParameter(str(e), param_hint="--where") from None
    try:
        with Store(db) as st:
            panel = build_panel(st.con, filters)
        written = write_panel(panel, out)
    except YusuanError as e:
        click.echo(f"FAILED  {e}", err=True)
        sys.exit(1)
    click.echo(f"{len(panel.rows)} rows × {len(panel.ids)} indicators -> {written[0]}")
    if panel.rows and not panel.ids:
        click.echo("warning: the store holds no indicators: its documents were ingested by a "
                   "yusuan before them (ingest the files into a new store)", err=True)
    if panel.execution:
        click.echo(f"{len(panel.execution)} 预算/决算 pairs with execution rates -> "
                   f"{written[-1] if len(written) > 1 else str(written[0]) + ' (sheet execution)'}")


@main.command()
@click.argument("targets", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Exit 1 when any check failed.")
@click.option("-v", "--verbose", is_flag=True, help="List every skipped and passed check too (and, "
              "for an input read directly, the PDF libraries' log messages).")
@click.option("--reader", type=click.Choice(sorted(READERS)), default=DEFAULT_READER,
              show_default=True, help="PDF reader, for inputs read directly.")
@click.option("--password", default=None, help="Password of encrypted PDFs.")
def validate(targets: tuple[Path, ...], strict: bool, verbose: bool, reader: str,
             password: str | None) -> None:
    """Report how far extracted data can be trusted: the accounting identities of each document.

    \b
    TARGET is an output folder of `yusuan extract` (OUT/<doc>, read from its manifest.json),
    a folder of such folders (OUT/), or an input PDF / text dump (read now, nothing written).

    \b
    The checks (see README, "Checks"):
      hierarchy    项 → 款 → 类 and 30101 → 301 sum to their parent; indented rows too
      total        合计 / 小计 / 总计 rows equal what they total
      columns      a 合计 column equals its group's other columns, row by row
      balance      a 收支总表's income total equals its expenditure total
      cross_table  the same quantity agrees across tables (每个类, 基本支出, 财政拨款 …)
      prose        figures stated in the text (收入预算534.77万元) agree with the tables
    The report lists failures first (rule, expected and found amounts, the difference, the
    page and row to look at, the printed amounts it added up), then passes that hold only
    within rounding, then checks that could not run and why. Tolerance: half a unit of the
    last printed place of each amount involved (0.005 for 534.77, 0.5 for 24,840,779), summed.

    \b
    Examples:
      yusuan validate out/taishan_zonggonghui_2024_yusuan
      yusuan validate out/ --strict          (exit 1 if any document has a failed check)
      yusuan validate report.pdf -v

    Exit status: 0 (with --strict: no check failed), 1 a check failed under --strict or a
    target could not be read, 2 usage error.
    """
    from .workers import library_logging
    library_logging(verbose)
    manifests, problems = [], 0
    for target in targets:
        try:
            manifests += _manifests(target, reader, password)
        except YusuanError as e:
            click.echo(f"FAILED  {e.located(file=str(target))}", err=True)
            problems += 1
        except Exception as e:        # a bug of ours: say so, go on with the other targets
            click.echo(f"FAILED  {target}: internal error {type(e).__name__}: {e} "
                       "(please report this file)", err=True)
            problems += 1
    failed = 0
    for n, m in enumerate(manifests):
        if n:
            click.echo("")
        click.echo(check_report(m, verbose=verbose))
        failed += bool(m.get("checks", {}).get("summary", {}).get("failed"))
    if len(manifests) > 1:
        click.echo(f"\n{len(manifests)} documents, {failed} with failed checks")
    sys.exit(1 if problems or (strict and failed) else 0)


def _manifests(target: Path, reader: str, password: str | None) -> list[dict]:
    import json
    if target.is_dir():
        own = target / "manifest.json"
        found = [own] if own.exists() else sorted(target.glob("*/manifest.json"))
        if not found:
            raise InputError("holds no manifest.json (not an output folder of yusuan extract)",
                             file=str(target))
        out = []
        for f in found:
            try:
                out.append(json.loads(f.read_text(encoding="utf-8")))
            except (OSError, ValueError) as e:
                raise InputError(f"cannot be read: {e}", file=str(f)) from e
        return out
    from .extract import read_raw
    from .normalize.document import build_document
    from .normalize.writers import manifest
    settings = Settings()
    doc = build_document(read_raw(target, settings, reader=reader, password=password), settings)
    return [json.loads(json.dumps(manifest(doc, {}, __version__), ensure_ascii=False))]


@main.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-p", "--page", "page", type=click.IntRange(min=1), required=True,
              help="Page number (1 = the first page of the file).")
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="PNG to write. Default: <pdf name>.p<N>.png in the current folder.")
@click.option("--scale", type=click.FloatRange(min=0.5, max=6), default=2.0, show_default=True,
              help="Pixels per PDF point.")
@click.option("--no-checks", is_flag=True, help="Do not read the whole document to mark "
                                                 "failed checks (faster on long files).")
@click.option("--reader", type=click.Choice(sorted(READERS)), default=DEFAULT_READER,
              show_default=True, help="PDF reader.")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Read the page by OCR: auto = when it has no text layer.")
@click.option("--password", default=None, help="Password of an encrypted PDF.")
def inspect(pdf: Path, page: int, out: Path | None, scale: float, no_checks: bool, reader: str,
            ocr: str, password: str | None) -> None:
    """Draw what yusuan read on one PDF page, to see why a table came out as it did.

    \b
    On the rendered page:
      blue outline   each table (the part of it on this page)
      grey lines     the cell grid, from rulings or, unruled, from text alignment
      yellow band    the rows read as header (they become the column paths)
      green lines    the lower boundary of each body row
      red / orange   the total a failed check found / the amounts it summed
                     (see `yusuan validate`)
      purple         an OCR'd cell read with a confidence below the threshold
    and prints, per table, its header rows, body rows and column paths.

    \b
    Example:
      yusuan inspect ../shared/corpus/sh_shi_caizhengju_2025_yusuan.pdf --page 17 -o p17.png
    """
    from .catalogue import default as default_catalogue
    from .extract.picture import draw_page
    from .workers import library_logging
    library_logging(False)
    from .extract.source import open_source
    settings = Settings(ocr=ocr)
    out = out or Path(f"{pdf.stem}.p{page}.png")
    try:
        source = open_source(pdf)
        if not source.is_pdf:
            raise InputError("is not a PDF: inspect draws PDF pages", file=str(pdf))
        doc = None
        if not no_checks:
            from . import read
            doc = read(pdf, settings, reader=reader, password=password)
        picture = draw_page(source, page, out, default_catalogue(), settings, doc=doc,
                            reader=reader, password=password, scale=scale)
    except YusuanError as e:
        click.echo(f"FAILED  {e.located(file=str(pdf), page=page)}", err=True)
        sys.exit(1)
    except OSError as e:              # the picture cannot be written where asked
        click.echo(f"FAILED  {out}: cannot be written: {e.strerror or e}", err=True)
        sys.exit(1)
    read_by = ""
    if picture.reader == "ocr":
        read_by = (f", read by OCR, {picture.low_confidence_cells} cell(s) below confidence "
                   f"{settings.ocr_min_confidence:g}")
    click.echo(f"{pdf.name} page {page}: {len(picture.pieces)} table piece(s){read_by} -> {out}")
    for n, p in enumerate(picture.pieces, 1):
        click.echo(f"  {n}. y {p['top']}–{p['bottom']}: {p['header_rows']} header rows, "
                   f"{p['rows']} body rows, {len(p['columns'])} columns"
                   + (f", {p['failed_cells']} failed cell(s)" if p["failed_cells"] else ""))
        for c in p["columns"]:
            click.echo(f"       {c}")


if __name__ == "__main__":  # pragma: no cover
    main()
