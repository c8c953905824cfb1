"""Lexical half of hybrid retrieval: BM25 over passages with ``bm25s`` (sparse matrices; scales
to tens of thousands of passages) and an English Snowball stemmer."""

from __future__ import annotations

from collections.abc import Sequence


class BM25Index:
    def __init__(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        import logging

        import bm25s
        import Stemmer

        logging.getLogger("bm25s").setLevel(logging.ERROR)

        self.ids = list(ids)
        self._tokenizer = bm25s.tokenization.Tokenizer(
            stopwords="en", stemmer=Stemmer.Stemmer("english")
        )
        self._retriever = bm25s.BM25()
        if self.ids:
            tokens = self._tokenizer.tokenize(
                list(texts), update_vocab=True, return_as="ids", show_progress=False
            )
            self._retriever.index(tokens, show_progress=False)

    def search(self, text: str, k: int) -> list[tuple[str, float]]:
        """(passage id, BM25 score) of the best k passages with a score above zero."""
        if not self.ids:
            return []
        tokens = self._tokenizer.tokenize(
            [text], update_vocab=False, return_as="ids", show_progress=False
        )
        k = min(k, len(self.ids))
        # n_threads=0: a plain map; any other value starts a thread pool on every call.
        docs, scores = self._retriever.retrieve(tokens, k=k, show_progress=False, n_threads=0)
        return [(self.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0]) if s > 0]
