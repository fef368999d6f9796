"""`so8t serve`'s app: an OpenAI-compatible /v1/chat/completions on FastAPI, gated, final answers only."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import math
import queue
import secrets
import threading
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

# Module level: FastAPI resolves the handlers' annotations (strings here) in this module's namespace.
from fastapi import Request
from fastapi.responses import StreamingResponse

from so8t.chat.options import API_KEY_ENV, DEFAULT_HOST, DEFAULT_MAX_BODY_MB, DEFAULT_PORT
from so8t.chat.request import RequestRefused, TurnRequest, parse_request
from so8t.chat.session import HELD_NOTICE, ChatSession, Chunk, TurnResult
from so8t.errors import ConfigError, So8tError

#: Host names a keyless server answers to besides its bound address: a page elsewhere that reaches this
#: port through DNS rebinding sends its own name, and is refused.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")

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


def max_body_bytes(mb: float) -> int:
    """`--max-body-mb` in bytes; refuses a size that is not a positive finite number."""
    if not math.isfinite(mb) or mb <= 0:
        raise ConfigError(f"--max-body-mb {mb} is not a positive size", f"use e.g. --max-body-mb {DEFAULT_MAX_BODY_MB:g}")
    return int(mb * 2**20)


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers a keyless server accepts: its bound address or a loopback name, with its port."""
    bound = f"[{host}]" if ":" in host else host
    names = {bound.lower(), *LOOPBACK_HOSTS}
    hosts = {f"{name}:{port}" for name in names}
    if port == 80:  # a client leaves the default port out
        hosts |= names
    return frozenset(hosts)


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


