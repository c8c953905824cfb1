"""A receipt for ``python -m index build``: what the last build or check left on disk.

An unchanged corpus needs no rebuild, but finding that out the long way means importing Chroma
(0.75 s of the 1 s a no-op ``python -m index build`` took). After every build or full check the
command writes ``<data>/index-stamp.json``: the corpus version, the embedding recipe, the counts,
and the size and modification time of every file under the Chroma folder. The next run trusts
the index without opening Chroma only when the approved articles still have that version and
every Chroma file is exactly as the receipt says; anything else (an edited article, a deleted,
tampered or merely re-opened index, a Chroma server) takes the full path, which verifies.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from index.chunk import EMBED_RECIPE

if TYPE_CHECKING:
    from chatbot.settings import Settings


def _path(settings: Settings) -> Path:
    return settings.data_dir / "index-stamp.json"


def _files_digest(folder: Path) -> str | None:
    if not folder.is_dir():
        return None
    h = hashlib.sha256()
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            st = (Path(root) / name).stat()
            rel = os.path.relpath(Path(root) / name, folder)
            h.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def write(settings: Settings, corpus_version: str, passages: int, sentences: int) -> None:
    """Record the state a successful build or check left (embedded Chroma only)."""
    if settings.chroma_host:
        return
    stamp = {
        "corpus_version": corpus_version,
        "recipe": EMBED_RECIPE,
        "passages": passages,
        "sentences": sentences,
        "chroma_files": _files_digest(settings.chroma_dir),
    }
    path = _path(settings)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(stamp), encoding="utf-8")
    tmp.replace(path)


def up_to_date(settings: Settings, corpus_version: str) -> dict | None:
    """The receipt when the index provably has not changed since it was written, else None."""
    if settings.chroma_host:
        return None
    try:
        stamp = json.loads(_path(settings).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (
        stamp.get("corpus_version") != corpus_version
        or stamp.get("recipe") != EMBED_RECIPE
        or stamp.get("chroma_files") is None
        or stamp.get("chroma_files") != _files_digest(settings.chroma_dir)
    ):
        return None
    return stamp
