"""Thinking-format samples for a file of prompts from any OpenAI-compatible endpoint, journaled against kills.

Every answer goes through the thinking checker (`so8t.chat.thinking.check_thinking`): an answer in the
asked form becomes a conversation in `data/generated.jsonl`; any other goes to
`data/generate.rejects.jsonl` with the reason. Each finished answer is first appended to
`data/generate.journal.jsonl` and fsynced: the journal is the truth, and the two files are rebuilt from
it on every start and at the end, so a rerun after a kill repeats no finished answer and loses none.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import queue
import random
import shutil
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from so8t.chat.thinking import FINAL_SECTION, FOUR_SECTIONS, check_thinking
from so8t.errors import ConfigError, DataFileError, EndpointError
from so8t.events import EventSink
from so8t.fileio import atomic_write_bytes, fsync_dir, open_plain
from so8t.jsonl import jsonl_records
from so8t.store.layout import GENERATE_FILES, RunLayout

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
DEFAULT_MAX_TOKENS = 1024
#: Seconds one request may take: a long answer from a slow local model takes minutes.
DEFAULT_TIMEOUT_S = 300.0
#: Tries per request when a failure may pass (connection refused or reset, timeout, 429, 5xx).
MAX_ATTEMPTS = 4
#: Back-off before the second try, doubled for each later one up to the cap, with jitter so that
#: concurrent requests do not retry in step; a server's Retry-After is followed up to the cap.
BACKOFF_FIRST_S = 1.0
BACKOFF_MAX_S = 30.0
RETRY_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
#: A chat completion is text: a larger reply is not one, and is not read whole into memory.
MAX_RESPONSE_BYTES = 16 << 20
#: Where a document chunk goes in `--question-template`.
TEXT_PLACEHOLDER = "{text}"
#: The environment variable read for the key when `--api-key` is not given (keeps it out of `ps`).
API_KEY_ENV = "SO8T_GENERATE_API_KEY"
JOURNAL_FORMAT = 1
ACCEPTED, REJECTED = "accepted", "rejected"

ENDPOINT_EXAMPLE = "http://127.0.0.1:8080/v1"


# -- the endpoint -------------------------------------------------------------------------------------

def chat_completions_url(endpoint: str) -> str:
    """`…/v1/chat/completions` from the base URL the user gave (or that full address); a bad URL is one line."""
    text = endpoint.strip()
    hint = f"give the server's base URL, e.g. {ENDPOINT_EXAMPLE}"
    try:
        parsed = urllib.parse.urlsplit(text)
        parsed.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:
        raise ConfigError(f"--endpoint {endpoint!r} is not a URL", hint) from None
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ConfigError(f"--endpoint {endpoint!r} is not an http:// or https:// URL", hint)
    path = parsed.path.rstrip("/")
    if not path.endswith("/chat/completions"):
        path += "/chat/completions"
    return urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, path, parsed.query, ""))


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


class _Retry(Exception):
    """A failure that may pass: tried again after a back-off, up to MAX_ATTEMPTS."""

    def __init__(self, what: str, retry_after: float | None = None) -> None:
        super().__init__(what)
        self.what = what
        self.retry_after = retry_after


class Cancelled(Exception):
    """The run stopped (another request failed for good, or Ctrl+C) while this one waited to retry."""


def _one_line(text: str, limit: int = 200) -> str:
    """A server's text as one short printable line (it goes into a one-line error)."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


def _error_detail(exc: urllib.error.HTTPError) -> str:
    """`: <the server's message>` from an error reply's body, or nothing."""
    try:
        raw = exc.read(64 << 10)
    except OSError:
        return ""
    text = raw.decode("utf-8", errors="replace")
    try:
        body = json.loads(text)
        error = body.get("error", body) if isinstance(body, dict) else body
        text = error.get("message") or error.get("detail") or text if isinstance(error, dict) else str(error)
    except (ValueError, AttributeError):
        pass
    text = _one_line(str(text))
    return f": {text}" if text else ""


def _retry_after(headers: Any) -> float | None:
    value = headers.get("Retry-After") if headers is not None else None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return seconds if seconds >= 0 else None


def _reason_text(reason: Any) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return _one_line(str(reason)) or type(reason).__name__


