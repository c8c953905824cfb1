"""A seeded, reproducible synthetic corpus of approved articles, for the scale benchmark.

``write_corpus(folder, n_articles, seed)`` writes ``synth-00001.md`` ... in the real article
format (YAML front matter with review fields, ``#`` title, ``##``/``###`` sections), built from
sentence templates and medical-style vocabulary lists so BM25 and the dense index see realistic
variety: many topics, shared words ("treatment", "patients") and rare ones ("fibromyalgia").

Each article has an introduction and ``sections`` headed sections (about a third of them ``###``
subsections); with the default settings (``chunk_max_chars=1200``) every section is one passage,
and one section in ten is long enough to be split in two. So an article is about
``sections + 1.1 * sections / 10 + 1`` passages: 2,000 articles of 24 sections give ~52,000.
"""

from __future__ import annotations

import random
from pathlib import Path

# fmt: off
TREATMENTS = [
    "ketamine infusion therapy", "esketamine nasal spray", "transcranial magnetic stimulation",
    "electroconvulsive therapy", "cognitive behavioural therapy", "lithium maintenance",
    "psilocybin-assisted therapy", "light therapy", "dialectical behaviour therapy",
    "interpersonal psychotherapy", "vagus nerve stimulation", "deep brain stimulation",
    "mindfulness-based cognitive therapy", "exercise therapy", "sleep deprivation therapy",
    "nerve block injections", "physical therapy", "acupuncture", "biofeedback training",
    "group psychotherapy", "family therapy", "exposure therapy", "EMDR therapy",
    "neurofeedback", "infusion maintenance sessions", "intramuscular ketamine",
    "stellate ganglion block", "hyperbaric oxygen therapy", "omega-3 supplementation",
    "behavioural activation",
]
CONDITIONS = [
    "treatment-resistant depression", "major depressive disorder", "bipolar depression",
    "post-traumatic stress disorder", "generalized anxiety disorder", "social anxiety",
    "obsessive-compulsive disorder", "chronic neuropathic pain", "fibromyalgia",
    "complex regional pain syndrome", "migraine", "postpartum depression", "insomnia",
    "alcohol use disorder", "eating disorders", "panic disorder", "seasonal affective disorder",
    "suicidal ideation in depression", "chronic fatigue", "phantom limb pain",
    "burnout", "adjustment disorder", "persistent depressive disorder", "cluster headache",
]
POPULATIONS = [
    "older adults", "adolescents", "veterans", "pregnant patients", "people with heart disease",
    "people with high blood pressure", "first responders", "college students",
    "people with a history of psychosis", "people with kidney disease", "new mothers",
    "people living with chronic pain", "adults who have tried several antidepressants",
    "people with a substance use history", "shift workers", "people with glaucoma",
]
SIDE_EFFECTS = [
    "nausea", "dizziness", "a temporary rise in blood pressure", "headache", "fatigue",
    "blurred vision", "a feeling of detachment", "drowsiness", "dry mouth", "vivid dreams",
    "mild confusion", "sweating", "a racing heart", "tingling in the hands", "muscle aches",
    "short-term memory lapses", "restlessness", "a metallic taste", "skin redness at the site",
]
STAFF = [
    "psychiatrist", "anesthesiologist", "nurse practitioner", "registered nurse",
    "primary care physician", "clinical psychologist", "pain specialist", "pharmacist",
    "care coordinator", "therapist",
]
MEASURES = [
    "blood pressure", "heart rate", "oxygen saturation", "mood scores", "sleep quality",
    "pain scores", "liver function", "breathing rate", "anxiety ratings", "daily functioning",
]
TIMES = [
    "a few hours", "one to two days", "the first week", "several weeks", "two to three months",
    "the first session", "a single afternoon", "about forty minutes", "the following morning",
]
STUDIES = [
    "a randomised controlled trial", "an open-label study", "a large cohort study",
    "a systematic review", "a meta-analysis of twelve trials", "a small pilot study",
    "a registry of clinic patients", "a long-term follow-up study",
]
ORGANS = ["brain", "liver", "heart", "bladder", "kidneys", "lungs", "nervous system", "gut"]
MECHANISMS = [
    "glutamate signalling", "NMDA receptor activity", "synaptic plasticity",
    "inflammation markers", "serotonin transport", "stress hormone levels",
    "neural connectivity", "dopamine release", "sleep architecture", "pain sensitisation",
]
PUBLISHERS = [
    "Northfield Health Library", "Riverbend Clinic Patient Education", "Harbor Mental Health",
    "Lakeside Pain Centre", "Summit Behavioural Health", "Evergreen Family Medicine",
    "Meadowbrook Psychiatry Group", "Coastal Wellness Institute",
]

