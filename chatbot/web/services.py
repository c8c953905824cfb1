"""What every surface of one server shares: the warmed-up assistant, the audit log, the API's
conversation memory and the rate limiter.

The heavy warm-up runs once, in a background thread started by the server's lifespan, so
``/healthz`` answers at once and ``/readyz`` says what is still loading.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

from chatbot.records import Response
from chatbot.settings import Settings
from chatbot.web.conversations import Conversations, new_conversation_id
from chatbot.web.ratelimit import RateLimiter

log = logging.getLogger(__name__)
CHECK_TIMEOUT = 3.0  # seconds a readiness probe waits for Chroma or the database
# Lone UTF-16 surrogates are valid in JSON (`"\ud800"`) and in Python strings, but they are not
# text: the tokenizer and every UTF-8 encoder downstream fail on them.
_SURROGATES = re.compile("[\ud800-\udfff]")


def without_surrogates(value: object) -> object:
    """``value`` with lone surrogates removed when it is a string (like invisible characters)."""
    return _SURROGATES.sub("", value) if isinstance(value, str) else value


class NotReady(RuntimeError):
    """The assistant is still warming up (or failed to); the message says which part."""


@dataclass(frozen=True)
class Readiness:
    ready: bool
    checks: dict[str, str] = field(default_factory=dict)  # part -> "ok" or what is wrong


class Services:
    def __init__(self, settings: Settings) -> None:
        from chatbot.audit import AuditLog
        from chatbot.pipeline import Assistant

        self.settings = settings
        self.audit = AuditLog(settings)
        self.assistant = Assistant(settings, audit=self.audit.record)
        self.conversations = Conversations()
        self.limiter = RateLimiter(max(0, settings.rate_limit_per_minute))
        self._warm = threading.Event()
        self._started = False
        self._start_lock = threading.Lock()
        self.failure: str | None = None
        self._probes = ThreadPoolExecutor(max_workers=2, thread_name_prefix="vetted-probe")

    # --- start-up ------------------------------------------------------------------------
    def start(self, background: bool = True) -> None:
        """Warm up the audit log and the assistant once (in a thread unless ``background``
        is False)."""
        with self._start_lock:
            if self._started:
                return
            self._started = True
        if background:
            threading.Thread(target=self._warm_up, name="vetted-warm-up", daemon=True).start()
        else:
            self._warm_up()

    def _warm_up(self) -> None:
        try:
            self.audit.warm_up()
            self.assistant.warm_up()
        except Exception as exc:  # reported by /readyz; the process stays up for the probe
            log.exception("warm-up failed")
            self.failure = f"{type(exc).__name__}: {exc}"
            return
        for warning in self.assistant.warnings:
            log.warning("%s", warning)
        self._warm.set()
        log.info("assistant ready (corpus %s)", self.assistant.corpus_version)

    @property
    def warm(self) -> bool:
        return self._warm.is_set()

    def wait_until_warm(self, timeout: float | None = None) -> bool:
        return self._warm.wait(timeout)

    def close(self) -> None:
        self._probes.shutdown(wait=False, cancel_futures=True)

    # --- readiness -------------------------------------------------------------------------
    def _probe(self, check: Callable[[], Any]) -> str:
        try:
            self._probes.submit(check).result(timeout=CHECK_TIMEOUT)
        except FutureTimeout:
            return f"no answer within {CHECK_TIMEOUT:g} s"
        except Exception as exc:
            return f"{type(exc).__name__}: {exc}"
        return "ok"

    def readiness(self) -> Readiness:
        if not self.warm:
            state = f"failed: {self.failure}" if self.failure else "loading"
            return Readiness(False, {"model": state, "index": state, "database": state})

        def index() -> None:
            if self.assistant.store.manifest() is None:
                raise RuntimeError("no index has been built")

        checks = {
            "model": "ok",
            "index": self._probe(index),
            "database": self._probe(self.audit.count),
        }
        return Readiness(all(v == "ok" for v in checks.values()), checks)

    # --- asking ------------------------------------------------------------------------------
    def ask(
        self,
        question: object,
        surface: str,
        history: Sequence[str] = (),
        conversation_id: str | None = None,
    ) -> Response:
        """Ask the assistant; raises :class:`NotReady` instead of blocking during warm-up."""
        if not self.warm:
            raise NotReady(self.failure or "the assistant is still loading")
        return self.assistant.ask(
            without_surrogates(question),  # type: ignore[arg-type]  # non-strings are refused
            history=list(history),
            surface=surface,
            conversation_id=conversation_id,
        )

    def ask_in_conversation(
        self, question: object, surface: str, conversation_id: str | None
    ) -> Response:
        """Ask with the remembered previous questions of ``conversation_id`` (a new one when
        None) and remember this one."""
        cid = conversation_id or new_conversation_id()
        response = self.ask(question, surface, self.conversations.history(cid), cid)
        self.conversations.add(cid, response.question)
        return response
