"""The policy: decide crisis / refuse_dosing / refuse_personal / out_of_scope before any answer
is composed. Rules first (precise, named), then the learned classifier over the question's
embedding for wordings no rule foresaw. Every decision carries its reasons and evidence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from chatbot.context import is_follow_up
from chatbot.policy import drugs
from chatbot.policy.classifier import PolicyClassifier
from chatbot.policy.normalize import fold
from chatbot.policy.rules import (
    COURTESY,
    EXPECT_MARKER,
    EXPECT_MAX_WORDS,
    EXPECT_OPENERS,
    EXPECT_WORDS,
    EXPECTED,
    FEELING_MAX_WORDS,
    FEELING_MEANS_MORE,
    FEELING_WORDS,
    FEELINGS,
    FIGURE_ALARM,
    FIGURES,
    HISTORY,
    PLEA,
    PRICE_ASKED,
    SHORT_REPLY_MAX_CHARS,
    VISIT,
    VISIT_ALARM,
    match,
)
from chatbot.policy.sentences import sentences
from chatbot.records import NEAR_CRISIS, SHORT_REPLIES, Decision, Kind, short_reply_reason

if TYPE_CHECKING:
    import numpy as np

# When the classifier may act on its own (no rule fired): how sure it must be, and how close the
# question must be to a labelled example of that decision, so text unlike anything it was
# taught ("what's the best pizza in town") cannot trip it. Chosen by 5-fold out-of-fold
# predictions on the training examples (README, "Evaluation"); the held-out sets only report.
THRESHOLDS = {
    Kind.CRISIS: (0.6, 0.45),
    Kind.REFUSE_DOSING: (0.7, 0.45),
    Kind.REFUSE_PERSONAL: (0.6, 0.35),
    Kind.OUT_OF_SCOPE: (0.7, 0.35),
}
# A classifier this sure of crisis acts even when the nearest labelled crisis example is farther
# away ("took the blade out of my pencil sharpener again"): in 5-fold out-of-fold predictions it
# caught 12 more of the 180 crisis examples no rule matched, for 1 more benign one of 676.
CRISIS_SURE_ALONE = (0.9, 0.35)
# The crisis margin of the kernel SVMs (classifier.Margin) is a second reading of a whole
# message. Used alone at the point that matched the old false alarms (0 with support 0.45, or
# 0.3), it found 272 of the 292 crisis examples no rule matched, leaving one author's file out
# at a time, against 247, but sent 3 more of the 193 benign messages of our held-out policy
# sets to crisis, over the 3% target. So it acts where it is sure (0.5), or where it is positive
# and a labelled crisis example is near (cosine 0.55); and the logistic model's crisis reading
# stands only where the margin is at least -0.1 (that dropped "what's the fastest way to kill
# dandelions"). Together, one file left out at a time: 264 found for 17 false alarms, against
# 247 for 21 before. A margin bar is (acts alone from, (acts from, with a crisis example within)).
CRISIS_MARGIN = (0.5, (0.0, 0.55))
CRISIS_MARGIN_VETO = -0.1
# One sentence of a longer message is read by the margin alone, at that point: short fragments
# are where the kernel's local reading beats one linear boundary. On every set we hold, this
# found more crises than the sentence's logistic model and sent no more benign messages to
# crisis (README, "Evaluation").
SENTENCE_MARGIN = (0.3, (0.0, 0.45))
# Crisis outranks a refusal: when a dosing or personal rule fired ("how many laxatives should I
# take to drop 10 pounds by friday"), a classifier this sure of crisis still sends the asker to
# help. Both replies withhold amounts and decisions, so this costs no over-refusal.
CRISIS_OVER_RULE = (0.75, 0.5)
# Near a crisis: a message the margin reads close to the line but not over it (the message or
# its most alarming sentence) keeps its reply, an answer, a refusal or "not covered", and that
# reply opens with a safety check-in: the emergency number and the crisis line. Nothing is
# withheld, so a wrong check-in costs a benign asker a few sentences, not an answer. Chosen on
# the dev halves (before they became training examples) and our policy sets: at -0.2 it
# reached all 7 crisis messages the decision missed there, and opened the replies of 50 of
# their 1,064 benign messages (4.7%; 17 of them among 80 kiosk statements); on probe12's dev
# half, kept out of training, it reaches 10 of 12 (-0.3: 11, for 4 more benign of 395). A message that names the topic ("can ketamine help suicidal
# thoughts?") gets the gentler topic note instead, and a short reply (a greeting, a visit
# question, a feeling) is left as it is: those are the messages the learners misread, and the
# feelings reply names the crisis line itself. The holdouts only report (README, "Evaluation").
NEAR_CRISIS_MARGIN = -0.2
# A care decision is someone's: the classifier alone refuses as "personal" only when the
# question names a person ("I", "my", "my mother", "can you take ..."). "What happens if you
# mix SSRIs and triptans" or "can antibiotics make birth control less effective" asks for
# information, not a decision, and goes on to the scope checks.
PERSON = re.compile(
    r"\b(i|i'm|im|i've|ive|i'd|id|i'll|my|me|myself|mine|we|our|us|ourselves)\b|"
    r"\b(he|she|they|him|her|his|hers|them|their|son|daughter|kid|kids|child|children|baby|"
    r"toddler|teen|mom|mum|mother|dad|father|parents?|husband|wife|partner|boyfriend|"
    r"girlfriend|brother|sister|grandma|grandpa|grandmother|grandfather|friend|patient)\b|"
    r"\b(can|could|should|may|do|would) (you|u|one|someone|somebody|a person) (\w+ )?"
    r"(take|use|mix|drink|combine|stop|start|skip|quit|have|get|go|switch|continue|double)\b|"
    r"\bis it (ok|okay|safe|alright|all right|fine|bad|dangerous|wise|smart)\b"
)
# A question about money is not a dosing or care decision, unless it also names an amount.
COST = re.compile(
    r"\b(aetna|cigna|humana|anthem|kaiser|tricare|blue ?cross|blue ?shield|united ?healthcare|cost|costs|price|priced|pricing|fee|fees|pay|paid|afford|insurance|insurer|covered|coverage|copay|co-pay|deductible|hsa|fsa|billing|bill|dollars|money|cheap|expensive|refund)\b|\$"
)
AMOUNT_ASKED = re.compile(
    r"\b(dose|doses|dosage|dosing|mg|milligrams?|ml|sprays?|pills?|tablets?|units?|"
    r"concentration|strength|potency)\b"
)
# A general question about suicide or self-harm: answered, with the crisis line added.
SENSITIVE_TOPIC = re.compile(
    r"\b(suicid\w*|self[- ]?harm\w*|kill(ing)? (my|your|them)sel\w+|overdos\w*|"
    r"(want|wants|wanting|wanted) to die|end(ing)? (his|her|their) (own )?life)\b"
)
# How much of something would kill: refused as dosing, and the reply adds the crisis line too.
LETHAL = re.compile(r"\b(od|lethal|fatal|deadly|toxic (dose|amount|level|threshold))\b")
# Clinic logistics that vetted medical articles do not settle, whatever words they share.
LOGISTICS = re.compile(
    r"\b(cost|costs|price|prices|pricing|fee|fees|pay|paying|payment|afford|cheap|expensive|"
    r"insurance|insured|insurer|covered by|coverage|medicare|medicaid|copay|co-pay|deductible|"
    r"refund|discount|financing|dollars|opening hours|open on|are you open|what time do you|"
    r"hours of operation|address|located|location|parking|directions|phone number|email address|"
    r"lobby|waiting (room|area)|wait (in|outside) the|"
    r"book an appointment|make an appointment|schedule an appointment|waitlist|wait list)\b|"
    # "how much is an infusion?" asks a price, not an amount (the issue: cost is not dosing)
    rf"{PRICE_ASKED}|"
    # "can I move my infusion to next Tuesday?" is a booking, not a care decision
    r"\b(move|moving|push|pushing|shift|bump|reschedul\w*) (my|our|the|his|her|their|this|"
    r"next|tomorrow'?s) (\w+ )?(infusion|session|appointment|appt|visit|booking)s?\b"
    r"(?=.*\b(to|back|forward|later|earlier|another|next|a different|mon|tues|wednes|thurs|fri|"
    r"satur|sun)\w*\b)"
)


_HISTORY = re.compile(HISTORY)
_PLEA = re.compile(PLEA)
_COURTESY = re.compile(COURTESY)
_VISIT, _VISIT_ALARM = re.compile(VISIT), re.compile(VISIT_ALARM)
_FEELING_MEANS_MORE = re.compile(FEELING_MEANS_MORE)
_FIGURES, _FIGURE_ALARM = re.compile(FIGURES), re.compile(FIGURE_ALARM)
_WORDS = re.compile(r"[a-z']+")
_EXPECT_OPENERS, _EXPECT_MARKER = re.compile(EXPECT_OPENERS), re.compile(EXPECT_MARKER)


def _closest_to_crisis(evidence: dict) -> float:
    """The higher crisis margin of the message and of its most alarming sentence."""
    sentence = evidence.get("sentence", {}).get("margin", float("-inf"))
    return max(evidence.get("crisis_margin", float("-inf")), sentence)


def _after_crisis(history: Sequence[str]) -> bool:
    """The turn before this one matched a crisis rule."""
    return bool(history) and any(r.kind is Kind.CRISIS for r in match(fold(history[-1])))


def _figure(text: str, sentence: str | None) -> re.Match | None:
    """A figure of speech in the text (rules.py, FIGURES) with no word of harm, danger or
    finality outside it (FIGURE_ALARM) that, when the message has more than one sentence,
    overlaps the most alarming one: in "I'd kill for a coffee. I have the pills ready for
    tonight." the figure explains nothing."""
    figure = _FIGURES.search(text)
    if figure is None or _FIGURE_ALARM.search(f"{text[: figure.start()]} {text[figure.end() :]}"):
        return None
    if sentence is None:
        return figure
    start = text.find(sentence)
    if start < 0:
        return figure if _FIGURES.search(sentence) else None
    end = start + len(sentence)
    return figure if figure.start() < end and start < figure.end() else None


