"""HTML for answers, sources and passages, shared by the staff console and the kiosk.

Every piece of text that comes from a person or from the corpus goes through :func:`esc`, so a
question such as ``<script>alert(1)</script>`` is shown as typed and never runs. Only the markup
written here is live HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from chatbot.records import NOT_A_QUESTION
from chatbot.settings import Settings
from chatbot.web.text import text

_MARKER = re.compile(r"\[(\d+)\]")
_MARKERS = re.compile(r"(?:\[\d+\])+")


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.split("\n\n") if p.strip()]


def decision_label(settings: Settings, decision: str) -> str:
    return text(settings, "decision_label", decision)


def asked_nothing(response: Mapping[str, Any]) -> bool:
    """A reply to "hello", "thanks, bye" or "I'm a bit nervous": no decision worth a badge."""
    return not NOT_A_QUESTION.isdisjoint(response.get("reasons") or ())


def badge(settings: Settings, decision: str) -> str:
    return f'<span class="v-badge v-badge-{esc(decision)}">{esc(decision_label(settings, decision))}</span>'


def answer_html(answer: str, citation_numbers: Sequence[int], turn: int | None = None) -> str:
    """The answer's paragraphs, escaped, with its ``[n]`` markers as links to the sources
    (buttons when ``turn`` is given, plain superscripts otherwise)."""
    known = set(citation_numbers)

    def markers(match: re.Match) -> str:
        numbers = [int(n) for n in _MARKER.findall(match.group(0))]
        if not set(numbers) <= known:
            return match.group(0)
        if turn is None:
            return f'<sup class="v-ref">{", ".join(map(str, numbers))}</sup>'
        return "".join(
            f'<button type="button" class="v-ref" data-action="source" data-turn="{turn}" '
            f'data-n="{n}" aria-label="Source {n}">{n}</button>'
            for n in numbers
        )

    return "".join(f"<p>{_MARKERS.sub(markers, esc(p))}</p>" for p in paragraphs(answer))


def check_in_html(response: Mapping[str, Any], css: str) -> str:
    """The safety check-in a near-crisis message's reply opens with, or nothing."""
    note = response.get("check_in")
    return f'<p class="{css}" role="note">{esc(note)}</p>' if note else ""


def plain_text(response: Mapping[str, Any]) -> str:
    """The answer with its sources, as plain text for the clipboard."""
    lines = [response["check_in"], ""] if response.get("check_in") else []
    lines.append(response["answer"])
    if response.get("notice"):
        lines += ["", response["notice"]]
    if response.get("citations"):
        lines += ["", "Sources:"]
        for c in response["citations"]:
            lines.append(f'[{c["n"]}] {c["title"]} ({c["publisher"]}), section "{c["section"]}"')
            lines.append(f'    "{c["quote"]}"')
    return "\n".join(lines)


# --- staff console -----------------------------------------------------------------------------
def staff_turn(settings: Settings, i: int, turn: Mapping[str, Any]) -> str:
    r = turn["response"]
    decision = r["decision"]
    citations = r.get("citations") or []
    parts = [
        f'<article class="v-turn v-{esc(decision)}" data-turn="{i}">',
        f'<div class="v-q"><span class="v-label">{esc(text(settings, "staff", "you"))} {i + 1}</span>'
        f"<p>{esc(turn['question'])}</p></div>",
        '<div class="v-a">',
        "" if asked_nothing(r) else badge(settings, decision),
        check_in_html(r, "v-check-in"),
        f'<div class="v-answer">{answer_html(r["answer"], [c["n"] for c in citations], i)}</div>',
    ]
    if r.get("notice"):
        parts.append(f'<p class="v-notice">{esc(r["notice"])}</p>')
    if citations:
        chips = "".join(
            f'<button type="button" class="v-chip" data-action="source" data-turn="{i}" '
            f'data-n="{c["n"]}"><b>[{c["n"]}]</b> {esc(c["title"])}</button>'
            for c in citations
        )
        parts.append(
            f'<div class="v-sources"><span class="v-label">{esc(text(settings, "staff", "sources"))}'
            f"</span>{chips}</div>"
        )
    tools = [
        f'<button type="button" class="v-tool" data-action="copy" '
        f'data-done="{esc(text(settings, "staff", "copied"))}">{esc(text(settings, "staff", "copy"))}</button>'
    ]
    if turn.get("feedback"):
        rating = text(settings, "staff", turn["feedback"])
        tools.append(
            f'<span class="v-fb-sent">{esc(text(settings, "staff", "feedback_sent", rating=rating))}</span>'
        )
    else:
        for rating in ("helpful", "wrong", "unsafe"):
            tools.append(
                f'<button type="button" class="v-tool v-fb-{rating}" data-action="feedback" '
                f'data-turn="{i}" data-rating="{rating}">{esc(text(settings, "staff", rating))}</button>'
            )
    meta = f"{r.get('latency_ms', 0):.0f} ms · corpus {esc(r.get('corpus_version', ''))}"
    if r.get("interaction_id") is not None:
        meta += f" · #{r['interaction_id']}"
    parts += [
        f'<div class="v-tools">{"".join(tools)}<span class="v-meta">{meta}</span></div>',
        f'<textarea class="v-plain" hidden readonly aria-hidden="true">{esc(plain_text(r))}</textarea>',
        "</div></article>",
    ]
    return "".join(parts)


def staff_transcript(settings: Settings, turns: Sequence[Mapping[str, Any]]) -> str:
    if not turns:
        return f'<div class="v-empty">{esc(text(settings, "staff", "empty"))}</div>'
    return "".join(staff_turn(settings, i, t) for i, t in enumerate(turns))


