"""``python -m index build [--force]``: build or refresh the index from the approved articles."""

from __future__ import annotations

import argparse
import logging
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build or refresh the index (only changed text is embedded)")
    b.add_argument("--force", action="store_true", help="rebuild even if the corpus is unchanged")
    sub.add_parser("status", help="show the served index generation and corpus version")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="warning: %(message)s")

    from chatbot.settings import get_settings
    from corpus.articles import CorpusError
    from index.store import IndexUnavailable, Store

    settings = get_settings()
    try:
        if args.command == "build":
            from index import stamp
            from index.build import servable

            _, version, warnings = servable(settings)
            receipt = None if args.force else stamp.up_to_date(settings, version)
            if receipt is not None:  # nothing changed since the last build: Chroma stays shut
                for w in warnings:
                    logging.warning(w)
                print(
                    f"index up to date (corpus {version}, {receipt['passages']} passages, "
                    f"{receipt['sentences']} sentences; files as the last build left them)"
                )
                return 0
            from index.build import build

            report = build(settings, progress=sys.stderr.isatty(), force=args.force)
            print(report.summary())
            stamp.write(settings, report.corpus_version, report.passages, report.sentences)
            if settings.query_encoder == "onnx":
                from index.embed import prepare_question_encoder

                prepare_question_encoder(settings.derived_dir)
        else:
            manifest = Store(settings).manifest()
            print(manifest if manifest else "no index built yet")
    except (CorpusError, IndexUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
