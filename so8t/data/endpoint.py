"""The chat endpoint a data-generate run asks: one OpenAI-compatible address, with bounded retries and back-off.

A failure that may pass (connection refused or reset, timeout, 429, 5xx) is tried again after a jittered
back-off; a refusal or a reply that is not a chat completion is one EndpointError at once.
"""

from __future__ import annotations

import http.client
import json
import random
import socket
import ssl
import threading
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from so8t.errors import ConfigError, EndpointError

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
#: The environment variable read for the key when `--api-key` is not given (keeps it out of `ps`).
API_KEY_ENV = "SO8T_GENERATE_API_KEY"

ENDPOINT_EXAMPLE = "http://127.0.0.1:8080/v1"


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
