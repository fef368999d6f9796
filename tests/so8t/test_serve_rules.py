"""`so8t serve`'s request rules in process (a recording backend, no model): what a request may send, which
Host and body it may use, and that no request changes the server's own settings."""

from __future__ import annotations

import json
import threading
import time

import pytest

from so8t.chat.audit import AuditLog, read_audit
from so8t.chat.session import ChatConfig, ChatSession

HOST, PORT = "127.0.0.1", 8088
BASE = f"http://{HOST}:{PORT}"
PATH = "/v1/chat/completions"
HELLO = [{"role": "user", "content": "hello"}]


class RecordingBackend:
    """Streams a short tagged answer and records each turn's messages and sampling settings."""

    kind = "fake"
    last_tokens = 0

    def __init__(self, path, output=("<final>", "fine ", "answer", "</final>")):
        self.path, self.output = path, output
        self.turns: list[dict] = []

    def stream(self, messages, sampling, stop: threading.Event, grammar=None):
        self.turns.append({"messages": messages, "temperature": sampling.temperature, "top_p": sampling.top_p,
                           "max_tokens": sampling.max_tokens, "seed": sampling.seed})
        self.last_tokens = 0
        for piece in self.output[:sampling.max_tokens]:
            if stop.is_set():
                return
            self.last_tokens += 1
            yield piece

    def close(self):
        pass


@pytest.fixture
def served(tmp_path):
    """(TestClient, backend, audit path) around a keyless app bound to 127.0.0.1:8088."""
    from fastapi.testclient import TestClient

    from so8t.chat.server import create_app

    model = tmp_path / "m.gguf"
    model.write_bytes(b"weights")
    backend = RecordingBackend(model)
    session = ChatSession(backend, gate=None, audit=AuditLog(tmp_path / "audit.jsonl"), source="serve",
                          config=ChatConfig(system="Answer in English."))
    app = create_app(session, model_name="m.gguf", host=HOST, port=PORT, max_body=1 << 20)
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as client:
        yield client, backend, tmp_path / "audit.jsonl"
    app.state.turns.close()


def post(client, body, **kw):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"content-type": "application/json", **kw.pop("headers", {})}
    return client.post(PATH, content=data, headers=headers, **kw)


def assert_refused(response, status, *names):
    """One JSON error with a one-line message that names each of `names`."""
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(response.json()) == {"error"} and error["code"] == status
    assert error["message"] and "\n" not in error["message"] and "Traceback" not in error["message"]
    for name in names:
        assert name in error["message"], error["message"]
    return error


def test_a_plain_request_answers_and_is_audited_as_completed(served):
    client, backend, audit = served
    reply = post(client, {"model": "m.gguf", "messages": HELLO, "max_tokens": 8})
    assert reply.status_code == 200, reply.text
    assert reply.json()["choices"][0]["message"]["content"] == "fine answer"
    streamed = post(client, {"messages": HELLO, "stream": True})
    assert streamed.status_code == 200 and streamed.text.endswith("data: [DONE]\n\n")
    assert '"fine "' in streamed.text and '"answer"' in streamed.text
    assert [r["completed"] for r in read_audit(audit)] == [True, True]


def test_class_6_one_requests_settings_do_not_reach_the_next(served):
    client, backend, _ = served
    assert post(client, {"messages": HELLO, "max_tokens": 3, "temperature": 0, "top_p": 0.5, "seed": 9}).status_code == 200
    assert post(client, {"messages": HELLO}).status_code == 200
    first, second = backend.turns
    assert (first["max_tokens"], first["temperature"], first["top_p"], first["seed"]) == (3, 0, 0.5, 9)
    defaults = ChatConfig()
    assert (second["max_tokens"], second["temperature"], second["top_p"]) == (
        defaults.max_tokens, defaults.temperature, defaults.top_p)


