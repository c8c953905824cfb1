"""The three surfaces in headless Chromium, against the real servers. Each test also saves the
screenshot of its surface used in the README (``docs/*.png``)."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.app.conftest import DOCS, KIOSK_IDLE_SECONDS, REVIEWER, ask

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EVIL = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> ${window.__pwned=3} what is ketamine?'


def staff_ask(page, question: str, turns: int) -> None:
    page.fill("#staff-question textarea", question)
    page.click("#staff-ask")
    expect(page.locator("#staff-transcript .v-turn")).to_have_count(turns)


def kiosk_ask(page, question: str, turns: int) -> None:
    page.fill("#kiosk-question textarea", question)
    page.click("#kiosk-ask")
    expect(page.locator("#kiosk-transcript .k-turn")).to_have_count(turns)


# --- staff console ---------------------------------------------------------------------------
def test_staff_answer_sources_copy_and_feedback(page, staff_url, reviewer_api):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=staff_url)
    page.goto(staff_url)
    staff_ask(page, "What are the side effects of ketamine therapy?", 1)
    first = page.locator(".v-turn").first
    expect(first).to_have_class(re.compile(r"\bv-answer\b"))
    chips = first.locator("button.v-chip")
    assert chips.count() >= 1
    expect(chips.first).to_contain_text("[1]")

    chips.first.click()
    mark = page.locator("#staff-source mark")
    expect(mark).to_be_visible()
    copy_text = first.locator("textarea.v-plain").input_value()
    assert f'"{mark.inner_text().strip()}"' in copy_text  # the quoted sentence, highlighted
    expect(page.locator("#staff-source")).to_contain_text("Review due")

    first.locator("button[data-action=copy]").click()
    expect(first.locator("button[data-action=copy]")).to_have_text("Copied")
    clipboard = page.evaluate("navigator.clipboard.readText()")
    assert clipboard == copy_text and "Sources:" in clipboard and "<" not in clipboard

    staff_ask(page, "How many mg of ketamine should I take?", 2)
    expect(page.locator(".v-turn").nth(1)).to_have_class(re.compile(r"\bv-refuse_dosing\b"))
    expect(page.locator(".v-turn").nth(1).locator(".v-badge")).to_contain_text("dose")

    first.locator("button.v-fb-wrong").click()
    expect(page.locator("#staff-feedback-for")).to_contain_text("answer 1")
    page.fill(
        "#staff-comment textarea",
        "Should mention the infusion article, said Jane Doe at 555-123-4567",
    )
    page.click("#staff-send-feedback")
    expect(page.locator("#staff-feedback-status .v-status-ok")).to_contain_text("Wrong")
    expect(page.locator(".v-turn").first.locator(".v-fb-sent")).to_contain_text("Wrong")
    interaction_id = int(
        re.search(r"#(\d+)", page.locator(".v-turn").first.locator(".v-meta").inner_text())[1]
    )
    feedback = reviewer_api.get(f"/api/review/interactions/{interaction_id}").json()[
        "feedback_list"
    ]
    assert feedback[-1]["rating"] == "wrong" and "555-123-4567" not in feedback[-1]["comment"]

    page.locator(".v-turn").first.locator("button.v-chip").first.click()
    page.mouse.move(0, 0)
    page.wait_for_timeout(500)  # let the click's styling settle for the picture
    page.screenshot(path=str(DOCS / "staff.png"), full_page=True)


def test_staff_renders_markup_in_questions_inert(page, staff_url):
    page.goto(staff_url)
    staff_ask(page, EVIL, 1)
    expect(page.locator(".v-turn .v-q p")).to_have_text(EVIL)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#staff-transcript script, #staff-transcript img").count() == 0
    page.click("#staff-new")
    expect(page.locator("#staff-transcript .v-turn")).to_have_count(0)


# --- kiosk -------------------------------------------------------------------------------------
def test_kiosk_disclaimer_suggestions_and_answer(page, kiosk_url):
    page.goto(kiosk_url)
    expect(page.locator(".k-disclaimer")).to_contain_text("not medical advice")
    assert page.locator("#kiosk-question textarea").get_attribute("maxlength") == "1000"
    expect(page.locator("#kiosk-crisis")).to_be_hidden()
    page.locator(".k-suggestion").first.click()
    turn = page.locator("#kiosk-transcript .k-turn")
    expect(turn).to_have_count(1)
    expect(turn.locator(".k-sources li").first).to_be_visible()
    expect(page.locator(".k-footer")).to_contain_text("not medical advice")
    page.mouse.move(0, 0)
    page.screenshot(path=str(DOCS / "kiosk.png"), full_page=True)

    # The length limit holds on the server too, not only in the text box.
    page.evaluate("document.querySelector('#kiosk-question textarea').removeAttribute('maxlength')")
    page.fill("#kiosk-question textarea", "why " * 300)
    page.click("#kiosk-ask")
    expect(page.locator("#kiosk-status .v-status-error")).to_contain_text("too long")
    expect(turn).to_have_count(1)

    # Saying goodbye gets a friendly reply: no emergency banner, no "not covered" badge.
    page.fill("#kiosk-question textarea", "ok thank you, bye!")
    page.click("#kiosk-ask")
    expect(turn).to_have_count(2)
    expect(turn.nth(1)).to_contain_text("Type a question any time")
    expect(turn.nth(1).locator(".v-badge")).to_have_count(0)
    expect(page.locator("#kiosk-crisis")).to_be_hidden()

    # So does a feeling said in plain words: the crisis line is in the reply, not an alarm.
    page.fill("#kiosk-question textarea", "I'm a bit nervous about today")
    page.click("#kiosk-ask")
    expect(turn).to_have_count(3)
    expect(turn.nth(2)).to_contain_text("tell a member of staff how you feel")
    expect(turn.nth(2)).to_contain_text("988")
    expect(turn.nth(2).locator(".v-badge")).to_have_count(0)
    expect(page.locator("#kiosk-crisis")).to_be_hidden()


def press_get_a_staff_member(page) -> None:
    page.click("#kiosk-staff")
    expect(page.locator("#kiosk-status .v-status-ok")).to_contain_text("staff member")


def open_requests(reviewer_api) -> list[tuple[str, str]]:
    """(surface, reason) of each open request for a staff member, newest first."""
    return [(h["surface"], h["reason"]) for h in reviewer_api.get("/api/review/handoffs").json()]


def test_kiosk_check_in_opens_a_reply_that_reads_close_to_a_crisis(page, kiosk_url, reviewer_api):
    """The reply opens with the check-in, without the crisis banner, and the staff console is
    asked (once) to check on the patient."""
    open_before = len(open_requests(reviewer_api))
    page.goto(kiosk_url)
    kiosk_ask(
        page,
        "everything feels pointless lately",
        1,
    )
    turn = page.locator("#kiosk-transcript .k-turn").first
    check_in = turn.locator(".k-check-in")
    expect(check_in).to_be_visible()
    expect(check_in).to_contain_text("tell a staff member")
    expect(check_in).to_contain_text("988")
    first_paragraph = turn.locator(".k-a p").first
    expect(first_paragraph).to_have_class(re.compile("k-check-in"))
    expect(page.locator("#kiosk-crisis")).to_be_hidden()  # not a crisis decision: no banner
    expect(turn.locator(".v-badge")).to_have_count(0)  # no "not covered" under the check-in
    page.mouse.move(0, 0)
    page.screenshot(path=str(DOCS / "kiosk-check-in.png"), full_page=True)
    requests = open_requests(reviewer_api)
    assert len(requests) == open_before + 1
    assert requests[0] == ("kiosk", "check_in")
    # A button press after it adds no second request; a crisis still raises its own.
    press_get_a_staff_member(page)
    assert len(open_requests(reviewer_api)) == open_before + 1
    kiosk_ask(page, "I want to end my life", 2)
    expect(page.locator("#kiosk-crisis .k-crisis")).to_be_visible()
    reasons = [reason for _, reason in open_requests(reviewer_api)]
    assert reasons[:2] == ["crisis", "check_in"] and len(reasons) == open_before + 2


def test_kiosk_crisis_banner_stays_until_reset(page, kiosk_url, reviewer_api):
    open_before = len(open_requests(reviewer_api))
    page.goto(kiosk_url)
    kiosk_ask(page, "I want to end my life", 1)
    banner = page.locator("#kiosk-crisis .k-crisis")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("911")
    expect(banner).to_contain_text("988")
    kiosk_ask(page, "What is ketamine therapy?", 2)
    expect(banner).to_be_visible()  # still there after a calm question
    press_get_a_staff_member(page)
    page.mouse.move(0, 0)
    page.screenshot(path=str(DOCS / "kiosk-crisis.png"), full_page=True)
    requests = open_requests(reviewer_api)
    # The crisis reply alerted staff by itself; the button adds no second request.
    assert len(requests) == open_before + 1
    assert requests[0] == ("kiosk", "crisis")

    page.click("#kiosk-reset")
    expect(page.locator("#kiosk-crisis")).to_be_hidden()
    expect(page.locator("#kiosk-transcript .k-turn")).to_have_count(0)
    expect(page.locator(".k-disclaimer")).to_be_visible()


def test_kiosk_requests_reach_the_staff_console_until_taken(
    browser, page, staff_url, kiosk_url, reviewer_api
):
    """A patient's "get a staff member", a crisis reply and a safety check-in at the kiosk all
    appear on an open staff console within seconds, the crisis first, then the check-in; "I'm
    on it" clears each one everywhere."""
    staff = page
    staff.goto(staff_url)
    alerts = staff.locator("#staff-alerts .v-alert")
    left_open = len(open_requests(reviewer_api))  # by earlier tests
    expect(alerts).to_have_count(left_open)
    for n in range(left_open, 0, -1):
        alerts.first.locator("button").click()
        expect(alerts).to_have_count(n - 1)
    assert reviewer_api.get("/api/review/handoffs").json() == []

    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        kiosk = context.new_page()
        kiosk.goto(kiosk_url)
        kiosk_ask(kiosk, "What is ketamine therapy?", 1)
        press_get_a_staff_member(kiosk)
        requested = staff.locator("#staff-alerts .v-alert-requested")
        expect(requested).to_have_count(1, timeout=10_000)
        expect(requested).to_contain_text("asked for a staff member")

        kiosk.click("#kiosk-reset")
        expect(kiosk.locator("#kiosk-transcript .k-turn")).to_have_count(0)
        kiosk_ask(kiosk, "i took all my pills and want to die", 1)
        expect(kiosk.locator("#kiosk-crisis .k-crisis")).to_be_visible()
        crisis = staff.locator("#staff-alerts .v-alert-crisis")
        expect(crisis).to_have_count(1, timeout=10_000)
        expect(staff.locator("#staff-alerts .v-alert").first).to_have_class(re.compile("crisis"))
        assert "pills" not in staff.locator("#staff-alerts").inner_text()  # no question text

        kiosk.click("#kiosk-reset")
        expect(kiosk.locator("#kiosk-transcript .k-turn")).to_have_count(0)
        kiosk_ask(kiosk, "everything feels pointless lately", 1)
        check_in = staff.locator("#staff-alerts .v-alert-check_in")
        expect(check_in).to_have_count(1, timeout=10_000)
        expect(check_in).to_contain_text("check on them")
        kinds = staff.locator("#staff-alerts .v-alert")
        expect(kinds).to_have_count(3)
        for n, kind in enumerate(("crisis", "check_in", "requested")):
            expect(kinds.nth(n)).to_have_class(re.compile(f"v-alert-{kind}"))
        assert "pointless" not in staff.locator("#staff-alerts").inner_text()
        staff.mouse.move(0, 0)
        staff.screenshot(path=str(DOCS / "staff-alerts.png"))
    finally:
        context.close()

    crisis.locator("button").click()
    expect(crisis).to_have_count(0)
    check_in.locator("button").click()
    expect(check_in).to_have_count(0)
    expect(requested).to_have_count(1)
    requested.locator("button").click()
    expect(staff.locator("#staff-alerts .v-alert")).to_have_count(0)
    assert reviewer_api.get("/api/review/handoffs").json() == []  # resolved in the log too


