"""Processes and clients for the reliability tests: ``python app.py`` servers with their log
captured, a ``chroma run`` server that can be stopped and started again on the same port and
folder, and a raw Gradio client that calls a surface's event handlers the way its page does
(``/gradio_api/queue/join`` + the SSE stream), including the private ones ``gradio_client``
refuses to call.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import free_port

CHROMA = Path(sys.executable).with_name("chroma")
SESSION_SECRET = "rel-session-secret-5f1c0a9d7e"  # must never show up in any log
REVIEWER = ("reliability-reviewer", "rel-password-Zq7!kT2#wP9")


@dataclass
class ChromaServer:
    """``chroma run`` on 127.0.0.1; ``stop()`` terminates that PID, ``start()`` brings it back
    on the same port and folder."""

    path: Path
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> ChromaServer:
        argv = [str(CHROMA), "run", "--path", str(self.path), "--host", "127.0.0.1"]
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                [*argv, "--port", str(self.port)], stdout=out, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                url = f"http://127.0.0.1:{self.port}/api/v2/heartbeat"
                if httpx.get(url, timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError(f"chroma run did not start within {timeout:g} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


class GradioError(RuntimeError):
    """The Gradio event failed (``success: false``); the message is what the page would show."""


class GradioUI:
    """Calls a Gradio surface's event handlers by name as its page does. Each call is a new
    browser session unless ``session`` is given (Gradio keeps ``gr.State`` per session)."""

    def __init__(self, base_url: str, headers: dict[str, str] | None = None) -> None:
        self.base_url = base_url
        self.headers = headers or {}
        config = httpx.get(f"{base_url}/config", headers=self.headers, timeout=15).json()
        self.dependencies = {d.get("api_name"): d for d in config["dependencies"]}

    def call(
        self,
        api_name: str,
        data: list[Any],
        *,
        session: str | None = None,
        event_data: Any = None,
        headers: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> list[Any]:
        dep = self.dependencies[api_name]
        session = session or uuid.uuid4().hex[:11]
        targets = dep.get("targets") or [[None]]
        # ensure_ascii: a lone surrogate travels as "\ud800", as the browser's JSON.stringify does
        body = json.dumps(
            {
                "data": data,
                "fn_index": dep["id"],
                "session_hash": session,
                "event_data": event_data,
                "trigger_id": targets[0][0],
            }
        )
        with httpx.Client(
            base_url=self.base_url, headers={**self.headers, **(headers or {})}, timeout=timeout
        ) as client:
            joined = client.post(
                "/gradio_api/queue/join",
                content=body,
                headers={"content-type": "application/json"},
            )
            if joined.status_code >= 400:
                raise GradioError(f"queue/join {joined.status_code}: {joined.text[:300]}")
            event_id = joined.json()["event_id"]
            params = {"session_hash": session}
            with client.stream("GET", "/gradio_api/queue/data", params=params) as stream:
                for line in stream.iter_lines():
                    if not line.startswith("data:"):
                        continue
                    msg = json.loads(line[5:])
                    if msg.get("msg") != "process_completed" or msg.get("event_id") != event_id:
                        continue
                    output = msg.get("output") or {}
                    if not msg.get("success"):
                        raise GradioError(str(output.get("error") or output))
                    return output["data"]
        raise GradioError(f"{api_name}: the event stream ended without a result")


def wait_for(check, timeout: float, interval: float = 0.5) -> tuple[bool, float]:
    """Poll ``check()`` until it is truthy; (succeeded, seconds waited)."""
    started = time.monotonic()
    while True:
        try:
            if check():
                return True, time.monotonic() - started
        except Exception:  # a failing probe is just "not yet"
            pass
        if time.monotonic() - started > timeout:
            return False, time.monotonic() - started
        time.sleep(interval)