def test_class_7_serve_system_comes_before_the_clients_own(served):
    client, backend, _ = served
    post(client, {"messages": HELLO})
    post(client, {"messages": [{"role": "system", "content": "Be brief."}, *HELLO]})
    assert backend.turns[0]["messages"] == [{"role": "system", "content": "Answer in English."}, *HELLO]
    assert backend.turns[1]["messages"] == [{"role": "system", "content": "Answer in English.\n\nBe brief."}, *HELLO]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                                          None])
def test_class_9_a_body_that_is_not_declared_json_gets_415(served, content_type):
    client, backend, _ = served
    headers = {} if content_type is None else {"content-type": content_type}
    reply = client.post(PATH, content=json.dumps({"messages": HELLO}).encode(), headers=headers)
    assert_refused(reply, 415, "application/json")
    assert backend.turns == []


@pytest.mark.parametrize("host", ["evil.example:8088", "evil.example", "127.0.0.1:9999", "localhost", "",
                                  "127.0.0.1.evil.example:8088"])
def test_class_9_a_host_that_is_not_this_server_gets_400(served, host):
    client, backend, _ = served
    reply = post(client, {"messages": HELLO}, headers={"host": host})
    assert_refused(reply, 400, "Host")
    assert client.get("/v1/models", headers={"host": host}).status_code == 400
    assert backend.turns == []


@pytest.mark.parametrize("host", ["localhost:8088", "127.0.0.1:8088", "[::1]:8088", "LOCALHOST:8088"])
def test_loopback_hosts_with_the_port_are_answered(served, host):
    client, _, _ = served
    assert post(client, {"messages": HELLO}, headers={"host": host}).status_code == 200


def test_with_an_api_key_the_host_is_not_checked(tmp_path):
    from fastapi.testclient import TestClient

    from so8t.chat.server import create_app

    model = tmp_path / "m.gguf"
    model.write_bytes(b"weights")
    session = ChatSession(RecordingBackend(model), gate=None, audit=None)
    app = create_app(session, api_key="k", model_name="m.gguf", host="0.0.0.0", port=PORT)
    with TestClient(app, base_url="http://my-box.example:8088") as client:
        assert client.get("/v1/models").status_code == 401
        assert client.get("/v1/models", headers={"authorization": "Bearer k"}).status_code == 200
    app.state.turns.close()


def test_class_10_a_body_over_the_limit_gets_413(served):
    client, backend, _ = served
    big = {"messages": [{"role": "user", "content": "x" * (2 << 20)}]}
    assert_refused(post(client, big), 413, "--max-body-mb")
    assert backend.turns == []


def test_class_10_the_limit_holds_while_reading_a_body_without_a_length():
    """A chunked body that never ends is refused once past the limit, not read to its end."""
    import asyncio

    from so8t.chat.server import RequestRefused, _read_body

    pulled = []

    class EndlessRequest:
        headers = {"content-type": "application/json"}

        async def stream(self):
            while True:
                pulled.append(1)
                yield b" " * 65536

    with pytest.raises(RequestRefused) as refused:
        asyncio.run(_read_body(EndlessRequest(), 1 << 20))
    assert refused.value.status == 413 and len(pulled) == 17  # 16 chunks fill the MiB, the 17th passes it


BAD_BODIES = {
    "not-utf8": b'{"messages": [{"role": "user", "content": "\xff\xfe"}]}',
    "nested-100000": b'{"messages": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "max-tokens-1e400": b'{"messages": [{"role": "user", "content": "hi"}], "max_tokens": 1e400}',
    "seed-abc": b'{"messages": [{"role": "user", "content": "hi"}], "seed": "abc"}',
    "seed-1e400": b'{"messages": [{"role": "user", "content": "hi"}], "seed": 1e400}',
    "part-text-number": b'{"messages": [{"role": "user", "content": [{"type": "text", "text": 5}]}]}',
    "lone-surrogate": b'{"messages": [{"role": "user", "content": "hi \\ud800"}]}',
    "int-5000-digits": b'{"messages": [{"role": "user", "content": "hi"}], "max_tokens": ' + b"9" * 5000 + b"}",
    "max-tokens-float": b'{"messages": [{"role": "user", "content": "hi"}], "max_tokens": 8.5}',
    "content-number": b'{"messages": [{"role": "user", "content": 5}]}',
    "image-part": b'{"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": "x"}]}]}',
    "blank-prompt": b'{"messages": [{"role": "user", "content": "  "}]}',
    "last-assistant": b'{"messages": [{"role": "assistant", "content": "hi"}]}',
    "body-list": b"[]",
}


