"""HTML of the reviewer workspace: the audit table, one interaction in full, the content-gap
report, the corpus and the open handoffs. All stored text is escaped (:func:`render.esc`)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from chatbot.records import checks_in
from chatbot.settings import Settings
from chatbot.web.render import badge, esc, paragraphs
from chatbot.web.text import text

# Clicking (or pressing Enter on) a row reports its interaction id to Python.
TABLE_JS = """
const pick = (row) => {
  element.querySelectorAll('tr.r-selected').forEach((r) => r.classList.remove('r-selected'));
  row.classList.add('r-selected');
  trigger('click', {id: Number(row.dataset.id)});
};
element.addEventListener('click', (event) => {
  const row = event.target.closest('tr[data-id]');
  if (row && element.contains(row)) pick(row);
});
element.addEventListener('keydown', (event) => {
  const row = event.target.closest('tr[data-id]');
  if (row && (event.key === 'Enter' || event.key === ' ')) { event.preventDefault(); pick(row); }
});
"""


def _check_in_tag(settings: Settings, reasons: object) -> str:
    """Marks a reply that opened with a safety check-in (a message read close to a crisis)."""
    if not isinstance(reasons, list) or not checks_in(reasons):
        return ""
    return f' <span class="r-check-in">{esc(text(settings, "review", "tag_check_in"))}</span>'


def _code(decision: object) -> str:
    """A compact decision badge for tables: the decision's code."""
    d = esc(decision)
    return f'<span class="v-badge v-badge-{d}">{d.replace("_", " ")}</span>'


def _when(iso: str | None) -> str:
    return (iso or "")[:16].replace("T", " ")


def _when_html(iso: str | None) -> str:
    day, _, clock = _when(iso).partition(" ")
    return f"{esc(day)}<br><span class='v-muted'>{esc(clock)}</span>"


def _short(value: str | None, limit: int = 140) -> str:
    value = value or ""
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _feedback_summary(counts: Mapping[str, int] | None) -> str:
    counts = counts or {}
    pills = [
        f'<span class="r-pill r-fb-{esc(k)}">{esc(k)} {int(n)}</span>'
        for k, n in counts.items()
        if n
    ]
    return "".join(pills) or '<span class="v-muted">—</span>'


def _review_pill(status: str | None) -> str:
    if not status:
        return '<span class="v-muted">—</span>'
    return f'<span class="r-pill r-rev-{esc(status)}">{esc(status.replace("_", " "))}</span>'


def _label(settings: Settings, key: str, **extra: object) -> str:
    return esc(text(settings, "review", key, **extra))


def _head(settings: Settings, *keys: str) -> str:
    cells = "".join(f"<th>{'#' if k == '#' else _label(settings, k)}</th>" for k in keys)
    return f"<thead><tr>{cells}</tr></thead>"


def interactions_table(settings: Settings, rows: Sequence[Mapping[str, Any]]) -> str:
    if not rows:
        return f'<p class="v-muted r-empty">{esc(text(settings, "review", "no_rows"))}</p>'
    body = "".join(
        f'<tr data-id="{int(r["id"])}" tabindex="0">'
        f'<td class="r-num">{int(r["id"])}</td><td class="r-time">{_when_html(r.get("created_at"))}</td>'
        f"<td>{esc(r.get('surface'))}</td><td>{_code(r.get('decision'))}"
        f"{_check_in_tag(settings, r.get('reasons'))}</td>"
        f'<td class="r-question">{esc(_short(r.get("question")))}</td>'
        f"<td>{_feedback_summary(r.get('feedback'))}</td><td>{_review_pill(r.get('review_status'))}</td></tr>"
        for r in rows
    )
    caption = esc(text(settings, "review", "rows_shown", count=len(rows)))
    return (
        f'<p class="r-caption">{caption}</p><div class="r-scroll"><table class="r-table r-log">'
        + _head(
            settings,
            "#",
            "col_time",
            "col_surface",
            "col_decision",
            "col_question",
            "col_feedback",
            "col_review",
        )
        + f"<tbody>{body}</tbody></table></div>"
    )


