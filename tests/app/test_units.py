"""The small parts of the web package on their own: rate limiter, conversation memory,
password hashes, session cookies, sign-in back-off, HTML escaping, and the staff console's
kiosk alerts."""

from __future__ import annotations

import pytest

from chatbot.settings import Settings
from chatbot.web.auth import LoginThrottle, ReviewerAuth, hash_password, verify_password
from chatbot.web.conversations import Conversations
from chatbot.web.ratelimit import RateLimiter
from chatbot.web.render import (
    answer_html,
    esc,
    kiosk_transcript,
    passage_html,
    plain_text,
    staff_alerts,
    staff_transcript,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- rate limiter --------------------------------------------------------------------------
def test_rate_limiter_slides_its_window():
    clock = Clock()
    limiter = RateLimiter(2, window=60, clock=clock)
    assert limiter.hit("a").allowed and limiter.hit("a").allowed
    refused = limiter.hit("a")
    assert not refused.allowed and refused.retry_after == 60
    assert limiter.hit("b").allowed  # per client
    clock.now += 30
    assert limiter.hit("a").retry_after == 30
    clock.now += 30.5
    assert limiter.hit("a").allowed


def test_rate_limiter_off_and_invalid():
    assert all(RateLimiter(0).hit("a").allowed for _ in range(1000))
    with pytest.raises(ValueError, match="rate limit must be 0"):
        RateLimiter(-1)


def test_rate_limiter_memory_is_bounded():
    limiter = RateLimiter(1, max_clients=3)
    for ip in "abcde":
        limiter.hit(ip)
    assert list(limiter._hits) == ["c", "d", "e"]


# --- conversations ---------------------------------------------------------------------------
def test_conversations_keep_the_last_questions_until_idle():
    clock = Clock()
    memory = Conversations(turns=2, ttl=60, clock=clock)
    for q in ("one", "two", "three"):
        memory.add("c1", q)
    assert memory.history("c1") == ("two", "three")
    assert memory.history("unknown") == ()
    clock.now += 61
    assert memory.history("c1") == ()


def test_conversations_are_bounded():
    memory = Conversations(max_conversations=2)
    for cid in ("a", "b", "c"):
        memory.add(cid, "q")
    assert len(memory) == 2 and memory.history("a") == ()


# --- passwords and sessions --------------------------------------------------------------------
def test_password_hash_round_trip():
    stored = hash_password("s3cret pass")
    assert stored.startswith("scrypt$") and "s3cret" not in stored
    assert verify_password("s3cret pass", stored)
    assert not verify_password("s3cret pas", stored)
    assert hash_password("s3cret pass") != stored  # salted
    with pytest.raises(ValueError, match="must not be empty"):
        hash_password("")


def test_bcrypt_hashes_and_garbage():
    import bcrypt

    stored = bcrypt.hashpw(b"pw", bcrypt.gensalt(rounds=4)).decode()
    assert verify_password("pw", stored) and not verify_password("px", stored)
    assert not verify_password("pw", "not-a-hash") and not verify_password("pw", "scrypt$x$y$z$a$b")


def test_reviewer_auth_from_settings_and_disabled():
    settings = Settings(reviewer_user="rev", reviewer_password_hash=hash_password("pw"))
    auth = ReviewerAuth.from_settings(settings)
    assert auth.configured and auth.check("rev", "pw")
    assert not auth.check("rev", "wrong") and not auth.check("other", "pw")
    assert not ReviewerAuth.from_settings(Settings()).configured
    assert not ReviewerAuth(None, None).check("rev", "pw")


def test_session_cookie_is_signed_and_expires():
    auth = ReviewerAuth("rev|é x", hash_password("pw"))
    cookie = auth.make_session("rev|é x", now=1000)
    assert auth.session_user(cookie, now=1001) == "rev|é x"
    assert auth.session_user(cookie, now=1000 + 9 * 3600) is None  # expired
    user, expiry, signature = cookie.split("|")
    assert auth.session_user(f"YWRtaW4=|{expiry}|{signature}", now=1001) is None  # "admin"
    assert auth.session_user(f"{user}|{int(expiry) + 99}|{signature}", now=1001) is None
    assert auth.session_user("garbage", now=1001) is None
    assert (
        ReviewerAuth("rev", hash_password("pw")).session_user(cookie, now=1001) is None
    )  # restart


def test_login_throttle_backs_off_and_resets():
    clock = Clock()
    throttle = LoginThrottle(free=2, clock=clock)
    throttle.failed("ip")
    throttle.failed("ip")
    assert throttle.check("ip").locked and throttle.check("ip").retry_after == 2
    clock.now += 2.1
    assert not throttle.check("ip").locked
    throttle.failed("ip")
    assert throttle.check("ip").retry_after == 4  # doubles
    throttle.succeeded("ip")
    assert not throttle.check("ip").locked and not throttle.check("other").locked


# --- rendering -------------------------------------------------------------------------------
EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)"> ${alert(3)} {{constructor}}'