@pytest.mark.parametrize("name", list(BAD_BODIES))
def test_class_18_every_malformed_field_gets_one_json_400(served, name):
    client, backend, audit = served
    assert_refused(post(client, BAD_BODIES[name]), 400)
    assert backend.turns == [] and not audit.exists()
    assert post(client, {"messages": HELLO}).status_code == 200  # and the server still answers


@pytest.mark.parametrize("field,raw", [("temperature", "NaN"), ("temperature", "Infinity"),
                                       ("temperature", "-Infinity"), ("temperature", "1e400"),
                                       ("top_p", "NaN"), ("temperature", "-1"),
                                       pytest.param("temperature", "9" * 400, id="temperature-400-digits")])
def test_class_19_nan_and_infinity_are_refused(served, field, raw):
    client, backend, _ = served
    body = b'{"messages": [{"role": "user", "content": "hi"}], "' + field.encode() + b'": ' + raw.encode() + b"}"
    assert_refused(post(client, body), 400)
    assert backend.turns == []


@pytest.mark.parametrize("field,value,status", [("stream", "false", 400), ("stream", 1, 400), ("n", 2, 400),
                                                ("n", 0, 400), ("n", True, 400), ("model", "gpt-4o", 404),
                                                ("model", 5, 404)])
def test_class_28_fields_are_read_as_sent_and_refused_by_name(served, field, value, status):
    client, backend, _ = served
    error = assert_refused(post(client, {"messages": HELLO, field: value}), status, field)
    assert error["param"] == field and backend.turns == []


def test_class_28_the_served_model_n_1_and_a_boolean_stream_are_accepted(served):
    client, _, _ = served
    assert client.get("/v1/models").json()["data"][0]["id"] == "m.gguf"
    reply = post(client, {"model": "m.gguf", "n": 1, "stream": False, "messages": HELLO})
    assert reply.status_code == 200 and reply.json()["object"] == "chat.completion"


def test_class_2_a_turn_stopped_from_outside_is_audited_as_not_completed(tmp_path):
    """The stop event `serve` sets when a client goes away ends the turn, and its audit line says so."""
    model = tmp_path / "m.gguf"
    model.write_bytes(b"weights")
    stop = threading.Event()

    class LeavingBackend(RecordingBackend):
        def stream(self, messages, sampling, stop_event, grammar=None):
            for n, piece in enumerate(super().stream(messages, sampling, stop_event, grammar)):
                if n == 2:
                    stop.set()  # the client leaves after two pieces
                yield piece

    session = ChatSession(LeavingBackend(model), gate=None, audit=AuditLog(tmp_path / "audit.jsonl"))
    result = session.ask("hello", stop=stop)
    assert result.stopped
    [record] = read_audit(tmp_path / "audit.jsonl")
    assert record["completed"] is False and record["tokens"] == 3
    assert session.ask("hello").stopped is False and read_audit(tmp_path / "audit.jsonl")[1]["completed"] is True


@pytest.mark.parametrize("size", ["nan", "inf", "0", "-1"])
def test_a_max_body_that_is_no_positive_size_is_refused_in_one_line(capsys, tmp_path, size):
    from tests.so8t.cli_checks import refuse

    refuse(["serve", "--gguf", tmp_path / "m.gguf", "--ungated", "--max-body-mb", size], capsys, "--max-body-mb", size)


