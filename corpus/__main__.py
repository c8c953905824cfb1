"""Command line: ``python -m corpus import RAW.txt`` and ``python -m corpus check``.

Exit codes: 0 all good (warnings allowed), 1 errors, 2 usage errors (from argparse).
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "import":
        return _import(args.raw, args.out, args.force)
    return _check(args.dir, args.today or date.today())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m corpus", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    raw = commands.add_parser("import", help="turn raw web text into a draft article")
    raw.add_argument("raw", type=Path, help="raw text file, e.g. corpus/raw/001_x.txt")
    raw.add_argument("--out", type=Path, help="file or folder for the draft (default: print it)")
    raw.add_argument("--force", action="store_true", help="overwrite an existing --out file")

    check = commands.add_parser("check", help="validate the articles and list warnings")
    check.add_argument("--dir", type=Path, help="articles folder (default: settings.articles_dir)")
    check.add_argument("--today", type=_iso_date, help="date to judge review dates by (YYYY-MM-DD)")
    return parser


def _import(raw: Path, out: Path | None, force: bool) -> int:
    from corpus.importer import import_raw

    try:
        text = raw.read_text(encoding="utf-8")
    except FileNotFoundError:
        return _fail(f"raw file not found: {raw}")
    except (OSError, UnicodeDecodeError) as error:
        return _fail(f"cannot read {raw}: {error}")
    draft = import_raw(text, raw.name)
    if out is None:
        sys.stdout.write(draft)
        return 0
    if out.is_dir():
        match = re.search(r"^id: (\S+)$", draft, re.MULTILINE)
        out = out / f"{match.group(1) if match else raw.stem}.md"
    if out.exists() and not force:
        return _fail(f"{out} already exists; pass --force to overwrite it")
    try:
        out.write_text(draft, encoding="utf-8")
    except OSError as error:
        return _fail(f"cannot write {out}: {error.strerror}")
    print(f"Wrote draft article to {out}; review it, then set status: approved.")
    return 0


def _check(directory: Path | None, today: date) -> int:
    from corpus.check import check

    if directory is None:
        from chatbot.settings import get_settings

        directory = get_settings().articles_dir
    report = check(directory, today)
    if report.ok:
        print(report.summary(), flush=True)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    if not report.ok:
        print(f"{len(report.errors)} problem(s) in {directory}", file=sys.stderr)
        return 1
    return 0


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (got '{text}'); use YYYY-MM-DD") from None


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
