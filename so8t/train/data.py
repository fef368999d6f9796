"""SFT data: read chat JSONL, render with the chat template, mask all but assistant tokens, batch in a seeded order."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from so8t.errors import DataFileError
from so8t.jsonl import jsonl_records
from so8t.model.chat_template import render_with_tokenizer
from so8t.resources import RESOURCES_DIR

#: The illustrative English + Japanese SFT set shipped with the project (thinking formats included).
SFT_SAMPLE = RESOURCES_DIR / "sft_sample" / "sft_sample.jsonl"

ROLES = ("system", "user", "assistant")
#: Loss is taken only where labels are not this value (the PyTorch cross-entropy convention).
IGNORE_INDEX = -100
#: Tags of the thinking formats: <think>…</think><final>…</final> and the four-axis form.
THINKING_TAGS = (
    "<think>", "</think>",
    "<think-task>", "</think-task>",
    "<think-safety>", "</think-safety>",
    "<think-policy>", "</think-policy>",
    "<final>", "</final>",
)
#: Used when a model folder ships no chat template (base models): ChatML, as the tiny model uses.
FALLBACK_CHAT_TEMPLATE = (
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + "
    "'<|im_end|>' + '\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

Conversation = list[dict[str, str]]


#: Malformed thinking samples a warning or refusal names by line (the count covers them all).
NAMED_MALFORMED = 3


def read_sft_file(path: str | os.PathLike[str], *, strict_thinking: bool = False,
                  warn: Callable[[str], None] | None = None) -> list[Conversation]:
    """Every record of an SFT JSONL file as a list of {role, content} messages.

    A record is {"messages": [{"role", "content"}, …]} or {"prompt", "response"} (optionally
    "system"). Errors name the file and the line. Assistant answers with malformed thinking tags
    (which would teach the model outputs that leak their thinking) are counted and named to `warn`,
    or refused with `strict_thinking`.
    """
    path = Path(path)
    conversations, malformed = [], []
    for where, record in jsonl_records(path, "data file", "pass a JSONL file with --data"):
        conversation = _conversation(record, where)
        problem = thinking_problem(conversation)
        if problem is not None:
            malformed.append(f"{where}: {problem}")
        conversations.append(conversation)
    if not conversations:
        raise DataFileError(f"data file {path} holds no records",
                            'add lines like {"messages": [{"role": "user", "content": …}, '
                            '{"role": "assistant", "content": …}]}')
    if malformed:
        named = "; ".join(malformed[:NAMED_MALFORMED]) + ("; …" if len(malformed) > NAMED_MALFORMED else "")
        message = f"{len(malformed)} of {len(conversations)} samples have malformed thinking tags ({named})"
        if strict_thinking:
            raise DataFileError(message, "fix those samples to <think>…</think><final>…</final> (or the four-section "
                                         "form), or train without --strict-thinking")
        if warn is not None:
            warn(message + "; the model would learn to leak its thinking: fix them, or refuse such data "
                           "with --strict-thinking")
    return conversations


def thinking_problem(conversation: Conversation) -> str | None:
    """What is wrong with the thinking tags of the first assistant message that has a problem, or None."""
    from so8t.chat.thinking import check_thinking

    for i, message in enumerate(conversation):
        if message["role"] == "assistant":
            check = check_thinking(message["content"])
            if not check.ok:
                return f"message {i}: {check.problem}"
    return None


def _conversation(record: Any, where: str) -> Conversation:
    if not isinstance(record, dict):
        raise DataFileError(f"{where} is not a JSON object", 'write {"messages": […]} or {"prompt": …, "response": …}')
    if "messages" in record:
        messages = record["messages"]
        if not isinstance(messages, list) or not messages:
            raise DataFileError(f"{where}: messages is not a non-empty list", "give a list of {role, content} objects")
        out = []
        for i, m in enumerate(messages):
            if not isinstance(m, dict) or m.get("role") not in ROLES or not isinstance(m.get("content"), str):
                raise DataFileError(f"{where}: message {i} needs a role ({'/'.join(ROLES)}) and a string content",
                                    'write it as {"role": "user", "content": "…"}')
            out.append({"role": m["role"], "content": m["content"]})
    elif "prompt" in record and "response" in record:
        if not isinstance(record["prompt"], str) or not isinstance(record["response"], str):
            raise DataFileError(f"{where}: prompt and response must be strings", "quote them as JSON strings")
        out = []
        if isinstance(record.get("system"), str):
            out.append({"role": "system", "content": record["system"]})
        out += [{"role": "user", "content": record["prompt"]}, {"role": "assistant", "content": record["response"]}]
    else:
        raise DataFileError(f"{where} has neither messages nor prompt + response",
                            'write {"messages": […]} or {"prompt": …, "response": …}')
    if not any(m["role"] == "assistant" and m["content"] for m in out):
        raise DataFileError(f"{where} has no assistant message to learn from", "add the assistant's answer")
    first = next(m["role"] for m in out if m["role"] != "system") if any(m["role"] != "system" for m in out) else ""
    if first == "assistant":  # chat templates refuse it (or render nothing to answer): one line, not a traceback
        raise DataFileError(f"{where} starts with an assistant message",
                            "begin the conversation with a user message (after any system message)")
    return out


def thinking_tags_used(conversations: list[Conversation]) -> list[str]:
    """The thinking-format tags that occur in the data, in THINKING_TAGS order."""
    text = "\n".join(m["content"] for c in conversations for m in c)
    return [tag for tag in THINKING_TAGS if tag in text]


def add_thinking_tokens(tokenizer: Any, tags: list[str]) -> list[str]:
    """Add the tags that the tokenizer does not already hold as one token; returns those added."""
    vocab = tokenizer.get_vocab()
    missing = [t for t in tags if t not in vocab]
    if missing:
        tokenizer.add_tokens(missing, special_tokens=True)
    return missing


@dataclass
class Sample:
    """One tokenised conversation: ids, labels (IGNORE_INDEX outside assistant turns)."""

    input_ids: list[int]
    labels: list[int]

    @property
    def trained_tokens(self) -> int:
        return sum(1 for x in self.labels if x != IGNORE_INDEX)


def _render(tokenizer: Any, messages: Conversation, add_generation_prompt: bool = False) -> str:
    if not messages and not add_generation_prompt:
        return ""
    # Under the template budget: a model folder's template is its author's code (so8t.model.chat_template).
    return render_with_tokenizer(tokenizer, messages, source=_template_source(tokenizer), tokenize=False,
                                 add_generation_prompt=add_generation_prompt)


def _template_source(tokenizer: Any) -> str:
    return f"model {getattr(tokenizer, 'name_or_path', '') or 'folder'}"


#: No token of any tokenizer here is longer than this many characters: text beyond max_length times it
#: cannot reach the first max_length tokens, so it is cut before tokenising (a 50 MB line took 10 GB).
MAX_CHARS_PER_TOKEN = 64


def clip_for_tokens(text: str, tokens: int) -> str:
    """The start of `text` that can hold its first `tokens` tokens (what truncation keeps)."""
    return text[: max(0, tokens) * MAX_CHARS_PER_TOKEN]


def tokenize_conversation(tokenizer: Any, messages: Conversation, max_length: int | None = None) -> Sample:
    """Render with the chat template piece by piece, so each token is known to be assistant text or not.

    Piece i is render(messages[:i+1]) minus render(messages[:i]); for an assistant message the
    header (render with add_generation_prompt) is masked and the rest (content + end token) learned.
    With `max_length`, the pieces stop once that many tokens are there (truncation keeps no more), and
    each piece is cut to what can fill the rest before it is tokenised: 100,000 messages no longer
    take quadratic time, and a huge message no longer takes memory in proportion.
    """
    ids: list[int] = []
    labels: list[int] = []

    def add(text: str, learn: bool) -> None:
        if not text:
            return
        if max_length is not None:
            text = clip_for_tokens(text, max_length - len(ids))
        piece = tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"]
        ids.extend(piece)
        labels.extend(piece if learn else [IGNORE_INDEX] * len(piece))

    done = ""
    for i, message in enumerate(messages):
        if max_length is not None and len(ids) >= max_length:
            break
        full = _render(tokenizer, messages[: i + 1])
        if message["role"] == "assistant":
            header = _render(tokenizer, messages[:i], add_generation_prompt=True)
            if not (header.startswith(done) and full.startswith(header)):
                return _whole_conversation(tokenizer, messages)
            add(header[len(done):], False)
            add(full[len(header):], True)
        else:
            if not full.startswith(done):
                return _whole_conversation(tokenizer, messages)
            add(full[len(done):], False)
        done = full
    return Sample(ids, labels)


def _whole_conversation(tokenizer: Any, messages: Conversation) -> Sample:
    """Templates that rewrite earlier turns (no prefix property): learn the last assistant turn only."""
    last = max(i for i, m in enumerate(messages) if m["role"] == "assistant")
    prompt = _render(tokenizer, messages[:last], add_generation_prompt=True)
    full = _render(tokenizer, messages[: last + 1])
    p = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    ids = tokenizer(full, add_special_tokens=False)["input_ids"]
    n = len(p) if ids[: len(p)] == p else 0
    return Sample(ids, [IGNORE_INDEX] * n + ids[n:])


def build_samples(
    tokenizer: Any, conversations: list[Conversation], max_length: int, warn: Callable[[str], None]
) -> list[Sample]:
    """Tokenise every conversation; longer ones are truncated to max_length (with a warning)."""
    if getattr(tokenizer, "chat_template", None) is None:
        tokenizer.chat_template = FALLBACK_CHAT_TEMPLATE
        warn("the model folder has no chat template; using ChatML (<|im_start|>role … <|im_end|>)")
    samples = []
    truncated = dropped = 0
    for conv in conversations:
        sample = tokenize_conversation(tokenizer, conv, max_length + 1)  # one more shows it was longer
        if len(sample.input_ids) > max_length:
            truncated += 1
            sample = Sample(sample.input_ids[:max_length], sample.labels[:max_length])
        if sample.trained_tokens == 0:
            dropped += 1
            continue
        samples.append(sample)
    if truncated:
        warn(f"{truncated} of {len(conversations)} samples are longer than max_length {max_length} tokens "
             "and were truncated (raise --max-length to keep them whole)")
    if dropped:
        warn(f"{dropped} samples have no assistant tokens within max_length {max_length} and are skipped")
    if not samples:
        raise DataFileError(f"no sample keeps an assistant token within max_length {max_length}",
                            "raise --max-length or shorten the prompts")
    return samples


def batches_per_epoch(num_samples: int, batch_size: int) -> int:
    return math.ceil(num_samples / batch_size)


def batch_indices(position: int, num_samples: int, batch_size: int, seed: int) -> list[int]:
    """Sample indices of micro-batch number `position` (counted over the whole run).

    Each epoch is a permutation drawn from its own generator (seed, epoch), so the order is a pure
    function of the position: a resume continues exactly where the data left off.
    """
    per_epoch = batches_per_epoch(num_samples, batch_size)
    epoch, index = divmod(position, per_epoch)
    order = epoch_order(num_samples, seed, epoch)
    return order[index * batch_size: (index + 1) * batch_size]


def epoch_order(num_samples: int, seed: int, epoch: int) -> list[int]:
    """The seeded permutation of the samples in epoch `epoch` (a pure function: resumes repeat it)."""
    import torch

    # Distinct streams per epoch; the prime keeps (seed, epoch) pairs from colliding.
    generator = torch.Generator().manual_seed(seed * 1_000_003 + epoch)
    return torch.randperm(num_samples, generator=generator).tolist()


def collate(samples: list[Sample], pad_id: int) -> dict[str, Any]:
    """Right-padded tensors: input_ids, attention_mask, labels."""
    import torch

    width = max(len(s.input_ids) for s in samples)
    ids = torch.full((len(samples), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(samples), width), dtype=torch.long)
    labels = torch.full((len(samples), width), IGNORE_INDEX, dtype=torch.long)
    for row, s in enumerate(samples):
        n = len(s.input_ids)
        ids[row, :n] = torch.tensor(s.input_ids)
        mask[row, :n] = 1
        labels[row, :n] = torch.tensor(s.labels)
    return {"input_ids": ids, "attention_mask": mask, "labels": labels}
