"""The `yusuan` command. Thin: each command opens library objects, calls them, and turns typed
errors into one clear line per file and an exit status."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .batch import Job, find_inputs, run
from .extract.pdfreaders import DEFAULT_READER, READERS
from .normalize.writers import FORMATS
from .settings import Settings


def _formats(ctx, param, value: str) -> tuple[str, ...]:
    parts = tuple(p.strip().lower() for p in value.split(",") if p.strip())
    bad = [p for p in parts if p not in FORMATS]
    if bad or not parts:
        raise click.BadParameter(f"choose from {', '.join(FORMATS)} (comma-separated), got {value!r}")
    return parts


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="yusuan")
def main() -> None:
    """yusuan: Chinese budget disclosures (部门预算 / 部门决算) into clean data.

    Reads a disclosure (a PDF with a text layer, or a text dump of one), finds every table on
    every page, and writes each table as tidy CSV/Parquet with exact amounts, plus a long
    table of facts and a manifest.

    \b
    Start with:
      yusuan extract samples/ -o out/
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("out"), show_default=True, help="Folder to write results into.")
@click.option("--format", "formats", default=",".join(FORMATS), show_default=True,
              callback=_formats, help="Output formats, comma-separated: csv, parquet.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default="all cores", help="Files processed in parallel (worker processes).")
@click.option("--reader", type=click.Choice(sorted(READERS)), default=DEFAULT_READER,
              show_default=True,
              help="PDF reader: pdfium (fast, C++) or pdfplumber (pure Python, for comparison).")
@click.option("--password", default=None, help="Password of encrypted PDFs.")
@click.option("-q", "--quiet", is_flag=True, help="Print failures only.")
def extract(inputs: tuple[Path, ...], out_dir: Path, formats: tuple[str, ...], jobs: int,
            reader: str, password: str | None, quiet: bool) -> None:
    """Extract every table of each INPUT (a file, or a folder searched for .txt and .pdf).

    \b
    For each input file writes OUT/<file name>/:
      tables/NN_<title>.csv, .parquet   one tidy table per printed table: code, name,
                                        level, one column per header path, text, page
      facts.csv, facts.parquet          one row per amount cell: doc_id, table, page,
                                        row, code, name, column (header path), value, unit
      manifest.json                     source sha256, department, year, 预算/决算, pages,
                                        per table label, title, kind, pages, counts,
                                        note and warnings
    CSV is UTF-8 with BOM (opens in Excel); amounts are exact decimals, blank stays blank.
    Each file is written completely or not at all.

    \b
    Examples:
      yusuan extract samples/ -o out/
      yusuan extract 2024/*.pdf -o out/ --format parquet --jobs 4

    Exit status: 0 when every file was read (files without tables only warn), 1 when some
    file failed (each failure is reported with its reason; the others are still written),
    2 for a usage error.
    """
    files = find_inputs(inputs)
    if not files:
        raise click.UsageError("no .txt or .pdf files found in " + ", ".join(map(str, inputs)))
    failed = 0

    def report(outcome) -> None:
        nonlocal failed
        if not outcome.ok:
            failed += 1
            click.echo(outcome.line(), err=True)
        elif not quiet:
            click.echo(outcome.line())
            for w in outcome.warnings:
                click.echo(f"        warning: {w}")

    job = Job(out_dir, formats, Settings(), reader, password)
    for _ in run(files, job, jobs, on_done=report):
        pass
    if not quiet and len(files) > 1:
        click.echo(f"{len(files) - failed} of {len(files)} files ok" + (f", {failed} failed" if failed else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