def _error_body(status: int, message: str, kind: str = "invalid_request_error", param: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": param, "code": status}}


def create_app(session: ChatSession, *, api_key: str | None = None, model_name: str = "so8t",
               host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
               max_body: int = max_body_bytes(DEFAULT_MAX_BODY_MB)) -> Any:
    """The FastAPI app around one session: turns run one at a time on the app's own generation thread."""
    from fastapi import FastAPI
    from fastapi.responses import JSONResponse

    app = FastAPI(title="SO8T chat endpoint", docs_url=None, redoc_url=None, openapi_url=None)
    # Taken once: each request's settings are a copy of these, so no request changes the next one's.
    defaults = session.config
    runner = TurnRunner(session)
    app.state.turns = runner
    app.add_middleware(RequestRules, api_key=api_key, hosts=None if api_key else allowed_hosts(host, port))

    def error(refused: RequestRefused) -> JSONResponse:
        return JSONResponse(_error_body(refused.status, refused.message, param=refused.param),
                            status_code=refused.status)

    @app.get("/v1/models")
    def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": model_name, "object": "model", "owned_by": "so8t"}]}

    @app.post("/v1/chat/completions")
    async def chat_completions(request: Request) -> Any:
        from starlette.requests import ClientDisconnect

        try:
            raw = await _read_body(request, max_body)
            turn = parse_request(raw, defaults=defaults, model_name=model_name)
        except RequestRefused as refused:
            return error(refused)
        except ClientDisconnect:  # gone before its body arrived: nothing to answer
            return JSONResponse(_error_body(499, "the client closed the request"), status_code=499)
        job = Job(turn, asyncio.get_running_loop())
        runner.submit(job)
        if turn.stream:
            return TurnStream(job, _sse(job, model_name, turn.config.max_tokens))
        try:
            result = await job.result(request.receive)
        except So8tError as exc:
            return error(RequestRefused(400, exc.one_line()))
        except Exception:  # the generation thread logged it
            return JSONResponse(_error_body(500, "the turn failed; the server's log says why", "server_error"),
                                status_code=500)
        finally:
            job.cancel()  # no-op for a finished turn; ends one whose handler was cancelled
        if result is None:  # the client went away; nobody reads this
            return JSONResponse(_error_body(499, "the client closed the request"), status_code=499)
        return _completion(result, model_name, turn.config.max_tokens)

    return app


async def _read_body(request: Request, limit: int) -> bytes:
    """The JSON body, refused by its type (415) or its size (413) before more than `limit` bytes are read."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise RequestRefused(415, f"the body's Content-Type is {kind or 'missing'}; send JSON as application/json")
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > limit):
        raise RequestRefused(413, f"the request body ({length} bytes) is over the server's {limit}-byte limit "
                                  "(so8t serve --max-body-mb)")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise RequestRefused(413, f"the request body is over the server's {limit}-byte limit "
                                      "(so8t serve --max-body-mb)")
    return bytes(body)


class RequestRules:
    """Who may talk to the endpoint: with a key, whoever sends it; without, requests whose Host names this server.

    A plain ASGI middleware, so that a streamed response's send and a client's disconnect pass straight through.
    """

    def __init__(self, app: Any, *, api_key: str | None, hosts: frozenset[str] | None) -> None:
        self.app, self.api_key, self.hosts = app, api_key, hosts

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Awaitable[Any]],
                       send: Callable[[Any], Awaitable[None]]) -> None:
        from fastapi.responses import JSONResponse
        from starlette.datastructures import Headers

        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refused = None
        if self.api_key is not None:
            given = headers.get("authorization", "")
            token = given[7:] if given.lower().startswith("bearer ") else ""
            if not secrets.compare_digest(token.encode(), self.api_key.encode()):
                refused = _error_body(401, "missing or wrong API key: send Authorization: Bearer KEY",
                                      "authentication_error")
        elif self.hosts is not None and headers.get("host", "").lower() not in self.hosts:
            shown = json.dumps(headers.get("host", ""))[:80]
            refused = _error_body(400, f"Host {shown} is not this server; a server without --api-key answers "
                                       f"only {', '.join(sorted(self.hosts))}")
        if refused is not None:
            await JSONResponse(refused, status_code=refused["error"]["code"])(scope, receive, send)
            return
        await self.app(scope, receive, send)


_END = object()


class Job:
    """One request's turn: the checked request in, its chunks out to the request's event loop, cancellable."""

    def __init__(self, turn: TurnRequest, loop: asyncio.AbstractEventLoop) -> None:
        self.turn, self.loop = turn, loop
        self.stop = threading.Event()
        self._items: asyncio.Queue[Any] = asyncio.Queue()

    def cancel(self) -> None:
        """The client went away: a waiting turn is dropped, a running one ends after its current token."""
        self.stop.set()

    def put(self, item: Any) -> None:
        """From the generation thread: hand a chunk (or an error, or the end) to the request's loop."""
        try:
            self.loop.call_soon_threadsafe(self._items.put_nowait, item)
        except RuntimeError:  # the loop is closed: the server is shutting down
            pass

    async def items(self) -> AsyncIterator[Any]:
        while (item := await self._items.get()) is not _END:
            yield item

    async def result(self, receive: Callable[[], Awaitable[Any]]) -> TurnResult | None:
        """The finished turn, or None when the client went away first (the turn is then cancelled)."""
        watch = asyncio.ensure_future(_until_disconnect(receive, self))
        try:
            async for item in self.items():
                if isinstance(item, BaseException):
                    raise item
                if item.kind == "done":
                    return None if self.stop.is_set() else item.result
            return None
        finally:
            watch.cancel()


async def _until_disconnect(receive: Callable[[], Awaitable[Any]], job: Job) -> None:
    """Wait for the client's disconnect (the body is read already) and cancel its turn then."""
    try:
        while (await receive())["type"] != "http.disconnect":
            pass
    except Exception:  # a receive channel that broke: the client is gone as well
        pass
    job.cancel()


class TurnRunner:
    """The one thread that runs turns, in arrival order: request handlers await their chunks on the event loop
    and never hold a pool thread, so no number of clients, streaming or not, can starve a running turn."""

    def __init__(self, session: ChatSession) -> None:
        self.session = session
        self.defaults = session.config
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="so8t-serve-turns", daemon=True)
        self._thread.start()

    def submit(self, job: Job) -> None:
        self._jobs.put(job)

    def waiting(self) -> int:
        """Turns queued behind the running one."""
        return self._jobs.qsize()

    def close(self) -> None:
        """End the thread after the running turn (the server has stopped: no handler waits for a turn)."""
        self._jobs.put(None)
        self._thread.join()

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            if job.stop.is_set():  # its client left while it waited: no turn was run
                job.put(_END)
                continue
            self._turn(job)

    def _turn(self, job: Job) -> None:
        session, turn = self.session, job.turn
        session.config = turn.config  # this turn's settings; the defaults come back in `finally`
        chunks = session.send(turn.prompt, history=turn.history, seed=turn.seed, stop=job.stop)
        try:
            # A stopped turn is not abandoned but run to its end, which comes after the current token: the
            # session then writes its audit line (completed: false) and the next turn starts.
            for chunk in chunks:
                if chunk.kind == "done":
                    r = chunk.result
                    log.info("turn: verdict %s%s, %d tokens, %s tokens/s%s", r.verdict.label,
                             " (held)" if r.held else "", r.tokens, r.tokens_per_s,
                             ", cut short: the client went away" if r.stopped else "")
                if chunk.kind != "reasoning":  # the endpoint never sends thinking text
                    job.put(chunk)
        except So8tError as exc:
            job.put(exc)
        except Exception as exc:
            log.exception("turn failed")
            job.put(exc)
        finally:
            chunks.close()
            session.config = self.defaults
            job.put(_END)


