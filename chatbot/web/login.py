"""The reviewer's sign-in page (``/login``), sign-out (``/logout``), the page shown when no
reviewer account is configured, and the guard that sends a signed-out browser to ``/login``."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from chatbot.web.auth import COOKIE, SESSION_SECONDS, client_ip
from chatbot.web.render import esc
from chatbot.web.text import text

# Paths a signed-out browser may load on the review server. Gradio's own routes check the
# session through ``auth_dependency`` and answer 401; the API routes answer 401 themselves.
OPEN_PATHS = ("/login", "/logout", "/healthz", "/readyz", "/api/", "/docs", "/openapi.json")

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{title}</title>
<style>
body {{ margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f4f6f8;
  font: 16px/1.5 "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", sans-serif;
  color: #0f172a; }}
main {{ width: min(420px, 92vw); background: #fff; border: 1px solid #e2e8f0; border-radius: 12px;
  padding: 32px; box-shadow: 0 8px 24px rgba(15, 23, 42, .08); }}
h1 {{ font-size: 1.35rem; margin: 0 0 4px; }} p.sub {{ color: #475569; margin: 0 0 24px; }}
label {{ display: block; font-weight: 600; margin: 16px 0 6px; }}
input {{ width: 100%; box-sizing: border-box; padding: 10px 12px; font: inherit;
  border: 1px solid #94a3b8; border-radius: 8px; }}
input:focus {{ outline: 3px solid #99f6e4; border-color: #0f766e; }}
button {{ margin-top: 24px; width: 100%; padding: 11px; font: inherit; font-weight: 600;
  color: #fff; background: #0f766e; border: 0; border-radius: 8px; cursor: pointer; }}
button:hover {{ background: #115e59; }}
.error {{ background: #fef2f2; color: #991b1b; border: 1px solid #fecaca; border-radius: 8px;
  padding: 10px 12px; margin-bottom: 8px; }}
.logo {{ display: inline-grid; place-items: center; width: 36px; height: 36px; border-radius: 9px;
  background: #0f766e; color: #fff; font-weight: 700; margin-bottom: 12px; }}
</style></head>
<body><main>{body}</main></body></html>"""


def page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(PAGE.format(title=esc(title), body=body), status_code=status)


def disabled_page(settings) -> HTMLResponse:
    body = (
        f'<span class="logo">V</span><h1>{esc(text(settings, "review", "title"))}</h1>'
        f'<p class="sub">{esc(settings.clinic_name)}</p>'
        f'<div class="error" role="alert">{esc(text(settings, "review", "disabled"))}</div>'
    )
    return page(text(settings, "review", "page_title"), body, status=503)


def login_page(settings, error: str | None = None, status: int = 200) -> HTMLResponse:
    t = lambda key, **kw: esc(text(settings, "review", key, **kw))  # noqa: E731
    alert = f'<div class="error" role="alert">{esc(error)}</div>' if error else ""
    body = (
        f'<span class="logo">V</span><h1>{t("login_title")}</h1>'
        f'<p class="sub">{esc(settings.clinic_name)} · {t("title")}</p>{alert}'
        '<form method="post" action="/login">'
        f'<label for="username">{t("login_user")}</label>'
        '<input id="username" name="username" autocomplete="username" required autofocus>'
        f'<label for="password">{t("login_password")}</label>'
        '<input id="password" name="password" type="password" autocomplete="current-password" required>'
        f'<button type="submit">{t("login_button")}</button></form>'
    )
    return page(text(settings, "review", "page_title"), body, status)


def login_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/login")
    def show(request: Request) -> Response:
        settings = request.app.state.services.settings
        auth = request.app.state.reviewer_auth
        if not auth.configured:
            return disabled_page(settings)
        if auth.request_user(request):
            return RedirectResponse("/", status_code=303)
        return login_page(settings)

    @router.post("/login")
    def submit(request: Request, username: str = Form(""), password: str = Form("")) -> Response:
        settings = request.app.state.services.settings
        auth = request.app.state.reviewer_auth
        if not auth.configured:
            return disabled_page(settings)
        ip = client_ip(request)
        lockout = auth.throttle.check(ip)
        if lockout.locked:
            message = text(settings, "review", "locked", seconds=lockout.retry_after)
            response = login_page(settings, message, status=429)
            response.headers["Retry-After"] = str(lockout.retry_after)
            return response
        if not auth.check(username, password):
            auth.throttle.failed(ip)
            return login_page(settings, text(settings, "review", "login_failed"), status=401)
        auth.throttle.succeeded(ip)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(
            COOKIE,
            auth.make_session(username),
            max_age=SESSION_SECONDS,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
        return response

    @router.get("/logout")
    def logout() -> Response:
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE)
        return response

    return router


class SignInGuard:
    """ASGI middleware: send a signed-out browser asking for a workspace page to ``/login``
    (pure ASGI, so Gradio's event streams pass through untouched)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            request = Request(scope)
            auth = scope["app"].state.reviewer_auth
            wants_page = "text/html" in request.headers.get("accept", "")
            if wants_page and not scope["path"].startswith(OPEN_PATHS):
                if not auth.configured:
                    response: Response = disabled_page(scope["app"].state.services.settings)
                    await response(scope, receive, send)
                    return
                if not auth.request_user(request):
                    await RedirectResponse("/login", status_code=303)(scope, receive, send)
                    return
        await self.app(scope, receive, send)
