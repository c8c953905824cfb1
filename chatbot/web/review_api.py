"""The reviewer's HTTP API under ``/api/review`` (only on the review server). Every route needs
the reviewer's session cookie or HTTP Basic credentials: 401 without, 429 while a client is
backing off after failed attempts, 503 when no reviewer account is configured.

The data helpers here (:func:`corpus_rows`, :func:`content_gaps`) are shared with the
reviewer workspace UI.
"""

from __future__ import annotations

import logging
import os
import tempfile
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.background import BackgroundTask

from chatbot.web.api import ApiError, services_of
from chatbot.web.auth import ReviewerAuth
from chatbot.web.services import Services
from chatbot.web.text import text

log = logging.getLogger(__name__)
Decision = Literal["answer", "refuse_dosing", "refuse_personal", "crisis", "out_of_scope"]
FeedbackFilter = Literal["helpful", "wrong", "unsafe", "any", "none"]
ReviewFilter = Literal["ok", "needs_correction", "any", "none"]
EXPORT_TYPES = {"csv": "text/csv", "jsonl": "application/x-ndjson"}


def auth_of(request: Request) -> ReviewerAuth:
    return request.app.state.reviewer_auth


def require_reviewer(request: Request) -> str:
    """Dependency: the signed-in reviewer's name, or a 401/429/503 error."""
    auth = auth_of(request)
    settings = services_of(request).settings
    if not auth.configured:
        raise ApiError(503, text(settings, "review", "disabled"))
    user, lockout = auth.authenticate(request)
    if lockout.locked:
        message = text(settings, "review", "locked", seconds=lockout.retry_after)
        raise ApiError(429, message, {"Retry-After": str(lockout.retry_after)})
    if user is None:
        message = text(settings, "review", "unauthorized")
        raise ApiError(401, message, {"WWW-Authenticate": 'Basic realm="Vetted reviewer"'})
    return user


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["ok", "needs_correction"]
    note: str = Field("", max_length=4000)


# --- data shared with the workspace UI --------------------------------------------------------
def corpus_rows(settings: Any, today: date | None = None) -> list[dict]:
    """Every article with its status and review dates; raises ``CorpusError`` for a bad folder."""
    from corpus.articles import load_articles

    today = today or date.today()
    rows = []
    for a in load_articles(settings.articles_dir):
        rows.append(
            {
                "id": a.id,
                "title": a.title,
                "publisher": a.publisher,
                "status": getattr(a.status, "value", str(a.status)),
                "reviewed_on": str(a.meta.reviewed_on) if a.meta.reviewed_on else None,
                "review_due": str(a.meta.review_due) if a.meta.review_due else None,
                "overdue": a.is_overdue(today),
            }
        )
    return rows


def content_gaps(services: Services) -> list[dict]:
    embed = None
    if services.warm:
        embed = lambda texts: services.assistant.embedder.encode(list(texts))  # noqa: E731
    return services.audit.content_gaps(embed=embed)


def export_file(services: Services, fmt: str) -> tuple[str, int]:
    """The whole audit log in a temporary file (the caller deletes it) and its row count."""
    fd, path = tempfile.mkstemp(prefix="vetted-export-", suffix=f".{fmt}")
    os.close(fd)
    try:
        count = services.audit.export(path, fmt)
    except BaseException:
        os.unlink(path)
        raise
    return path, count


def review_router() -> APIRouter:
    router = APIRouter(
        prefix="/api/review", tags=["review"], dependencies=[Depends(require_reviewer)]
    )
    not_found = {404: {"description": "No interaction with this id"}}

    @router.get("/interactions", summary="Search the audit log (newest first)")
    def interactions(
        request: Request,
        decision: Decision | None = None,
        surface: str | None = Query(None, pattern=r"^[a-z0-9][a-z0-9_.-]{0,31}$"),
        since: date | None = None,
        until: date | None = None,
        feedback: FeedbackFilter | None = None,
        text_: str | None = Query(None, alias="text", max_length=200),
        review_status: ReviewFilter | None = None,
        check_in: bool | None = Query(
            None, description="true: only replies that opened with a safety check-in"
        ),
        limit: int = Query(100, ge=1, le=1000),
        offset: int = Query(0, ge=0),
    ) -> list[dict]:
        return services_of(request).audit.search(
            decision=decision,
            surface=surface,
            since=since,
            until=until,
            feedback=feedback,
            text=text_ or None,
            review_status=review_status,
            check_in=check_in,
            limit=limit,
            offset=offset,
        )

    @router.get(
        "/interactions/{interaction_id}", summary="One interaction in full", responses=not_found
    )
    def interaction(request: Request, interaction_id: int = Path(ge=1)) -> dict:
        found = services_of(request).audit.get(interaction_id)
        if found is None:
            settings = services_of(request).settings
            raise ApiError(404, text(settings, "review", "not_found", id=interaction_id))
        return found

    @router.post(
        "/interactions/{interaction_id}/review",
        summary="Mark an interaction reviewed OK or needing correction",
        responses=not_found,
    )
    def review(
        request: Request,
        body: ReviewIn,
        interaction_id: int = Path(ge=1),
        reviewer: str = Depends(require_reviewer),
    ) -> dict:
        services = services_of(request)
        if services.audit.get(interaction_id) is None:
            raise ApiError(404, text(services.settings, "review", "not_found", id=interaction_id))
        review_id = services.audit.review(interaction_id, body.status, body.note, reviewer)
        return {"id": review_id, "interaction_id": interaction_id, "status": body.status}

    @router.get("/export", summary="Download the audit log as CSV or JSON Lines")
    def export(request: Request, format: Literal["csv", "jsonl"] = "csv") -> FileResponse:
        path, count = export_file(services_of(request), format)
        log.info("audit export: %d interactions as %s", count, format)
        name = f"vetted-audit-{date.today().isoformat()}.{format}"
        return FileResponse(
            path,
            media_type=EXPORT_TYPES[format],
            filename=name,
            background=BackgroundTask(os.unlink, path),
            headers={"Cache-Control": "no-store"},
        )

    @router.get("/gaps", summary="Unanswered questions grouped by meaning")
    def gaps(request: Request) -> list[dict]:
        return content_gaps(services_of(request))

    @router.get("/corpus", summary="Articles with status and review-due dates")
    def corpus(request: Request) -> list[dict]:
        from corpus.articles import CorpusError

        try:
            return corpus_rows(services_of(request).settings)
        except CorpusError as exc:
            settings = services_of(request).settings
            problems = "; ".join(exc.problems)
            raise ApiError(
                503, text(settings, "review", "corpus_error", problems=problems)
            ) from None

    @router.get("/handoffs", summary="Requests for a staff member")
    def handoffs(request: Request, open_only: bool = True) -> list[dict]:
        return services_of(request).audit.handoffs(open_only=open_only)

    return router
