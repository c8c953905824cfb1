"""Themes and style sheets of the three surfaces. Fonts are the system's, so a page never
fetches anything from the internet."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import gradio as gr

STATIC = Path(__file__).with_name("static")
# The system's UI font first; Liberation Sans (Arial's metrics) where there is none, as on Debian.
_SYSTEM_FONTS = (
    "Segoe UI",
    "Roboto",
    "Helvetica Neue",
    "Arial",
    "Liberation Sans",
    "system-ui",
    "sans-serif",
)


@cache
def css(*names: str) -> str:
    """The named style sheets of ``static/`` joined (``common`` is always first)."""
    return "\n".join(
        (STATIC / f"{name}.css").read_text(encoding="utf-8") for name in ("common", *names)
    )


def console_theme() -> gr.themes.Base:
    """Staff console and reviewer workspace: calm, dense, readable."""
    return gr.themes.Base(
        primary_hue=gr.themes.colors.teal,
        secondary_hue=gr.themes.colors.sky,
        neutral_hue=gr.themes.colors.slate,
        radius_size=gr.themes.sizes.radius_md,
        font=_SYSTEM_FONTS,
        font_mono=("ui-monospace", "Consolas", "Liberation Mono", "monospace"),
    ).set(
        body_background_fill="#f4f6f8",
        block_border_width="1px",
        block_shadow="0 1px 2px rgba(15, 23, 42, 0.06)",
        button_primary_background_fill="#0f766e",
        button_primary_background_fill_hover="#115e59",
        button_primary_text_color="#ffffff",
    )


def kiosk_theme() -> gr.themes.Base:
    """Patient kiosk: large type, strong contrast (WCAG AAA for body text), big touch targets."""
    return gr.themes.Base(
        primary_hue=gr.themes.colors.blue,
        neutral_hue=gr.themes.colors.gray,
        text_size=gr.themes.sizes.text_lg,
        spacing_size=gr.themes.sizes.spacing_md,
        radius_size=gr.themes.sizes.radius_lg,
        font=_SYSTEM_FONTS,
    ).set(
        body_background_fill="#ffffff",
        body_text_color="#000000",
        block_label_text_color="#000000",
        input_background_fill="#ffffff",
        input_border_color="#1f2937",
        input_border_width="2px",
        button_primary_background_fill="#0b3d91",
        button_primary_background_fill_hover="#082c6b",
        button_primary_text_color="#ffffff",
        button_secondary_background_fill="#ffffff",
        button_secondary_border_color="#0b3d91",
        button_secondary_text_color="#0b3d91",
        button_large_padding="18px 28px",
        button_large_text_size="1.35rem",
    )
