"""``python -m chatbot audit export|purge|stats|gaps|replay``: the audit log from the shell.

Each command prints a one-line result (``gaps`` then lists the groups, one per line); errors
print ``error: ...`` on stderr and exit 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from chatbot.audit.db import AuditUnavailable
from chatbot.audit.export import FORMATS as EXPORT_FORMATS
from chatbot.audit.log import AuditLog
from chatbot.settings import get_settings


def add_audit_commands(subparsers) -> None:
    audit = subparsers.add_parser("audit", help="the audit log: export, purge, stats, gaps, replay")
    sub = audit.add_subparsers(dest="audit_command", required=True)

    export = sub.add_parser("export", help="write every interaction (redacted) to a file")
    export.add_argument("--format", dest="fmt", choices=EXPORT_FORMATS, required=True)
    export.add_argument("--out", type=Path, required=True, help="file to write")
    export.set_defaults(func=_guarded(cmd_export))

    purge = sub.add_parser("purge", help="delete interactions older than N days")
    purge.add_argument(
        "--days", type=int, default=None, help="default: VETTED_AUDIT_RETENTION_DAYS"
    )
    purge.set_defaults(func=_guarded(cmd_purge))

    stats = sub.add_parser("stats", help="counts by decision, surface and feedback")
    stats.add_argument("--json", action="store_true", help="print the counts as JSON")
    stats.set_defaults(func=_guarded(cmd_stats))

    gaps = sub.add_parser("gaps", help="questions the corpus does not answer well, grouped")
    gaps.add_argument("--top", type=int, default=10, help="groups to list (default 10)")
    gaps.add_argument("--low-score", type=float, default=0.5, help="weak-answer similarity")
    gaps.add_argument(
        "--min-similarity", type=float, default=0.6, help="to join a group (with --embed)"
    )
    gaps.add_argument("--embed", action="store_true", help="group by meaning with the MiniLM model")
    gaps.add_argument("--json", action="store_true", help="print the groups as JSON")
    gaps.set_defaults(func=_guarded(cmd_gaps))

    replay = sub.add_parser("replay", help="write spooled interactions to the database")
    replay.set_defaults(func=_guarded(cmd_replay))


def _guarded(command):
    def run(args: argparse.Namespace) -> int:
        try:
            return command(args, AuditLog(get_settings()))
        except (AuditUnavailable, ValueError, OSError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1

    run.__name__ = command.__name__
    return run


def cmd_export(args: argparse.Namespace, log: AuditLog) -> int:
    n = log.export(args.out, args.fmt)
    print(f"exported {n} interaction{'s' * (n != 1)} to {args.out} ({args.fmt})")
    return 0


def cmd_purge(args: argparse.Namespace, log: AuditLog) -> int:
    days = args.days if args.days is not None else log.settings.audit_retention_days
    n = log.purge(days)
    print(f"purged {n} interaction{'s' * (n != 1)} older than {days} days")
    return 0


def cmd_stats(args: argparse.Namespace, log: AuditLog) -> int:
    s = log.stats()
    if args.json:
        print(json.dumps(s))
        return 0

    def kv(d: dict) -> str:
        return ", ".join(f"{k}={v}" for k, v in d.items()) or "none"

    print(
        f"{s['interactions']} interactions; decisions: {kv(s['by_decision'])}; "
        f"surfaces: {kv(s['by_surface'])}; feedback: {kv(s['feedback'])}; "
        f"reviews: {kv(s['reviews'])}; open handoffs: {s['open_handoffs']}; "
        f"spooled: {s['spooled']}"
    )
    return 0


def cmd_gaps(args: argparse.Namespace, log: AuditLog) -> int:
    embed = None
    if args.embed:
        from index.embed import Embedder

        embed = Embedder.for_settings(log.settings).encode
    groups = log.content_gaps(
        embed=embed, min_similarity=args.min_similarity, low_score=args.low_score
    )
    top = groups[: max(args.top, 0)]
    if args.json:
        print(json.dumps(top, ensure_ascii=False))
        return 0
    total = sum(g["count"] for g in groups)
    print(f"{len(groups)} content gap group{'s' * (len(groups) != 1)} from {total} questions")
    for g in top:
        decisions = ", ".join(f"{k}={v}" for k, v in g["decisions"].items())
        print(f"{g['count']:>5}  {g['example']}  ({decisions}; last {g['last_seen'][:10]})")
    return 0


def cmd_replay(args: argparse.Namespace, log: AuditLog) -> int:
    n = log.replay_spool()
    print(f"replayed {n} spooled interaction{'s' * (n != 1)}; {len(log.spool)} still spooled")
    return 0
