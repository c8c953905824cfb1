"""`corpus.check` and the command line (`python -m corpus check|import`), run for real."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from corpus.check import check
from tests.corpus.conftest import RAW, ROOT

TODAY = date(2026, 11, 21)


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "error", "-m", "corpus", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


# --- check() -------------------------------------------------------------------------


def test_curated_corpus_checks_clean(curated_copy):
    report = check(curated_copy, TODAY)
    assert report.ok
    assert (report.errors, report.warnings) == ((), ())
    assert report.summary() == "OK: 5 articles (5 approved, 0 draft, 0 retired)"


def test_overdue_reviews_are_warnings_naming_file_and_date(curated_copy):
    report = check(curated_copy, date(2028, 1, 1))
    assert report.ok
    assert len(report.warnings) == 5
    assert (
        "ketamine-therapy-key-points.md: review was due 2027-11-21 (41 days ago)"
        in (report.warnings[3])
    )


def test_body_must_carry_the_title_heading(write_article, tmp_path):
    write_article("esketamine", body="## Section\n\nText.\n")
    write_article("twotitles", body="# Esketamine\n\nText.\n\n# Esketamine\n\nMore.\n")
    write_article("othertitle", body="# Spravato\n\n## Use\n\nText.\n")
    report = check(tmp_path / "articles", TODAY)
    assert not report.ok
    assert any(
        "esketamine.md: the body has no '# Esketamine' title heading" in e for e in report.errors
    )
    assert any("twotitles.md: the body has 2 '# ' title headings" in e for e in report.errors)
    assert any(
        "othertitle.md: the body's title heading '# Spravato' differs" in e for e in report.errors
    )


def test_article_without_sections_is_a_warning(write_article, tmp_path):
    write_article("esketamine", body="# Esketamine\n\nText.\n")
    report = check(tmp_path / "articles", TODAY)
    assert report.ok
    assert "no '## ' section headings" in report.warnings[0]


def test_counts_by_status(write_article, tmp_path):
    write_article("one")
    write_article("two", status="draft")
    write_article("three", status="retired")
    report = check(tmp_path / "articles", TODAY)
    assert report.summary() == "OK: 3 articles (1 approved, 1 draft, 1 retired)"


# --- python -m corpus check -----------------------------------------------------------


def test_cli_check_ok(curated_copy):
    result = run("check", "--dir", str(curated_copy), "--today", "2026-11-21")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "OK: 5 articles (5 approved, 0 draft, 0 retired)"
    assert result.stderr == ""


def test_cli_check_defaults_to_the_settings_folder(curated_copy):
    result = run("check", "--today", "2026-11-21", env={"VETTED_ARTICLES_DIR": str(curated_copy)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 5 articles")


def test_cli_check_warns_but_passes_when_overdue(curated_copy):
    result = run("check", "--dir", str(curated_copy), "--today", "2028-01-01")
    assert result.returncode == 0
    assert result.stderr.count("warning: ") == 5
    assert "review was due 2027-11-21" in result.stderr


def test_cli_check_errors_exit_1(curated_copy):
    path = curated_copy / "ketamine-therapy-key-points.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "review_due: 2027-11-21", "review_due: 2026-13-01"
        ),
        encoding="utf-8",
    )
    result = run("check", "--dir", str(curated_copy))
    assert result.returncode == 1
    assert (
        "error: " + str(path) + ": front matter field 'review_due' is not a date (got '2026-13-01')"
    ) in result.stderr
    assert result.stdout == ""


def test_cli_usage_errors_exit_2():
    assert run().returncode == 2
    assert run("check", "--today", "tomorrow").returncode == 2


# --- python -m corpus import ----------------------------------------------------------


def test_cli_import_prints_a_draft():
    result = run("import", str(RAW / "001_0cf1018ab4126d0b.txt"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("---\nid: ketamine-therapy\n")
    assert "status: draft\n" in result.stdout


def test_cli_import_writes_into_a_folder_and_will_not_overwrite(tmp_path: Path):
    raw = str(RAW / "004_b8c904a0e82ec09e.txt")
    result = run("import", raw, "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = tmp_path / "what-is-ketamine-therapy-like.md"
    assert written.read_text(encoding="utf-8").startswith("---\nid: what-is-ketamine-therapy-like")

    again = run("import", raw, "--out", str(written))
    assert again.returncode == 1
    assert "already exists; pass --force" in again.stderr
    assert run("import", raw, "--out", str(written), "--force").returncode == 0


def test_cli_import_missing_file_exit_1(tmp_path):
    result = run("import", str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    assert "error: raw file not found:" in result.stderr
    assert "missing.txt" in result.stderr
