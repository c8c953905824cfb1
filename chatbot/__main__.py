"""Command line: ``python -m chatbot ask|eval|settings|audit ...``.

Library errors become one-line messages here: exit 1 for errors, 2 for usage.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys


def _assistant(progress: bool = True, audited: bool = False):
    from chatbot.pipeline import Assistant
    from chatbot.settings import get_settings

    settings = get_settings()
    sink = None
    if audited:  # every question asked reaches the audit log; evaluation runs do not
        from chatbot.audit import AuditLog, AuditUnavailable

        log = AuditLog(settings)
        try:
            log.warm_up()
        except AuditUnavailable as exc:
            logging.getLogger("chatbot").warning("audit log unavailable, spooling: %s", exc)
        sink = log.record
    assistant = Assistant(settings, audit=sink)
    assistant.warm_up(progress=progress and sys.stderr.isatty())
    return assistant


def render(resp: dict) -> str:
    lines = [f"Safety: {resp['check_in']}", ""] if resp.get("check_in") else []
    lines.append(resp["answer"])
    if resp.get("notice"):
        lines += ["", f"Note: {resp['notice']}"]
    if resp["citations"]:
        lines += ["", "Sources:"]
        for c in resp["citations"]:
            lines.append(f'  [{c["n"]}] {c["title"]} ({c["publisher"]}), section "{c["section"]}"')
            lines.append(f'      "{c["quote"]}"')
    lines += [
        "",
        f"({resp['decision']}; corpus {resp['corpus_version']}; {resp['latency_ms']:.0f} ms)",
    ]
    return "\n".join(lines)


def cmd_ask(args) -> int:
    from chatbot.settings import get_settings
    from chatbot.validate import InvalidQuestion, clean_question

    if args.question != "-":  # an unusable question is said at once, before the model loads
        try:
            clean_question(args.question, get_settings().max_question_chars)
        except InvalidQuestion as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    assistant = _assistant(audited=True)
    if args.question == "-":
        # Undecodable bytes become a clear error, not a crash.
        sys.stdin.reconfigure(errors="surrogateescape")
        for line in sys.stdin:
            line = line.rstrip("\n")
            try:
                out = assistant.ask(line, surface="cli").to_dict()
            except InvalidQuestion as exc:
                out = {"question": line, "error": str(exc), "decision": None}
            print(json.dumps(out, ensure_ascii=False) if args.json else render(out), flush=True)
        return 0
    try:
        out = assistant.ask(args.question, surface="cli").to_dict()
    except InvalidQuestion as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(out, ensure_ascii=False) if args.json else render(out))
    return 0


def cmd_eval(args) -> int:
    from chatbot.evaluate import run_eval

    assistant = _assistant()
    for path in args.files:
        print(run_eval(assistant, path, show_misses=args.misses))
    return 0


def cmd_settings(args) -> int:
    from chatbot.settings import ROOT, Settings

    print("| variable | default | what it does |\n|---|---|---|")
    for name, field in Settings.model_fields.items():
        env = field.validation_alias.choices[0] if field.validation_alias else name.upper()
        default = field.default
        if name in ("data_dir", "articles_dir"):
            default = f"`{default.relative_to(ROOT)}`"
        print(
            f"| `{env}` | {default if default is not None else '(unset)'} | {field.description} |"
        )
    return 0


def cmd_hash_password(args) -> int:
    import getpass

    from chatbot.web.auth import hash_password

    first = getpass.getpass("Reviewer password: ")
    if len(first) < 12:
        print("error: use at least 12 characters", file=sys.stderr)
        return 1
    if getpass.getpass("Again: ") != first:
        print("error: the two passwords differ", file=sys.stderr)
        return 1
    print(hash_password(first))
    print("Set it as VETTED_REVIEWER_PASSWORD_HASH (with VETTED_REVIEWER_USER).", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chatbot", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens")
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="answer a question ('-' reads one question per stdin line)")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print one JSON object per question")
    ask.set_defaults(func=cmd_ask)
    ev = sub.add_parser("eval", help="score question sets (answerable or labelled decisions)")
    ev.add_argument("files", nargs="+")
    ev.add_argument(
        "--misses",
        type=int,
        default=10,
        metavar="N",
        help="list up to N missed items per set (default 10; 0 for figures only, as for sets"
        " that must be measured but never read, like the external ones)",
    )
    ev.set_defaults(func=cmd_eval)
    st = sub.add_parser("settings", help="print the settings table (Markdown)")
    st.set_defaults(func=cmd_settings)
    hp = sub.add_parser("hash-password", help="hash a reviewer password for the settings")
    hp.set_defaults(func=cmd_hash_password)
    try:
        from chatbot.audit.cli import add_audit_commands

        add_audit_commands(sub)
    except ImportError:
        pass
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s: %(message)s"
    )

    from corpus.articles import CorpusError
    from index.store import IndexUnavailable

    try:
        return args.func(args)
    except (CorpusError, IndexUnavailable, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
