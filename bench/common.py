"""Helpers every benchmark shares: statistics, temp data folders, subprocesses, the machine
description, a Chroma server, and a timing wrapper around the embedder."""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "corpus" / "articles"
PYTHON = sys.executable
LIBRARIES = (
    "torch", "sentence-transformers", "transformers", "tokenizers", "chromadb", "langchain-core",
    "langchain-chroma", "langchain-huggingface", "langchain-text-splitters", "bm25s", "numpy",
    "pysbd", "fastapi", "uvicorn", "gradio", "sqlalchemy", "httpx", "pyinstrument", "py-spy",
    "matplotlib",
)  # fmt: skip


# --- statistics ----------------------------------------------------------------------------
def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100), NaN when empty."""
    data = sorted(values)
    if not data:
        return float("nan")
    pos = (len(data) - 1) * q / 100
    lo, hi = int(pos), min(int(pos) + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summary_ms(samples_s: Sequence[float]) -> dict:
    """p50/p95/mean/min/max in milliseconds of durations given in seconds."""
    ms = [s * 1000 for s in samples_s]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "mean_ms": round(statistics.fmean(ms), 2) if ms else float("nan"),
        "min_ms": round(min(ms), 2) if ms else float("nan"),
        "max_ms": round(max(ms), 2) if ms else float("nan"),
    }


def target(name: str, value: float, limit: float, higher_is_better: bool = False) -> dict:
    met = value >= limit if higher_is_better else value <= limit
    return {
        "name": name,
        "value": round(value, 3),
        "target": f"{'>=' if higher_is_better else '<='} {limit:g}",
        "met": bool(met),
    }


# --- machine -------------------------------------------------------------------------------
def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = {}
    for lib in LIBRARIES:
        try:
            versions[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:
            versions[lib] = None
    import torch

    return {
        "cpu_model": cpu,
        "cores": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "ram_gb": round(ram, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "libraries": versions,
    }


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def peak_rss_mb() -> float:
    """This process's peak resident set size since it started (VmHWM). Not ``ru_maxrss``: Linux
    carries that across exec, so a worker spawned by a large parent reported the parent's peak
    (every scale point read 1,855 MB, the benchmark process's own size)."""
    peak = _status_field("self", "VmHWM")
    if peak is None:  # no /proc: the kernel's figure, which may be a parent's
        peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return peak


def current_rss_mb(pid: int | str = "self") -> float | None:
    return _status_field(pid, "VmRSS")


def peak_rss_of(pid: int) -> float | None:
    """Peak RSS of another (running) process, from /proc (VmHWM)."""
    return _status_field(pid, "VmHWM")


def _status_field(pid: int | str, name: str) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(name + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def du_mb(path: Path) -> float:
    total = 0
    for p in Path(path).rglob("*"):
        if p.is_file() and not p.is_symlink():
            total += p.stat().st_blocks * 512
    return round(total / 2**20, 2)


# --- folders, processes ----------------------------------------------------------------------
def log(message: str) -> None:
    """Progress on stderr (a full run takes a while)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@contextmanager
def temp_dir(prefix: str, keep: bool = False) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=f"vetted-bench-{prefix}-"))
    try:
        yield path
    finally:
        if not keep:
            shutil.rmtree(path, ignore_errors=True)


_POLICY: list[Path] = []


def derived_cache() -> Path:
    """The run's one cache folder: the ONNX question encoder and the trained policy classifier,
    made once, as a server has them after its first start, so no benchmark times (or repeats)
    that one-off work. Settings may point ``cache_dir`` at it; ``seed_policy_cache`` copies it.

    ``BENCH_SEED_CACHE``: a cache folder that may already hold the classifier and the ONNX
    question encoder (the test suite's, for the smoke run): they are copied instead of trained
    and exported again, both named by content hash, so a stale file is simply not used."""
    if not _POLICY:
        import atexit

        from chatbot.policy.classifier import PolicyClassifier
        from index.embed import Embedder, prepare_question_encoder

        folder = Path(tempfile.mkdtemp(prefix="vetted-bench-policy-"))
        atexit.register(shutil.rmtree, folder, True)
        if seed := os.environ.get("BENCH_SEED_CACHE"):
            for derived in [*Path(seed).glob("policy-*.npz"), *Path(seed).glob("minilm-*.onnx")]:
                if not derived.name.endswith(".tmp.npz"):
                    shutil.copy2(derived, folder / derived.name)
        prepare_question_encoder(folder)  # the ONNX graph that builds and questions use
        PolicyClassifier(folder).warm_up(Embedder(folder))  # trained as a server trains it
        _POLICY.append(folder)
    return _POLICY[0]


def seed_policy_cache(data_dir: Path) -> None:
    """Copy the run's cache folder (``derived_cache``) into ``data_dir/cache``."""
    shutil.copytree(derived_cache(), Path(data_dir) / "cache", dirs_exist_ok=True)


_REAL_INDEX: list[Path] = []


def real_index(data_dir: Path) -> None:
    """Put an index of the real articles (and the trained policy classifier) into ``data_dir``:
    built once per run, then copied, so each benchmark still has its own data folder."""
    if not _REAL_INDEX:
        import atexit

        from chatbot.settings import Settings
        from index.build import build

        folder = Path(tempfile.mkdtemp(prefix="vetted-bench-real-"))
        atexit.register(shutil.rmtree, folder, True)
        seed_policy_cache(folder / "data")
        build(Settings(data_dir=folder / "data", articles_dir=ARTICLES))  # as `index build` does
        _REAL_INDEX.append(folder / "data")
    shutil.copytree(_REAL_INDEX[0], data_dir, dirs_exist_ok=True)


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children."""
    me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def child_env(**extra: str) -> dict[str, str]:
    """Environment of a benchmark subprocess: offline model, repo on the path, no user data."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VETTED_", "CHROMA_")) and k != "DATABASE_URL"
    }
    env.update(
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        TOKENIZERS_PARALLELISM="false",
        PYTHONPATH=str(ROOT),
        ANONYMIZED_TELEMETRY="False",
    )
    env.update(extra)
    return env


