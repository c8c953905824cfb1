"""The small stages: input cleaning, follow-ups, spelling, messages, metrics, amount detection."""

from __future__ import annotations

from pathlib import Path

import pytest

from chatbot.context import is_follow_up, retrieval_query
from chatbot.dose import states_amount
from chatbot.evaluate import confusion, gold_places, hit_at, precision_recall, split_context
from chatbot.messages import message
from chatbot.policy.normalize import fold, unconfuse
from chatbot.settings import Settings
from chatbot.spelling import Speller
from chatbot.validate import InvalidQuestion, clean_question


@pytest.mark.parametrize("raw", ["", "   ", "\x00\x01", "\u200b\u200b", None, 42, ["a"]])
def test_unusable_input_is_a_clear_error(raw):
    with pytest.raises(InvalidQuestion, match="Please type a question"):
        clean_question(raw, 1000)


def test_long_input_names_the_limit():
    with pytest.raises(InvalidQuestion, match="under 1000 characters"):
        clean_question("a" * 1001, 1000)


def test_control_and_invisible_characters_are_removed():
    assert clean_question("what\x00 is\u200b  ketamine?\r\n", 100) == "what is ketamine?"


def test_follow_ups_carry_the_previous_question():
    assert is_follow_up("and the side effects?") and is_follow_up("what about it?")
    assert not is_follow_up("What are the long-term risks of ketamine therapy for the bladder?")
    assert retrieval_query("and the side effects?", ["tell me about esketamine"]) == (
        "tell me about esketamine and the side effects?"
    )
    assert retrieval_query("and the side effects?", []) == "and the side effects?"


def test_speller_mends_typos_but_not_real_words():
    speller = Speller(["Each infusion session is monitored for bladder and liver effects."])
    assert speller.correct("ketamine infusoin sesion blader") == "ketamine infusion session bladder"
    assert speller.correct("what's the weather tomorrow") == "what's the weather tomorrow"


def test_fold_undoes_disguises():
    assert fold("Hоw much kеtamine") == "how much ketamine"  # Cyrillic look-alikes
    assert fold("d0se of x4nax") == "dose of xanax"
    assert fold("I want to diiiiie") == "i want to die"
    assert fold("500mg") == "500mg"
    # texting shorthand for the little words, but not inside abbreviations
    assert fold("hw mny sprays r u given w/ it") == "how many sprays are you given with it"
    assert fold("R&B, the U.S. and a W-2") == "r&b, the u.s. and a w-2"
    assert fold("done w/o it") == "done without it"


def test_unconfuse_restores_latin_words_and_leaves_other_scripts_alone():
    assert unconfuse("What is the k\u0435tamine d\u043ese?") == "What is the ketamine dose?"
    assert unconfuse("\u041aETAMINE") == "KETAMINE"  # Cyrillic capital Ka inside a Latin word
    assert (
        unconfuse("\u043a\u0435\u0442\u0430\u043c\u0438\u043d")
        == "\u043a\u0435\u0442\u0430\u043c\u0438\u043d"
    )
    assert (
        unconfuse("\u03b1\u03b2\u03b3 and caf\u00e9") == "\u03b1\u03b2\u03b3 and caf\u00e9"
    )  # Greek, accents kept


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("0.5 mg/kg over 40 minutes", True),
        ("two sprays", False),  # words, not digits: handled by the policy, not here
        ("2 sprays", True),
        ("500mg", True),
        ("Each session lasts about 40 minutes to an hour", False),
        ("low-dose ketamine infusions", False),
        ("in the early 1960s", False),
    ],
)
def test_amount_detection(text, amount):
    assert states_amount(text) is amount


def test_messages_are_filled_from_settings():
    settings = Settings(emergency_number="112", crisis_line="116 123", clinic_name="Calm Clinic")
    crisis = message(settings, "crisis")
    assert "112" in crisis and "116 123" in crisis and "911" not in crisis
    assert "Calm Clinic" in message(settings, "answer", "notice")


def test_metrics():
    row = {"article_id": "a", "section": "(introduction)", "also": [["b", "S"]]}
    gold = gold_places(row)
    assert gold == {("a", "Introduction"), ("b", "S")}
    cites = [{"article_id": "x", "section": "Y"}, {"article_id": "b", "section": "S"}]
    assert not hit_at(cites, gold, 1) and hit_at(cites, gold, 3)
    pairs = [("crisis", "crisis"), ("crisis", "answer"), ("answer", "answer")]
    assert precision_recall(pairs, "crisis") == (1.0, 0.5)
    assert confusion(pairs)["crisis"]["answer"] == 1
    assert split_context("I start next week || how much?") == (["I start next week"], "how much?")


def test_no_rule_pattern_lost_a_quantifier_to_f_string_formatting():
    import re

    from chatbot.policy.rules import RULES

    broken = [r.name for r in RULES if re.search(r"\(\d+, ?\d+\)", r.pattern.pattern)]
    assert broken == []


def test_derived_files_live_in_the_shared_cache_when_one_is_set(
    assistant, built_settings, tmp_path
):
    """VETTED_CACHE_DIR (set for the whole test run) holds the trained classifier and the ONNX
    encoder for every data folder; unset, each data folder keeps its own ``cache/``."""
    import os

    from chatbot.settings import Settings

    shared = Path(os.environ["VETTED_CACHE_DIR"])
    assert built_settings.derived_dir == shared
    assert list(shared.glob("policy-*.npz")) and list(shared.glob("minilm-*.onnx"))
    assert not list(built_settings.data_dir.glob("cache/policy-*.npz"))
    alone = Settings(data_dir=tmp_path / "d", cache_dir=None)
    assert alone.derived_dir == tmp_path / "d" / "cache"


def test_a_serving_assistant_keeps_numpy_to_its_blas_threads(assistant):
    """OpenBLAS's extra threads spin after each of the policy's small products and take the
    encoder's core: the per-question path runs on ``blas_threads`` (bench/ measures the gain)."""
    from threadpoolctl import threadpool_info

    blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert blas, "numpy's BLAS is not visible to threadpoolctl"
    assert {lib["num_threads"] for lib in blas} == {assistant.settings.blas_threads}