#: Pieces a slow backend streams at most, one every SLOW_PIECE_S (about 10 s in all): long enough that a
#: turn that ends early was stopped, not finished.
SLOW_PIECES, SLOW_PIECE_S = 2000, 0.005


class SlowBackend(RecordingBackend):
    """Streams up to SLOW_PIECES answer pieces slowly; `started` is set at the first one."""

    def __init__(self, path):
        super().__init__(path, ("<final>", *["x "] * SLOW_PIECES, "</final>"))
        self.started = threading.Event()

    def stream(self, messages, sampling, stop, grammar=None):
        for piece in super().stream(messages, sampling, stop, grammar):
            self.started.set()
            time.sleep(SLOW_PIECE_S)
            yield piece


@pytest.fixture
def live(tmp_path):
    """(port, backend, audit path, turn runner) of a real uvicorn server in this process around a SlowBackend."""
    import socket

    import uvicorn

    from so8t.chat.server import create_app

    model = tmp_path / "m.gguf"
    model.write_bytes(b"weights")
    backend = SlowBackend(model)
    session = ChatSession(backend, gate=None, audit=AuditLog(tmp_path / "audit.jsonl"), source="serve",
                          config=ChatConfig(max_tokens=SLOW_PIECES + 2))
    with socket.socket() as s:
        s.bind((HOST, 0))
        port = s.getsockname()[1]
    app = create_app(session, model_name="m.gguf", host=HOST, port=port)
    server = uvicorn.Server(uvicorn.Config(app, host=HOST, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert _wait(lambda: server.started)
    yield port, backend, tmp_path / "audit.jsonl", app.state.turns
    server.should_exit = True
    thread.join(30)
    app.state.turns.close()


def _wait(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _send(port: int, body: dict):
    import socket

    data = json.dumps(body).encode()
    sock = socket.create_connection((HOST, port))
    sock.sendall(b"POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                 % (PATH.encode(), HOST.encode(), port, len(data), data))
    return sock


@pytest.mark.parametrize("stream", [True, False], ids=["stream", "whole-answer"])
def test_class_1_and_2_a_client_that_leaves_mid_turn_stops_it_and_the_turn_is_audited(live, stream):
    port, backend, audit, _ = live
    sock = _send(port, {"messages": HELLO, "stream": stream})
    if stream:
        received = b""
        while b'"x "' not in received:  # the answer is streaming
            received += sock.recv(4096)
    else:
        assert backend.started.wait(60)
    sock.close()
    assert _wait(lambda: read_audit(audit))
    [record] = read_audit(audit)
    assert record["completed"] is False and record["tokens"] < SLOW_PIECES
    # the model is free again: the next request is answered in full
    sock = _send(port, {"messages": HELLO, "max_tokens": 3})
    assert _wait(lambda: len(read_audit(audit)) == 2) and read_audit(audit)[1]["completed"] is True
    sock.close()


def test_a_request_whose_client_leaves_before_its_turn_is_never_run(live):
    port, backend, audit, runner = live
    first = _send(port, {"messages": HELLO, "stream": True})
    assert backend.started.wait(60)
    waiting = _send(port, {"messages": [{"role": "user", "content": "second"}]})
    assert _wait(lambda: runner.waiting() == 1)  # queued behind the running turn
    waiting.close()
    time.sleep(0.2)  # the server sees that client go, while the first turn still runs
    first.close()
    assert _wait(lambda: runner.waiting() == 0 and read_audit(audit))
    third = _send(port, {"messages": [{"role": "user", "content": "third"}], "max_tokens": 3})
    assert _wait(lambda: len(read_audit(audit)) == 2)
    third.close()
    assert [t["messages"][-1]["content"] for t in backend.turns] == ["hello", "third"]
