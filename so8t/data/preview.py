"""The first prepared samples as training sees them: chat template applied, with the learned (trained) pieces marked."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from so8t.data.shapes import CONVERSATIONS, LABELLED, PAIRS, PROMPTS
from so8t.jsonl import jsonl_records
from so8t.store.layout import RunLayout

#: Samples the window's Data view shows: enough to see the template, few enough to read.
PREVIEW_SAMPLES = 5


@dataclass
class PreviewSample:
    """One prepared sample: its pieces of text in order, each with whether training learns it."""

    pieces: list[tuple[str, bool]]
    #: Whether the model's chat template was applied (False without a model, or where the template rewrites turns).
    templated: bool


def _prepared_file(layout: RunLayout, kind: str) -> Path:
    return {CONVERSATIONS: layout.data_train, PAIRS: layout.data_pairs_train, PROMPTS: layout.data_prompts,
            LABELLED: layout.data_labelled}[kind]


def _plain(record: dict[str, Any], kind: str, messages: list[dict[str, str]] | None) -> list[tuple[str, bool]]:
    """Without a template: each message as `role: text`, the assistant's learned."""
    if messages is not None:
        return [(f"{m['role']}: {m['content']}\n", m["role"] == "assistant") for m in messages]
    text = record["prompt"] if kind == PROMPTS else record["text"]
    return [(str(text), False)]


def preview_samples(run_dir: str | os.PathLike[str], kind: str, model: str | None,
                    count: int = PREVIEW_SAMPLES) -> list[PreviewSample]:
    """The first `count` training samples of a prepared RUN/data/, rendered with the model's chat template."""
    from so8t.data.stats import conversation_of, conversation_pieces, load_measuring_tokenizer

    tokenizer = load_measuring_tokenizer(model) if model else None
    out: list[PreviewSample] = []
    prepared = _prepared_file(RunLayout(Path(run_dir)), kind)
    for _where, record in jsonl_records(prepared, "prepared data file", "prepare the files again"):
        if len(out) >= count:
            break
        messages = conversation_of(record, kind)
        pieces = conversation_pieces(tokenizer, messages) if tokenizer is not None and messages else None
        out.append(PreviewSample(pieces or _plain(record, kind, messages), templated=pieces is not None))
    return out
