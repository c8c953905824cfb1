"""Export the audit log as CSV or JSON Lines: the stored (redacted) rows, oldest first.

Nested values (reasons, evidence, citations, retrieval, feedback, reviews) are JSON in CSV
cells. The file is written next to its target and renamed into place when complete.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable
from pathlib import Path

FORMATS = ("csv", "jsonl")
FIELDS = (
    "id", "uuid", "created_at", "surface", "conversation_id", "decision", "question", "answer",
    "reasons", "evidence", "citations", "retrieval", "corpus_version", "latency_ms",
    "feedback_list", "reviews",
)  # fmt: skip


def check(path: Path, fmt: str) -> Path:
    if fmt not in FORMATS:
        raise ValueError(f"export format must be one of {', '.join(FORMATS)} (got {fmt!r})")
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"export: folder {path.parent} does not exist")
    return path


def write(path: Path, fmt: str, batches: Iterable[list[dict]]) -> int:
    """Write ``batches`` of full interaction dicts to ``path``; returns the rows written."""
    path = check(path, fmt)
    tmp = path.with_name(f".{path.name}.tmp")
    written = 0
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, FIELDS) if fmt == "csv" else None
            if writer:
                writer.writeheader()
            for batch in batches:
                for row in batch:
                    if writer:
                        writer.writerow({k: _cell(row[k]) for k in FIELDS})
                    else:
                        f.write(json.dumps({k: row[k] for k in FIELDS}, ensure_ascii=False))
                        f.write("\n")
                    written += 1
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return written


def _cell(value: object) -> object:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value
