"""The HTTP API: ``POST /api/ask``, ``GET /healthz``, ``GET /readyz``, and the error contract.

Every error is JSON ``{"error": "<what went wrong and what to do>"}``: 400 for a body that cannot
be read, 405 for a method other than POST, 413 for a body over ``MAX_BODY_BYTES`` (refused unread;
Starlette's plain-text 413 when the Content-Length header already says so), 422 for a bad body or
an unusable question, 429 over the rate limit, 503 while warming up or when the index is
unreachable, 500 (with a reference to the log line, never a stack trace) for anything else.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictStr
from starlette.exceptions import HTTPException

from chatbot.audit import AuditUnavailable
from chatbot.records import Citation
from chatbot.validate import InvalidQuestion
from chatbot.web.auth import client_ip
from chatbot.web.conversations import CONVERSATION_ID
from chatbot.web.services import NotReady, Services
from chatbot.web.text import text

log = logging.getLogger(__name__)
# A question is at most a few KB even JSON-escaped; larger bodies are refused (413) unread.
MAX_BODY_BYTES = 64 * 1024


class ApiError(Exception):
    """An error with its status code and the sentence the client sees."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: StrictStr = Field(
        description="What the person asked (plain text; over the length limit is refused).",
        examples=["What are the common side effects of ketamine therapy?"],
    )
    conversation_id: StrictStr | None = Field(
        None,
        pattern=CONVERSATION_ID.pattern,
        description="Id returned by an earlier answer, so a follow-up such as “and the side "
        "effects?” is understood. Omit it to start a new conversation.",
    )


class AskResponse(BaseModel):
    """``Response.to_dict()``: the answer contract shared with the CLI."""

    question: str
    decision: str = Field(
        description="answer | refuse_dosing | refuse_personal | crisis | out_of_scope"
    )
    answer: str
    check_in: str | None = Field(
        None,
        description="safety check-in shown before the answer when a message reads close "
        "to a crisis without being decided as one",
    )
    notice: str | None
    citations: list[Citation]  # the pipeline's own dataclass: one definition of the fields
    corpus_version: str
    latency_ms: float
    reasons: list[str]
    evidence: dict[str, Any]
    retrieval: list[dict[str, Any]]
    conversation_id: str | None
    interaction_id: int | None


class ErrorOut(BaseModel):
    error: str


def services_of(request: Request) -> Services:
    return request.app.state.services


def rate_limit(request: Request) -> None:
    """Dependency: one request against the client's per-minute budget."""
    services = services_of(request)
    verdict = services.limiter.hit(client_ip(request))
    if not verdict.allowed:
        raise ApiError(
            429,
            text(services.settings, "errors", "rate_limited"),
            {"Retry-After": str(verdict.retry_after)},
        )


def internal_error(request: Request, exc: BaseException) -> JSONResponse:
    reference = secrets.token_hex(4)
    log.error(
        "unexpected error %s on %s %s", reference, request.method, request.url.path, exc_info=exc
    )
    message = text(request.app.state.services.settings, "errors", "internal", reference=reference)
    return JSONResponse({"error": message}, status_code=500)


def _describe(errors: list[dict]) -> str:
    problems = []
    for e in errors:
        where = ".".join(str(p) for p in e.get("loc", ()) if p != "body") or "body"
        if e.get("type") == "json_invalid":
            problems.append("the body is not valid JSON")
        elif e.get("type") == "extra_forbidden":
            problems.append(f"'{where}' is not an accepted field")
        elif e.get("type") == "missing":
            problems.append(f"'{where}' is required")
        else:
            problems.append(f"'{where}': {e.get('msg', 'invalid')}")
    return "; ".join(problems)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"error": exc.message}, status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid_body(request: Request, exc: RequestValidationError) -> JSONResponse:
        settings = request.app.state.services.settings
        message = text(settings, "errors", "bad_request", problems=_describe(list(exc.errors())))
        return JSONResponse({"error": message}, status_code=422)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
        settings = request.app.state.services.settings
        allow = (exc.headers or {}).get("Allow")
        problems = {
            400: "the body could not be read (send UTF-8 JSON)",
            405: f"use {allow} for {request.url.path}" if allow else None,
            413: f"the body is larger than {MAX_BODY_BYTES // 1024} KB",
        }.get(exc.status_code)
        message = (
            text(settings, "errors", "bad_request", problems=problems) if problems else exc.detail
        )
        return JSONResponse({"error": message}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(AuditUnavailable)
    async def _audit_down(request: Request, exc: AuditUnavailable) -> JSONResponse:
        log.error("%s", exc)
        settings = request.app.state.services.settings
        return JSONResponse({"error": text(settings, "errors", "unavailable")}, status_code=503)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return internal_error(request, exc)


def health_router() -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/healthz", summary="The process is alive")
    def healthz() -> dict[str, str]:
        return {"status": "alive"}

    @router.get(
        "/readyz",
        summary="Model loaded, index and audit database reachable",
        responses={503: {"description": "Some part is not ready; `checks` says which"}},
    )
    def readyz(request: Request) -> JSONResponse:
        services = services_of(request)
        state = services.readiness()
        body = {
            "ready": state.ready,
            "checks": state.checks,
            "corpus_version": (services.assistant.corpus_version or None)
            if services.warm
            else None,
        }
        return JSONResponse(body, status_code=200 if state.ready else 503)

    return router


def ask_router() -> APIRouter:
    router = APIRouter(tags=["ask"])
    errors = {
        400: {"model": ErrorOut, "description": "The body cannot be read as UTF-8 JSON"},
        413: {"model": ErrorOut, "description": f"The body is over {MAX_BODY_BYTES} bytes"},
        422: {"model": ErrorOut, "description": "Bad body, or an empty or too-long question"},
        429: {"model": ErrorOut, "description": "Too many questions from this client"},
        503: {"model": ErrorOut, "description": "Warming up, or the index is unreachable"},
    }

    @router.post(
        "/api/ask",
        summary="Answer a question with cited sentences from the vetted articles",
        response_model=AskResponse,
        responses=errors,
        dependencies=[Depends(rate_limit)],
        max_body_size=MAX_BODY_BYTES,
    )
    def ask(body: AskRequest, request: Request) -> JSONResponse:
        from index.store import IndexUnavailable

        services = services_of(request)
        unavailable = text(services.settings, "errors", "unavailable")
        try:
            response = services.ask_in_conversation(body.question, "api", body.conversation_id)
        except InvalidQuestion as exc:
            raise ApiError(422, str(exc)) from None
        except NotReady as exc:
            log.info("ask refused while not ready: %s", exc)
            raise ApiError(503, unavailable, {"Retry-After": "5"}) from None
        except IndexUnavailable as exc:
            log.error("index unavailable: %s", exc)
            raise ApiError(503, unavailable, {"Retry-After": "5"}) from None
        except Exception as exc:
            return internal_error(request, exc)
        return JSONResponse(response.to_dict())

    # Without this the UI mounted at "/" would answer other methods with a bare 404.
    @router.api_route(
        "/api/ask", methods=["GET", "PUT", "PATCH", "DELETE"], include_in_schema=False
    )
    def wrong_method() -> None:
        raise HTTPException(405, "Method Not Allowed", headers={"Allow": "POST"})

    return router
