"""The local spool: interactions that could not reach the database wait here, in order.

One redacted ``Entry`` per line of ``data_dir/audit-spool.jsonl``, fsync'd before ``append``
returns. ``drain`` hands entries to the database oldest first and rewrites the file without the
ones delivered; every entry carries its own uuid, so an entry delivered twice (a crash between
insert and rewrite, or two threads draining at once) is stored once. A line that cannot be parsed (a torn write) or that the
database rejects as invalid is moved to ``audit-spool.rejected.jsonl`` rather than blocking the
queue. An OS file lock keeps processes sharing the data folder from interleaving.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from chatbot.audit.entry import Entry

log = logging.getLogger(__name__)
SPOOL_NAME = "audit-spool.jsonl"


class Rejected(Exception):
    """Raised by a ``drain`` callback for an entry the database will never accept."""


class Spool:
    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / SPOOL_NAME
        self.rejected_path = self.path.with_name("audit-spool.rejected.jsonl")
        self._lock_path = self.path.with_name("audit-spool.lock")
        self._thread_lock = threading.Lock()

    def __len__(self) -> int:
        with self._locked():
            return sum(1 for line in self._lines() if line.strip())

    def pending(self) -> bool:
        """Cheap check (one stat) whether anything waits."""
        try:
            return self.path.stat().st_size > 0
        except FileNotFoundError:
            return False

    def append(self, entry: Entry) -> None:
        with self._locked():
            _append(self.path, [entry.to_json()])

    def drain(self, deliver: Callable[[Entry], bool]) -> int:
        """Deliver every waiting entry in order; returns how many ``deliver`` stored (True).

        Stops at the first exception other than ``Rejected`` and re-raises it; that entry and
        the ones after it stay. The lock is not held while ``deliver`` talks to the database, so
        a slow database never queues every writer behind one drain; two drains may deliver the
        same entry, which ``deliver`` must ignore the second time (entries carry a uuid).
        """
        with self._locked():
            lines = [line for line in self._lines() if line.strip()]
        done: set[str] = set()
        delivered = 0
        try:
            for line in lines:
                try:
                    entry = Entry.from_json(line)
                except (ValueError, TypeError, KeyError) as exc:
                    self._reject(line, f"unreadable: {exc}")
                else:
                    try:
                        delivered += bool(deliver(entry))
                    except Rejected as exc:
                        self._reject(line, str(exc))
                done.add(line)
        finally:
            if done:
                with self._locked():  # entries appended meanwhile stay, after the rest
                    self._rewrite(
                        [line for line in self._lines() if line.strip() and line not in done]
                    )
        return delivered

    # --- files ---------------------------------------------------------------------------
    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._thread_lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self._lock_path, "a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(lock, fcntl.LOCK_UN)

    def _reject(self, line: str, why: str) -> None:
        log.error("audit spool: moved an entry the database refuses to %s (%s)",
                  self.rejected_path, why)  # fmt: skip
        _append(self.rejected_path, [line])

    def _lines(self) -> list[str]:
        try:
            return self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []

    def _rewrite(self, lines: list[str]) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.writelines(line + "\n" for line in lines)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)
        _fsync_dir(self.path.parent)


def _append(path: Path, lines: list[str]) -> None:
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    with open(path, "a+b") as f:
        if f.seek(0, os.SEEK_END) > 0:
            f.seek(-1, os.SEEK_END)
            if f.read(1) != b"\n":  # a torn last line must not swallow this one
                data = b"\n" + data
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