def response(**overrides) -> dict:
    base = {
        "question": EVIL,
        "decision": "answer",
        "answer": f"Sentence {EVIL}. [1][2]",
        "notice": "Note <b>",
        "citations": [
            {
                "n": 1,
                "article_id": "a",
                "title": "T <i>",
                "publisher": "P",
                "section": "S",
                "quote": "q",
                "passage_id": "p",
                "start": 0,
                "end": 1,
                "review_due": "2027-01-01",
            },
            {
                "n": 2,
                "article_id": "b",
                "title": "U",
                "publisher": "P",
                "section": "S",
                "quote": "r",
                "passage_id": "p2",
                "start": 0,
                "end": 1,
                "review_due": None,
            },
        ],
        "corpus_version": "v",
        "latency_ms": 1.0,
        "interaction_id": 7,
    }
    return {**base, **overrides}


@pytest.mark.parametrize("html_of", [staff_transcript, kiosk_transcript])
def test_user_and_corpus_text_is_escaped(html_of):
    html = html_of(Settings(), [{"question": EVIL, "response": response()}])
    assert "<script" not in html and "<img" not in html and "<i>" not in html
    assert esc(EVIL) in html and "Note &lt;b&gt;" in html


@pytest.mark.parametrize(
    "html_of, css", [(staff_transcript, "v-check-in"), (kiosk_transcript, "k-check-in")]
)
def test_a_check_in_comes_before_the_answer(html_of, css):
    turn = {"question": "q", "response": response(check_in="Are you safe <now>?")}
    html = html_of(Settings(), [turn])
    assert f'class="{css}" role="note">Are you safe &lt;now&gt;?' in html
    assert html.index(css) < html.index("Sentence")
    assert css not in html_of(Settings(), [{"question": "q", "response": response()}])
    assert plain_text(turn["response"]).startswith("Are you safe <now>?\n\nSentence")


def test_the_kiosk_drops_the_not_covered_badge_under_a_check_in():
    """A "not covered" badge under the check-in reads as a brush-off; a refusal keeps its."""
    note = "If you are not feeling safe right now, please tell a staff member."

    def kiosk(decision: str, check_in: str | None) -> str:
        r = response(decision=decision, citations=[], check_in=check_in)
        return kiosk_transcript(Settings(), [{"question": "q", "response": r}])

    assert "v-badge" in kiosk("out_of_scope", None)
    assert "v-badge" not in kiosk("out_of_scope", note) and "k-check-in" in kiosk(
        "out_of_scope", note
    )
    assert "v-badge" in kiosk("refuse_personal", note)


def test_citation_markers_become_source_buttons():
    html = answer_html("A. [1][2] B. [3]", [1, 2], turn=4)
    assert html.count('data-action="source"') == 2 and 'data-turn="4"' in html
    assert "[3]" in html  # not a citation of this answer: left as text
    assert '<sup class="v-ref">1, 2</sup>' in answer_html("A. [1][2]", [1, 2])


def test_passage_marks_the_quote():
    from index.records import Passage

    passage = Passage(
        "p",
        "a",
        "T",
        "P",
        "S",
        ("H", "S"),
        "Before <x>. Quoted part. After.",
        (),
        None,
        "2027-01-01",
    )
    start = passage.text.index("Quoted")
    citation = response()["citations"][0] | {"start": start, "end": start + len("Quoted part.")}
    html = passage_html(Settings(), citation, passage)
    assert "Before &lt;x&gt;. <mark>Quoted part.</mark> After." in html
    assert "H › S" in html and "2027-01-01" in html
    assert "no longer in the served index" in passage_html(Settings(), citation, None)


def test_plain_text_copy_lists_sources():
    text = plain_text(response())
    assert (
        text.startswith("Sentence") and "Sources:" in text and '[1] T <i> (P), section "S"' in text
    )


def test_corpus_view_flags_overdue_articles():
    from datetime import date

    from chatbot.web.review_api import corpus_rows
    from chatbot.web.review_render import corpus_table

    settings = Settings()
    now = corpus_rows(settings, today=date(2026, 1, 1))
    later = corpus_rows(settings, today=date(2099, 1, 1))
    assert len(now) == 5 and not any(a["overdue"] for a in now)
    assert all(a["overdue"] for a in later)
    html = corpus_table(settings, later)
    assert html.count("r-overdue") == 5 and "Overdue" in html


def test_staff_alerts_put_crisis_first_then_check_ins_and_say_how_long_ago():
    from datetime import UTC, datetime, timedelta

    now = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    rows = [  # newest first, as the audit log returns them
        {"id": 9, "reason": "requested", "created_at": (now - timedelta(seconds=20)).isoformat()},
        {"id": 6, "reason": "check_in", "created_at": (now - timedelta(minutes=2)).isoformat()},
        {"id": 4, "reason": "crisis", "created_at": (now - timedelta(minutes=7)).isoformat()},
    ]
    html = staff_alerts(Settings(), rows, now)
    assert html.index("v-alert-crisis") < html.index("v-alert-check_in")
    assert html.index("v-alert-check_in") < html.index("v-alert-requested")
    assert "check on them" in html and "2 min ago" in html
    assert 'data-id="4"' in html and "7 min ago" in html and "just now" in html
    assert html.count('data-action="handoff"') == 3 and 'role="alert"' in html
    assert staff_alerts(Settings(), [], now) == ""


def test_reviewer_handoffs_say_why():
    from chatbot.web.review_render import handoffs_table

    html = handoffs_table(
        Settings(),
        [{"id": 1, "created_at": None, "surface": "kiosk", "reason": "crisis", "note": ""}],
    )
    assert "Crisis reply shown" in html and "<th" in html and "Why" in html
