"""Render ``RELIABILITY.md`` from the results of the last full run of ``tests/reliability``.

    pytest tests/reliability                 # writes tests/reliability/results.json
    python -m tests.reliability.report       # writes RELIABILITY.md from it

Everything in the report comes from ``results.json``; nothing is typed in by hand.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tests.reliability.cases import CASES

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SURFACES = [
    ("api", "POST /api/ask"),
    ("cli", "CLI stdin batch"),
    ("cli_argv", "CLI argument"),
    ("cli_bytes", "CLI raw bytes"),
    ("staff_ui", "staff page"),
    ("staff_api", "staff /ask (gradio_client)"),
    ("kiosk_ui", "kiosk page"),
]
ELSEWHERE = [
    ("An index build that dies halfway keeps the previous index serving",
     "tests/index/test_build.py::test_a_build_killed_halfway_leaves_the_previous_index_serving"),
    ("A tampered index is detected and rebuilt",
     "tests/index/test_build.py::test_a_tampered_index_is_detected_and_rebuilt"),
    ("Draft and retired articles are never served",
     "tests/index/test_build.py::test_draft_and_retired_articles_are_never_served, "
     "test_retired_article_is_removed_from_the_index"),
    ("Several app replicas share one Chroma server; an unreachable one is a clear error",
     "tests/index/test_chroma_server.py"),
    ("Reviewer routes: 401 without or with wrong credentials; failed sign-ins back off per client",
     "tests/app/test_review_api.py::test_reviewer_routes_need_credentials, "
     "test_wrong_passwords_back_off_per_client, test_sign_in_form_sets_a_session"),
    ("The API answers 429 with Retry-After over the per-client rate limit",
     "tests/app/test_api.py::test_rate_limit_answers_429_with_retry_after"),
    ("Reviewer views and exports show questions redacted",
     "tests/app/test_review_api.py::test_list_shows_questions_redacted, "
     "test_export_downloads_the_redacted_log"),
    ("The spool replays exactly once, torn lines are set aside",
     "tests/audit/test_spool.py, tests/audit/test_pg.py"),
]  # fmt: skip


def cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def outcome_of(results: dict, name: str) -> str:
    for nodeid, entry in results["tests"].items():
        if nodeid.endswith(f"::{name}") or f"::{name}[" in nodeid:
            return entry["outcome"]
    return "not run"


def summary(results: dict) -> list[str]:
    bad = results.get("bad_input", {})
    tests = results["tests"]
    kinds = [c.kind for c in CASES]
    table_outcomes = {
        k: tests.get(f"tests/reliability/test_bad_input.py::test_bad_input[{k}]", {}).get(
            "outcome", "not run"
        )
        for k in kinds
    }
    checks = sum(len(v["surfaces"]) for v in bad.values())
    passed = sum(o == "passed" for o in table_outcomes.values())
    gaps = sum(o == "xfailed" for o in table_outcomes.values())
    failed = [k for k, o in table_outcomes.items() if o in ("failed", "error")]
    server_errors = sum(1 for v in bad.values() for o in v["surfaces"].values() if o[:1] == "5")
    traces = sum(1 for v in bad.values() for p in v["problems"] if "stack trace" in p)
    props = results.get("properties", {})
    hyp = sum(props.get("hypothesis", {}).values())
    schema_cases = sum(props.get("schemathesis", {}).values())
    schema_top = max((int(k.rsplit(" ", 1)[-1]) for k in props.get("schemathesis", {})), default=0)
    load = results.get("load", {})
    faults = results.get("faults", {})
    chroma, pg, kill = (
        faults.get(k, {}) for k in ("chroma_stopped", "postgres_down", "build_sigkill")
    )
    access = results.get("access", {})
    phi = access.get("phi", {})
    leaks = sum(phi.get("places", {}).values()) if phi else "not run"
    secrets = access.get("secrets_in_logs", {})
    secret_hits = sum(n for c in secrets.values() for k, n in c.items() if k != "log lines")
    lost = pg.get("lost", "not run")
    down = pg.get("answered_while_down", [])
    while_down = f"{down.count(200)} of {len(down)}" if down else "-"
    load_rows = []
    for name, run in load.items():
        load_rows.append(
            f"{run['clients']} clients × {run['seconds']} s: {run['requests']} requests, "
            f"{run['errors']} errors, p95 {run['p95_ms']:.0f} ms, {run['audit_rows_written']} audit "
            f"rows for {run['ok']} answers ({name})"
        )
    out = [
        "| Area | What was tried | What held |",
        "|---|---|---|",
        f"| Bad input | {len(kinds)} kinds, {checks} surface checks (API, CLI stdin and argv, "
        f"staff page, staff `/ask`, kiosk page) + Chromium | {passed} kinds clear everywhere, "
        f"{gaps} known gap{'s' * (gaps != 1)}, {len(failed)} failed{': ' + ', '.join(failed) if failed else ''}; "
        f"{server_errors} server errors, {traces} stack traces |",
        f"| Property-based | hypothesis: {hyp} generated questions through `Assistant.ask`; "
        f"schemathesis: {schema_cases} generated requests from `/openapi.json` | invariants "
        f"{outcome_of(results, 'test_any_unicode_text')}/"
        f"{outcome_of(results, 'test_question_like_text_with_dose_and_crisis_words')}; highest "
        f"status {schema_top}; contract {outcome_of(results, 'test_openapi_contract_under_generated_requests')} |",
        f"| Load | {'; '.join(load_rows) or 'not run'} | "
        f"{'0 errors' if load and all(run['errors'] == 0 for run in load.values()) else 'see below'} |",
        f"| Chroma server stopped, restarted | `/readyz` and `/api/ask` while down, then polling | "
        f"{chroma.get('ask_status', '-')} in {chroma.get('answered_in_s', '-')} s "
        f"(readyz {chroma.get('readyz_status', '-')}), recovered by itself in "
        f"{chroma.get('recovered_in_s', '-')} s |",
        f"| PostgreSQL stopped (`-m immediate`) | {pg.get('sent', '-')} questions before, during "
        f"and after the outage | {while_down} answered while down, spooled, then "
        f"`audit replay`: {pg.get('replay', '-')} |",
        f"| Index build SIGKILLed | `python -m index build` killed after "
        f"{kill.get('killed_after_s', '-')} s, mid-build: {kill.get('killed_mid_build', '-')} | "
        f"previous generation served; next build: {kill.get('next_build', '-')} |",
        f"| **Records lost** | audit rows vs answers, through the load and the outage | **{lost}** "
        f"(duplicates: {pg.get('duplicates', '-')}) |",
        f"| Secrets in logs | password, its hash, Basic header, session secret and cookie vs "
        f"every server's output (review server at DEBUG) | {secret_hits} occurrences |",
        f"| Personal data | name, e-mail, phone, birth date, MRN via API, kiosk, staff feedback, "
        f"reviewer note, and into the spool during the outage | {leaks} occurrences in "
        f"{len(phi.get('places', {}))} places (database, WAL, server logs, CSV/JSONL exports); "
        f"{pg.get('personal_details_in_spool', 'not run')} in the spool |",
        f"| Kiosk surface | every route and Gradio handler listed | "
        f"{outcome_of(results, 'test_kiosk_lists_no_reviewer_audit_or_export_route')}; rate "
        f"limit {outcome_of(results, 'test_kiosk_rate_limit_per_client')} |",
    ]
    return out


def bad_input_table(results: dict) -> list[str]:
    bad = results.get("bad_input", {})
    tests = results["tests"]
    out = [
        "| # | Kind | " + " | ".join(label for _, label in SURFACES) + " | Result |",
        "|---|---|" + "---|" * len(SURFACES) + "---|",
    ]
    for n, case in enumerate(CASES, start=1):
        row = bad.get(case.kind)
        entry = tests.get(f"tests/reliability/test_bad_input.py::test_bad_input[{case.kind}]", {})
        outcome = entry.get("outcome", "not run")
        if row is None:
            out.append(f"| {n} | {case.kind} |" + " |" * len(SURFACES) + f" {outcome} |")
            continue
        cells = [cell(row["surfaces"].get(key, "")) for key, _ in SURFACES]
        verdict = {"passed": "clear", "xfailed": "**known gap**"}.get(outcome, f"**{outcome}**")
        if outcome in ("failed", "error") and row["problems"]:
            verdict += ": " + cell(row["problems"][0])[:160]
        out.append(f"| {n} | `{case.kind}` | " + " | ".join(cells) + f" | {verdict} |")
    return out


def messages(results: dict) -> list[str]:
    seen, out = set(), []
    for kind, row in results.get("bad_input", {}).items():
        msg = row.get("message")
        if msg and msg not in seen:
            seen.add(msg)
            out.append(f"- `{kind}`: “{cell(msg)[:220]}”")
    return out


def gaps(results: dict) -> list[str]:
    """Each known gap once, with the tests that expect its failure."""
    known = list(dict.fromkeys(c.known_gap for c in CASES if c.known_gap))
    out = []
    for gap in known:
        names = [
            nodeid.split("::")[-1]
            for nodeid, entry in results["tests"].items()
            if entry["outcome"] == "xfailed" and gap in entry.get("reason", "")
        ]
        if names:
            out.append(f"- {cell(gap)}. Tests: {', '.join(f'`{n}`' for n in names)}.")
    other = [
        f"- `{nodeid}`: {cell(entry.get('reason', ''))}"
        for nodeid, entry in results["tests"].items()
        if entry["outcome"] == "xfailed" and not any(g in entry.get("reason", "") for g in known)
    ]
    return out + other or ["- none"]


def failures(results: dict) -> list[str]:
    out = []
    for nodeid, entry in results["tests"].items():
        if entry["outcome"] in ("failed", "error"):
            out.append(f"- `{nodeid}`: {cell(entry.get('reason', ''))[:400]}")
    return out or ["- none"]


def access_rows(access: dict) -> list[str]:
    out = []
    if "secrets_in_logs" in access:
        for server, counts in access["secrets_in_logs"].items():
            hits = ", ".join(f"{k} {n}" for k, n in counts.items() if k != "log lines")
            out.append(
                f"| Secrets in the {server} server's log ({counts['log lines']} lines) | {hits} |"
            )
    if "kiosk_routes" in access:
        k = access["kiosk_routes"]
        gradio = k["gradio_routes"]
        out.append(
            f"| Kiosk routes | app: {', '.join(k['app_routes'])}; Gradio: "
            f"{len(gradio) if isinstance(gradio, list) else gradio} routes, none for review, "
            f"audit or export; handlers: {', '.join(h.split(' -> ')[0] for h in k['handlers'])} "
            f"(all private); `/gradio_api/info`: {cell(json.dumps(k['api_info']))} |"
        )
    if "kiosk_rate_limit" in access:
        r = access["kiosk_rate_limit"]
        out.append(
            f"| Kiosk rate limit ({r['limit']}/min per client) | "
            f"{r['shown'].count('answer')} answered, then: “{cell(r['shown'][-1])}” |"
        )
    if "phi" in access:
        phi = access["phi"]
        places = ", ".join(f"{p} {n}" for p, n in phi["places"].items())
        markers = ", ".join(f"{m} {n}" for m, n in phi["placeholders_in_database"].items())
        out.append(
            f"| Personal details sent through {', '.join(phi['sent_through'])} | found: "
            f"{places}; placeholders in the database: {markers} |"
        )
    return out


def render(results: dict) -> str:
    env, counts = results["environment"], results["counts"]
    load, faults, access = (results.get(k, {}) for k in ("load", "faults", "access"))
    lines = [
        "# Reliability",
        "",
        "Bad input, load, faults, access control and privacy, **produced from the test run**: "
        f"`{results['command']}` on {results['generated_at'][:10]} (Python {env['python']}, "
        f"{env['cpus']} CPUs, {results['seconds']:.0f} s for the folder). "
        + ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
        + (
            ". Index and model ready after {index_and_model_ready_s} s, the three servers after "
            "{servers_ready_s} s".format(**results["timing"])
            if {"index_and_model_ready_s", "servers_ready_s"} <= set(results.get("timing", {}))
            else ""
        )
        + ". Regenerate with `pytest tests/reliability && python -m tests.reliability.report`; "
        "`VETTED_FULL_LOAD=1` adds the 30-second load run.",
        "",
        "## Summary",
        "",
        *summary(results),
        "",
        f"## Bad input: {len(CASES)} kinds",
        "",
        "Every kind goes through every surface that takes it (`tests/reliability/cases.py`). Clear "
        "means: a 4xx with a message, or an answer/refusal with only verbatim cited sentences and no "
        "amount of medicine, or a message on the page; never a 5xx, an internal-error message, a "
        "crash or a stack trace. Cells show the HTTP status and decision, `error`/`message` for a "
        "refusal of the input itself.",
        "",
        *bad_input_table(results),
        "",
        "Messages people saw:",
        "",
        *messages(results),
        "",
        "In Chromium (staff console and kiosk), `<script>`, `<img onerror>`, a `javascript:` "
        "Markdown link and a remote Markdown image were typed as questions: "
        + "; ".join(
            f"{s}: `window.__pwned` {v.get('pwned')}, dialogs {len(v.get('dialogs', []))}, live "
            f"script/img/js-link {v.get('scripts')}/{v.get('images')}/{v.get('jsLinks')}, "
            f"fetched {len(v.get('fetched', []))}"
            for s, v in results.get("browser", {}).items()
        )
        + ". SQL-looking text: "
        + (
            "{rows_before} rows before, {rows_after} after {sent} questions (stored verbatim)".format(
                **results["sql"]
            )
            if "sql" in results
            else "not run"
        )
        + ".",
        "",
        "## Load",
        "",
        "| Run | Clients | Bound | Seconds | Requests | Errors | p50 ms | p95 ms | max ms | "
        "Answers/s | Audit rows | Spooled |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
        *[
            f"| {name} | {run['clients']} | {run['bound']} | {run['seconds']} | {run['requests']} | "
            f"{run['errors']} | {run['p50_ms']} | {run['p95_ms']} | {run['max_ms']} | "
            f"{run['throughput_rps']} | {run['audit_rows_written']} | {run['spooled']} |"
            for name, run in load.items()
        ],
        "",
        "## Faults",
        "",
        "| Fault | Recorded |",
        "|---|---|",
        *[
            f"| {name} | " + "; ".join(f"{k}: {cell(v)}" for k, v in rec.items()) + " |"
            for name, rec in faults.items()
        ],
        "",
        "## Access and privacy",
        "",
        "| Check | Recorded |",
        "|---|---|",
        *access_rows(access),
        "",
        "## Known gaps (the test expects the failure until the fix lands)",
        "",
        *gaps(results),
        "",
        "## Failures",
        "",
        *failures(results),
        "",
        "## Covered by other tests",
        "",
        "| What | Where |",
        "|---|---|",
        *[f"| {what} | `{where}` |" for what, where in ELSEWHERE],
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.reliability.report", description=__doc__)
    parser.add_argument("--results", type=Path, default=HERE / "results.json")
    parser.add_argument("--out", type=Path, default=ROOT / "RELIABILITY.md")
    args = parser.parse_args(argv)
    if not args.results.exists():
        print(
            f"error: {args.results} does not exist; run pytest tests/reliability first",
            file=sys.stderr,
        )
        return 1
    results = json.loads(args.results.read_text())
    if not results.get("complete"):
        print(f"error: {args.results} is from a partial run", file=sys.stderr)
        return 1
    args.out.write_text(render(results))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