def notice_html(kind: str, message: str) -> str:
    """A one-line status note (``kind``: info, ok, error)."""
    return f'<div class="v-status v-status-{esc(kind)}" role="status">{esc(message)}</div>'


ALERT_ORDER = ("crisis", "check_in", "requested")  # kiosk requests, most urgent first


def _alert_kind(row: Mapping[str, Any]) -> str:
    reason = row.get("reason")
    return reason if reason in ALERT_ORDER else "requested"


def staff_alerts(settings: Settings, rows: Sequence[Mapping[str, Any]], now: datetime) -> str:
    """Open kiosk requests for a staff member, crisis ones first, then safety check-ins, each
    with an "I'm on it" button (``data-action="handoff"``); empty when there are none."""
    if not rows:
        return ""
    t = lambda key, **kw: text(settings, "staff", key, **kw)  # noqa: E731
    ordered = sorted(rows, key=lambda r: (ALERT_ORDER.index(_alert_kind(r)), -int(r["id"])))
    items = []
    for row in ordered:
        kind = _alert_kind(row)
        created = datetime.fromisoformat(str(row["created_at"]))
        minutes = max(0, int((now - created).total_seconds() // 60))
        since = t("alert_since", minutes=minutes) if minutes else t("alert_just_now")
        items.append(
            f'<li class="v-alert v-alert-{kind}" data-id="{int(row["id"])}">'
            f'<span class="v-alert-text">{esc(t("alert_" + kind))}</span>'
            f'<span class="v-alert-since">{esc(since)}</span>'
            f'<button type="button" data-action="handoff" data-id="{int(row["id"])}" '
            f'title="{esc(t("alert_done_title"))}">{esc(t("alert_done"))}</button></li>'
        )
    label = esc(t("alerts_label"))
    return f'<ul class="v-alerts" role="alert" aria-label="{label}">{"".join(items)}</ul>'


def passage_html(settings: Settings, citation: Mapping[str, Any], passage: Any | None) -> str:
    """The cited sentence ``<mark>``-ed inside its section text, with where it comes from."""
    if passage is None:
        body = f'<p class="v-muted">{esc(text(settings, "staff", "source_gone"))}</p>'
        section = citation["section"]
    else:
        start, end = int(citation["start"]), int(citation["end"])
        t = passage.text
        body = (
            f'<div class="v-passage">{esc(t[:start])}<mark>{esc(t[start:end])}</mark>'
            f"{esc(t[end:])}</div>"
        ).replace("\n", "<br>")
        section = " › ".join(passage.heading_path) or passage.section
    due = citation.get("review_due") or getattr(passage, "review_due", None) or "—"
    rows = [
        (text(settings, "staff", "publisher"), citation["publisher"]),
        (text(settings, "staff", "section"), section),
        (text(settings, "staff", "review_due"), due),
    ]
    facts = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    return (
        f'<div class="v-source"><div class="v-source-head"><span class="v-source-n">'
        f"[{int(citation['n'])}]</span><h3>{esc(citation['title'])}</h3></div>"
        f'<dl class="v-facts">{facts}</dl>{body}</div>'
    )


# --- kiosk ---------------------------------------------------------------------------------------
def kiosk_turn(settings: Settings, turn: Mapping[str, Any]) -> str:
    r = turn["response"]
    decision = r["decision"]
    citations = r.get("citations") or []
    parts = [
        f'<article class="k-turn k-turn-{esc(decision)}">',
        f'<p class="k-q"><span>{esc(text(settings, "kiosk", "you"))}</span>{esc(turn["question"])}</p>',
        '<div class="k-a">',
    ]
    # A "not covered" badge under the check-in would read as a brush-off to someone who may
    # not feel safe ("everything feels pointless lately"); the check-in leads instead.
    quiet = decision == "out_of_scope" and r.get("check_in")
    if decision != "answer" and not asked_nothing(r) and not quiet:
        parts.append(badge(settings, decision))
    parts.append(check_in_html(r, "k-check-in"))
    parts.append(answer_html(r["answer"], [c["n"] for c in citations]))
    if r.get("notice"):
        parts.append(f'<p class="k-notice">{esc(r["notice"])}</p>')
    if citations:
        articles: dict[tuple[str, str], list[int]] = {}
        for c in citations:  # one line per article, with every number that cites it
            articles.setdefault((c["title"], c["publisher"]), []).append(c["n"])
        items = "".join(
            f"<li><sup>{', '.join(map(str, ns))}</sup> {esc(title)} ({esc(publisher)})</li>"
            for (title, publisher), ns in articles.items()
        )
        parts.append(
            f'<div class="k-sources"><span>{esc(text(settings, "kiosk", "from_articles"))}</span>'
            f"<ul>{items}</ul></div>"
        )
    parts.append("</div></article>")
    return "".join(parts)


def kiosk_welcome(settings: Settings) -> str:
    return (
        '<div class="k-welcome"><p class="k-disclaimer" role="note">'
        f"{esc(text(settings, 'kiosk', 'disclaimer'))}</p></div>"
    )


def kiosk_transcript(settings: Settings, turns: Sequence[Mapping[str, Any]]) -> str:
    if not turns:
        return kiosk_welcome(settings)
    return "".join(kiosk_turn(settings, t) for t in turns[-3:])


def crisis_banner(settings: Settings, answer: str) -> str:
    body = "".join(f"<p>{esc(p)}</p>" for p in paragraphs(answer))
    return (
        '<div class="k-crisis" role="alert">'
        f"<h2>{esc(text(settings, 'kiosk', 'crisis_title'))}</h2>{body}</div>"
    )
