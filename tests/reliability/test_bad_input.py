"""Bad input, one test per kind (``cases.py``), through every surface that takes it; plus the
pieces a table row cannot show: scripts and Markdown stay inert in Chromium, SQL-looking text
leaves the audit table whole, and the CLI's stdin batch survives the whole table."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

import httpx
import pytest

from chatbot.dose import states_amount
from tests.chatbot.test_grounding import assert_grounded
from tests.reliability.cases import CASES, EVIL_HTML, MD_IMAGE, MD_LINK, SQL, Case
from tests.reliability.conftest import cli_batch_input
from tests.reliability.harness import GradioError, GradioUI

pytestmark = pytest.mark.slow

DECISIONS = {"answer", "refuse_dosing", "refuse_personal", "crisis", "out_of_scope"}
INTERNAL = "Something went wrong on our side"
LIVE_MARKUP = re.compile(r"<script|<img|<a\s[^>]*href=\"javascript|src=\"http", re.I)


@dataclass
class Seen:
    """What one surface did with one input."""

    surface: str
    outcome: str  # short, for the report: "422", "answer", "message", ...
    decision: str | None = None
    message: str | None = None  # the error or notice a person reads
    reply: str | None = None  # the answer text (API, gradio_client, CLI)
    problems: list[str] = field(default_factory=list)


def plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).strip()


def check_reply(seen: Seen, out: dict, assistant) -> None:
    """An answer dict from the API, gradio_client or the CLI: a known decision, only verbatim
    cited sentences, never an amount of medicine."""
    seen.decision, seen.reply = out.get("decision"), out.get("answer", "")
    if seen.decision not in DECISIONS:
        seen.problems.append(f"unknown decision {seen.decision!r}")
        return
    try:
        assert_grounded(assistant, out)
    except AssertionError as exc:
        seen.problems.append(f"answer not grounded: {exc}")
    if seen.decision == "answer" and states_amount(seen.reply):
        seen.problems.append("the answer states an amount of medicine")


# --- surfaces ---------------------------------------------------------------------------------
def via_api(case: Case, base_url: str, assistant) -> Seen:
    if case.text is not None:
        raw, ctype, method = (
            json.dumps({"question": case.text}).encode(),
            "application/json",
            "POST",
        )
    else:
        raw, ctype, method = case.body or b"", case.content_type, case.method
    headers = {"content-type": ctype} if ctype else {}
    r = httpx.request(method, f"{base_url}/api/ask", content=raw, headers=headers, timeout=60)
    seen = Seen("api", str(r.status_code))
    if r.status_code >= 500:
        seen.problems.append(f"server error {r.status_code}: {r.text[:200]}")
    elif r.status_code not in case.expect_status:
        seen.problems.append(f"status {r.status_code}, expected one of {case.expect_status}")
    if "Traceback" in r.text:
        seen.problems.append("a stack trace in the response")
    if "x-injected" in r.headers:
        seen.problems.append("a header was injected")
    if r.status_code == 200:
        check_reply(seen, r.json(), assistant)
        seen.outcome = f"200 {seen.decision}"
        return seen
    try:
        seen.message = r.json()["error"]
    except (ValueError, KeyError, TypeError):
        seen.message = r.text.strip()  # e.g. Starlette's plain 413 when Content-Length says so
    if not seen.message:
        seen.problems.append(f"{r.status_code} without a message")
    return seen


def via_ui(surface: str, ui: GradioUI, question: str, headers: dict[str, str]) -> Seen:
    """The page's own ask handler (staff console or kiosk)."""
    handler, turn = (
        ("kiosk_ask", r'class="k-turn k-turn-([a-z_]+)"')
        if surface == "kiosk_ui"
        else ("staff_ask", r'class="v-turn v-([a-z_]+)"')
    )
    seen = Seen(surface, "")
    try:
        data = ui.call(handler, [question, None], headers=headers)
    except GradioError as exc:
        seen.outcome = "event error"
        seen.problems.append(f"the page's event failed: {exc}")
        return seen
    transcript, status = data[0], data[-1]
    blob = json.dumps(data, ensure_ascii=False)
    if "Traceback" in blob:
        seen.problems.append("a stack trace on the page")
    decisions = re.findall(turn, transcript) if isinstance(transcript, str) else []
    if decisions:
        seen.decision, seen.outcome = decisions[-1], decisions[-1]
        if LIVE_MARKUP.search(transcript):  # the app's own markup has none of these
            seen.problems.append("typed markup came back as live HTML")
    if isinstance(status, str) and status.strip():
        seen.message = plain(status)
        seen.outcome = seen.outcome or "message"
    if seen.message and INTERNAL in seen.message:
        seen.problems.append(f"internal error shown: {seen.message}")
    if not seen.decision and not seen.message:
        seen.problems.append("neither an answer nor a message")
    return seen


def via_gradio_client(client, question: str, assistant) -> Seen:
    from gradio_client.exceptions import AppError

    seen = Seen("staff_api", "")
    try:
        out = client.predict(question, "", api_name="/ask")
    except AppError as exc:
        seen.outcome, seen.message = "error", str(exc)
        if INTERNAL in seen.message or "Traceback" in seen.message:
            seen.problems.append(f"internal error: {seen.message}")
        return seen
    check_reply(seen, out, assistant)
    seen.outcome = str(seen.decision)
    return seen