def _section(title: str, body: str) -> str:
    return f'<section class="r-section"><h4>{esc(title)}</h4>{body}</section>'


def _score(value: object, rank: object = None) -> str:
    if value is None:
        return '<span class="v-muted">—</span>'
    shown = f"{float(value):.4f}" if isinstance(value, int | float) else esc(value)
    return f"{shown} <span class='v-muted'>#{esc(rank)}</span>" if rank is not None else shown


def interaction_detail(settings: Settings, item: Mapping[str, Any]) -> str:
    L = lambda key, **kw: _label(settings, key, **kw)  # noqa: E731
    decision = str(item.get("decision"))
    head = (
        f'<div class="r-detail-head"><h3>{L("detail_title", id=int(item["id"]))}</h3>'
        f'{badge(settings, decision)}<p class="v-muted">{esc(_when(item.get("created_at")))} UTC · '
        f"{esc(item.get('surface'))} · {L('detail_conversation', id=item.get('conversation_id') or '—')}"
        "</p></div>"
    )
    question = f'<p class="r-quote">{esc(item.get("question"))}</p>'
    parts = [head, _section(L("detail_question"), question)]
    answer = "".join(f"<p>{esc(p)}</p>" for p in paragraphs(str(item.get("answer") or "")))
    parts.append(_section(L("detail_answer"), f'<div class="r-answer">{answer}</div>'))
    citations = item.get("citations") or []
    if citations:
        cites = "".join(
            f"<li><b>[{esc(c.get('n'))}]</b> {esc(c.get('title'))} · {esc(c.get('publisher'))} · "
            f"<i>{esc(c.get('section'))}</i><blockquote>{esc(c.get('quote'))}</blockquote>"
            f'<span class="v-muted">'
            f"{L('detail_passage', id=c.get('passage_id'), due=c.get('review_due') or '—')}</span></li>"
            for c in citations
        )
        parts.append(_section(L("detail_citations"), f'<ol class="r-cites">{cites}</ol>'))
    trace = item.get("retrieval") or []
    if trace:
        rows = "".join(
            f"<tr><td class='r-num'>{k}</td><td>{esc(h.get('article_id'))}<br>"
            f"<span class='v-muted'>{esc(h.get('section'))}</span></td>"
            f"<td>{_score(h.get('dense'), h.get('dense_rank'))}</td>"
            f"<td>{_score(h.get('bm25'), h.get('bm25_rank'))}</td>"
            f"<td>{_score(h.get('fused'))}</td></tr>"
            for k, h in enumerate(trace, start=1)
        )
        head_row = _head(settings, "#", "trace_passage", "trace_dense", "trace_bm25", "trace_fused")
        table = f'<table class="r-table r-trace">{head_row}<tbody>{rows}</tbody></table>'
        parts.append(_section(L("detail_trace"), table))
    reasons = "".join(f"<li><code>{esc(r)}</code></li>" for r in item.get("reasons") or [])
    evidence = json.dumps(item.get("evidence") or {}, indent=2, ensure_ascii=False, default=str)
    reasons = reasons or f"<li class='v-muted'>{L('detail_no_reasons')}</li>"
    parts.append(
        _section(
            L("detail_policy"),
            f"<ul class='r-reasons'>{reasons}</ul><details><summary>{L('detail_evidence')}</summary>"
            f"<pre class='r-pre'>{esc(evidence)}</pre></details>",
        )
    )
    latency = item.get("latency_ms")
    latency_text = f"{float(latency):.0f} ms" if latency is not None else "—"
    facts = (
        f"<dl class='v-facts'><dt>{L('detail_corpus_version')}</dt>"
        f"<dd><code>{esc(item.get('corpus_version'))}</code></dd>"
        f"<dt>{L('detail_latency')}</dt><dd>{esc(latency_text)}</dd></dl>"
    )
    parts.append(_section(L("detail_run"), facts))
    feedback = item.get("feedback_list") or []
    if feedback:
        items = "".join(
            f"<li>{_feedback_summary({f.get('rating'): 1})} {esc(f.get('comment') or '')} "
            f"<span class='v-muted'>{esc(_when(f.get('created_at')))}</span></li>"
            for f in feedback
        )
        parts.append(_section(L("detail_feedback"), f"<ul class='r-list'>{items}</ul>"))
    reviews = item.get("reviews") or []
    if reviews:
        items = "".join(
            f"<li>{_review_pill(v.get('status'))} {esc(v.get('note') or '')} "
            f"<span class='v-muted'>{esc(v.get('reviewer'))}, {esc(_when(v.get('created_at')))}</span></li>"
            for v in reviews
        )
        parts.append(_section(L("detail_reviews"), f"<ul class='r-list'>{items}</ul>"))
    return f'<div class="r-detail">{"".join(parts)}</div>'


