"""Every knob of Vetted in one place.

Each field can be set by an environment variable of the same name in upper case
(``VETTED_DATA_DIR``, ``CHROMA_HOST`` ...). The README's settings table is generated
from this class (``python -m chatbot settings``), so a new knob is documented by adding it here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", frozen=True)

    # --- where things live -------------------------------------------------------------
    data_dir: Path = Field(
        ROOT / "data",
        validation_alias=AliasChoices("VETTED_DATA_DIR", "data_dir"),
        description="Folder for everything built at run time (Chroma files, audit DB, caches).",
    )
    cache_dir: Path | None = Field(
        None,
        validation_alias=AliasChoices("VETTED_CACHE_DIR", "cache_dir"),
        description="Folder for what is derived from the code alone (the ONNX question encoder, the"
        " trained policy classifier), named by content hash so data folders and replicas can share"
        " it; the 3 most recently used classifiers are kept, older ones deleted. Unset: the data"
        " folder's `cache/`.",
    )
    articles_dir: Path = Field(
        ROOT / "corpus" / "articles",
        validation_alias=AliasChoices("VETTED_ARTICLES_DIR", "articles_dir"),
        description="Folder of vetted Markdown articles with YAML front matter.",
    )
    serve_overdue: bool = Field(
        False,
        validation_alias=AliasChoices("VETTED_SERVE_OVERDUE", "serve_overdue"),
        description="Keep serving approved articles whose review date has passed (with a warning).",
    )

    # --- index -------------------------------------------------------------------------
    chroma_host: str | None = Field(
        None,
        validation_alias=AliasChoices("CHROMA_HOST", "chroma_host"),
        description="Chroma server host; unset = embedded Chroma in the data folder.",
    )
    chroma_port: int = Field(
        8000,
        validation_alias=AliasChoices("CHROMA_PORT", "chroma_port"),
        description="Chroma server port (used with CHROMA_HOST).",
    )
    collection: str = Field(
        "vetted",
        validation_alias=AliasChoices("VETTED_COLLECTION", "collection"),
        description="Name prefix of the Chroma collections.",
    )
    query_encoder: Literal["onnx", "torch"] = Field(
        "onnx",
        validation_alias=AliasChoices("VETTED_QUERY_ENCODER", "query_encoder"),
        description=(
            "How questions (and index builds) embed text: a checked ONNX export of the model, "
            "kept in the data folder's cache (fast start, no torch), or torch "
            "(sentence-transformers for builds). Same vectors either way."
        ),
    )
    blas_threads: int = Field(
        1,
        ge=1,
        validation_alias=AliasChoices("VETTED_BLAS_THREADS", "blas_threads"),
        description=(
            "Threads numpy's BLAS may use once the assistant is serving. Its per-question sums "
            "are small; a second thread busy-waits after each one and takes a core from the "
            "encoder (about twice as slow per question on 2 cores)."
        ),
    )
    chunk_max_chars: int = Field(
        1200,
        validation_alias=AliasChoices("VETTED_CHUNK_MAX_CHARS", "chunk_max_chars"),
        description="Sections longer than this are split at paragraph boundaries.",
    )

    # --- retrieval and answers ---------------------------------------------------------
    retrieve_k: int = Field(
        8,
        validation_alias=AliasChoices("VETTED_RETRIEVE_K", "retrieve_k"),
        description="Passages fused from dense + BM25 retrieval per question.",
    )
    max_answer_sentences: int = Field(
        3,
        ge=1,
        le=4,
        validation_alias=AliasChoices("VETTED_MAX_SENTENCES", "max_answer_sentences"),
        description="Most sentences chosen for an answer (1-4); one that points back "
        "('These effects ...') also brings the sentence before it, within 4 in all.",
    )
    min_relevance: float = Field(
        0.35,
        validation_alias=AliasChoices("VETTED_MIN_RELEVANCE", "min_relevance"),
        description="Cosine similarity a sentence needs to the question to be answer-worthy; "
        "below it for every sentence the question is out of scope.",
    )

    # --- clinic ------------------------------------------------------------------------
    clinic_name: str = Field(
        "the clinic",
        validation_alias=AliasChoices("VETTED_CLINIC_NAME", "clinic_name"),
        description="Clinic name used in messages.",
    )
    emergency_number: str = Field(
        "911",
        validation_alias=AliasChoices("VETTED_EMERGENCY_NUMBER", "emergency_number"),
        description="Emergency number shown first in a crisis.",
    )
    crisis_line: str = Field(
        "988 (Suicide & Crisis Lifeline, call or text)",
        validation_alias=AliasChoices("VETTED_CRISIS_LINE", "crisis_line"),
        description="Crisis line shown in a crisis.",
    )
    poison_line: str = Field(
        "1-800-222-1222 (Poison Control)",
        validation_alias=AliasChoices("VETTED_POISON_LINE", "poison_line"),
        description="Poison-control line shown for overdoses and poisonings.",
    )

    # --- audit and app -----------------------------------------------------------------
    database_url: str | None = Field(
        None,
        validation_alias=AliasChoices("DATABASE_URL", "database_url"),
        description="SQLAlchemy URL of the audit log; unset = SQLite (WAL) in the data folder.",
    )
    audit_retention_days: int = Field(
        365,
        validation_alias=AliasChoices("VETTED_AUDIT_RETENTION_DAYS", "audit_retention_days"),
        description="`audit purge` deletes interactions older than this.",
    )
    reviewer_user: str | None = Field(
        None,
        validation_alias=AliasChoices("VETTED_REVIEWER_USER", "reviewer_user"),
        description="Reviewer login name; unset = reviewer workspace disabled.",
    )
    reviewer_password_hash: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("VETTED_REVIEWER_PASSWORD_HASH", "reviewer_password_hash"),
        description="Hash of the reviewer password (`python -m chatbot hash-password`).",
    )
    session_secret: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("VETTED_SESSION_SECRET", "session_secret"),
        description="Key that signs reviewer sessions; set it so sign-ins survive restarts and "
        "are shared by replicas (unset = a random key per process).",
    )
    kiosk_idle_seconds: int = Field(
        120,
        validation_alias=AliasChoices("VETTED_KIOSK_IDLE_SECONDS", "kiosk_idle_seconds"),
        description="Kiosk clears the conversation after this many idle seconds.",
    )
    kiosk_crisis_alerts_staff: bool = Field(
        True,
        validation_alias=AliasChoices(
            "VETTED_KIOSK_CRISIS_ALERTS_STAFF", "kiosk_crisis_alerts_staff"
        ),
        description="A crisis reply at the kiosk also alerts the staff console at once (no "
        "question text is sent).",
    )
    kiosk_check_in_alerts_staff: bool = Field(
        True,
        validation_alias=AliasChoices(
            "VETTED_KIOSK_CHECK_IN_ALERTS_STAFF", "kiosk_check_in_alerts_staff"
        ),
        description="A safety check-in shown at the kiosk asks the staff console to check on the "
        "patient (amber, after crisis alerts; no question text is sent).",
    )
    staff_alert_seconds: int = Field(
        5,
        validation_alias=AliasChoices("VETTED_STAFF_ALERT_SECONDS", "staff_alert_seconds"),
        description="How often the staff console checks for kiosk requests for a staff member.",
    )
    max_question_chars: int = Field(
        1000,
        validation_alias=AliasChoices("VETTED_MAX_QUESTION_CHARS", "max_question_chars"),
        description="Longest question accepted (longer ones get a clear error).",
    )
    rate_limit_per_minute: int = Field(
        120,
        validation_alias=AliasChoices("VETTED_RATE_LIMIT_PER_MINUTE", "rate_limit_per_minute"),
        description="Questions per minute per client on the kiosk and API (0 = off).",
    )

    @property
    def derived_dir(self) -> Path:
        return self.cache_dir or self.data_dir / "cache"

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "audit.sqlite3"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
