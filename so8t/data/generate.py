"""Thinking-format samples for a file of prompts from any OpenAI-compatible endpoint, journaled against kills.

Every answer goes through the thinking checker (`so8t.chat.thinking.check_thinking`): an answer in the
asked form becomes a conversation in `data/generated.jsonl`; any other goes to
`data/generate.rejects.jsonl` with the reason. The endpoint and its retries are `so8t.data.endpoint`; the
journal the two files are rebuilt from, so that a rerun after a kill repeats no finished answer and loses
none, is `so8t.data.journal`.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from so8t.chat.thinking import FINAL_SECTION, FOUR_SECTIONS, check_thinking
from so8t.data.endpoint import (
    DEFAULT_MAX_TOKENS,
    DEFAULT_TIMEOUT_S,
    Cancelled,
    ChatEndpoint,
    chat_completions_url,
)
from so8t.data.journal import ACCEPTED, JOURNAL_FORMAT, REJECTED, Appender, read_journal, rebuild_outputs
from so8t.errors import ConfigError, DataFileError
from so8t.events import EventSink
from so8t.jsonl import jsonl_records
from so8t.store.layout import RunLayout

#: The forms an answer may be asked for, as `check_thinking` names them.
THINKING_FORMATS = ("basic", "four-section")
DEFAULT_FORMAT = "four-section"
#: The sections of each form, in order (what the built-in grammar forces).
FORMAT_SECTIONS = {"basic": ("think", FINAL_SECTION), "four-section": (*FOUR_SECTIONS, FINAL_SECTION)}
#: What the model is told; the checker, not the model, decides what is kept.
SYSTEM_PROMPTS = {
    "basic": ("Answer in exactly this format and nothing else: first your reasoning inside <think>...</think>, "
              "then the answer for the user inside <final>...</final>."),
    "four-section": ("Answer in exactly this format and nothing else: "
                     "<think-task>what the user asks for</think-task>"
                     "<think-safety>whether answering is safe, and why</think-safety>"
                     "<think-policy>how to answer under that judgement</think-policy>"
                     "<final>the answer for the user</final>"),
}
#: Requests in flight at once unless told: keeps a local server's batch busy within a hosted API's rate limits.
DEFAULT_CONCURRENCY = 4
#: More open requests than this is a typo (1000 for 10), not a speed-up.
MAX_CONCURRENCY = 64
#: Where a document chunk goes in `--question-template`.
TEXT_PLACEHOLDER = "{text}"


# -- the grammar ---------------------------------------------------------------------------------------

def format_grammar(thinking_format: str, max_tokens: int) -> str:
    """A GBNF grammar (llama.cpp's per-request `grammar`) that forces the form's sections in order.

    Each section gets an equal share of what `max_tokens` leaves after the tags, counting a token as at
    least one character, so a forced answer always closes its last section before the budget ends.
    """
    sections = FORMAT_SECTIONS[thinking_format]
    tags = sum(len(f"<{s}></{s}>") for s in sections)
    share = (max_tokens - tags) // len(sections)
    if share < 1:
        raise ConfigError(f"--max-tokens {max_tokens} leaves no room for the {thinking_format} sections",
                          f"give --max-tokens {tags + len(sections)} or more with --format-grammar")
    body = " ".join(f'"<{s}>" [^<]{{1,{share}}} "</{s}>"' for s in sections)
    return f"root ::= {body}\n"


# -- the prompts ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Prompt:
    """One prompt to answer: its text, the `id` and `label` it came with, and its journal key."""

    key: str
    text: str
    id: str | int | None = None
    label: str | None = None


def prompt_key(thinking_format: str, text: str, occurrence: int) -> str:
    """The journal's key of a prompt: its text and form (an answer in another form is another sample),
    and which repeat of that text in the file it is."""
    digest = hashlib.sha256(json.dumps([thinking_format, text], ensure_ascii=False).encode("utf-8")).hexdigest()
    return digest[:32] if occurrence == 0 else f"{digest[:32]}#{occurrence}"


def read_prompts(path: str | os.PathLike[str], *, thinking_format: str,
                 question_template: str | None = None) -> list[Prompt]:
    """The prompts of a JSON Lines file (`{"prompt", "id"?, "label"?}`, or `{"text"}` chunks with a template)."""
    if question_template is not None and TEXT_PLACEHOLDER not in question_template:
        raise ConfigError(f"--question-template has no {TEXT_PLACEHOLDER}",
                          f"put {TEXT_PLACEHOLDER} where each chunk goes, e.g. \"Summarise: {TEXT_PLACEHOLDER}\"")
    fields = ("text", "prompt") if question_template is not None else ("prompt",)
    shape = ('{"text": "a document chunk"}' if question_template is not None else '{"prompt": "…"}')
    hint = f'write one JSON object per line, like {shape} (with an optional "id" and "label")'
    prompts: list[Prompt] = []
    seen: Counter[str] = Counter()
    ids: dict[Any, str] = {}
    for where, record in jsonl_records(path, "prompt file", hint):
        if not isinstance(record, dict):
            raise DataFileError(f"{where} is not a JSON object", hint)
        name = next((f for f in fields if f in record), None)
        if name is None:
            raise DataFileError(f"{where} has no \"{fields[0]}\" field", hint)
        text = record[name]
        if not isinstance(text, str) or not text.strip():
            raise DataFileError(f"{where}: \"{name}\" is not text, or is empty", hint)
        if question_template is not None:
            text = question_template.replace(TEXT_PLACEHOLDER, text)
        pid = record.get("id")
        if pid is not None and (isinstance(pid, bool) or not isinstance(pid, (str, int))):
            raise DataFileError(f"{where}: \"id\" is not a string or a whole number", "give each prompt a unique id, or none")
        if pid is not None:
            if pid in ids:
                raise DataFileError(f"{where}: id {pid!r} is already used at {ids[pid]}", "give each prompt a unique id")
            ids[pid] = where
        label = record.get("label")
        if label is not None and not isinstance(label, str):
            raise DataFileError(f"{where}: \"label\" is not a string", "write the label as text, e.g. \"ALLOW\"")
        base = prompt_key(thinking_format, text, 0)
        prompts.append(Prompt(prompt_key(thinking_format, text, seen[base]), text, pid, label))
        seen[base] += 1
    if not prompts:
        raise DataFileError(f"prompt file {path} holds no prompts", hint)
    return prompts


# -- the checker ---------------------------------------------------------------------------------------

def judge(answer: str, thinking_format: str, finish_reason: str | None = None) -> str | None:
    """None when the answer is in the asked form, else why not (in the data's words)."""
    if not answer.strip():
        return "empty answer"
    check = check_thinking(answer)
    if check.ok and check.form == thinking_format:
        return None
    reason = check.problem if not check.ok else (
        "no thinking tags" if check.form == "plain" else f"{check.form} form") + f", not {thinking_format}"
    if finish_reason == "length":
        reason += " (cut at --max-tokens)"
    return reason


# -- the run ---------------------------------------------------------------------------------------------

@dataclass
class GenerateResult:
    """What one `so8t data-generate` left in the run: counts over the prompt file's prompts."""

    prompts: int
    answered: int
    accepted: int
    rejected: int
    new: int
    already_done: int
    thinking_format: str
    endpoint: str
    reasons: dict[str, int] = field(default_factory=dict)
    generated: str = ""
    rejects: str = ""
    journal: str = ""

    @property
    def compliance(self) -> float | None:
        """The share of answers in the asked form (None before any answer)."""
        return self.accepted / self.answered if self.answered else None

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["compliance"] = self.compliance
        return out

    def summary(self) -> str:
        share = "" if self.compliance is None else f" ({self.compliance:.1%} compliant)"
        lines = [f"{self.answered}/{self.prompts} prompts answered ({self.new} now, {self.already_done} before): "
                 f"{self.accepted} accepted in the {self.thinking_format} form, {self.rejected} rejected{share}",
                 f"conversations: {self.generated}", f"rejects: {self.rejects}"]
        lines += [f"  {count} x {reason}" for reason, count in sorted(self.reasons.items(), key=lambda kv: -kv[1])]
        return "\n".join(lines)


@dataclass(frozen=True)
class GenerateOptions:
    """How to ask: the endpoint, the form, and the request knobs (defaults above, one place)."""

    endpoint: str
    thinking_format: str = DEFAULT_FORMAT
    model_name: str | None = None
    api_key: str | None = None
    concurrency: int = DEFAULT_CONCURRENCY
    max_tokens: int = DEFAULT_MAX_TOKENS
    temperature: float | None = None
    timeout_s: float = DEFAULT_TIMEOUT_S
    grammar: str | None = None
    #: Fields added to every request as they are, for what a server takes beyond the OpenAI API
    #: (`logit_bias`, vLLM's `guided_grammar`, `chat_template_kwargs` …).
    extra_body: dict[str, Any] = field(default_factory=dict)

    def check(self) -> None:
        """Refuse values no request could use, before anything is contacted or written."""
        if self.thinking_format not in THINKING_FORMATS:
            raise ConfigError(f"--thinking-format {self.thinking_format} is not a form",
                              f"use one of {', '.join(THINKING_FORMATS)}")
        if not 1 <= self.concurrency <= MAX_CONCURRENCY:
            raise ConfigError(f"--concurrency {self.concurrency} is out of range", f"give 1 to {MAX_CONCURRENCY}")
        if self.max_tokens < 1:
            raise ConfigError(f"--max-tokens {self.max_tokens} is not a token budget", "give a whole number above 0")
        if not self.timeout_s > 0:
            raise ConfigError(f"--timeout {self.timeout_s} is not a time in seconds", "give a number above 0")
        if self.temperature is not None and not 0 <= self.temperature <= 2:
            raise ConfigError(f"--temperature {self.temperature} is out of range", "give 0 to 2")
        fixed = sorted(set(self.extra_body) & {"messages", "stream"})
        if fixed:
            raise ConfigError(f"--extra-body sets {', '.join(fixed)}, which data-generate writes itself",
                              "leave those fields out")
        chat_completions_url(self.endpoint)


def parse_extra_body(text: str) -> dict[str, Any]:
    """`--extra-body`: one JSON object."""
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise ConfigError(f"--extra-body is not JSON ({exc})", 'give one JSON object, e.g. \'{"top_k": 20}\'') from None
    if not isinstance(value, dict):
        raise ConfigError("--extra-body is not a JSON object", 'give one JSON object, e.g. \'{"top_k": 20}\'')
    return value


def generate(prompts: list[Prompt], run_dir: str | os.PathLike[str], options: GenerateOptions,
             events: EventSink | None = None, *, endpoint: ChatEndpoint | None = None,
             on_answer: Callable[[int], None] | None = None) -> GenerateResult:
    """Answer every prompt the run's journal does not hold yet; return the counts over all of them."""
    options.check()
    layout = RunLayout(run_dir)
    layout.data_dir.mkdir(parents=True, exist_ok=True)
    url = chat_completions_url(options.endpoint)
    stop = threading.Event()
    client = endpoint or ChatEndpoint(url, api_key=options.api_key, model_name=options.model_name,
                                      max_tokens=options.max_tokens, temperature=options.temperature,
                                      timeout_s=options.timeout_s, grammar=options.grammar,
                                      extra_body=options.extra_body, stop=stop)
    stop = client.stop
    order = {p.key: i for i, p in enumerate(prompts)}

    def in_prompt_order(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # stable: answers to prompts of other files keep their journal order, after these
        return sorted(found, key=lambda e: order.get(e["key"], len(order)))

    for path in (layout.generated, layout.generate_rejects):
        for stale in layout.data_dir.glob(f".{path.name}.*.tmp"):  # a rebuild a kill cut short
            stale.unlink(missing_ok=True)
    entries = read_journal(layout.generate_journal)
    done = {e["key"] for e in entries}
    todo = [p for p in prompts if p.key not in done]
    already = len(prompts) - len(todo)
    if entries:
        rebuild_outputs(layout, in_prompt_order(entries))  # a kill between the journal's line and an output's
    system = {"role": "system", "content": SYSTEM_PROMPTS[options.thinking_format]}
    total, finished = len(prompts), already
    if events is not None:
        events.progress(finished, total, unit="answer")

    def ask(prompt: Prompt) -> dict[str, Any]:
        answer, finish = client.complete([system, {"role": "user", "content": prompt.text}])
        answer = answer.strip()
        reason = judge(answer, options.thinking_format, finish)
        entry: dict[str, Any] = {"v": JOURNAL_FORMAT, "key": prompt.key, "status": ACCEPTED if reason is None else REJECTED,
                                 "prompt": prompt.text, "answer": answer, "id": prompt.id, "label": prompt.label,
                                 "finish_reason": finish, "t": round(time.time(), 3)}
        if reason is not None:
            entry["reason"] = reason
        return entry

    failure: BaseException | None = None
    jobs: queue.SimpleQueue[Prompt] = queue.SimpleQueue()
    for prompt in todo:
        jobs.put(prompt)
    results: queue.SimpleQueue[dict[str, Any] | BaseException | None] = queue.SimpleQueue()

    def work() -> None:
        # Daemon threads: a Ctrl+C ends the command at once, not after the slowest request's timeout.
        while not stop.is_set():
            try:
                prompt = jobs.get_nowait()
            except queue.Empty:
                break
            try:
                results.put(ask(prompt))
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread, which raises it
                if not isinstance(exc, Cancelled):
                    stop.set()  # every other prompt would meet the same failure: start no more
                results.put(exc)
        results.put(None)

    workers = [threading.Thread(target=work, name=f"generate-{i}", daemon=True)
               for i in range(min(options.concurrency, len(todo)))]
    appender = Appender(layout)
    try:
        for thread in workers:
            thread.start()
        live = len(workers)
        while live:
            outcome = results.get()
            if outcome is None:
                live -= 1
            elif isinstance(outcome, Cancelled):
                continue
            elif isinstance(outcome, BaseException):
                if failure is None:  # the first failure ends the run; answers still in flight land first
                    failure = outcome
                    stop.set()
            else:
                appender.add(outcome)
                entries.append(outcome)
                finished += 1
                if events is not None:
                    events.progress(finished, total, unit="answer")
                if on_answer is not None:
                    on_answer(finished)
    finally:
        stop.set()  # Ctrl+C: no new request starts, and those waiting to retry give up
        appender.close()
    if failure is not None:
        raise failure
    entries = in_prompt_order(entries)
    rebuild_outputs(layout, entries)
    mine = [e for e in entries if e["key"] in order]
    accepted = sum(e["status"] == ACCEPTED for e in mine)
    reasons = Counter(e["reason"] for e in mine if e["status"] == REJECTED)
    return GenerateResult(prompts=len(prompts), answered=len(mine), accepted=accepted, rejected=len(mine) - accepted,
                          new=len(todo), already_done=already, thinking_format=options.thinking_format,
                          endpoint=url, reasons=dict(reasons), generated=str(layout.generated),
                          rejects=str(layout.generate_rejects), journal=str(layout.generate_journal))
