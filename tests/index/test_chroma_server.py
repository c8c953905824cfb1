"""Several app replicas share one index through a real `chroma run` server on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from chatbot.settings import Settings
from index.build import build
from tests.conftest import free_port

pytestmark = [pytest.mark.slow, pytest.mark.chroma_server]
CHROMA = Path(sys.executable).with_name("chroma")


@pytest.fixture
def chroma_server(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma run did not start within 60 s")
    yield port
    proc.terminate()
    proc.wait(timeout=20)


def test_build_and_answer_through_a_chroma_server(chroma_server, tmp_path):
    from chatbot.pipeline import Assistant

    replica_a = Settings(
        data_dir=tmp_path / "a", chroma_host="127.0.0.1", chroma_port=chroma_server
    )
    replica_b = Settings(
        data_dir=tmp_path / "b", chroma_host="127.0.0.1", chroma_port=chroma_server
    )
    first = build(replica_a)
    assert first.changed and first.passages > 40
    assert not (tmp_path / "a" / "chroma").exists()  # nothing embedded locally
    # the second replica finds the shared index up to date: nothing to embed
    assert build(replica_b).embedded == 0
    assistant = Assistant(replica_b)
    assistant.warm_up()
    out = assistant.ask("What is the glutamate hypothesis?").to_dict()
    assert out["decision"] == "answer"
    assert any("glutamate" in c["quote"].lower() for c in out["citations"])
    assert out["corpus_version"] == first.corpus_version


def test_unreachable_server_is_a_clear_error(tmp_path):
    from index.store import IndexUnavailable, Store

    settings = Settings(data_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=free_port())
    with pytest.raises(IndexUnavailable, match="Chroma server at 127.0.0.1"):
        Store(settings).manifest()