def via_cli_lines(surface: str, lines: list[str] | None, stderr: str) -> Seen:
    """The JSON lines the CLI printed for one input (one per stdin line)."""
    seen = Seen(surface, "")
    if not lines:
        last = stderr.strip().splitlines()[-1:] or ["(nothing)"]
        seen.outcome = "no output"
        seen.problems.append(f"the CLI printed nothing for this input; stderr ends: {last[0]}")
        return seen
    got = []
    for line in lines:
        try:
            out = json.loads(line)
        except ValueError:
            seen.problems.append(f"not JSON: {line[:120]!r}")
            continue
        if out.get("error"):
            seen.message = out["error"]
            got.append("error")
        else:
            seen.decision, seen.reply = out.get("decision"), out.get("answer", "")
            got.append(str(seen.decision))
            if seen.decision not in DECISIONS:
                seen.problems.append(f"unknown decision {seen.decision!r}")
    kinds = sorted(set(got))
    seen.outcome = kinds[0] if len(got) == 1 else f"{len(got)} lines: {', '.join(kinds)}"
    return seen


def via_cli_argv(question: str, assistant, capsys, monkeypatch) -> Seen:
    """``python -m chatbot ask --json <question>`` in process (the model is the session's)."""
    import chatbot.__main__ as cli

    monkeypatch.setattr(cli, "_assistant", lambda **_: assistant)
    seen = Seen("cli_argv", "")
    try:
        code = cli.main(["ask", "--json", question])
    except SystemExit as exc:
        code = exc.code
    except Exception as exc:  # what would be a traceback on the terminal
        seen.outcome = f"crash ({type(exc).__name__})"
        seen.problems.append(f"the CLI crashed: {type(exc).__name__}: {exc}")
        return seen
    out, err = capsys.readouterr()
    if "Traceback" in out + err:
        seen.problems.append("a stack trace on the terminal")
    if code == 0:
        return via_cli_lines("cli_argv", out.splitlines(), err)
    seen.outcome = f"exit {code}"
    seen.message = err.removeprefix("error: ").strip()
    if code != 1 or not err.startswith("error: "):
        seen.problems.append(f"exit {code} with stderr {err[:200]!r}")
    return seen


# --- fixtures ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def staff_ui(staff) -> GradioUI:
    return GradioUI(staff.url)


@pytest.fixture(scope="module")
def kiosk_ui(kiosk) -> GradioUI:
    return GradioUI(kiosk.url)


@pytest.fixture(scope="module")
def staff_client(staff):
    from gradio_client import Client

    return Client(staff.url, verbose=False)


@pytest.fixture(scope="module")
def cli_batch(cli_runs) -> dict[str, object]:
    """The stdin batch's output lines per case kind, its exit code and stderr."""
    code, out, err = cli_runs["cli"].wait()
    _, layout = cli_batch_input()
    per_kind, i = {}, 0
    for kind, n in layout:
        per_kind[kind] = out[i : i + n] if i + n <= len(out) else None
        i += n
    return {"code": code, "lines": out, "expected": i, "stderr": err, "per_kind": per_kind}


@pytest.fixture(scope="module")
def decision_of(assistant):
    cache: dict[str, str] = {}

    def decide(question: str) -> str:
        if question not in cache:
            cache[question] = assistant.ask(question).decision.value
        return cache[question]

    return decide


# --- the table --------------------------------------------------------------------------------
def expectations(case: Case, seen: list[Seen], decision_of) -> list[str]:
    problems = []
    for s in seen:
        says = case.expect_says
        if says is not None and (s.message is None or says not in s.message):
            problems.append(f"{s.surface}: expected a message with {says!r}, got {s.outcome}")
        wanted = case.expect_decision or (decision_of(case.same_as) if case.same_as else None)
        if wanted is not None and s.decision != wanted:
            problems.append(f"{s.surface}: decision {s.decision!r}, expected {wanted!r}")
        if case.no_digits and s.reply and re.search(r"\d", s.reply):
            problems.append(f"{s.surface}: the reply has a number: {s.reply[:120]!r}")
    return problems