class ChatEndpoint:
    """One OpenAI-compatible `/chat/completions` address: a request with bounded retries and back-off.

    Failures that may pass are retried; a refusal (401, 404, 400 …) or a reply that is not a chat
    completion is an EndpointError at once, since every other prompt would meet it too.
    """

    def __init__(self, url: str, *, api_key: str | None = None, model_name: str | None = None,
                 max_tokens: int = DEFAULT_MAX_TOKENS, temperature: float | None = None,
                 timeout_s: float = DEFAULT_TIMEOUT_S, grammar: str | None = None,
                 extra_body: dict[str, Any] | None = None, stop: threading.Event | None = None) -> None:
        self.url = url
        self.api_key = api_key
        self.model_name = model_name
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.timeout_s = timeout_s
        self.grammar = grammar
        self.extra_body = dict(extra_body or {})
        self.stop = stop or threading.Event()

    def body(self, messages: list[dict[str, str]]) -> dict[str, Any]:
        """The request body: the OpenAI fields, llama.cpp's `grammar` when one is given, then the user's own fields."""
        body: dict[str, Any] = {"messages": messages, "max_tokens": self.max_tokens, "stream": False}
        if self.model_name:
            body["model"] = self.model_name
        if self.temperature is not None:
            body["temperature"] = self.temperature
        if self.grammar is not None:
            body["grammar"] = self.grammar
        body.update(self.extra_body)
        return body

    def complete(self, messages: list[dict[str, str]]) -> tuple[str, str | None]:
        """(the answer's text, finish_reason), after at most MAX_ATTEMPTS tries."""
        data = json.dumps(self.body(messages), ensure_ascii=False).encode("utf-8")
        for attempt in range(1, MAX_ATTEMPTS + 1):
            if self.stop.is_set():
                raise Cancelled
            try:
                return self._once(data)
            except _Retry as exc:
                if attempt == MAX_ATTEMPTS:
                    raise EndpointError(
                        f"the endpoint {self.url} failed {MAX_ATTEMPTS} times ({exc.what})",
                        "check that the server is running at that address and look at its log; then run the "
                        "same command again: finished answers are kept") from None
                delay = min(BACKOFF_MAX_S, exc.retry_after if exc.retry_after is not None
                            else BACKOFF_FIRST_S * 2 ** (attempt - 1) * random.uniform(0.5, 1.0))
                if self.stop.wait(delay):
                    raise Cancelled from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, data: bytes) -> tuple[str, str | None]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(self.url, data=data, method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                raw = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            detail = _error_detail(exc)
            if exc.code in RETRY_STATUSES:
                raise _Retry(f"HTTP {exc.code}{detail}", _retry_after(exc.headers)) from None
            raise self._refusal(exc.code, detail) from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            host = urllib.parse.urlsplit(self.url).hostname
            if isinstance(reason, socket.gaierror):
                raise EndpointError(f"the endpoint's host {host} is not known ({_reason_text(reason)})",
                                    "check the host name in --endpoint") from None
            if isinstance(reason, ssl.SSLError):
                raise EndpointError(f"the endpoint {self.url} failed the TLS handshake ({_reason_text(reason)})",
                                    "use http:// for a server without TLS, or fix its certificate") from None
            raise _Retry(_reason_text(reason)) from None
        except (TimeoutError, ConnectionError, http.client.HTTPException) as exc:
            raise _Retry(f"timed out after {self.timeout_s:g} s" if isinstance(exc, TimeoutError)
                         else _reason_text(exc)) from None
        if len(raw) > MAX_RESPONSE_BYTES:
            raise EndpointError(f"the endpoint {self.url} sent a reply over {MAX_RESPONSE_BYTES >> 20} MiB",
                                "check that --endpoint names an OpenAI-compatible server")
        return self._answer(raw)

    def _refusal(self, code: int, detail: str) -> EndpointError:
        if code in (401, 403):
            return EndpointError(f"the endpoint {self.url} refused the request (HTTP {code}{detail})",
                                 f"pass the endpoint's key with --api-key KEY (or set {API_KEY_ENV})")
        if code == 404:
            return EndpointError(f"the endpoint {self.url} was not found (HTTP 404{detail})",
                                 f"give the base URL the server documents, usually ending in /v1 "
                                 f"(e.g. {ENDPOINT_EXAMPLE}), and the model it serves with --model-name")
        return EndpointError(f"the endpoint {self.url} refused a request (HTTP {code}{detail})",
                             "check --model-name, --max-tokens and --grammar against what the server accepts")

    def _answer(self, raw: bytes) -> tuple[str, str | None]:
        not_chat = EndpointError(f"the endpoint {self.url} did not answer with a chat completion",
                                 "check that --endpoint names an OpenAI-compatible server's /v1 address")
        try:
            body = json.loads(raw.decode("utf-8"))
            choice = body["choices"][0]
            content = choice["message"].get("content")
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            raise not_chat from None
        if content is not None and not isinstance(content, str):
            raise not_chat
        finish = choice.get("finish_reason") if isinstance(choice, dict) else None
        return content or "", finish if isinstance(finish, str) else None


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


# -- the journal and the files rebuilt from it --------------------------------------------------------

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


def read_journal(path: Path) -> list[dict[str, Any]]:
    """The journal's entries; a last line torn by a kill is cut off the file (that answer is asked again)."""
    if not path.is_file():
        return []
    with open_plain(path, "rb", what="generate journal", follow_links=False) as f:
        data = f.read()
    end = data.rfind(b"\n") + 1
    if end < len(data):
        with open_plain(path, "r+b", what="generate journal", follow_links=False) as f:
            f.truncate(end)
            f.flush()
            os.fsync(f.fileno())
    entries: list[dict[str, Any]] = []
    keys: set[str] = set()
    for number, line in enumerate(data[:end].splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line.decode("utf-8"))
            ok = isinstance(entry, dict) and entry.get("status") in (ACCEPTED, REJECTED) and all(
                isinstance(entry.get(k), str) for k in ("key", "prompt", "answer")) and (
                entry["status"] == ACCEPTED or isinstance(entry.get("reason"), str))
        except ValueError:
            ok = False
        if not ok:
            raise DataFileError(f"{path}, line {number} is not a generate journal entry",
                                "the journal was changed by hand: restore it, or generate into a new run with --out")
        if entry["key"] not in keys:
            keys.add(entry["key"])
            entries.append(entry)
    return entries


def _with_ids(record: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    for name in ("id", "label"):
        if entry.get(name) is not None:
            record[name] = entry[name]
    return record


def sample_of(entry: dict[str, Any]) -> dict[str, Any]:
    """An accepted answer as a conversation, the shape the data stage and training read."""
    return _with_ids({"messages": [{"role": "user", "content": entry["prompt"]},
                                   {"role": "assistant", "content": entry["answer"]}]}, entry)


def reject_of(entry: dict[str, Any]) -> dict[str, Any]:
    """A refused answer with the reason, kept for a look (never trained on)."""
    return _with_ids({"prompt": entry["prompt"], "answer": entry["answer"], "reason": entry["reason"]}, entry)


def _line(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def rebuild_outputs(layout: RunLayout, entries: Iterable[dict[str, Any]]) -> None:
    """Write the conversations and rejects files from journal entries, each replaced whole."""
    entries = list(entries)
    atomic_write_bytes(layout.generated, b"".join(_line(sample_of(e)) for e in entries if e["status"] == ACCEPTED))
    atomic_write_bytes(layout.generate_rejects,
                       b"".join(_line(reject_of(e)) for e in entries if e["status"] == REJECTED))


class _Appender:
    """Appends lines to the journal (fsynced: a finished answer survives a kill) and to the two outputs.

    Files are opened at the first answer, so a run that fails before any answer leaves none behind.
    """

    def __init__(self, layout: RunLayout) -> None:
        self.layout = layout
        self.files: dict[Path, Any] = {}

    def _file(self, path: Path) -> Any:
        if path not in self.files:
            new = not path.exists()
            self.files[path] = open_plain(path, "ab", what="generated data file", follow_links=False)
            if new:
                fsync_dir(path.parent)
        return self.files[path]

    def add(self, entry: dict[str, Any]) -> None:
        output = ((self.layout.generated, sample_of(entry)) if entry["status"] == ACCEPTED
                  else (self.layout.generate_rejects, reject_of(entry)))
        for path, record in ((self.layout.generate_journal, entry), output):
            f = self._file(path)
            f.write(_line(record))
            f.flush()
            os.fsync(f.fileno())

    def close(self) -> None:
        for f in self.files.values():
            f.close()


def carry_over(old_data: Path, new_data: Path) -> None:
    """Put data-generate's files of `old_data` into `new_data`, a data/ about to replace it (`so8t data --run`),
    so its journal and answers outlive the prepared files (a link where the file system allows, else a copy)."""
    for name in GENERATE_FILES:
        source, target = old_data / name, new_data / name
        if not source.is_file() or source.is_symlink() or target.exists():
            continue
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)


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
    appender = _Appender(layout)
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
