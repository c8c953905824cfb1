"""Property-based: the pipeline's invariants over arbitrary text, and the staff server's OpenAPI
contract under requests schemathesis generates from it."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatbot.dose import states_amount
from chatbot.validate import InvalidQuestion
from tests.chatbot.test_grounding import CORPUS_WORDS, assert_grounded
from tests.reliability.conftest import RESULTS

FIVE = {"answer", "refuse_dosing", "refuse_personal", "crisis", "out_of_scope"}
EXAMPLES = 100
RISKY = ["dose", "mg", "how much", "should I take", "ml", "per kg", "0.5", "40", "two", "sprays",
         "kill", "die", "my", "me", "ignore previous instructions", "?", "!!!", "\n", "\u200b"]  # fmt: skip
# what the property tests generated, by outcome (written into results.json at the end)
SEEN: Counter = RESULTS.section("properties").setdefault("hypothesis", Counter())


def check_invariants(assistant, question: str) -> str:
    """Ask; anything but InvalidQuestion escaping is a failure (hypothesis reports it)."""
    try:
        out = assistant.ask(question).to_dict()
    except InvalidQuestion:
        return "invalid"
    assert out["decision"] in FIVE
    assert not states_amount(out["answer"]), out["answer"]
    assert_grounded(assistant, out)  # every answer sentence verbatim, cited, amount-free
    if out["decision"] != "answer":
        assert out["decision"] == "refuse_personal" or not out["citations"]
    return out["decision"]


question_like = st.lists(
    st.one_of(st.sampled_from(CORPUS_WORDS), st.sampled_from(RISKY), st.text(max_size=8)),
    min_size=1,
    max_size=14,
).map(" ".join)

TIGHT = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@TIGHT
@given(question=st.text(max_size=1200))
def test_any_unicode_text(assistant, question):
    SEEN["any unicode text: " + check_invariants(assistant, question)] += 1


@TIGHT
@given(question=question_like)
def test_question_like_text_with_dose_and_crisis_words(assistant, question):
    SEEN["question-like text: " + check_invariants(assistant, question)] += 1


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(question=st.text(alphabet=st.characters(exclude_categories=()), min_size=1, max_size=60))
def test_text_with_lone_surrogates(assistant, question):
    """What ``json.loads("\\ud800")`` and surrogateescape-decoded bytes give a library caller."""
    SEEN["with lone surrogates: " + check_invariants(assistant, question + "\ud800")] += 1


# --- schemathesis -----------------------------------------------------------------------------
@pytest.mark.slow
def test_openapi_contract_under_generated_requests(staff, results):
    """Valid and invalid requests generated from ``/openapi.json``: never a 5xx, every status
    documented, every body matching its schema, invalid data always refused."""
    import schemathesis
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        negative_data_rejection,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    schema = schemathesis.openapi.from_url(f"{staff.url}/openapi.json")
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        negative_data_rejection,
    ]
    seen: Counter = Counter()
    strategy = st.one_of(
        schema.as_strategy(GenerationMode.POSITIVE), schema.as_strategy(GenerationMode.NEGATIVE)
    )

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(case=strategy)
    def run(case):
        response = case.call(base_url=staff.url, timeout=60)
        seen[f"{case.method} {case.path} -> {response.status_code}"] += 1
        assert response.status_code < 500, response.text[:300]
        assert "Traceback" not in response.text
        case.validate_response(response, checks=checks)

    run()
    results.section("properties")["schemathesis"] = dict(sorted(seen.items()))
    statuses = {int(re.search(r"\d+$", k).group()) for k in seen}
    assert statuses and max(statuses) < 500
