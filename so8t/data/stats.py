"""The data record's figures: token lengths with the model's tokenizer and chat template, turns, scripts, labels, thinking."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from so8t.data.clean import prompt_text
from so8t.data.shapes import CONVERSATIONS, LABELLED, PAIRS, PROMPTS

#: Bins of the token-length histogram, equal width from 0 to the longest sample (or max_length).
HISTOGRAM_BINS = 16

#: Letters by script, for the language mix (CJK: Han, kana and Hangul together).
SCRIPTS = {
    "Latin": "A-Za-z\u00c0-\u024f\u1e00-\u1eff",
    "CJK": "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff66-\uff9f",
    "Cyrillic": "\u0400-\u04ff",
    "Greek": "\u0370-\u03ff",
    "Arabic": "\u0600-\u06ff",
    "Hebrew": "\u0590-\u05ff",
    "Devanagari": "\u0900-\u097f",
    "Thai": "\u0e00-\u0e7f",
}
_SCRIPT_RE = {name: re.compile(f"[{chars}]") for name, chars in SCRIPTS.items()}
#: A sample's script is judged on its first characters: enough to tell, and bounded for long samples.
SCRIPT_SAMPLE_CHARS = 4000

#: The thinking checker's problems, grouped as the record counts them: a section still open when another
#: tag opens (`<think>…<final>`) or at the end is unclosed.
PROBLEM_GROUPS = (("never closed", "unclosed"), ("> inside <", "unclosed"), ("text outside", "text_outside"))


def problem_group(problem: str) -> str:
    """`unclosed`, `text_outside` or `misordered` (a tag closing the wrong section, nested, out of order, no <final>)."""
    for marker, group in PROBLEM_GROUPS:
        if marker in problem:
            return group
    return "misordered"


def assistant_texts(record: dict[str, Any], kind: str) -> list[str]:
    """The answers of a record: what the thinking format applies to."""
    if kind == CONVERSATIONS:
        return [m["content"] for m in record["messages"] if m["role"] == "assistant"]
    if kind == PAIRS:
        out = []
        for side in ("chosen", "rejected"):
            value = record[side]
            out += [value] if isinstance(value, str) else [m["content"] for m in value if m["role"] == "assistant"]
        return out
    if kind == PROMPTS:
        return [record["answer"]] if "answer" in record else []
    return []


def thinking_check(record: dict[str, Any], kind: str) -> tuple[str, str | None]:
    """(form, problem group) of a record's answers: the first malformed answer decides; else the forms seen."""
    from so8t.chat.thinking import check_thinking

    forms = []
    for text in assistant_texts(record, kind):
        check = check_thinking(text)
        if not check.ok:
            return "malformed", problem_group(check.problem or "")
        forms.append(check.form)
    tagged = [f for f in forms if f != "plain"]
    if not tagged:
        return "plain", None
    return (tagged[0] if len(set(tagged)) == 1 else "mixed"), None


def script_of(text: str) -> str:
    """The script most letters of the text are in ("none" without letters of a known script)."""
    head = text[:SCRIPT_SAMPLE_CHARS]
    counts = {name: len(rx.findall(head)) for name, rx in _SCRIPT_RE.items()}
    name, n = max(counts.items(), key=lambda kv: kv[1])
    return name if n else "none"


def conversation_of(record: dict[str, Any], kind: str) -> list[dict[str, str]] | None:
    """The messages training would see for a record: a pair's prompt and chosen answer; None for other kinds."""
    if kind == CONVERSATIONS:
        return record["messages"]
    if kind == PAIRS:
        prompt, chosen = record["prompt"], record["chosen"]
        head = [{"role": "user", "content": prompt}] if isinstance(prompt, str) else list(prompt)
        tail = [{"role": "assistant", "content": chosen}] if isinstance(chosen, str) else list(chosen)
        return head + tail
    return None


def load_measuring_tokenizer(model: str) -> Any:
    """The model's tokenizer as training sets it up: its chat template (ChatML without one) and the thinking tags."""
    from so8t.model.folder import load_tokenizer
    from so8t.train.data import FALLBACK_CHAT_TEMPLATE, THINKING_TAGS, add_thinking_tokens

    tokenizer = load_tokenizer(model)
    if getattr(tokenizer, "chat_template", None) is None:
        tokenizer.chat_template = FALLBACK_CHAT_TEMPLATE
    add_thinking_tokens(tokenizer, list(THINKING_TAGS))
    return tokenizer