def run_json(args: Sequence[str], env: dict[str, str], timeout: float) -> dict:
    """Run ``python args...`` and parse the last stdout line as JSON."""
    proc = subprocess.run(
        [PYTHON, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args[:3])} exited {proc.returncode}: {proc.stderr.strip()[-2000:]}"
        )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"{' '.join(args[:3])} printed no JSON: {proc.stdout[-500:]}")
    return json.loads(lines[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early with code {proc.returncode}")
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout:g} s")


def stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    """Stop a server this benchmark started (by its own handle, never by name)."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout)


class ChromaServer:
    """``chroma run --path PATH`` on a free port of 127.0.0.1, stopped on exit."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> ChromaServer:
        chroma = Path(PYTHON).with_name("chroma")
        self.path.mkdir(parents=True, exist_ok=True)
        self.log = open(self.path.parent / f"chroma-{self.port}.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [str(chroma), "run", "--path", str(self.path), "--host", "127.0.0.1",
             "--port", str(self.port)],
            env=child_env(), stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for_port(self.port, self.proc, timeout=60)
        return self

    @property
    def peak_rss_mb(self) -> float | None:
        return peak_rss_of(self.proc.pid) if self.proc else None

    def __exit__(self, *exc) -> None:
        if self.proc is not None:
            stop(self.proc)
        self.log.close()


# --- the embedder, timed -----------------------------------------------------------------------
def timed_embedder(cache_dir: Path | None = None):
    """An ``index.embed.Embedder`` that adds up the seconds spent encoding. ``cache_dir``: the
    data folder's cache, as ``build`` would use it (the ONNX graph); None = sentence-transformers."""
    from index.embed import Embedder

    class TimedEmbedder(Embedder):
        seconds: float = 0.0
        texts: int = 0

        def encode(self, texts, progress: bool = False):
            started = time.perf_counter()
            try:
                return super().encode(texts, progress)
            finally:
                self.seconds += time.perf_counter() - started
                self.texts += len(texts)

    return TimedEmbedder(cache_dir)


def approved_bodies(articles_dir: Path) -> list[tuple[str, str]]:
    """(article id, body) of the articles the assistant would serve today."""
    from chatbot.settings import Settings
    from index.build import servable

    chosen, _, _ = servable(Settings(articles_dir=articles_dir))
    return [(a.id, a.body) for a in chosen]
