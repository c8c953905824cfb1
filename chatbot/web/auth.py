"""Reviewer sign-in: password hashes, a signed session cookie, HTTP Basic for scripts, and a
per-IP back-off after failed attempts.

Hashes are ``scrypt$<n>$<r>$<p>$<salt>$<key>`` (base64, :func:`hash_password`); bcrypt hashes
(``$2b$...``) are accepted too. The cookie is ``<user, base64>|<expiry>|<hmac>`` signed with a key made at
start-up, so a restart signs everyone out.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import Request

if TYPE_CHECKING:
    from chatbot.settings import Settings

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
COOKIE = "vetted_reviewer"
SESSION_SECONDS = 8 * 3600
# Checking a wrong user name still costs one hash check, so timing does not reveal names.
_DUMMY_HASH = (
    "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r + 2**20, dklen=32
    )


def hash_password(password: str) -> str:
    """A salted scrypt hash of ``password`` for ``VETTED_REVIEWER_PASSWORD_HASH``."""
    if not password:
        raise ValueError("the reviewer password must not be empty")
    salt = secrets.token_bytes(16)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches a hash made by :func:`hash_password` (or bcrypt)."""
    if stored.startswith(("$2a$", "$2b$", "$2y$")):
        import bcrypt

        try:
            return bcrypt.checkpw(password.encode("utf-8"), stored.encode("ascii"))
        except ValueError:
            return False
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        got = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
        return hmac.compare_digest(got, base64.b64decode(key))
    except (ValueError, binascii.Error):
        return False


@dataclass(frozen=True)
class Lockout:
    locked: bool
    retry_after: int = 0


class LoginThrottle:
    """After ``free`` failures from one IP, each further attempt must wait 2, 4, 8 ... seconds
    (at most ``max_wait``); a success clears the count."""

    def __init__(
        self, free: int = 3, max_wait: int = 300, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.free = free
        self.max_wait = max_wait
        self._clock = clock
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def check(self, ip: str) -> Lockout:
        with self._lock:
            count, last = self._failures.get(ip, (0, 0.0))
        if count < self.free:
            return Lockout(False)
        wait = min(2 ** (count - self.free + 1), self.max_wait)
        left = last + wait - self._clock()
        return Lockout(left > 0, max(1, int(left + 0.999)) if left > 0 else 0)

    def failed(self, ip: str) -> None:
        with self._lock:
            count, _ = self._failures.get(ip, (0, 0.0))
            self._failures[ip] = (count + 1, self._clock())
            if len(self._failures) > 10_000:  # bounded: forget the oldest failures
                oldest = min(self._failures, key=lambda k: self._failures[k][1])
                del self._failures[oldest]

    def succeeded(self, ip: str) -> None:
        with self._lock:
            self._failures.pop(ip, None)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class ReviewerAuth:
    """The one reviewer account from the settings; ``configured`` is False when either the user
    or the password hash is unset (the workspace is then disabled)."""

    def __init__(
        self, user: str | None, password_hash: str | None, session_secret: str | None = None
    ) -> None:
        self.user = user or None
        self.password_hash = password_hash or None
        self.throttle = LoginThrottle()
        # A configured secret keeps reviewers signed in across restarts and replicas.
        self._key = (
            hashlib.sha256(session_secret.encode()).digest()
            if session_secret
            else secrets.token_bytes(32)
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> ReviewerAuth:
        secret = settings.reviewer_password_hash
        session = settings.session_secret
        return cls(
            settings.reviewer_user,
            secret.get_secret_value() if secret else None,
            session.get_secret_value() if session else None,
        )

    @property
    def configured(self) -> bool:
        return bool(self.user and self.password_hash)

    def check(self, user: str, password: str) -> bool:
        if not self.configured:
            return False
        assert self.user is not None and self.password_hash is not None
        name_ok = hmac.compare_digest(user.encode("utf-8"), self.user.encode("utf-8"))
        password_ok = verify_password(password, self.password_hash if name_ok else _DUMMY_HASH)
        return name_ok and password_ok

    # --- session cookie ------------------------------------------------------------------
    def _sign(self, payload: str) -> str:
        return hmac.new(self._key, payload.encode("utf-8"), hashlib.sha256).hexdigest()

    def make_session(self, user: str, now: float | None = None) -> str:
        name = base64.urlsafe_b64encode(user.encode("utf-8")).decode("ascii")
        payload = f"{name}|{int((now or time.time()) + SESSION_SECONDS)}"
        return f"{payload}|{self._sign(payload)}"

    def session_user(self, cookie: str | None, now: float | None = None) -> str | None:
        if not cookie or not self.configured or cookie.count("|") != 2:
            return None
        name, expiry, signature = cookie.split("|")
        if not hmac.compare_digest(signature, self._sign(f"{name}|{expiry}")):
            return None
        try:
            user = base64.urlsafe_b64decode(name.encode("ascii")).decode("utf-8")
        except (ValueError, binascii.Error):
            return None
        if not expiry.isdigit() or int(expiry) < (now or time.time()) or user != self.user:
            return None
        return user

    # --- requests ----------------------------------------------------------------------------
    def basic_credentials(self, request: Request) -> tuple[str, str] | None:
        header = request.headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "basic" or not value:
            return None
        try:
            user, _, password = base64.b64decode(value).decode("utf-8").partition(":")
        except (ValueError, binascii.Error):
            return None
        return user, password

    def request_user(self, request: Request) -> str | None:
        """The signed-in reviewer (session cookie) or None. Basic credentials are checked by
        :meth:`authenticate`, which also applies the back-off."""
        return self.session_user(request.cookies.get(COOKIE))

    def authenticate(self, request: Request) -> tuple[str | None, Lockout]:
        """Cookie first, then HTTP Basic (throttled per IP)."""
        user = self.request_user(request)
        if user:
            return user, Lockout(False)
        creds = self.basic_credentials(request)
        if creds is None:
            return None, Lockout(False)
        ip = client_ip(request)
        lockout = self.throttle.check(ip)
        if lockout.locked:
            return None, lockout
        if self.check(*creds):
            self.throttle.succeeded(ip)
            return creds[0], Lockout(False)
        self.throttle.failed(ip)
        return None, Lockout(False)
