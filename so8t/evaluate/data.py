"""The held-out set: prompts with their reference answers and safety labels, from a prompt file or chat data.

A line is `{"prompt": text or messages, "answer"?: text, "label"?: ALLOW|ESCALATION|DENY}` (a prompt
file), or a chat record (`{"messages": […]}`, `{"prompt", "response"}`) whose last assistant message
is the reference: its `<final>` section, the whole message when untagged. An `answer` field wins.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from so8t.errors import DataFileError
from so8t.jsonl import jsonl_records
from so8t.triality.data import LABELS

Messages = list[dict[str, str]]
ROLES = ("system", "user", "assistant")


@dataclass(frozen=True)
class HeldOutItem:
    """One held-out prompt: the conversation up to the answer, the reference's target text and final, the label."""

    index: int
    prompt: Messages
    #: What the loss is taken on: the reference assistant message as written (thinking included), or `answer`.
    target: str | None
    #: What answers are scored against: `answer`, else the target's final section.
    reference: str | None
    label: str | None


def reference_final(text: str) -> str:
    """The final section of a reference answer (the project's thinking parser), the whole text when untagged."""
    from so8t.chat.thinking import parse_thinking

    parsed = parse_thinking(text)
    return (parsed.answer if parsed.has_answer else text).strip()  # type: ignore[union-attr]


def _messages(value: Any, where: str) -> Messages:
    if isinstance(value, str):
        return [{"role": "user", "content": value}]
    if not isinstance(value, list) or not value:
        raise DataFileError(f"{where}: prompt is neither text nor a non-empty list of messages",
                            'write "prompt": "…" or "prompt": [{"role": "user", "content": "…"}]')
    out = []
    for i, m in enumerate(value):
        if not isinstance(m, dict) or m.get("role") not in ROLES or not isinstance(m.get("content"), str):
            raise DataFileError(f"{where}: message {i} needs a role ({'/'.join(ROLES)}) and a string content",
                                'write it as {"role": "user", "content": "…"}')
        out.append({"role": m["role"], "content": m["content"]})
    return out


def _item(index: int, record: Any, where: str) -> HeldOutItem:
    if not isinstance(record, dict):
        raise DataFileError(f"{where} is not a JSON object", 'write {"prompt": …, "answer": …, "label": …}')
    target = None
    if "messages" in record:
        messages = _messages(record["messages"], where)
    elif "prompt" in record:
        messages = _messages(record["prompt"], where)
        if isinstance(record.get("response"), str):
            messages = [*messages, {"role": "assistant", "content": record["response"]}]
    elif isinstance(record.get("text"), str):
        messages = [{"role": "user", "content": record["text"]}]
    else:
        raise DataFileError(f"{where} has no prompt", 'write {"prompt": …} or {"messages": […]}')
    last = max((i for i, m in enumerate(messages) if m["role"] == "assistant"), default=None)
    if last is not None:
        target = messages[last]["content"]
        messages = messages[:last]
    if not any(m["role"] == "user" for m in messages):
        raise DataFileError(f"{where} has no user message before the answer", "begin with the user's question")
    answer = record.get("answer")
    if answer is not None and not isinstance(answer, str):
        raise DataFileError(f"{where}: answer is {answer!r}, not text", 'quote it: "answer": "42"')
    if answer is not None:
        target = answer
    reference = answer.strip() if answer is not None else (reference_final(target) if target is not None else None)
    label = record.get("label")
    if label is not None and label not in LABELS:
        raise DataFileError(f"{where}: label {label!r} is not one of {', '.join(LABELS)}",
                            "use ALLOW, ESCALATION or DENY, or leave the label out")
    return HeldOutItem(index, messages, target, reference or None, label)


def read_held_out(path: str | os.PathLike[str]) -> list[HeldOutItem]:
    """Every item of a held-out JSONL file; errors name the file and line."""
    path = Path(path)
    items = [_item(i, record, where)
             for i, (where, record) in enumerate(jsonl_records(path, "held-out file", "pass a JSONL file with --data"))]
    if not items:
        raise DataFileError(f"held-out file {path} holds no items", 'add lines like {"prompt": "…", "answer": "…"}')
    return items


def default_data(run_dir: str | os.PathLike[str]) -> Path | None:
    """The run's own held-out set: data/prompts.jsonl, else data/val.jsonl (None when it has neither)."""
    from so8t.store.layout import RunLayout

    layout = RunLayout(run_dir)
    for path in (layout.data_prompts, layout.data_val):
        if path.is_file():
            return path
    return None
