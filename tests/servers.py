"""``python app.py --mode ...`` as a subprocess for the app and reliability tests: started on a
free port with its output captured, awaited on ``/readyz``, stopped."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ROOT, free_port


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a child process: the test's environment without settings a test
    may have left behind, plus ``extra``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if (not k.startswith(("VETTED_", "CHROMA_")) or k == "VETTED_CACHE_DIR")
        and k != "DATABASE_URL"
    }
    env.update(HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False", PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


@dataclass
class AppServer:
    """One ``python app.py --mode ...`` subprocess; ``log`` holds its stdout and stderr."""

    mode: str
    env: dict[str, str]
    log: Path
    log_level: str = "info"
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> AppServer:
        argv = [sys.executable, "app.py", "--mode", self.mode, "--port", str(self.port)]
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                [*argv, "--log-level", self.log_level],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        return self

    def wait_ready(self, timeout: float = 240) -> None:
        from bench.throughput import wait_ready

        assert self.process is not None, "start() first"
        try:
            wait_ready(self.url, self.process, timeout)
        except (RuntimeError, TimeoutError) as exc:
            raise RuntimeError(f"{self.mode} server: {exc}\n{self.tail()}") from None

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