class TurnStream(StreamingResponse):
    """A streamed turn: server-sent events, and the turn cancelled however the response ends (the client's
    disconnect is watched while streaming; `finally` covers a broken connection, errors and shutdown)."""

    def __init__(self, job: Job, events: AsyncIterator[str]) -> None:
        super().__init__(events, media_type="text/event-stream", headers={"cache-control": "no-cache"})
        self.job, self.events = job, events

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Awaitable[Any]],
                       send: Callable[[Any], Awaitable[None]]) -> None:
        watch = asyncio.ensure_future(_until_disconnect(receive, self.job))
        try:
            await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
            async for text in self.events:
                if self.job.stop.is_set():
                    break
                await send({"type": "http.response.body", "body": text.encode("utf-8"), "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except OSError:  # the connection broke while sending
            pass
        finally:
            watch.cancel()
            self.job.cancel()
            await self.events.aclose()  # type: ignore[attr-defined]


async def _sse(job: Job, model_name: str, max_tokens: int) -> AsyncIterator[str]:
    """The turn as OpenAI's chat.completion.chunk events: answer text as it comes, then the verdicts."""
    cid, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())

    def event(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        obj = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model_name,
               "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
        return f"data: {json.dumps(obj, ensure_ascii=False)}\n\n"

    yield event({"role": "assistant", "content": ""})
    async for item in job.items():
        if isinstance(item, So8tError):
            yield f"data: {json.dumps(_error_body(400, item.one_line()))}\n\n"
        elif isinstance(item, BaseException):
            yield f"data: {json.dumps(_error_body(500, 'the turn failed; the server log says why', 'server_error'))}\n\n"
        elif isinstance(item, Chunk) and item.kind == "answer":
            yield event({"content": item.text})
        elif isinstance(item, Chunk) and item.kind == "done":
            r = item.result
            assert r is not None
            # A refusal or held notice is the only text such a turn streams.
            delta = {"content": _content(r)} if (r.refused or r.held or r.answer is None) else {}
            yield event(delta, _finish_reason(r, max_tokens), so8t=_so8t_fields(r))
    yield "data: [DONE]\n\n"


def _completion(result: TurnResult, model_name: str, max_tokens: int) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:24]}", "object": "chat.completion", "created": int(time.time()),
        "model": model_name,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": _content(result)},
                     "finish_reason": _finish_reason(result, max_tokens)}],
        "usage": {"prompt_tokens": 0, "completion_tokens": result.tokens, "total_tokens": result.tokens},
        "so8t": _so8t_fields(result),
    }


def serve(session: ChatSession, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, api_key: str | None = None,
          model_name: str = "so8t", max_body_mb: float = DEFAULT_MAX_BODY_MB) -> None:
    """Run the endpoint with uvicorn until Ctrl+C (or SIGTERM)."""
    import uvicorn

    check_bind(host, api_key)
    app = create_app(session, api_key=api_key, model_name=model_name, host=host, port=port,
                     max_body=max_body_bytes(max_body_mb))
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    try:
        uvicorn.run(app, host=host, port=port, log_level="info")
    finally:
        app.state.turns.close()  # before the caller closes the model
