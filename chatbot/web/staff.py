"""The staff console: a conversation with cited answers, each source opening its passage with the
quoted sentence marked, a copy button, and feedback (helpful / wrong / unsafe) per answer. Above
it, the kiosk's open requests for a staff member (crisis ones first), checked every
``staff_alert_seconds``, each with an "I'm on it" button that resolves it in the audit log.

The transcript is one ``gr.HTML`` rendered by :mod:`chatbot.web.render`; its buttons report
clicks through ``trigger('click', {...})`` so a single event handler serves every answer.
Published API: ``/ask`` (question, conversation_id) -> the answer JSON, for ``gradio_client``.
"""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime
from typing import Any

import gradio as gr

from chatbot.validate import InvalidQuestion
from chatbot.web import render
from chatbot.web.services import NotReady, Services, without_surrogates
from chatbot.web.text import text

log = logging.getLogger(__name__)
HISTORY_TURNS = 4

# Clicks inside the transcript: copy is done here in the browser; sources and feedback are
# reported to Python with the turn and citation number.
TRANSCRIPT_JS = """
function copyText(value) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(value);
  }
  const area = document.createElement('textarea');
  area.value = value; area.setAttribute('readonly', ''); area.style.position = 'fixed';
  area.style.opacity = '0'; document.body.appendChild(area); area.select();
  document.execCommand('copy'); area.remove();
  return Promise.resolve();
}
element.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-action]');
  if (!button || !element.contains(button)) return;
  const action = button.dataset.action;
  if (action === 'copy') {
    const source = button.closest('.v-turn').querySelector('textarea.v-plain');
    const label = button.textContent;
    copyText(source ? source.value : '').then(() => {
      button.textContent = button.dataset.done; button.classList.add('v-done');
      setTimeout(() => { button.textContent = label; button.classList.remove('v-done'); }, 1600);
    });
    return;
  }
  element.querySelectorAll('.v-active').forEach((b) => b.classList.remove('v-active'));
  button.classList.add('v-active');
  trigger('click', {action: action, turn: Number(button.dataset.turn),
                    n: Number(button.dataset.n || 0), rating: button.dataset.rating || ''});
});
"""

ALERTS_JS = """
element.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-action="handoff"]');
  if (!button || !element.contains(button)) return;
  button.disabled = true;
  trigger('click', {id: Number(button.dataset.id)});
});
"""


def _new_state() -> dict[str, Any]:
    return {"conversation_id": secrets.token_urlsafe(12), "turns": []}


def _error_message(services: Services, exc: Exception) -> str:
    from chatbot.audit import AuditUnavailable
    from index.store import IndexUnavailable

    if isinstance(exc, InvalidQuestion):
        return str(exc)
    if isinstance(exc, NotReady | IndexUnavailable | AuditUnavailable):
        log.warning("staff console: %s", exc)
        return text(services.settings, "errors", "unavailable")
    reference = secrets.token_hex(4)
    log.error("staff console error %s", reference, exc_info=exc)
    return text(services.settings, "errors", "internal", reference=reference)


