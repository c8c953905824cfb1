"""The per-question path: clean -> embed once -> policy -> hybrid retrieval -> compose -> audit.

``Assistant`` is cheap to construct; ``warm_up()`` loads the model, opens (and if needed builds)
the index and readies the policy. One instance serves every request of a process.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from chatbot.context import retrieval_query
from chatbot.messages import message
from chatbot.policy.classifier import policy_vectors
from chatbot.policy.normalize import unconfuse
from chatbot.policy.sentences import sentences
from chatbot.records import SHORT_REPLIES, Decision, Kind, Response, near_crisis_notes
from chatbot.settings import Settings, get_settings
from chatbot.validate import clean_question

if TYPE_CHECKING:
    from index.retrieve import HybridRetriever

log = logging.getLogger(__name__)
# Writes one interaction (redacting it first) and returns its id.
AuditSink = Callable[[Response, str], "int | None"]


def limit_blas(threads: int) -> None:
    """Cap numpy's BLAS threads for the rest of the process. The question path multiplies a
    vector by the policy's example matrices (a few thousand rows): one thread does it in well
    under a millisecond, while OpenBLAS's extra threads keep spinning after each call on the
    core the ONNX encoder needs next. Training runs before the cap (its time is the same with
    one thread or two)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads, user_api="blas")


class Assistant:
    def __init__(self, settings: Settings | None = None, audit: AuditSink | None = None) -> None:
        self.settings = settings or get_settings()
        self.audit = audit
        self._lock = threading.Lock()
        self._retriever: HybridRetriever | None = None
        self.warnings: list[str] = []

    # --- start-up ------------------------------------------------------------------------
    def warm_up(self, progress: bool = False) -> None:
        with self._lock:
            if self._retriever is not None:
                return
            from chatbot.policy.classifier import PolicyClassifier
            from chatbot.policy.screen import Policy
            from index.embed import Embedder
            from index.store import Store

            self.embedder = Embedder.for_settings(self.settings)
            self.embedder.warm_up()
            self.store = Store(self.settings)
            self._retriever = self._open_index(progress)
            classifier = PolicyClassifier(self.settings.derived_dir)
            classifier.warm_up(self.embedder)
            self.policy = Policy(classifier, self._corpus_text())
            limit_blas(self.settings.blas_threads)

    def _open_index(self, progress: bool) -> HybridRetriever:
        from index.build import build, servable
        from index.chunk import EMBED_RECIPE
        from index.retrieve import HybridRetriever

        _, version, self.warnings = servable(self.settings)
        manifest = self.store.manifest()

        if (
            manifest is None
            or manifest.corpus_version != version
            or manifest.recipe != EMBED_RECIPE
            or self.store.verify(manifest)
        ):
            why = "no index yet" if manifest is None else "the index is stale or damaged"
            log.warning("%s: building it now", why)
            build(self.settings, self.store, self.embedder, progress=progress)
            manifest = self.store.manifest()
        return HybridRetriever(self.store, manifest, self.embedder)

    def _corpus_text(self) -> str:
        assert self._retriever is not None
        return "\n".join(p.embed_text for p in self._retriever.passages.values())

    @property
    def corpus_version(self) -> str:
        return self._retriever.manifest.corpus_version if self._retriever else ""

    @property
    def retriever(self) -> HybridRetriever:
        if self._retriever is None:
            self.warm_up()
        assert self._retriever is not None
        return self._retriever

    # --- the question path ---------------------------------------------------------------
    def ask(
        self,
        question: str,
        history: Sequence[str] = (),
        surface: str = "cli",
        conversation_id: str | None = None,
    ) -> Response:
        started = time.perf_counter()
        retriever = self.retriever
        text = clean_question(question, self.settings.max_question_chars)
        query = retrieval_query(retriever.speller.correct(unconfuse(text)), history)
        # The one embedding of this question (and of a longer message's sentences, same call)
        parts = sentences(text)
        pooled = self.embedder.embed_question_and_sentences(query, parts)
        vectors = policy_vectors(pooled)
        decision = self.policy.screen(text, history, vectors[0], list(zip(parts, vectors[1:])))
        response = self._respond(text, query, pooled.mean[0], decision, retriever, surface)
        latency_ms = (time.perf_counter() - started) * 1000
        response = replace(response, latency_ms=latency_ms, conversation_id=conversation_id)
        if self.audit is not None:
            response = replace(response, interaction_id=self.audit(response, surface))
        return response

    def _respond(self, text, query, vector, decision: Decision, retriever, surface) -> Response:
        from chatbot.compose import compose

        s = self.settings
        kind = decision.kind
        base = dict(
            question=text, corpus_version=retriever.manifest.corpus_version, latency_ms=0.0,
            reasons=decision.reasons, evidence=decision.evidence,
        )  # fmt: skip
        if kind is Kind.CRISIS:
            lines = [message(s, "crisis")]
            if decision.topic in ("poisoning", "emergency"):
                lines.insert(0, message(s, "crisis", decision.topic))
            if surface == "kiosk":
                lines.append(message(s, "crisis", "kiosk"))
            return Response(
                decision=kind, answer="\n\n".join(lines), notice=None, citations=(), **base
            )
        notice = message(s, "crisis", "topic_note") if decision.crisis_line else None
        if decision.check_in:
            key = "check_in_kiosk" if surface == "kiosk" else "check_in"
            base.update(check_in=message(s, "crisis", key))
        if kind is Kind.REFUSE_DOSING:
            return Response(
                decision=kind,
                answer=message(s, "refuse_dosing"),
                notice=notice,
                citations=(),
                **base,
            )
        hits = retriever.search(query, vector, s.retrieve_k)
        trace = tuple(h.trace() for h in hits)
        composed = None
        if kind in (Kind.ANSWER, Kind.REFUSE_PERSONAL):
            composed = compose(
                text, vector, hits, retriever.sentence_vectors(hits),
                s.max_answer_sentences, s.min_relevance, retriever.centroid, retriever.idf,
            )  # fmt: skip
        evidence = {**decision.evidence, "sentences": list(composed.scores) if composed else []}
        base.update(evidence=evidence)
        if kind is Kind.REFUSE_PERSONAL:
            answer = message(s, "refuse_personal")
            citations: tuple = ()
            if composed is not None:
                label = message(s, "refuse_personal", "general_label")
                answer = f"{answer}\n\n{label} {composed.text}"
                citations = composed.citations
            return Response(
                decision=kind,
                answer=answer,
                notice=notice,
                citations=citations,
                retrieval=trace,
                **base,
            )
        if kind is Kind.OUT_OF_SCOPE or composed is None:
            reasons = (
                decision.reasons
                if kind is Kind.OUT_OF_SCOPE
                else (
                    "retrieval:below_min_relevance",
                    *(r for r in decision.reasons if r.startswith("rule:")),  # for the audit
                    *near_crisis_notes(decision.reasons),
                )
            )
            base.update(reasons=reasons)
            return Response(
                decision=Kind.OUT_OF_SCOPE,
                answer=message(
                    s, "out_of_scope", decision.topic if decision.topic in SHORT_REPLIES else "text"
                ),
                notice=notice,
                citations=(),
                retrieval=trace,
                **base,
            )
        answer_notice = message(s, "answer", "notice")
        if notice:
            answer_notice = f"{answer_notice} {notice}"
        return Response(
            decision=Kind.ANSWER,
            answer=composed.text,
            notice=answer_notice,
            citations=composed.citations,
            retrieval=trace,
            **base,
        )
