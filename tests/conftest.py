"""Shared fixtures. The real MiniLM model, real Chroma and real SQLite are used throughout;
the index is built once per session into a temporary data folder and shared read-only."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from chatbot.settings import Settings, get_settings

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "corpus" / "articles"


@pytest.fixture(scope="session", autouse=True)
def _shared_cache(tmp_path_factory):
    """One cache of derived files (the ONNX question encoder, the trained policy classifier:
    both named by content hash) for every data folder the tests make, as replicas would share
    one: the classifier is trained once a run, not once per data folder."""
    before = os.environ.get("VETTED_CACHE_DIR")
    os.environ["VETTED_CACHE_DIR"] = str(tmp_path_factory.mktemp("derived"))
    yield
    if before is None:
        os.environ.pop("VETTED_CACHE_DIR", None)
    else:
        os.environ["VETTED_CACHE_DIR"] = before


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """No test ever writes into the repo's data folder."""
    monkeypatch.setenv("VETTED_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory) -> Settings:
    """Settings whose data folder holds an index of the shipped corpus (built once)."""
    from index.build import build

    settings = Settings(data_dir=tmp_path_factory.mktemp("shared-data"))
    build(settings)
    return settings


@pytest.fixture(scope="session")
def assistant(built_settings):
    from chatbot.pipeline import Assistant

    a = Assistant(built_settings)
    a.warm_up()
    return a


@pytest.fixture
def articles_copy(tmp_path) -> Path:
    """A private copy of the articles that a test may edit."""
    target = tmp_path / "articles"
    shutil.copytree(ARTICLES, target)
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(
    *args: str, data_dir: Path, stdin: str | None = None, timeout: int = 300, **extra_env: str
):
    env = {**os.environ, "VETTED_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1", **extra_env}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, input=stdin, capture_output=True,
        text=True, timeout=timeout,
    )  # fmt: skip


# --- browser ---------------------------------------------------------------------------------
# One Playwright for the whole session: a second sync_playwright() started while the first is
# alive fails ("Sync API inside the asyncio loop"), so every browser test shares this one.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