def gaps_table(settings: Settings, groups: Sequence[Mapping[str, Any]]) -> str:
    if not groups:
        return f'<p class="v-muted">{esc(text(settings, "review", "gaps_none"))}</p>'
    rows = "".join(
        f"<tr><td class='r-num'>{int(g['count'])}</td><td><b>{esc(g['example'])}</b>"
        f"<ul class='r-variants'>{''.join(f'<li>{esc(q)}</li>' for q in g.get('questions', [])[1:6])}</ul></td>"
        f"<td>{''.join(_code(d) + f' {int(n)} ' for d, n in (g.get('decisions') or {}).items())}</td>"
        f"<td class='r-time'>{esc(_when(g.get('last_seen')))}</td></tr>"
        for g in groups
    )
    head = _head(settings, "gaps_times", "gaps_question", "gaps_decisions", "gaps_last")
    return f'<table class="r-table">{head}<tbody>{rows}</tbody></table>'


def corpus_table(settings: Settings, rows: Sequence[Mapping[str, Any]]) -> str:
    overdue = esc(text(settings, "review", "corpus_overdue"))
    body = "".join(
        f"<tr class='{'r-overdue' if a['overdue'] else ''}'><td><b>{esc(a['title'])}</b><br>"
        f"<span class='v-muted'>{esc(a['id'])}</span></td><td>{esc(a['publisher'])}</td>"
        f"<td><span class='r-pill r-status-{esc(a['status'])}'>{esc(a['status'])}</span></td>"
        f"<td>{esc(a['reviewed_on'] or '—')}</td><td>{esc(a['review_due'] or '—')}"
        f"{f' <span class=r-pill-overdue>{overdue}</span>' if a['overdue'] else ''}</td></tr>"
        for a in rows
    )
    head = _head(
        settings,
        "corpus_article",
        "corpus_publisher",
        "corpus_status",
        "corpus_reviewed_on",
        "corpus_review_due",
    )
    return f'<table class="r-table r-corpus">{head}<tbody>{body}</tbody></table>'


def handoffs_table(settings: Settings, rows: Sequence[Mapping[str, Any]]) -> str:
    if not rows:
        return f'<p class="v-muted">{esc(text(settings, "review", "handoffs_none"))}</p>'
    body = "".join(
        f"<tr><td class='r-num'>{esc(h.get('id'))}</td><td class='r-time'>{esc(_when(h.get('created_at')))}</td>"
        f"<td>{esc(h.get('surface'))}</td>"
        f"<td>{esc(text(settings, 'review', 'handoff_why_' + str(h.get('reason') or 'requested')))}</td>"
        f"<td><code>{esc(h.get('conversation_id') or '—')}</code></td>"
        f"<td>{esc(h.get('note') or '')}</td></tr>"
        for h in rows
    )
    head = _head(
        settings,
        "#",
        "handoff_requested",
        "handoff_surface",
        "handoff_reason",
        "handoff_conversation",
        "handoff_note",
    )
    return f'<table class="r-table">{head}<tbody>{body}</tbody></table>'