def build_staff(services: Services) -> gr.Blocks:
    s = services.settings
    t = lambda key, **kw: text(s, "staff", key, **kw)  # noqa: E731

    def ask(question: str, state: dict | None):
        state = state or _new_state()
        question = without_surrogates(question)  # type: ignore[assignment]  # shown as typed
        history = [turn["response"]["question"] for turn in state["turns"]][-HISTORY_TURNS:]
        try:
            response = services.ask(question, "staff", history, state["conversation_id"])
        except Exception as exc:
            note = render.notice_html("error", _error_message(services, exc))
            return gr.skip(), state, gr.skip(), note
        shown = {k: v for k, v in response.to_dict().items() if k not in ("evidence", "retrieval")}
        turns = [*state["turns"], {"question": question.strip(), "response": shown}]
        state = {**state, "turns": turns}
        return render.staff_transcript(s, turns), state, "", ""

    def on_transcript_click(state: dict | None, evt: gr.EventData):
        data = evt._data if isinstance(evt._data, dict) else {}
        turns = (state or {}).get("turns", [])
        i = data.get("turn")
        if not isinstance(i, int) or not 0 <= i < len(turns):
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        turn = turns[i]
        if data.get("action") == "source":
            citation = next(
                (c for c in turn["response"]["citations"] if c["n"] == data.get("n")), None
            )
            if citation is None:
                return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            passage = services.assistant.retriever.passages.get(citation["passage_id"])
            return (
                render.passage_html(s, citation, passage),
                gr.skip(),
                gr.skip(),
                gr.skip(),
                gr.skip(),
            )
        if data.get("action") == "feedback" and data.get("rating") in (
            "helpful",
            "wrong",
            "unsafe",
        ):
            target = t("feedback_on", n=i + 1, question=turn["question"])
            return gr.skip(), render.notice_html("info", target), data["rating"], i, ""
        return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()

    def send_feedback(target: int | None, rating: str | None, comment: str, state: dict | None):
        turns = list((state or {}).get("turns", []))
        if not isinstance(target, int) or not 0 <= target < len(turns) or not rating:
            return render.notice_html("error", t("feedback_pick")), gr.skip(), gr.skip(), gr.skip()
        interaction_id = turns[target]["response"].get("interaction_id")
        if interaction_id is None:
            return (
                render.notice_html("error", t("feedback_unavailable")),
                gr.skip(),
                gr.skip(),
                gr.skip(),
            )
        try:
            services.audit.feedback(interaction_id, rating, (comment or "").strip())
        except Exception as exc:
            return (
                render.notice_html("error", _error_message(services, exc)),
                gr.skip(),
                gr.skip(),
                gr.skip(),
            )
        turns[target] = {**turns[target], "feedback": rating}
        state = {**state, "turns": turns}  # type: ignore[dict-item]
        thanks = t("feedback_thanks", n=target + 1, rating=t(rating))
        return render.notice_html("ok", thanks), render.staff_transcript(s, turns), state, ""

    def alerts(shown: str | None = None):
        """The open requests, re-rendered only when they changed (a button being clicked is
        not replaced under the pointer)."""
        try:
            rows = services.audit.handoffs(open_only=True)
        except Exception as exc:  # the console keeps answering; the next tick tries again
            log.warning("staff console: kiosk requests unavailable: %s", exc)
            return gr.skip(), shown
        html = render.staff_alerts(s, rows, datetime.now(UTC))
        return (gr.skip() if html == shown else html), html

    def take_alert(shown: str | None, evt: gr.EventData):
        data = evt._data if isinstance(evt._data, dict) else {}
        handoff_id = data.get("id")
        if isinstance(handoff_id, int) and not isinstance(handoff_id, bool):
            try:
                services.audit.resolve_handoff(handoff_id)
            except ValueError:
                pass  # already gone (another console took it, or it was purged)
            except Exception as exc:
                log.warning("staff console: could not resolve handoff %s: %s", handoff_id, exc)
        return alerts(None)

    def new_conversation():
        state = _new_state()
        hint = f'<p class="v-muted">{render.esc(t("source_hint"))}</p>'
        feedback = render.notice_html("info", t("feedback_hint"))
        return render.staff_transcript(s, []), state, hint, feedback, None, None, "", ""

    def api_ask(question: str, conversation_id: str = "", request: gr.Request = None) -> dict:  # type: ignore[assignment]
        """Answer a question with cited sentences; pass the returned conversation_id back to
        ask a follow-up."""
        from chatbot.web.auth import client_ip

        if request is not None and not services.limiter.hit(client_ip(request)).allowed:
            raise gr.Error(text(s, "errors", "rate_limited"), print_exception=False)
        try:
            response = services.ask_in_conversation(question, "api", conversation_id or None)
        except Exception as exc:  # unexpected ones are logged with their traceback once
            raise gr.Error(_error_message(services, exc), print_exception=False) from None
        return response.to_dict()

    with gr.Blocks(title=t("page_title"), analytics_enabled=False) as demo:
        state = gr.State(_new_state())
        feedback_target = gr.State(None)
        with gr.Row(elem_classes="v-header", equal_height=True):
            gr.HTML(
                f'<div class="v-brand"><span class="v-logo" aria-hidden="true">V</span><div>'
                f"<h1>{render.esc(t('title'))} <span>· {render.esc(s.clinic_name)}</span></h1>"
                f"<p>{render.esc(t('subtitle'))}</p></div></div>",
            )
            new_button = gr.Button(
                t("new_conversation"), size="md", scale=0, min_width=190, elem_id="staff-new"
            )
        staff_alerts = gr.HTML(
            "", js_on_load=ALERTS_JS, elem_id="staff-alerts", padding=False, min_height=0
        )
        with gr.Row(equal_height=False, elem_classes="v-main"):
            with gr.Column(scale=3, min_width=480):
                transcript = gr.HTML(
                    render.staff_transcript(s, []),
                    js_on_load=TRANSCRIPT_JS,
                    elem_id="staff-transcript",
                    elem_classes="v-transcript",
                    autoscroll=True,
                    min_height=420,
                    max_height=640,
                )
                with gr.Row(elem_classes="v-ask-row", equal_height=True):
                    question = gr.Textbox(
                        show_label=False,
                        placeholder=t("placeholder"),
                        max_length=s.max_question_chars,
                        lines=1,
                        max_lines=4,
                        scale=5,
                        autofocus=True,
                        elem_id="staff-question",
                    )
                    ask_button = gr.Button(
                        t("ask"), variant="primary", scale=1, min_width=110, elem_id="staff-ask"
                    )
                status = gr.HTML("", elem_id="staff-status")
            with gr.Column(scale=2, min_width=340, elem_classes="v-side"):
                gr.HTML(f'<h2 class="v-side-h">{render.esc(t("source_heading"))}</h2>')
                source = gr.HTML(
                    f'<p class="v-muted">{render.esc(t("source_hint"))}</p>',
                    elem_id="staff-source",
                    elem_classes="v-card",
                )
                gr.HTML(f'<h2 class="v-side-h">{render.esc(t("feedback_heading"))}</h2>')
                with gr.Column(elem_classes="v-card v-feedback"):
                    feedback_for = gr.HTML(
                        render.notice_html("info", t("feedback_hint")), elem_id="staff-feedback-for"
                    )
                    rating = gr.Radio(
                        [(t("helpful"), "helpful"), (t("wrong"), "wrong"), (t("unsafe"), "unsafe")],
                        label=t("rating_label"),
                        elem_id="staff-rating",
                    )
                    comment = gr.Textbox(
                        label=t("comment_label"),
                        placeholder=t("comment_placeholder"),
                        lines=3,
                        max_length=2000,
                        elem_id="staff-comment",
                    )
                    send = gr.Button(t("send_feedback"), elem_id="staff-send-feedback")
                feedback_status = gr.HTML("", elem_id="staff-feedback-status")

        private = {"api_visibility": "private"}
        gr.on(
            [question.submit, ask_button.click],
            ask,
            [question, state],
            [transcript, state, question, status],
            api_name="staff_ask",
            **private,
        )
        transcript.click(
            on_transcript_click,
            [state],
            [source, feedback_for, rating, feedback_target, feedback_status],
            api_name="staff_open",
            **private,
        )
        send.click(
            send_feedback,
            [feedback_target, rating, comment, state],
            [feedback_status, transcript, state, comment],
            api_name="staff_feedback",
            **private,
        )
        new_button.click(
            new_conversation,
            None,
            [
                transcript,
                state,
                source,
                feedback_for,
                rating,
                feedback_target,
                feedback_status,
                status,
            ],
            api_name="staff_new_conversation",
            **private,
        )
        quiet = {"show_progress": "hidden", **private}
        shown_alerts = gr.State(None)
        alert_io = ([shown_alerts], [staff_alerts, shown_alerts])
        demo.load(alerts, *alert_io, api_name="staff_alerts", **quiet)
        gr.Timer(max(1, s.staff_alert_seconds)).tick(
            alerts, *alert_io, api_name="staff_alerts_tick", **quiet
        )
        staff_alerts.click(take_alert, *alert_io, api_name="staff_take_alert", **quiet)
        gr.api(api_ask, api_name="ask")
    demo.queue(default_concurrency_limit=4, max_size=64)
    return demo
