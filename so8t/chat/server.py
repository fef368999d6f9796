"""`so8t serve`'s app: an OpenAI-compatible /v1/chat/completions on FastAPI, gated, final answers only."""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import logging
import secrets
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

# Module level: FastAPI resolves the handlers' annotations (strings here) in this module's namespace.
from fastapi import Request

from so8t.chat.options import API_KEY_ENV, DEFAULT_HOST, DEFAULT_PORT
from so8t.chat.session import HELD_NOTICE, ChatSession, TurnResult
from so8t.errors import ConfigError, So8tError

#: Roles a client may send; anything else is refused (tool calls are not supported).
ROLES = ("system", "user", "assistant")

log = logging.getLogger("so8t.serve")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(host: str, api_key: str | None) -> None:
    """A host other than loopback needs a key: the endpoint would otherwise answer anyone on the network."""
    if not is_loopback(host) and not api_key:
        raise ConfigError(f"--host {host} exposes the endpoint beyond this machine and no API key is set",
                          f"pass --api-key KEY (or set {API_KEY_ENV}), or keep the default --host {DEFAULT_HOST}")


def _text(content: Any) -> str:
    """A message's text: a string, or OpenAI's list of {"type": "text", "text": …} parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    return ""


def _so8t_fields(result: TurnResult) -> dict[str, Any]:
    """What the endpoint adds to OpenAI's schema: the verdicts (never thinking text or its hashes' sources)."""
    data = result.to_dict()
    keep = ("verdict", "probabilities", "temperature", "final_verdict", "final_probabilities", "held", "refused",
            "ungated", "no_final_answer", "tokens_per_s")
    return {k: data[k] for k in keep}


def _finish_reason(result: TurnResult, max_tokens: int) -> str:
    if result.refused or result.held:
        return "content_filter"
    return "length" if result.tokens >= max_tokens else "stop"


def _content(result: TurnResult) -> str:
    return HELD_NOTICE if result.held else result.shown_text


def create_app(session: ChatSession, *, api_key: str | None = None, model_name: str = "so8t") -> Any:
    """The FastAPI app around one session; requests are answered one at a time (one model in memory)."""
    from fastapi import FastAPI
    from fastapi.responses import JSONResponse, StreamingResponse

    app = FastAPI(title="SO8T chat endpoint", docs_url=None, redoc_url=None, openapi_url=None)
    busy = threading.Lock()

    def error(status: int, message: str, kind: str = "invalid_request_error") -> JSONResponse:
        return JSONResponse({"error": {"message": message, "type": kind, "code": status}}, status_code=status)

    @app.middleware("http")
    async def require_key(request: Request, call_next: Any) -> Any:
        if api_key is not None:
            given = request.headers.get("authorization", "")
            token = given[7:] if given.lower().startswith("bearer ") else ""
            if not secrets.compare_digest(token.encode(), api_key.encode()):
                return error(401, "missing or wrong API key: send Authorization: Bearer KEY", "authentication_error")
        return await call_next(request)

    @app.get("/v1/models")
    def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": model_name, "object": "model", "owned_by": "so8t"}]}

    @app.post("/v1/chat/completions")
    async def chat_completions(request: Request) -> Any:
        try:
            body = await request.json()
        except json.JSONDecodeError:
            return error(400, "the request body is not JSON")
        if not isinstance(body, dict) or not isinstance(body.get("messages"), list) or not body["messages"]:
            return error(400, "the request needs a non-empty 'messages' list")
        messages = []
        for m in body["messages"]:
            if not isinstance(m, dict) or m.get("role") not in ROLES:
                return error(400, f"message roles must be one of {', '.join(ROLES)}")
            messages.append({"role": m["role"], "content": _text(m.get("content"))})
        if messages[-1]["role"] != "user":
            return error(400, "the last message must be the user's")
        try:
            config = dataclasses.replace(session.config, **{
                k: type(getattr(session.config, k))(body[k]) for k in ("temperature", "top_p", "max_tokens")
                if body.get(k) is not None})
        except (So8tError, TypeError, ValueError) as exc:
            return error(400, str(exc))
        seed = int(body["seed"]) if body.get("seed") is not None else None
        turn = _Turn(session, config, messages, seed, busy)
        if body.get("stream"):
            return StreamingResponse(turn.sse(model_name), media_type="text/event-stream")
        from starlette.concurrency import run_in_threadpool

        try:
            result = await run_in_threadpool(turn.run)
        except So8tError as exc:
            return error(400, exc.one_line())
        return _completion(result, model_name, config.max_tokens)

    return app


def _completion(result: TurnResult, model_name: str, max_tokens: int) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:24]}", "object": "chat.completion", "created": int(time.time()),
        "model": model_name,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": _content(result)},
                     "finish_reason": _finish_reason(result, max_tokens)}],
        "usage": {"prompt_tokens": 0, "completion_tokens": result.tokens, "total_tokens": result.tokens},
        "so8t": _so8t_fields(result),
    }


class _Turn:
    """One request's turn: waits for the model, runs, logs one line without any text of the turn."""

    def __init__(self, session: ChatSession, config: Any, messages: list[dict[str, str]], seed: int | None,
                 busy: threading.Lock) -> None:
        self.session, self.config, self.seed, self.busy = session, config, seed, busy
        self.history, self.prompt = messages[:-1], messages[-1]["content"]

    def chunks(self) -> Iterator[Any]:
        with self.busy:
            self.session.config = self.config
            try:
                for chunk in self.session.send(self.prompt, history=self.history, seed=self.seed):
                    if chunk.kind == "done":
                        r = chunk.result
                        log.info("turn: verdict %s%s, %d tokens, %s tokens/s", r.verdict.label,
                                 " (held)" if r.held else "", r.tokens, r.tokens_per_s)
                    if chunk.kind != "reasoning":  # the endpoint never sends thinking text
                        yield chunk
            finally:
                self.session.stop()

    def run(self) -> TurnResult:
        result = None
        for chunk in self.chunks():
            if chunk.kind == "done":
                result = chunk.result
        assert result is not None
        return result

    def sse(self, model_name: str) -> Iterator[str]:
        cid, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())

        def event(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
            obj = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model_name,
                   "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
            return f"data: {json.dumps(obj, ensure_ascii=False)}\n\n"

        yield event({"role": "assistant", "content": ""})
        try:
            for chunk in self.chunks():
                if chunk.kind == "answer":
                    yield event({"content": chunk.text})
                elif chunk.kind == "done":
                    r = chunk.result
                    # A refusal or held notice is the only text such a turn streams.
                    delta = {"content": _content(r)} if (r.refused or r.held or r.answer is None) else {}
                    yield event(delta, _finish_reason(r, self.config.max_tokens), so8t=_so8t_fields(r))
        except So8tError as exc:
            yield f"data: {json.dumps({'error': {'message': exc.one_line(), 'type': 'invalid_request_error'}})}\n\n"
        yield "data: [DONE]\n\n"


def serve(session: ChatSession, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, api_key: str | None = None,
          model_name: str = "so8t") -> None:
    """Run the endpoint with uvicorn until Ctrl+C (or SIGTERM)."""
    import uvicorn

    check_bind(host, api_key)
    app = create_app(session, api_key=api_key, model_name=model_name)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    uvicorn.run(app, host=host, port=port, log_level="info")
