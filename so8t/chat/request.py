"""A /v1/chat/completions request body, checked: the messages and sampling values a turn takes, or a refusal
naming the field (the HTTP status and OpenAI's error shape are the server's)."""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any

from so8t.chat.session import ChatConfig
from so8t.errors import So8tError

#: Roles a client may send; anything else is refused (tool calls are not supported).
ROLES = ("system", "user", "assistant")
#: Largest max_tokens: llama.cpp and torch take it as a C int.
MAX_TOKENS_LIMIT = 2**31 - 1
#: Largest seed: llama.cpp's sampler seed is 32-bit.
MAX_SEED = 2**32 - 1


class RequestRefused(Exception):
    """A request the endpoint answers with an error status; `param` names the field at fault."""

    def __init__(self, status: int, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.param = status, message, param


@dataclasses.dataclass
class TurnRequest:
    """A checked /v1/chat/completions body: the turn's messages and its own settings."""

    history: list[dict[str, str]]
    prompt: str
    config: ChatConfig
    seed: int | None
    stream: bool


def parse_request(raw: bytes, *, defaults: ChatConfig, model_name: str) -> TurnRequest:
    """The body checked field by field; anything malformed is a RequestRefused naming the field.

    The server's `defaults` are copied, never changed: one client's settings do not reach the next.
    """
    body = _json_body(raw)
    if not isinstance(body, dict):
        raise RequestRefused(400, "the request body must be a JSON object")
    model = body.get("model")
    if model is not None and model != model_name:
        shown = json.dumps(model, ensure_ascii=True)[:80]
        raise RequestRefused(404, f"model {shown} is not served here; this endpoint serves {model_name!r} "
                                  "(GET /v1/models)", "model")
    n = body.get("n")
    if n is not None and (type(n) is not int or n != 1):
        raise RequestRefused(400, f"n = {json.dumps(n)[:40]}: this endpoint returns one choice; send n = 1 or leave it out", "n")
    stream = body.get("stream")
    if stream is not None and not isinstance(stream, bool):
        raise RequestRefused(400, f"stream = {json.dumps(stream)[:40]} is not a boolean; send true or false", "stream")
    messages = _messages(body.get("messages"))
    if defaults.system:
        # The server's --system comes first; a client's own system message follows it in the same message,
        # as templates that take one system message at the start need.
        if messages[0]["role"] == "system":
            messages[0] = {"role": "system", "content": f"{defaults.system}\n\n{messages[0]['content']}"}
        else:
            messages.insert(0, {"role": "system", "content": defaults.system})
    changes: dict[str, Any] = {}
    temperature = _number(body, "temperature")
    if temperature is not None:
        if temperature < 0:
            raise RequestRefused(400, f"temperature {temperature} is negative; use 0 (greedy) or more", "temperature")
        changes["temperature"] = temperature
    top_p = _number(body, "top_p")
    if top_p is not None:
        if not 0 < top_p <= 1:
            raise RequestRefused(400, f"top_p {top_p} is outside (0, 1]; use e.g. 0.95", "top_p")
        changes["top_p"] = top_p
    max_tokens = _integer(body, "max_tokens", 1, MAX_TOKENS_LIMIT)
    if max_tokens is not None:
        changes["max_tokens"] = max_tokens
    seed = _integer(body, "seed", 0, MAX_SEED)
    try:
        config = dataclasses.replace(defaults, **changes)
    except So8tError as exc:
        raise RequestRefused(400, exc.one_line()) from exc
    return TurnRequest(messages[:-1], messages[-1]["content"], config, seed, bool(stream))


class _Constant(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    raise _Constant(name)


def _json_body(raw: bytes) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RequestRefused(400, f"the request body is not UTF-8 (byte {exc.start}); send UTF-8 JSON") from exc
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except _Constant as exc:
        raise RequestRefused(400, f"the request body holds {exc}, which is no JSON number; send a finite number") from exc
    except RecursionError as exc:
        raise RequestRefused(400, "the request body nests JSON too deeply") from exc
    except ValueError as exc:  # JSONDecodeError, and an integer too long to convert
        raise RequestRefused(400, f"the request body is not JSON ({' '.join(str(exc).split())[:200]})") from exc


def _utf8(text: str, where: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise RequestRefused(400, f"{where} holds a lone surrogate at character {exc.start}; send valid Unicode",
                             where) from exc
    return text


def _messages(given: Any) -> list[dict[str, str]]:
    if not isinstance(given, list) or not given:
        raise RequestRefused(400, "the request needs a non-empty 'messages' list", "messages")
    messages = []
    for i, m in enumerate(given):
        where = f"messages[{i}]"
        if not isinstance(m, dict) or m.get("role") not in ROLES:
            raise RequestRefused(400, f"{where}.role must be one of {', '.join(ROLES)}", f"{where}.role")
        messages.append({"role": m["role"], "content": _content_text(m.get("content"), f"{where}.content")})
    if messages[-1]["role"] != "user":
        raise RequestRefused(400, "the last message must be the user's", "messages")
    if not messages[-1]["content"].strip():
        raise RequestRefused(400, "the last user message is empty", f"messages[{len(messages) - 1}].content")
    return messages


def _content_text(content: Any, where: str) -> str:
    """A message's text: a string, or OpenAI's list of {"type": "text", "text": …} parts (null: empty)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return _utf8(content, where)
    if not isinstance(content, list):
        raise RequestRefused(400, f"{where} must be a string or a list of text parts", where)
    texts = []
    for j, part in enumerate(content):
        if not isinstance(part, dict) or part.get("type") != "text" or not isinstance(part.get("text"), str):
            raise RequestRefused(400, f"{where}[{j}] must be {{\"type\": \"text\", \"text\": \"…\"}} "
                                      "(only text parts are supported)", f"{where}[{j}]")
        texts.append(_utf8(part["text"], f"{where}[{j}].text"))
    return "".join(texts)


def _number(body: dict[str, Any], name: str) -> float | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RequestRefused(400, f"{name} must be a number", name)
    try:
        number = float(value)
    except OverflowError:  # an integer of hundreds of digits
        number = math.inf
    if not math.isfinite(number):
        raise RequestRefused(400, f"{name} {json.dumps(value)[:40]} is not a finite number", name)
    return number


def _integer(body: dict[str, Any], name: str, low: int, high: int) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if type(value) is not int or not low <= value <= high:
        shown = json.dumps(value)[:40] if isinstance(value, str | int | float) else type(value).__name__
        raise RequestRefused(400, f"{name} = {shown} must be an integer from {low} to {high}", name)
    return value
