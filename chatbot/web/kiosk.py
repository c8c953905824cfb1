"""The patient kiosk: large type, a disclaimer before the first question, suggested questions,
a crisis banner that stays until the conversation is reset, a "get a staff member" button (a
crisis reply also alerts the staff console by itself), and an automatic reset after
``kiosk_idle_seconds`` without a touch or key press.

Gradio publishes every event handler of a Blocks as an endpoint, so this module defines only
the kiosk's own four (ask, suggestion, call staff, reset), all private. Nothing here can read
the audit log; it only adds requests for a staff member to it.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

import gradio as gr

from chatbot.validate import InvalidQuestion
from chatbot.web import render
from chatbot.web.auth import client_ip
from chatbot.web.services import NotReady, Services, without_surrogates
from chatbot.web.text import text, text_list

log = logging.getLogger(__name__)
HISTORY_TURNS = 4

# Clicks "Start over" after the idle time when there is anything on screen to clear. Touches,
# key presses and a newly shown answer count as activity.
IDLE_JS = """
<script>
(() => {
  const idleMs = %d * 1000;
  let last = Date.now();
  let watched = null;
  const touch = () => { last = Date.now(); };
  for (const name of ['pointerdown', 'keydown', 'input', 'touchstart', 'wheel']) {
    document.addEventListener(name, touch, {capture: true, passive: true});
  }
  const dirty = () => {
    const box = document.querySelector('#kiosk-question textarea, #kiosk-question input');
    return Boolean(document.querySelector('#kiosk-transcript .k-turn, #kiosk-crisis .k-crisis,'
      + ' #kiosk-status .v-status')) || Boolean(box && box.value.trim());
  };
  setInterval(() => {
    const transcript = document.querySelector('#kiosk-transcript');
    if (transcript && transcript !== watched) {
      new MutationObserver(touch).observe(transcript, {childList: true, subtree: true});
      watched = transcript;
    }
    if (Date.now() - last < idleMs || !dirty()) return;
    const reset = document.querySelector('#kiosk-reset');
    if (reset) { touch(); reset.click(); }
  }, 500);
})();
</script>
"""


def _new_state() -> dict[str, Any]:
    return {
        "conversation_id": secrets.token_urlsafe(12),
        "turns": [],
        "crisis": None,
        "called": None,  # the reason of the request for a staff member already sent
    }


def idle_seconds(settings) -> int:
    return max(1, int(settings.kiosk_idle_seconds))


def head(settings) -> str:
    return IDLE_JS % idle_seconds(settings)


def build_kiosk(services: Services) -> gr.Blocks:
    s = services.settings
    t = lambda key, **kw: text(s, "kiosk", key, **kw)  # noqa: E731

    def banner(state: dict) -> Any:
        if not state.get("crisis"):
            return gr.update(value="", visible=False)
        return gr.update(value=render.crisis_banner(s, state["crisis"]), visible=True)

    def ask(question: str, state: dict | None, request: gr.Request):
        from index.store import IndexUnavailable

        state = state or _new_state()
        question = without_surrogates(question)  # type: ignore[assignment]  # shown as typed
        if not services.limiter.hit(client_ip(request)).allowed:
            return (
                gr.skip(),
                gr.skip(),
                gr.skip(),
                state,
                render.notice_html("error", text(s, "errors", "rate_limited")),
            )
        history = [turn["response"]["question"] for turn in state["turns"]][-HISTORY_TURNS:]
        try:
            response = services.ask(question, "kiosk", history, state["conversation_id"])
        except InvalidQuestion as exc:
            return gr.skip(), gr.skip(), gr.skip(), state, render.notice_html("error", str(exc))
        except (NotReady, IndexUnavailable) as exc:
            log.warning("kiosk: %s", exc)
            return (
                gr.skip(),
                gr.skip(),
                gr.skip(),
                state,
                render.notice_html("error", text(s, "errors", "unavailable")),
            )
        except Exception as exc:
            reference = secrets.token_hex(4)
            log.error("kiosk error %s", reference, exc_info=exc)
            note = text(s, "errors", "internal", reference=reference)
            return gr.skip(), gr.skip(), gr.skip(), state, render.notice_html("error", note)
        result = {k: v for k, v in response.to_dict().items() if k not in ("evidence", "retrieval")}
        turns = [*state["turns"], {"question": question.strip(), "response": result}][
            -HISTORY_TURNS:
        ]
        crisis = result["answer"] if result["decision"] == "crisis" else state.get("crisis")
        state = {**state, "turns": turns, "crisis": crisis}
        if result["decision"] == "crisis":
            reason = "crisis" if s.kiosk_crisis_alerts_staff else None
        else:
            reason = (
                "check_in" if result.get("check_in") and s.kiosk_check_in_alerts_staff else None
            )
        if reason:
            try:
                state = alert_staff(state, reason)
            except Exception as exc:  # the reply is shown whatever happens here
                log.error("kiosk: could not alert the staff console", exc_info=exc)
        return render.kiosk_transcript(s, turns), banner(state), "", state, ""

    def alert_staff(state: dict, reason: str) -> dict:
        """One request per conversation reaches the staff console (a crisis reply or a safety
        check-in sends it at once; the button adds none when one was sent), except that a crisis
        still sends its own after a check-in or a button press. Raises when the log is
        unavailable."""
        called = state.get("called")
        if not called or (reason == "crisis" and called != "crisis"):
            services.audit.handoff("kiosk", state["conversation_id"], note="", reason=reason)
            state = {**state, "called": reason}
        return state

    def call_staff(state: dict | None):
        state = state or _new_state()
        try:
            state = alert_staff(state, "requested")
        except Exception as exc:
            reference = secrets.token_hex(4)
            log.error("kiosk handoff error %s", reference, exc_info=exc)
            note = text(s, "errors", "internal", reference=reference)
            return render.notice_html("error", note), state
        return render.notice_html("ok", t("staff_called")), state

    def reset():
        state = _new_state()
        return render.kiosk_transcript(s, []), banner(state), "", state, ""

    with gr.Blocks(title=t("page_title"), analytics_enabled=False, fill_width=False) as demo:
        state = gr.State(_new_state())
        gr.HTML(
            f'<header class="k-header"><h1>{render.esc(t("title"))}</h1>'
            f"<p>{render.esc(s.clinic_name)}</p></header>",
        )
        crisis = gr.HTML("", visible=False, elem_id="kiosk-crisis")
        transcript = gr.HTML(
            render.kiosk_transcript(s, []),
            js_on_load=None,
            elem_id="kiosk-transcript",
            elem_classes="k-transcript",
            autoscroll=True,
        )
        with gr.Row(elem_classes="k-ask-row", equal_height=True):
            question = gr.Textbox(
                show_label=False,
                placeholder=t("placeholder"),
                info=None,
                max_length=s.max_question_chars,
                lines=1,
                max_lines=3,
                scale=4,
                elem_id="kiosk-question",
            )
            ask_button = gr.Button(
                t("ask"), variant="primary", size="lg", scale=1, min_width=140, elem_id="kiosk-ask"
            )
        status = gr.HTML("", elem_id="kiosk-status")
        with gr.Column(elem_classes="k-suggest"):
            gr.HTML(f'<p class="k-suggest-h">{render.esc(t("suggestions_heading"))}</p>')
            with gr.Row(elem_classes="k-suggestions", equal_height=True):
                suggestions = [
                    gr.Button(q, size="lg", elem_classes="k-suggestion")
                    for q in text_list(s, "kiosk", "suggestions")
                ]
        with gr.Row(elem_classes="k-actions"):
            staff_button = gr.Button(
                t("staff"), size="lg", elem_id="kiosk-staff", elem_classes="k-staff"
            )
            reset_button = gr.Button(
                t("reset"), size="lg", elem_id="kiosk-reset", elem_classes="k-reset"
            )
        gr.HTML(f'<footer class="k-footer">{render.esc(t("disclaimer"))}</footer>')

        outputs = [transcript, crisis, question, state, status]
        private = {"api_visibility": "private"}
        gr.on(
            [question.submit, ask_button.click],
            ask,
            [question, state],
            outputs,
            api_name="kiosk_ask",
            **private,
        )
        for i, button in enumerate(suggestions):
            button.click(ask, [button, state], outputs, api_name=f"kiosk_suggestion_{i}", **private)
        staff_button.click(
            call_staff, [state], [status, state], api_name="kiosk_call_staff", **private
        )
        reset_button.click(reset, None, outputs, api_name="kiosk_reset", **private)
    demo.queue(default_concurrency_limit=4, max_size=64)
    return demo
