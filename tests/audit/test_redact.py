"""Redaction: table tests of what must go and what must stay, and hypothesis properties."""

from __future__ import annotations

import os
import time

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from chatbot.audit.redact import redact, redact_json

# VETTED_HYPOTHESIS_EXAMPLES=5000 for a longer hunt than the suite's default.
PROPERTY = settings(
    max_examples=int(os.environ.get("VETTED_HYPOTHESIS_EXAMPLES", "300")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

REDACTED = [
    # names after an introduction
    (
        "Hi, my name is John Smith and I have a question",
        "Hi, my name is [NAME] and I have a question",
    ),
    ("my name is john smith, what is ketamine?", "my name is [NAME], what is ketamine?"),
    ("Hello, this is Maria Lopez. Can I drive after?", "Hello, this is [NAME]. Can I drive after?"),
    ("I'm called Dr. Jane O'Neil-Smith", "I'm called [NAME]"),
    ("me llamo Juan García y tengo depresión", "me llamo [NAME] y tengo depresión"),
    ("je m'appelle Marie Dupont", "je m'appelle [NAME]"),
    ("ich heiße Jürgen Müller", "ich heiße [NAME]"),
    ("Patient name: Ann Lee", "Patient name: [NAME]"),
    # e-mails
    ("email me at john.smith+clinic@example.co.uk please", "email me at [EMAIL] please"),
    ("X@Y.ORG", "[EMAIL]"),
    # phones, US and international
    ("my phone is (555) 123-4567", "my phone is [PHONE]"),
    ("555-123-4567 / 555.123.4567 / 555 123 4567", "[PHONE] / [PHONE] / [PHONE]"),
    ("5551234567 or +1 555 123 4567 or 1-800-222-1222", "[PHONE] or [PHONE] or [PHONE]"),
    ("+44 20 7946 0958 and 020 7946 0958", "[PHONE] and [PHONE]"),
    ("+33 1 23 45 67 89, 06 12 34 56 78, 0049 30 1234567", "[PHONE], [PHONE], [PHONE]"),
    ("call me at 555-1234 tomorrow", "call me at [PHONE] tomorrow"),
    # dates of birth and other full dates
    ("DOB 03/04/1980", "DOB [DATE]"),
    ("I was born on March 3 1980.", "I was born on [DATE]."),
    ("dob: 1980-03-04, born on the 3rd of March", "dob: [DATE], born on the [DATE]"),
    ("my birthday is 3/4", "my birthday is [DATE]"),
    ("date of birth 17.04.83", "date of birth [DATE]"),
    ("seen on 12.03.2024, 2024/3/12 and 3 March 2024", "seen on [DATE], [DATE] and [DATE]"),
    ("Mar. 3rd, 1980", "[DATE]"),
    # record numbers
    ("MRN: 1234567", "MRN: [RECORD]"),
    ("my medical record number is A-998877", "my medical record number is [RECORD]"),
    ("patient id 98765, chart #12345", "patient id [RECORD], chart #[RECORD]"),
    ("member ID XJH123456789", "member ID [RECORD]"),
    ("SSN 123-45-6789 and 123-45-6789", "SSN [RECORD] and [RECORD]"),
    ("my id is 123456789", "my id is [RECORD]"),
]

KEPT = [
    "Esketamine is given as 56 mg or 84 mg; wait 40 minutes.",
    "Use 2 sprays per nostril, 5 minutes apart.",
    "Ketamine is an NMDA receptor antagonist developed in the 1960s.",
    "ICD-10 F32.2, a PHQ-9 score of 15, and 5-HT2A receptors.",
    "Infusions of 0.5 mg/kg over 40 minutes, 2-3 times a week for 2019-2020.",
    "Doses of 100-200 mg, open 24/7, call 988 or 911.",
    "Is this NMDA related? this is NMDA.",
    "I was born in the 1960s and my MRN is unknown; the chart says 2 doses.",
    "Blood pressure 140/90, heart rate 72, 1 in 3 patients, 1/2 tablet.",
    "My mother has depression. What is TMS?",
    "",
]


@pytest.mark.parametrize(("text", "expected"), REDACTED)
def test_redacts(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_keeps_ordinary_medical_text(text):
    assert redact(text) == text


def test_redact_json_leaves_ids_and_numbers():
    value = {"rules": ["dose"], "nearest": [{"example": "my name is Ann Lee", "similarity": 0.9}],
             "sentence_id": "abc-1234567:3", "n": 1234567, "paid": "MRN 1234567"}  # fmt: skip
    assert redact_json(value) == {
        "rules": ["dose"],
        "nearest": [{"example": "my name is [NAME]", "similarity": 0.9}],
        "sentence_id": "abc-1234567:3",
        "n": 1234567,
        "paid": "MRN [RECORD]",
    }


@pytest.mark.parametrize("unit", ["a", " ", "1", "a.", "1-", "ab1.-+ ", "Hi, my name is "])
def test_linear_time_on_long_input(unit):
    text = unit * (100_000 // len(unit))
    started = time.perf_counter()
    redact(text)
    assert time.perf_counter() - started < 2.0


# --- properties ----------------------------------------------------------------------------
digit = st.sampled_from("0123456789")
sep = st.sampled_from([" ", "-", "."])


@st.composite
def us_phones(draw) -> str:
    a, e, n = (draw(st.text(digit, min_size=k, max_size=k)) for k in (3, 3, 4))
    a = str(draw(st.integers(2, 9))) + a[1:]
    fmt = draw(st.sampled_from(["({a}) {e}-{n}", "{a}-{e}-{n}", "{a}.{e}.{n}", "{a} {e} {n}",
                                "+1 {a} {e} {n}", "1-{a}-{e}-{n}", "{a}{e}{n}", "+1 ({a}) {e}-{n}"]))  # fmt: skip
    return fmt.format(a=a, e=e, n=n)


@st.composite
def international_phones(draw) -> str:
    country = str(draw(st.integers(1, 998)))
    groups = draw(st.lists(st.text(digit, min_size=2, max_size=4), min_size=2, max_size=4))
    assume(8 <= len(country) + sum(map(len, groups)) <= 15)  # E.164
    s = draw(sep)
    prefix = draw(st.sampled_from(["+", "00"]))
    return f"{prefix}{country} " + s.join(groups)


@st.composite
def record_numbers(draw) -> tuple[str, str]:
    """(text, the secret part that must go)."""
    number = draw(st.text(digit, min_size=6, max_size=12))
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return number, number
    if kind == 1:
        label = draw(st.sampled_from(["MRN", "MRN:", "medical record number", "patient ID",
                                      "chart #", "member id", "Member ID:", "SSN"]))  # fmt: skip
        ident = draw(st.sampled_from(["", "A", "XJH"])) + number
        return f"{label} {ident}", ident
    n = draw(st.text(digit, min_size=9, max_size=9))
    ssn = f"{n[:3]}-{n[3:5]}-{n[5:]}"
    return ssn, ssn


noise = st.text(max_size=40)


def embedded(secret_text: str, before: str, after: str) -> str:
    return f"{before} {secret_text} {after}"


@PROPERTY
@given(st.text())
def test_idempotent_on_any_text(text):
    once = redact(text)
    assert redact(once) == once


secrets_mix = st.one_of(
    st.emails(), us_phones(), international_phones(), record_numbers().map(lambda r: r[0]),
    st.sampled_from(["my name is Ann Lee", "DOB 03/04/1980", "born on March 3 1980", "NMDA",
                     "40 minutes", "1960s", "2 sprays", "this is Tom", "+", "(", "-", "."]),
    st.text(max_size=8),
)  # fmt: skip


@PROPERTY
@given(st.lists(secrets_mix, max_size=8).map(" ".join))
def test_idempotent_on_mixed_text(text):
    once = redact(text)
    assert redact(once) == once


@PROPERTY
@given(st.emails(), noise, noise)
def test_emails_never_survive(email, before, after):
    assume(email not in before + after)
    out = redact(embedded(email, before, after))
    assert email not in out
    assert "@" + email.split("@")[1] not in out


@PROPERTY
@given(st.one_of(us_phones(), international_phones()), noise, noise)
def test_phones_never_survive(phone, before, after):
    assume(phone not in before + after)
    assert phone not in redact(embedded(phone, before, after))


@PROPERTY
@given(record_numbers(), noise, noise)
def test_record_numbers_never_survive(record, before, after):
    text, secret = record
    assume(secret not in before + after)
    assert secret not in redact(embedded(text, before, after))
