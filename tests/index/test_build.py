"""Incremental, atomic index builds: embed only what changed, never serve a half-built or
tampered index, drop retired articles."""

from __future__ import annotations

import re

import pytest

from chatbot.settings import Settings
from index.build import build
from index.embed import Embedder
from index.store import Store

pytestmark = pytest.mark.slow


@pytest.fixture
def settings(tmp_path, articles_copy) -> Settings:
    return Settings(data_dir=tmp_path / "data", articles_dir=articles_copy)


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_first_build_then_unchanged_rebuild_embeds_nothing(settings):
    first = build(settings)
    assert (
        first.changed and first.passages > 40 and first.embedded == first.passages + first.sentences
    )
    again = build(settings)
    assert not again.changed and again.embedded == 0
    assert again.generation == first.generation
    assert again.seconds < 2.0


def test_editing_one_article_re_embeds_only_its_changed_passage(settings):
    first = build(settings)
    _edit(
        settings.articles_dir / "ketamine-infusion-therapy-guide.md",
        "Each session lasts about 40 minutes to an hour",
        "Each session lasts about 45 minutes to an hour",
    )
    second = build(settings)
    assert second.changed and second.corpus_version != first.corpus_version
    assert second.reused == first.passages - 1
    # one passage plus its sentences were embedded, nothing else
    store = Store(settings)
    pid = [p for p in store.load_passages(second.generation) if "45 minutes" in p.text][0]
    assert second.embedded == 1 + len(pid.sentences)


def test_retired_article_is_removed_from_the_index(settings):
    build(settings)
    path = settings.articles_dir / "ketamine-therapy-key-points.md"
    _edit(path, "status: approved", "status: retired")
    report = build(settings)
    served = {p.article_id for p in Store(settings).load_passages(report.generation)}
    assert "ketamine-therapy-key-points" not in served and len(served) == 4
    path.unlink()
    assert (
        build(settings).passages == report.passages
    )  # deleting the retired file changes nothing served


class _Crash(BaseException):
    pass


class CrashingEmbedder(Embedder):
    """The real model, but the process 'dies' right after embedding (fault injection)."""

    def encode(self, texts, progress=False):
        super().encode(texts)
        raise _Crash


def test_a_build_killed_halfway_leaves_the_previous_index_serving(settings):
    from chatbot.pipeline import Assistant

    first = build(settings)
    _edit(
        settings.articles_dir / "what-is-ketamine-therapy-like.md",
        "Dr. Calvin Stevens",
        "Dr. Calvin L. Stevens",
    )
    with pytest.raises(_Crash):
        build(settings, embedder=CrashingEmbedder())
    store = Store(settings)
    assert store.manifest().generation == first.generation
    assert store.verify(store.manifest()) is None
    assert store.generations() == {first.generation}  # the partial generation was dropped
    # a generation left behind by a hard kill (no cleanup) is never served and is swept later
    store.passages("orphan-0000", create=True)
    assistant = Assistant(settings)
    assistant.warm_up()  # sees the stale corpus, rebuilds, serves the new text
    answer = assistant.ask("Who discovered ketamine?").to_dict()
    assert answer["decision"] == "answer"
    assert any("Calvin L. Stevens" in c["quote"] for c in answer["citations"])
    assert "orphan-0000" not in Store(settings).generations()


def test_a_tampered_index_is_detected_and_rebuilt(settings):
    first = build(settings)
    store = Store(settings)
    victim = store.passages(first.generation).get(limit=1)["ids"][0]
    store.passages(first.generation).delete(ids=[victim])
    assert re.search("differ", store.verify(store.manifest()))
    report = build(settings)
    assert report.changed and report.generation != first.generation
    assert Store(settings).verify(Store(settings).manifest()) is None
    assert report.passages == first.passages


def test_draft_and_retired_articles_are_never_served(settings):
    _edit(
        settings.articles_dir / "healing-power-of-ketamine-therapy.md",
        "status: approved",
        "status: draft",
    )
    report = build(settings)
    served = {p.article_id for p in Store(settings).load_passages(report.generation)}
    assert "healing-power-of-ketamine-therapy" not in served


def test_cli_no_op_rebuild_skips_chroma_only_while_nothing_changed(settings):
    """`python -m index build` trusts its receipt only while the articles and every Chroma file
    are as the last build left them; an edit or a tampered index takes the verifying path."""
    from tests.conftest import run_cli

    def cli_build(*how: str) -> str:
        out = run_cli(
            *(how or ("-m", "index", "build")), data_dir=settings.data_dir,
            VETTED_ARTICLES_DIR=str(settings.articles_dir),
        )  # fmt: skip
        assert out.returncode == 0, out.stderr
        return out.stdout

    # With the ONNX graph cached (a first start exports it), a build embeds with it: neither
    # torch nor sentence-transformers is imported (8 s of the build before they were not).
    Embedder(settings.derived_dir).warm_up()
    watch = ("torch", "sentence_transformers", "transformers")
    first = cli_build(
        "-c", "import sys; from index.__main__ import main; code = main(['build']); "
        f"print('imported:', [m for m in {watch!r} if m in sys.modules]); sys.exit(code)",
    )  # fmt: skip
    assert "index built" in first and "imported: []" in first
    assert "files as the last build left them" in cli_build()  # receipt trusted, Chroma shut
    # Someone changes the index behind the build's back: the receipt no longer matches.
    first = Store(settings).manifest()
    store = Store(settings)
    victim = store.passages(first.generation).get(limit=1)["ids"][0]
    store.passages(first.generation).delete(ids=[victim])
    del store
    out = cli_build()
    assert "index built" in out and "files as the last build left them" not in out
    assert Store(settings).verify(Store(settings).manifest()) is None
    # An edited article is never hidden by a receipt either.
    _edit(
        settings.articles_dir / "ketamine-infusion-therapy-guide.md",
        "Each session lasts about 40 minutes to an hour",
        "Each session lasts about 45 minutes to an hour",
    )
    assert "index built" in cli_build()
