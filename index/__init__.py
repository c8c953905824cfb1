"""Index: split vetted articles into passages and sentences, embed them, store them in Chroma,
and retrieve them (dense + BM25, fused). Nothing heavy is imported at package import time."""