def test_kiosk_resets_itself_when_idle(page, kiosk_url, reviewer_api):
    page.goto(kiosk_url)
    kiosk_ask(page, "What happens during an infusion?", 1)
    page.fill("#kiosk-question textarea", "half-typed")
    typed = time.monotonic()
    expect(page.locator("#kiosk-transcript .k-turn")).to_have_count(
        0, timeout=(KIOSK_IDLE_SECONDS + 6) * 1000
    )
    assert time.monotonic() - typed >= KIOSK_IDLE_SECONDS - 1
    expect(page.locator(".k-disclaimer")).to_be_visible()
    expect(page.locator("#kiosk-question textarea")).to_have_value("")

    kiosk_ask(page, "What happens during an infusion?", 1)  # a new conversation after the reset
    latest = reviewer_api.get(
        "/api/review/interactions", params={"surface": "kiosk", "limit": 2}
    ).json()
    assert latest[0]["conversation_id"] != latest[1]["conversation_id"]


# --- reviewer workspace ----------------------------------------------------------------------
def test_reviewer_sees_redacted_questions_and_reviews(page, staff_url, review_url):
    asked = ask(
        staff_url, "my name is John Smith, email john@example.com, is ketamine therapy safe?"
    )
    interaction_id = asked.json()["interaction_id"]

    page.goto(review_url)
    expect(page).to_have_url(re.compile(r"/login$"))
    page.fill("#username", REVIEWER[0])
    page.fill("#password", REVIEWER[1])
    page.click("button[type=submit]")
    row = page.locator(f"#review-table tr[data-id='{interaction_id}']")
    expect(row).to_contain_text("[NAME]")
    expect(row).to_contain_text("[EMAIL]")
    html = page.content()
    assert "John Smith" not in html and "john@example.com" not in html
    expect(page.locator(".v-user")).to_contain_text(REVIEWER[0])

    page.locator(f"#review-table tr[data-id='{interaction_id}']").click()
    detail = page.locator("#review-detail .r-detail")
    expect(detail).to_contain_text(f"Interaction #{interaction_id}")
    expect(detail).to_contain_text("Retrieval trace")
    expect(detail.locator(".r-trace tbody tr").first).to_be_visible()
    page.locator("#review-status label", has_text="Reviewed OK").click()
    page.fill("#review-note textarea", "Quotes match the articles.")
    page.click("#review-save")
    expect(page.locator("#review-result .v-status-ok")).to_contain_text(f"{interaction_id}")
    expect(detail).to_contain_text("Quotes match the articles.")
    page.mouse.move(0, 0)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(DOCS / "review.png"))

    page.fill("#review-text textarea, #review-text input", "[EMAIL]")
    page.click("#review-search")
    without = page.locator("#review-table tr[data-id]:not(:has-text('[EMAIL]'))")
    expect(without).to_have_count(0)  # waits for the filtered table
    expect(page.locator(f"#review-table tr[data-id='{interaction_id}']")).to_be_visible()

    page.get_by_role("tab", name="Corpus").click()
    expect(page.locator("#review-corpus tbody tr")).to_have_count(5)
    page.get_by_role("tab", name="Export").click()
    expect(page.locator("a.r-download").first).to_have_attribute(
        "href", "/api/review/export?format=csv"
    )