@pytest.mark.parametrize("case", CASES, ids=[c.kind for c in CASES])
def test_bad_input(
    case: Case,
    assistant,
    staff,
    kiosk,
    staff_ui,
    kiosk_ui,
    staff_client,
    cli_batch,
    cli_runs,
    decision_of,
    results,
    capsys,
    monkeypatch,
):
    i = CASES.index(case)
    client_ip = {"X-Forwarded-For": f"198.18.{i // 200}.{i % 200 + 1}"}  # the kiosk's limit
    logs = [(server, server.log.stat().st_size) for server in (staff, kiosk)]
    seen: list[Seen] = []
    for surface in case.surfaces:
        if surface == "api":
            seen.append(via_api(case, staff.url, assistant))
        elif surface in ("staff_ui", "kiosk_ui"):
            ui = kiosk_ui if surface == "kiosk_ui" else staff_ui
            seen.append(via_ui(surface, ui, case.text, client_ip))
        elif surface == "staff_api":
            seen.append(via_gradio_client(staff_client, case.text, assistant))
        elif surface == "cli":
            lines = cli_batch["per_kind"].get(case.kind)
            seen.append(via_cli_lines("cli", lines, cli_batch["stderr"]))
        elif surface == "cli_argv":
            seen.append(via_cli_argv(case.text, assistant, capsys, monkeypatch))
        elif surface == "cli_bytes":
            code, out, err = cli_runs["cli_bytes"].wait()
            s = via_cli_lines("cli_bytes", out, err)
            sent = case.body.count(b"\n")
            s.outcome = f"{len(out)} of {sent} lines, exit {code}"
            if len(out) != sent:
                s.problems.append(f"{len(out)} answers for {sent} lines")
            if code != 0 or "Traceback" in err:
                s.problems.append(f"exit {code}; stderr ends: {err.strip()[-200:]!r}")
            seen.append(s)
    problems = [f"{s.surface}: {p}" for s in seen for p in s.problems]
    for server, start in logs:  # an unexpected error is logged with its traceback
        with server.log.open("rb") as log:
            log.seek(start)
            if b"Traceback" in log.read():
                problems.append(f"{server.mode} server: a traceback in its log")
    problems += expectations(case, seen, decision_of)
    results.section("bad_input")[case.kind] = {
        "surfaces": {s.surface: s.outcome for s in seen},
        "message": next((s.message for s in seen if s.message), None),
        "problems": problems,
        "known_gap": case.known_gap,
    }
    if problems and case.known_gap:
        pytest.xfail(f"known gap: {case.known_gap} ({problems[0]})")
    assert not problems, "\n".join(problems)
    assert not case.known_gap, f"{case.kind} now passes: remove its known_gap note"


def test_cli_batch_answers_every_line(cli_batch, results):
    """One ``ask --json -`` process over the whole table: one JSON object per input line, no
    traceback, exit 0."""
    results.section("bad_input_cli_batch").update(
        lines_in=cli_batch["expected"], lines_out=len(cli_batch["lines"]), exit=cli_batch["code"]
    )
    assert "Traceback" not in cli_batch["stderr"], cli_batch["stderr"][-2000:]
    assert cli_batch["code"] == 0
    assert len(cli_batch["lines"]) == cli_batch["expected"]


def test_sql_text_leaves_the_audit_table_whole(staff, kiosk, server_data, results):
    from chatbot.audit import AuditLog
    from chatbot.audit.db import dispose_all
    from chatbot.settings import Settings

    audit = AuditLog(Settings(data_dir=server_data))
    before = audit.count()
    ids = []
    for _ in range(3):
        r = httpx.post(f"{staff.url}/api/ask", json={"question": SQL}, timeout=60)
        assert r.status_code == 200
        ids.append(r.json()["interaction_id"])
    GradioUI(kiosk.url).call("kiosk_ask", [SQL, None], headers={"X-Forwarded-For": "198.19.0.9"})
    after = audit.count()
    stored = [audit.get(i)["question"] for i in ids]
    dispose_all()
    results.section("sql").update(rows_before=before, rows_after=after, sent=4)
    assert after == before + 4  # every row still there, plus the four new ones
    assert stored == [SQL] * 3  # stored as text, verbatim


# --- in Chromium ----------------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.parametrize("surface", ["staff", "kiosk"])
def test_markup_in_questions_stays_inert_in_chromium(browser, servers, surface, results):
    from playwright.sync_api import expect

    prefix, turn = ("#staff", ".v-turn") if surface == "staff" else ("#kiosk", ".k-turn")
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(30_000)
    dialogs, requests = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(servers[surface].url)
    questions = [EVIL_HTML, MD_LINK, MD_IMAGE]
    for n, question in enumerate(questions, start=1):
        page.fill(f"{prefix}-question textarea", question)
        page.click(f"{prefix}-ask")
        expect(page.locator(f"{prefix}-transcript {turn}")).to_have_count(n)
    shown = page.locator(f"{prefix}-transcript {turn}").all_inner_texts()
    pwned = page.evaluate("window.__pwned")
    live = page.evaluate(
        f"""() => {{
        const t = document.querySelector('{prefix}-transcript');
        return {{
          scripts: t.querySelectorAll('script').length,
          images: t.querySelectorAll('img').length,
          jsLinks: t.querySelectorAll('a[href^="javascript:" i]').length,
          anyLink: [...t.querySelectorAll('a')].map(a => a.getAttribute('href')),
        }};
      }}"""
    )
    context.close()
    fetched = [u for u in requests if u.endswith("/x") or "evil.invalid" in u]
    results.section("browser")[surface] = {
        "pwned": pwned, "dialogs": dialogs, **live, "fetched": fetched
    }  # fmt: skip
    assert pwned is None and dialogs == []
    assert live["scripts"] == live["images"] == live["jsLinks"] == 0, live
    assert fetched == []  # neither <img src=x> nor the Markdown image was loaded
    for question, text in zip(questions, shown):
        assert question in text  # shown as typed, not interpreted