SENTENCES = [
    "{T} is being studied as a treatment for {C} in {P}.",
    "Many patients with {C} notice changes within {time} of starting {t}.",
    "Common side effects of {t} include {se} and {se2}, which usually fade within {time}.",
    "A {staff} reviews your medical history before {t} begins.",
    "During {t}, staff check your {m} at regular intervals.",
    "Researchers think {t} works partly by changing {mech} in the {organ}.",
    "{S} found that {t} reduced symptoms of {C} more than usual care.",
    "{S} reported that {P} tolerated {t} about as well as other adults.",
    "{T} is not recommended for {P} without a careful assessment.",
    "Some people feel {se} after {t}, so plan to rest for {time}.",
    "Your {staff} may combine {t} with {t2} for {C}.",
    "The benefits of {t} for {C} can fade, and some people need maintenance sessions.",
    "Tell your {staff} about any history of {C2} before starting {t}.",
    "{T} can affect the {organ}, so {m} is checked before each course.",
    "People with {C} often try {t2} before they are referred for {t}.",
    "It is normal to feel {se} for {time} after a session of {t}.",
    "Long-term effects of {t} on the {organ} are still being studied.",
    "Most clinics ask that someone drive you home after {t}.",
    "Keep a diary of your {m} and mood while you receive {t}.",
    "{S} in {P} found no lasting harm to the {organ} from {t}.",
    "Insurance coverage for {t} varies, and a {staff} can explain the options.",
    "Rarely, {t} causes {se} that lasts longer than {time}.",
    "Changes in {mech} may explain why {t} helps some people with {C}.",
    "The first course of {t} usually takes place over {time}.",
    "Avoid alcohol for {time} after {t}, because it can worsen {se}.",
    "Your {staff} will stop {t} if your {m} rises too far.",
    "Combining {t} with {t2} has shown promise for {C} in {S2}.",
    "Not everyone with {C} responds to {t}, and a second opinion can help.",
    "{P} may need closer monitoring of {m} during {t}.",
    "Questions about {t} are best discussed with your {staff}.",
]
HEADINGS = [
    "How {t} works", "Side effects of {t}", "Who may benefit from {t}", "Preparing for {t}",
    "What happens during {t}", "After {t}", "{C} and {t}", "Evidence from clinical studies",
    "Monitoring your {m}", "Risks for {P}", "Combining {t} with {t2}", "Long-term outlook",
    "When to call your {staff}", "Questions to ask your {staff}", "Recovery after a session",
    "Effects on the {organ}", "The role of {mech}", "Maintenance sessions",
    "Living with {C}", "Costs and insurance", "Safety checks", "Frequently raised concerns",
]
# fmt: on


def _fill(rng: random.Random, template: str, topic: dict[str, str]) -> str:
    t2, c2 = rng.choice(TREATMENTS), rng.choice(CONDITIONS)
    se, se2 = rng.sample(SIDE_EFFECTS, 2)
    study, study2 = rng.sample(STUDIES, 2)
    values = {
        "t": topic["t"], "T": topic["t"][0].upper() + topic["t"][1:], "C": topic["c"],
        "t2": t2, "C2": c2, "se": se, "se2": se2, "P": rng.choice(POPULATIONS),
        "staff": rng.choice(STAFF), "m": rng.choice(MEASURES), "time": rng.choice(TIMES),
        "mech": rng.choice(MECHANISMS), "organ": rng.choice(ORGANS),
        "S": study[0].upper() + study[1:], "S2": study2,
    }  # fmt: skip
    text = template.format(**values)
    return text[0].upper() + text[1:]


def _paragraph(rng: random.Random, topic: dict[str, str], n: int) -> str:
    return " ".join(_fill(rng, rng.choice(SENTENCES), topic) for _ in range(n))


def article_text(index: int, seed: int = 0, sections: int = 24) -> str:
    """The Markdown file of synthetic article ``index`` (same index + seed = same text)."""
    rng = random.Random(f"{seed}:{index}")
    topic = {"t": rng.choice(TREATMENTS), "c": rng.choice(CONDITIONS)}
    title = f"{topic['t'][0].upper() + topic['t'][1:]} for {topic['c']}: a patient guide"
    article_id = f"synth-{index:05d}"
    lines = [
        "---",
        f"id: {article_id}",
        f'title: "{title}"',
        f"publisher: {rng.choice(PUBLISHERS)}",
        f"source_file: {article_id}.txt",
        "status: approved",
        "reviewed_by: Synthetic benchmark corpus (bench/synth.py)",
        "reviewed_on: 2026-01-15",
        "review_due: 2099-01-15",
        "---",
        f"# {title}",
        "",
        _paragraph(rng, topic, rng.randint(2, 3)),
        "",
    ]
    used: set[str] = set()
    for i in range(sections):
        heading = _fill(rng, rng.choice(HEADINGS), topic)
        while heading in used:
            heading = f"{_fill(rng, rng.choice(HEADINGS), topic)} ({len(used) + 1})"
        used.add(heading)
        level = "###" if i % 3 == 2 else "##"
        lines += [f"{level} {heading}", ""]
        if i % 10 == 9:  # a long section: split into two passages at a line boundary
            for _ in range(4):
                lines += [_paragraph(rng, topic, 3), ""]
        elif i % 7 == 3:  # a list
            lines += [f"- {_fill(rng, rng.choice(SENTENCES), topic)}" for _ in range(3)]
            lines.append("")
        else:
            lines += [_paragraph(rng, topic, rng.randint(2, 3)), ""]
    return "\n".join(lines)


def write_corpus(folder: Path, n_articles: int, seed: int = 0, sections: int = 24) -> Path:
    """Write ``n_articles`` synthetic articles into ``folder`` (created); returns the folder."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(1, n_articles + 1):
        text = article_text(i, seed, sections)
        (folder / f"synth-{i:05d}.md").write_text(text, encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sections", type=int, default=24)
    args = parser.parse_args(argv)
    write_corpus(args.folder, args.n, args.seed, args.sections)
    print(f"wrote {args.n} articles to {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