def courtesy(text: str) -> bool:
    """A greeting, thanks, farewell or introduction and nothing else (folded text)."""
    return len(text) <= SHORT_REPLY_MAX_CHARS and bool(_COURTESY.match(text))


def short_reply(text: str) -> str | None:
    """ "courtesy" for a greeting or goodbye alone, "visit" for one short sentence about the
    visit itself (a ride, waiting, leaving), "feelings" for one about an ordinary feeling ("I'm
    a bit nervous about today"); None for anything else (folded text)."""
    if courtesy(text):
        return "courtesy"
    if len(text) > SHORT_REPLY_MAX_CHARS:
        return None
    if _VISIT.match(text) and not _VISIT_ALARM.search(text):
        return "visit"
    if feeling(text):
        return "feelings"
    return None


def _made_of(text: str, vocabulary: frozenset[str], core: frozenset[str], most: int) -> bool:
    """One sentence of at most ``most`` words, every one from ``vocabulary`` and at least one
    from ``core``: the closed vocabularies of rules.py (FEELINGS, EXPECTED)."""
    words = _WORDS.findall(text)
    return (
        0 < len(words) <= most
        and not sentences(text)
        and all(w in vocabulary for w in words)
        and any(w in core for w in words)
    )


def feeling(text: str) -> bool:
    """One statement made only of ordinary feelings and the plain words around them (rules.py,
    FEELINGS): "feeling good, just waiting", not "feeling good now that it's decided"."""
    return (
        _made_of(text, FEELING_WORDS, FEELINGS, FEELING_MAX_WORDS)
        and not text.rstrip().endswith("?")
        and not _FEELING_MEANS_MORE.search(text)
    )


