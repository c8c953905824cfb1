"""The reviewer workspace (review server only, behind the reviewer sign-in): the audit log with
filters, one interaction in full with a review form, the content-gap report, the corpus with
review-due dates, open staff handoffs, and CSV / JSON Lines export links."""

from __future__ import annotations

import logging
from datetime import date

import gradio as gr

from chatbot.web import render, review_render
from chatbot.web.review_api import content_gaps, corpus_rows
from chatbot.web.services import Services
from chatbot.web.text import text

log = logging.getLogger(__name__)
DECISIONS = ("answer", "refuse_dosing", "refuse_personal", "crisis", "out_of_scope")
SURFACES = ("staff", "kiosk", "api", "cli")
PAGE_SIZE = 200


def _date(value: str, settings) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(text(settings, "review", "bad_date", value=value)) from None


def build_review(services: Services) -> gr.Blocks:
    s = services.settings
    t = lambda key, **kw: text(s, "review", key, **kw)  # noqa: E731
    note = render.notice_html

    def header(request: gr.Request) -> str:
        user = getattr(request, "username", None) or ""
        return (
            f'<div class="v-brand"><span class="v-logo" aria-hidden="true">V</span><div>'
            f"<h1>{render.esc(t('title'))} <span>· {render.esc(s.clinic_name)}</span></h1>"
            f"<p>{render.esc(t('subtitle'))}</p></div>"
            f'<div class="v-user">{render.esc(t("signed_in_as", user=user))} · '
            f'<a href="/logout">{render.esc(t("sign_out"))}</a></div></div>'
        )

    def search(decision, surface, since, until, feedback, review_status, query, check_in):
        try:
            rows = services.audit.search(
                check_in=True if check_in else None,
                decision=decision or None,
                surface=surface or None,
                since=_date(since, s),
                until=_date(until, s),
                feedback=feedback or None,
                text=(query or "").strip() or None,
                review_status=review_status or None,
                limit=PAGE_SIZE,
            )
        except ValueError as exc:
            return gr.skip(), note("error", str(exc))
        return review_render.interactions_table(s, rows), ""

    def open_interaction(evt: gr.EventData):
        data = evt._data if isinstance(evt._data, dict) else {}
        interaction_id = data.get("id")
        if not isinstance(interaction_id, int):
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        item = services.audit.get(interaction_id)
        if item is None:
            return note("error", t("not_found", id=interaction_id)), None, None, ""
        return review_render.interaction_detail(s, item), interaction_id, None, ""

    def save_review(interaction_id, status, review_note, request: gr.Request):
        if not isinstance(interaction_id, int) or status not in ("ok", "needs_correction"):
            return note("error", t("review_pick")), gr.skip(), gr.skip()
        reviewer = getattr(request, "username", None) or "reviewer"
        services.audit.review(interaction_id, status, (review_note or "").strip(), reviewer)
        item = services.audit.get(interaction_id)
        label = t("review_ok") if status == "ok" else t("review_needs_correction")
        detail = review_render.interaction_detail(s, item) if item else gr.skip()
        return note("ok", t("review_saved", id=interaction_id, status=label)), detail, ""

    def gaps():
        return review_render.gaps_table(s, content_gaps(services))

    def corpus():
        from corpus.articles import CorpusError

        try:
            return review_render.corpus_table(s, corpus_rows(s))
        except CorpusError as exc:
            return note("error", t("corpus_error", problems="; ".join(exc.problems)))

    def handoffs():
        return review_render.handoffs_table(s, services.audit.handoffs(open_only=True))

    any_ = t("any")
    ratings = [(text(s, "staff", r), r) for r in ("helpful", "wrong", "unsafe")]
    feedback_choices = [
        (any_, ""),
        *ratings,
        (t("any_feedback"), "any"),
        (t("no_feedback"), "none"),
    ]
    review_choices = [
        (any_, ""),
        (t("unreviewed"), "none"),
        (t("review_ok"), "ok"),
        (t("review_needs_correction"), "needs_correction"),
    ]
    with gr.Blocks(title=t("page_title"), analytics_enabled=False, fill_width=True) as demo:
        selected = gr.State(None)
        top = gr.HTML(elem_classes="v-header-html")
        with gr.Tabs(elem_classes="r-tabs"):
            with gr.Tab(t("tab_log"), id="log"):
                with gr.Row(elem_classes="r-filters", equal_height=True):
                    decision = gr.Dropdown(
                        [(any_, "")] + [(d, d) for d in DECISIONS],
                        value="",
                        label=t("filter_decision"),
                        elem_id="review-decision",
                        min_width=150,
                    )
                    surface = gr.Dropdown(
                        [(any_, "")] + [(x, x) for x in SURFACES],
                        value="",
                        label=t("filter_surface"),
                        min_width=120,
                    )
                    since = gr.Textbox(
                        label=t("filter_since"), placeholder="2026-01-31", min_width=140
                    )
                    until = gr.Textbox(
                        label=t("filter_until"), placeholder="2026-12-31", min_width=140
                    )
                    feedback = gr.Dropdown(
                        feedback_choices, value="", label=t("filter_feedback"), min_width=140
                    )
                    review_status = gr.Dropdown(
                        review_choices, value="", label=t("filter_review"), min_width=160
                    )
                    query = gr.Textbox(label=t("filter_text"), min_width=180, elem_id="review-text")
                    check_in = gr.Checkbox(
                        label=t("filter_check_in"), elem_id="review-check-in", min_width=140
                    )
                    search_button = gr.Button(
                        t("search"),
                        variant="primary",
                        scale=0,
                        min_width=110,
                        elem_id="review-search",
                    )
                search_status = gr.HTML("")
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=520):
                        table = gr.HTML(
                            js_on_load=review_render.TABLE_JS,
                            elem_id="review-table",
                            elem_classes="v-card",
                        )
                    with gr.Column(scale=2, min_width=380):
                        with gr.Column(elem_classes="v-card r-form"):
                            gr.HTML(f'<h4 class="r-form-h">{render.esc(t("review_heading"))}</h4>')
                            with gr.Row(equal_height=True):
                                status = gr.Radio(
                                    [
                                        (t("review_ok"), "ok"),
                                        (t("review_needs_correction"), "needs_correction"),
                                    ],
                                    show_label=False,
                                    elem_id="review-status",
                                    scale=3,
                                )
                                save = gr.Button(
                                    t("review_save"),
                                    variant="primary",
                                    elem_id="review-save",
                                    scale=1,
                                    min_width=120,
                                )
                            review_note = gr.Textbox(
                                label=t("review_note"),
                                lines=1,
                                max_lines=4,
                                max_length=4000,
                                elem_id="review-note",
                            )
                            review_result = gr.HTML("", elem_id="review-result")
                        detail = gr.HTML(
                            note("info", t("detail_hint")),
                            elem_id="review-detail",
                            elem_classes="v-card",
                            max_height="62vh",
                        )
            with gr.Tab(t("tab_gaps"), id="gaps"):
                gr.HTML(f'<p class="r-intro">{render.esc(t("gaps_intro"))}</p>')
                gaps_button = gr.Button(t("gaps_button"), scale=0)
                gaps_table = gr.HTML(elem_classes="v-card")
            with gr.Tab(t("tab_corpus"), id="corpus"):
                gr.HTML(f'<p class="r-intro">{render.esc(t("corpus_intro"))}</p>')
                corpus_table = gr.HTML(elem_classes="v-card", elem_id="review-corpus")
            with gr.Tab(t("tab_handoffs"), id="handoffs"):
                gr.HTML(f'<p class="r-intro">{render.esc(t("handoffs_intro"))}</p>')
                handoffs_button = gr.Button(t("refresh"), scale=0)
                handoffs_table = gr.HTML(elem_classes="v-card", elem_id="review-handoffs")
            with gr.Tab(t("tab_export"), id="export"):
                gr.HTML(
                    f'<div class="v-card r-export"><p>{render.esc(t("export_intro"))}</p>'
                    f'<a class="r-download" href="/api/review/export?format=csv" download>{render.esc(t("export_csv"))}</a>'
                    f'<a class="r-download" href="/api/review/export?format=jsonl" download>{render.esc(t("export_jsonl"))}</a></div>'
                )

        filters = [decision, surface, since, until, feedback, review_status, query, check_in]
        private = {"api_visibility": "private"}
        demo.load(header, None, top, api_name="review_header", **private)
        demo.load(
            search, filters, [table, search_status], api_name="review_initial_search", **private
        )
        demo.load(corpus, None, corpus_table, api_name="review_corpus", **private)
        demo.load(handoffs, None, handoffs_table, api_name="review_handoffs", **private)
        gr.on(
            [search_button.click, query.submit, since.submit, until.submit],
            search,
            filters,
            [table, search_status],
            api_name="review_search",
            **private,
        )
        table.click(
            open_interaction,
            None,
            [detail, selected, status, review_result],
            api_name="review_open",
            **private,
        )
        save.click(
            save_review,
            [selected, status, review_note],
            [review_result, detail, review_note],
            api_name="review_save",
            **private,
        )
        gaps_button.click(gaps, None, gaps_table, api_name="review_gaps", **private)
        handoffs_button.click(
            handoffs, None, handoffs_table, api_name="review_handoffs_refresh", **private
        )
    demo.queue(default_concurrency_limit=4, max_size=64)
    return demo