#: Samples whose pieces are tokenised in one batch (the fast tokenizer encodes a batch on its own threads).
TOKENIZE_BATCH = 256
#: Batches sent to the tokenizing thread and not yet counted: two keep it busy while the next is built.
IN_FLIGHT_BATCHES = 2


#: A message's content in the skeleton a template renders once per sequence of roles: NUL-fenced, so no text
#: a template adds can hold it, and replaced in one pass (an inserted content is never scanned again).
_SLOT = "\x00so8t-slot-{}\x00"
_SLOT_RE = re.compile("\x00so8t-slot-(\\d+)\x00")


def conversation_pieces(tokenizer: Any, messages: list[dict[str, str]],
                        skeletons: dict[tuple[str, ...], Any] | None = None) -> list[tuple[str, bool]] | None:
    """The pieces training tokenises one by one, with whether each is learned (so8t.train.data.tokenize_conversation).

    Each prefix is rendered once, through the budgeted render whose text the template's library then
    repeats in training; None when the template rewrites earlier turns (training's fallback applies).

    With `skeletons` (a cache the caller keeps for one tokenizer), the prefixes are rendered once per
    sequence of roles, with a slot for each content, and the contents are put into the slots: one render
    per sample, of the whole conversation, then checks the result. A template whose text depends on a
    content beyond placing it (one that trims it, or cuts an earlier answer's thinking) fails that check,
    and the sample is rendered prefix by prefix as without the cache.
    """
    from so8t.model.chat_template import check_chat_template

    template = tokenizer.chat_template
    specials = getattr(tokenizer, "special_tokens_map", {})
    source = f"model {getattr(tokenizer, 'name_or_path', '') or 'folder'}"

    def render(msgs: list[dict[str, str]], generation: bool = False) -> str:
        if not msgs and not generation:
            return ""
        return check_chat_template(template, {**specials, "messages": msgs, "tools": None, "documents": None,
                                              "add_generation_prompt": generation}, source=source)

    if skeletons is not None:
        roles = tuple(m["role"] for m in messages)
        if roles not in skeletons:
            slots = [{"role": role, "content": _SLOT.format(i)} for i, role in enumerate(roles)]
            skeletons[roles] = _prefix_pieces(render, slots)
        skeleton = skeletons[roles]
        if skeleton is not None:
            contents = [m["content"] for m in messages]
            filled = [(_SLOT_RE.sub(lambda slot: contents[int(slot.group(1))], text), learn) for text, learn in skeleton]
            if "".join(text for text, _ in filled) == render(messages):
                return [(text, learn) for text, learn in filled if text]
    return _prefix_pieces(render, messages)


def _prefix_pieces(render: Any, messages: list[dict[str, str]]) -> list[tuple[str, bool]] | None:
    """The pieces from each prefix's render: a user turn whole, an assistant turn as its header and its answer."""
    pieces: list[tuple[str, bool]] = []
    done = ""
    for i, message in enumerate(messages):
        full = render(messages[: i + 1])
        if message["role"] == "assistant":
            header = render(messages[:i], True)
            if not (header.startswith(done) and full.startswith(header)):
                return None
            pieces += [(header[len(done):], False), (full[len(header):], True)]
        else:
            if not full.startswith(done):
                return None
            pieces.append((full[len(done):], False))
        done = full
    return [(text, learn) for text, learn in pieces if text]