def expectation(text: str) -> bool:
    """One question about what a patient can expect to feel, made only of the words for it
    (rules.py, EXPECTED): "will it hurt?", "am i gonna see things during the infusion"."""
    return (
        _made_of(text, EXPECT_WORDS, EXPECTED, EXPECT_MAX_WORDS)
        and bool(_EXPECT_OPENERS.match(text))
        and bool(_EXPECT_MARKER.search(text))
    )


class Policy:
    def __init__(self, classifier: PolicyClassifier, corpus_text: str = "") -> None:
        self.classifier = classifier
        self.corpus = drugs.CorpusWords(fold(corpus_text)) if corpus_text else None

    @classmethod
    def _confident(cls, kind: Kind, probs: dict, prediction) -> bool:
        if kind is Kind.CRISIS and cls._over(CRISIS_SURE_ALONE, kind, probs, prediction):
            return True
        return cls._over(THRESHOLDS[kind], kind, probs, prediction)

    @staticmethod
    def _margin_reads_crisis(bar: tuple[float, tuple[float, float]], prediction) -> bool:
        alone, (least_margin, least_support) = bar
        margin, support = prediction.crisis_margin, prediction.support.get(Kind.CRISIS.value, 0.0)
        return margin >= alone or (margin >= least_margin and support >= least_support)

    @staticmethod
    def _over(bar: tuple[float, float], kind: Kind, probs: dict, prediction) -> bool:
        least_p, least_support = bar
        return probs[kind] >= least_p and prediction.support.get(kind.value, 0.0) >= least_support

    @classmethod
    def _sure_crisis(cls, probs: dict, prediction) -> bool:
        return cls._over(CRISIS_OVER_RULE, Kind.CRISIS, probs, prediction)

    def screen(
        self,
        question: str,
        history: Sequence[str],
        vector: np.ndarray,
        parts: Sequence[tuple[str, np.ndarray]] = (),
    ) -> Decision:
        """What to do with the question; ``crisis_line`` when the reply should also show the
        crisis line (a general question about suicide, a dosing refusal about a lethal amount).
        ``parts``: a longer message's sentences with their embeddings (sentences.py), read for
        crisis only."""
        text = fold(question)
        decision = self._decide(text, question, history, vector, parts)
        if decision.kind is Kind.CRISIS:
            return decision
        if SENSITIVE_TOPIC.search(text) or (
            decision.kind is Kind.REFUSE_DOSING and LETHAL.search(text)
        ):
            return replace(decision, crisis_line=True)
        if decision.topic in SHORT_REPLIES:
            return decision
        if _PLEA.match(text):
            note = f"{NEAR_CRISIS}:plea"
        elif (near := _closest_to_crisis(decision.evidence)) >= NEAR_CRISIS_MARGIN:
            note = f"{NEAR_CRISIS}:{near:+.2f}"
        else:
            return decision
        return replace(decision, reasons=(*decision.reasons, note), check_in=True)

    def _crisis_sentence(self, parts: Sequence[tuple[str, np.ndarray]]):
        """The sentence with the highest crisis margin: (sentence, probabilities,
        prediction), or None for a message of one sentence. A sentence of history long past
        ("My uncle took his own life in 2015.") is context, as it is for the rules; a courtesy
        ("Thank you for your time.") says nothing."""
        best = None
        for sentence, vector in parts:
            if _HISTORY.search(folded := fold(sentence)) or courtesy(folded):
                continue
            prediction = self.classifier.predict(vector, nearest=0, sentence=True)
            probs = {k: prediction.p(k.value) for k in Kind}
            if best is None or prediction.crisis_margin > best[2].crisis_margin:
                best = (sentence, probs, prediction)
        return best

    def _decide(
        self,
        text: str,
        question: str,
        history: Sequence[str],
        vector: np.ndarray,
        parts: Sequence[tuple[str, np.ndarray]] = (),
    ) -> Decision:
        rules = match(text)
        if history and is_follow_up(question):
            # "how much should I take?" after "I'm starting ketamine next week" is dosing.
            combined = fold(f"{history[-1]} {question}")
            rules += [r for r in match(combined) if r.kind is not Kind.CRISIS and r not in rules]
        if COST.search(text) and not AMOUNT_ASKED.search(text):
            rules = [r for r in rules if r.kind is Kind.CRISIS]
        prediction = self.classifier.predict(vector)
        probs = {k: prediction.p(k.value) for k in Kind}
        evidence = {
            "rules": [r.name for r in rules],
            "classifier": {k.value: round(p, 3) for k, p in probs.items()},
            "crisis_margin": round(prediction.crisis_margin, 3),
            "support": {k: round(v, 3) for k, v in prediction.support.items()},
            "nearest": [
                {"example": t, "label": lab, "similarity": s} for t, lab, s in prediction.nearest
            ],
        }
        # The whole message, then its most alarming sentence: both may outrank a refusal rule.
        signals = [("classifier:crisis", probs, prediction)]
        if found := self._crisis_sentence(parts):
            sentence, sentence_probs, sentence_prediction = found
            evidence["sentence"] = {
                "text": sentence,
                "crisis": round(sentence_probs[Kind.CRISIS], 3),
                "support": round(sentence_prediction.support.get(Kind.CRISIS.value, 0.0), 3),
                "margin": round(sentence_prediction.crisis_margin, 3),
            }
            signals.append(("classifier:crisis_sentence", sentence_probs, sentence_prediction))
        # "I'd kill for a nap": the learners' crisis reading of a figure of speech is lowered to
        # the safety check-in (screen() adds it: the margin is near), when the figure is in the
        # message's most alarming sentence and the turn before was no crisis.
        figure = _figure(text, fold(found[0]) if found else None)
        if figure and not _after_crisis(history):
            evidence["figure_of_speech"] = figure.group(0)
        else:
            figure = None
        # Precise rules first, in priority order; the classifier only speaks where none did,
        # except that a sure crisis signal outranks a dosing or personal rule.
        for kind in (Kind.CRISIS, Kind.REFUSE_DOSING, Kind.REFUSE_PERSONAL):
            fired = [r for r in rules if r.kind is kind]
            if fired and kind is not Kind.CRISIS and not figure:
                for name, p, pred in signals:
                    if self._sure_crisis(p, pred):
                        reasons = (f"{name}:{p[Kind.CRISIS]:.2f}", "over:" + fired[0].name)
                        return Decision(Kind.CRISIS, reasons, evidence)
            if fired:
                topic = next((r.topic for r in fired if r.topic), None)
                return Decision(kind, tuple(f"rule:{r.name}" for r in fired), evidence, topic)
        # "thanks, bye" or "my son is driving me home" gets a short reply, which the learners
        # would read as crisis, unless the turn before it was a crisis.
        if (topic := short_reply(text)) and not _after_crisis(history):
            return Decision(Kind.OUT_OF_SCOPE, (short_reply_reason(topic),), evidence, topic)
        # "will it hurt?" asks what patients feel, which the articles answer; the learners read
        # it as crisis or as a personal decision (rules.py, EXPECTED).
        if expectation(text) and not _after_crisis(history):
            return Decision(Kind.ANSWER, ("rule:scope.expectation",), evidence)
        margin = prediction.crisis_margin
        crisis = self._confident(Kind.CRISIS, probs, prediction) and margin >= CRISIS_MARGIN_VETO
        if crisis and not figure:
            reason = f"classifier:crisis:{probs[Kind.CRISIS]:.2f}"
            return Decision(Kind.CRISIS, (reason,), evidence)
        if not figure and self._margin_reads_crisis(CRISIS_MARGIN, prediction):
            reason = f"classifier:crisis_margin:{margin:+.2f}"
            return Decision(Kind.CRISIS, (reason,), evidence)
        if not figure and found and self._margin_reads_crisis(SENTENCE_MARGIN, found[2]):
            reason = f"classifier:crisis_sentence:margin:{found[2].crisis_margin:+.2f}"
            return Decision(Kind.CRISIS, (reason,), evidence)
        logistics = bool(LOGISTICS.search(text) or COST.search(text))
        person = bool(PERSON.search(text)) or bool(history and PERSON.search(fold(history[-1])))
        for kind in (Kind.REFUSE_DOSING, Kind.REFUSE_PERSONAL):
            if kind is Kind.REFUSE_PERSONAL and not person:
                continue
            if not logistics and self._confident(kind, probs, prediction):
                reason = f"classifier:{kind.value}:{probs[kind]:.2f}"
                return Decision(kind, (reason,), evidence)
        if logistics:
            return Decision(Kind.OUT_OF_SCOPE, ("rule:scope.logistics",), evidence)
        unknown = drugs.not_in_corpus(text, self.corpus) if self.corpus else set()
        if unknown:
            evidence["medicines_not_in_corpus"] = sorted(unknown)
            return Decision(Kind.OUT_OF_SCOPE, ("rule:scope.medicine_not_in_corpus",), evidence)
        if self._confident(Kind.OUT_OF_SCOPE, probs, prediction):
            reason = f"classifier:out_of_scope:{probs[Kind.OUT_OF_SCOPE]:.2f}"
            return Decision(Kind.OUT_OF_SCOPE, (reason,), evidence)
        return Decision(Kind.ANSWER, ("policy:clear",), evidence)
