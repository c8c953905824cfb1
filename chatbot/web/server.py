"""One FastAPI app per surface, with its Gradio UI mounted at ``/``.

=========  ==============================================================================
mode       routes
=========  ==============================================================================
staff      staff console, ``POST /api/ask``, ``/healthz``, ``/readyz``, ``/docs``
kiosk      patient kiosk, ``/healthz``, ``/readyz`` (nothing else: no API, no docs)
review     reviewer workspace (sign-in at ``/login``), ``/api/review/...``, ``POST /api/ask``,
           ``/healthz``, ``/readyz``, ``/docs``
=========  ==============================================================================
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import gradio as gr
from fastapi import FastAPI

from chatbot.settings import Settings, get_settings
from chatbot.web.api import ask_router, health_router, install_error_handlers
from chatbot.web.services import Services

MODES = ("staff", "kiosk", "review")
# Gradio's queue looks for waiting events every 1 ms on Linux (every 50 ms on Windows) and for
# progress every 10 ms: an idle surface kept ~7% of a core busy, ~20% for the three on one
# machine. Looking every 20 ms (progress every 100 ms; no surface shows progress) takes an idle
# surface to ~1% and lets a click wait at most 20 ms more before its event starts.
QUEUE_POLL_SECONDS = 0.02
PROGRESS_POLL_SECONDS = 0.1


def _quiet_when_idle(blocks: gr.Blocks) -> None:
    queue = getattr(blocks, "_queue", None)  # Gradio has no public setting for these
    if queue is None:
        return
    if hasattr(queue, "sleep_when_free"):
        queue.sleep_when_free = max(queue.sleep_when_free, QUEUE_POLL_SECONDS)
    if hasattr(queue, "progress_update_sleep_when_free"):
        queue.progress_update_sleep_when_free = max(
            queue.progress_update_sleep_when_free, PROGRESS_POLL_SECONDS
        )


def _mount(app: FastAPI, blocks: gr.Blocks, **options: Any) -> FastAPI:
    _quiet_when_idle(blocks)
    return gr.mount_gradio_app(
        app,
        blocks,
        path="/",
        footer_links=options.pop("footer_links", []),
        run_history=False,  # questions may hold personal details: never kept in the browser
        show_error=False,  # exception texts stay in the server log
        ssr_mode=False,
        mcp_server=False,
        pwa=False,
        enable_monitoring=False,
        app_kwargs={"openapi_url": None},  # Gradio's own routes stay out of the API schema
        **options,
    )


def create_app(mode: str = "staff", settings: Settings | None = None) -> FastAPI:
    """The app of one surface; the assistant warms up in the background when it starts."""
    from chatbot.web import theme

    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)} (got {mode!r})")
    settings = settings or get_settings()
    services = Services(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services.start()
        yield
        services.close()

    kiosk = mode == "kiosk"
    app = FastAPI(
        title=f"Vetted ({mode})",
        summary="Cited answers from vetted articles; refuses dosing and personal advice.",
        version="1",
        lifespan=lifespan,
        docs_url=None if kiosk else "/docs",
        redoc_url=None,
        openapi_url=None if kiosk else "/openapi.json",
    )
    app.state.services = services
    app.state.mode = mode
    install_error_handlers(app)
    app.include_router(health_router())
    if kiosk:
        from chatbot.web.kiosk import build_kiosk, head

        return _mount(
            app,
            build_kiosk(services),
            theme=theme.kiosk_theme(),
            css=theme.css("kiosk"),
            head=head(settings),
        )
    app.include_router(ask_router())
    if mode == "staff":
        from chatbot.web.staff import build_staff

        return _mount(
            app,
            build_staff(services),
            theme=theme.console_theme(),
            css=theme.css("console"),
            footer_links=["api"],
        )
    return _review_app(app, services)


def _review_app(app: FastAPI, services: Services) -> FastAPI:
    from chatbot.web import theme
    from chatbot.web.auth import ReviewerAuth
    from chatbot.web.login import SignInGuard, disabled_page, login_router
    from chatbot.web.review_api import review_router

    auth = ReviewerAuth.from_settings(services.settings)
    app.state.reviewer_auth = auth
    app.include_router(login_router())
    app.include_router(review_router())
    app.add_middleware(SignInGuard)
    if not auth.configured:

        @app.get("/", include_in_schema=False)
        def disabled():
            return disabled_page(services.settings)

        return app
    from chatbot.web.review import build_review

    return _mount(
        app,
        build_review(services),
        theme=theme.console_theme(),
        css=theme.css("console", "review"),
        auth_dependency=auth.request_user,
    )