class DataStatistics:
    """Figures over the samples written, gathered one sample at a time (memory: one length per sample)."""

    def __init__(self, kind: str, max_length: int, tokenizer: Any = None) -> None:
        self.kind = kind
        self.max_length = max_length
        self.tokenizer = tokenizer
        self.lengths: list[int] = []
        self.trained = self.prompt = self.truncated = self.lost = 0
        self.turns: Counter[int] = Counter()
        self.scripts: Counter[str] = Counter()
        self.labels: Counter[str] = Counter()
        self.forms: Counter[str] = Counter()
        self.problems: Counter[str] = Counter()
        self._pending: list[list[tuple[str, bool]]] = []
        self._in_flight: list[tuple[list[list[tuple[str, bool]]], list[str], Any]] = []
        self._encoder: Any = None
        #: The template's pieces per sequence of roles (conversation_pieces): one render per sample, not per turn.
        self._skeletons: dict[tuple[str, ...], Any] = {}

    def add(self, record: dict[str, Any]) -> None:
        kind = self.kind
        self.labels[record.get("label") or "unlabelled"] += 1
        self.scripts[script_of(prompt_text(record, kind))] += 1
        if kind != LABELLED:
            form, problem = thinking_check(record, kind)
            self.forms[form] += 1
            if problem:
                self.problems[problem] += 1
        messages = conversation_of(record, kind)
        if messages is not None:
            self.turns[sum(1 for m in messages if m["role"] == "assistant")] += 1
        if self.tokenizer is None:
            return
        if messages is not None:
            pieces = conversation_pieces(self.tokenizer, messages, self._skeletons)
            if pieces is None:
                from so8t.train.data import tokenize_conversation

                self._flush(wait=True)  # the tokenizer is used here alone (transformers may change its settings)
                sample = tokenize_conversation(self.tokenizer, messages)
                self._count(len(sample.input_ids), sample.trained_tokens)
                return
        else:
            pieces = [(record["prompt"] if kind == PROMPTS else record["text"], False)]
        self._pending.append(pieces)
        if len(self._pending) >= TOKENIZE_BATCH:
            self._flush()

    def _flush(self, wait: bool = False) -> None:
        """Tokenise the pending samples' pieces in one batch, each piece on its own as training does.

        The batch is encoded in a thread beside the caller (the tokenizer library lets go of the GIL while
        it encodes), each distinct text once (a template's headers repeat in every sample); at most
        IN_FLIGHT_BATCHES wait there, so memory stays bounded. `wait` counts every batch sent.
        """
        if self._pending:
            from concurrent.futures import ThreadPoolExecutor

            batch, self._pending = self._pending, []
            unique = list(dict.fromkeys(text for pieces in batch for text, _ in pieces))
            if self._encoder is None:
                self._encoder = ThreadPoolExecutor(max_workers=1, thread_name_prefix="so8t-tokenize")
            self._in_flight.append((batch, unique, self._encoder.submit(self._encode, unique)))
        while self._in_flight and (wait or len(self._in_flight) > IN_FLIGHT_BATCHES):
            batch, unique, future = self._in_flight.pop(0)
            sizes = dict(zip(unique, future.result(), strict=True))
            for pieces in batch:
                self._count(sum(sizes[text] for text, _ in pieces), sum(sizes[text] for text, learn in pieces if learn))
        if wait and self._encoder is not None:
            self._encoder.shutdown()
            self._encoder = None

    def _encode(self, texts: list[str]) -> list[int]:
        return [len(e.ids) for e in self.tokenizer.backend_tokenizer.encode_batch(texts, add_special_tokens=False)]

    def _count(self, length: int, trained: int) -> None:
        self.lengths.append(length)
        self.trained += trained
        self.prompt += length - trained
        if length > self.max_length:
            self.truncated += 1
            self.lost += length - self.max_length

    def histogram(self) -> dict[str, list[int]]:
        """Equal-width bins from 0 to the longest sample or max_length (whichever is more); each bin [lo, hi)."""
        top = max([self.max_length, *self.lengths])
        width = max(1, -(-top // HISTOGRAM_BINS))
        counts = [0] * HISTOGRAM_BINS
        for n in self.lengths:
            counts[min(n // width, HISTOGRAM_BINS - 1)] += 1
        return {"edges": [i * width for i in range(HISTOGRAM_BINS + 1)], "counts": counts}

    def to_dict(self) -> dict[str, Any]:
        if self.tokenizer is not None:
            self._flush(wait=True)
        n = sum(self.labels.values())
        out: dict[str, Any] = {
            "samples": n,
            "turns": {str(k): v for k, v in sorted(self.turns.items())},
            "scripts": dict(self.scripts.most_common()),
            "labels": dict(sorted(self.labels.items())),
            "thinking": {"forms": dict(sorted(self.forms.items())), "problems": dict(sorted(self.problems.items())),
                         "compliant_share": (1 - self.forms.get("malformed", 0) / n) if n else None},
            "max_length": self.max_length,
            "tokens": None,
        }
        if self.tokenizer is not None:
            total = sum(self.lengths)
            out["tokens"] = {
                "total": total, "trained": self.trained, "prompt": self.prompt,
                "mean": total / n if n else 0.0, "max": max(self.lengths, default=0),
                "truncated": self.truncated, "truncated_share": self.truncated / n if n else 0.0,
                "tokens_lost": self.lost, "histogram": self.histogram(),
            }
        return out
