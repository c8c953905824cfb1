"""The append-only audit log: every interaction, redacted, in SQLite (WAL) or PostgreSQL.

Public API: ``AuditLog`` (``log.py``), ``redact`` (``redact.py``) and ``AuditUnavailable``.
"""

from chatbot.audit.db import AuditUnavailable
from chatbot.audit.log import AuditLog
from chatbot.audit.redact import redact
from chatbot.audit.schema import RATINGS, REVIEW_STATUSES

__all__ = ["RATINGS", "REVIEW_STATUSES", "AuditLog", "AuditUnavailable", "redact"]
