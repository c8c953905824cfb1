"""Run one Vetted surface: ``python app.py [--mode staff|kiosk|review] [--host H] [--port P]``.

Each mode is its own server: the staff console with the HTTP API (default), the patient kiosk,
or the reviewer workspace. Settings come from the environment (see ``python -m chatbot settings``).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

MODES = ("staff", "kiosk", "review")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python app.py", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--mode", choices=MODES, default="staff", help="surface to serve (default: staff)"
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    parser.add_argument("--port", type=int, default=7860, help="port to listen on (default: 7860)")
    parser.add_argument(
        "--log-level", default="info", choices=("debug", "info", "warning", "error")
    )
    args = parser.parse_args(argv)

    # Before Gradio is imported: no telemetry, no version check, nothing fetched at run time.
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    from pydantic import ValidationError

    from chatbot.settings import get_settings

    try:
        settings = get_settings()
    except ValidationError as exc:
        print(f"error: invalid setting: {exc}", file=sys.stderr)
        return 2

    import uvicorn

    from chatbot.web.server import create_app

    app = create_app(args.mode, settings)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
    return 0


if __name__ == "__main__":
    sys.exit(main())
