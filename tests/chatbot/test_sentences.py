from chatbot.policy.sentences import MAX_SENTENCES, sentences


def test_a_single_sentence_is_not_split():
    assert sentences("What is ketamine therapy?") == []
    assert sentences("how long does it last. ok?") == []  # one sentence of four words or more


def test_a_longer_message_is_split_into_its_sentences():
    text = "Does the spray taste bad? My son hates strong tastes.\nHe is twelve years old."
    assert sentences(text) == [
        "Does the spray taste bad?",
        "My son hates strong tastes.",
        "He is twelve years old.",
    ]
    assert sentences("How long is a session — I have a bus to catch at noon") == [
        "How long is a session",
        "I have a bus to catch at noon",
    ]


def test_a_very_long_message_is_bounded():
    text = " ".join(f"This is sentence number {n}." for n in range(40))
    assert len(sentences(text)) == MAX_SENTENCES
