"""`so8t serve` with the real `openai` client on the demo run's Q8_0 GGUF: gated, final-only, audited, keyed."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from so8t.chat.audit import read_audit
from so8t.cli import main

pytestmark = pytest.mark.slow

KEY = "test-key-123"
#: The id /v1/models lists for the demo GGUF (its file name); requests must name it or leave `model` out.
MODEL = "so8t-demo-Q8_0.gguf"
THINKING = ("the user says hello so I greet them", "nothing unsafe here")
GRAMMAR = ('root ::= "<think-task>" "' + THINKING[0] + '" "</think-task>" "<think-safety>" "' + THINKING[1]
           + '" "</think-safety>" "<final>" [a-z ]{4,24} "</final>"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`python -m so8t serve …` in a child process, its whole output kept in a file."""

    def __init__(self, tmp: Path, *args: str) -> None:
        self.port = _free_port()
        self.log = tmp / f"serve-{self.port}.log"
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("SO8T_API_KEY", None)
        self.proc = subprocess.Popen([sys.executable, "-m", "so8t", "serve", *args, "--port", str(self.port)],
                                     stdout=self.log.open("w"), stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 180
        while "Uvicorn running" not in self.output():
            assert self.proc.poll() is None, self.output()
            assert time.monotonic() < deadline, self.output()
            time.sleep(0.3)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:  # a server hung in a turn does not finish its graceful shutdown
            self.proc.kill()
            self.proc.wait(30)


@pytest.fixture(scope="module")
def keyed_server(demo_run, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    # The demo's head is an illustration (its test accuracy is near one half), so it may score an ordinary
    # answer DENY; these tests are about the protocol, so only a certain DENY (p = 1) refuses here.
    server = Server(tmp, "--gguf", str(demo_run / "gguf" / "so8t-demo-Q8_0.gguf"), "--run", str(demo_run),
                    "--api-key", KEY, "--audit", str(tmp / "audit.jsonl"), "--max-tokens", "16",
                    "--deny-threshold", "1.0")
    server.audit = tmp / "audit.jsonl"
    yield server
    server.stop()


def test_the_openai_client_gets_a_completion_streaming_and_not(keyed_server):
    from openai import OpenAI

    client = OpenAI(base_url=keyed_server.url, api_key=KEY)
    model = client.models.list().data[0].id
    assert model == MODEL
    reply = client.chat.completions.create(model=model, messages=[{"role": "user", "content": "The baked model"}],
                                           max_tokens=12, temperature=0.5, seed=7)
    text = reply.choices[0].message.content
    assert text and reply.choices[0].finish_reason in ("stop", "length")
    assert reply.model_extra["so8t"]["verdict"] in ("ALLOW", "ESCALATION")
    assert reply.usage.completion_tokens == 12
    pieces, last = [], None
    for chunk in client.chat.completions.create(model=model, stream=True, max_tokens=12,
                                                messages=[{"role": "user", "content": "The baked model"}]):
        pieces.append(chunk.choices[0].delta.content or "")
        last = chunk
    # The run's gate scores the final answer before any of it is sent: it arrives in one piece.
    assert len([p for p in pieces if p]) == 1 and "".join(pieces)
    assert last.choices[0].finish_reason in ("stop", "length") and "verdict" in last.model_extra["so8t"]
    records = read_audit(keyed_server.audit)
    assert len(records) == 2 and all(r["source"] == "serve" for r in records)
    assert records[1]["answer"] == "".join(pieces)


def test_a_request_without_the_key_gets_401(keyed_server):
    from openai import AuthenticationError, OpenAI

    with pytest.raises(AuthenticationError):
        OpenAI(base_url=keyed_server.url, api_key="wrong").chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "hi"}])
    request = urllib.request.Request(keyed_server.url + "/chat/completions", method="POST",
                                     data=json.dumps({"messages": [{"role": "user", "content": "hi"}]}).encode(),
                                     headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=30)
    assert err.value.code == 401


def test_another_host_without_a_key_is_refused_in_one_line(capsys, monkeypatch, tmp_path):
    monkeypatch.delenv("SO8T_API_KEY", raising=False)
    code = main(["serve", "--gguf", str(tmp_path / "m.gguf"), "--ungated", "--host", "0.0.0.0"])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "--api-key" in err and "0.0.0.0" in err
    # with the key in the environment the host is accepted (and the missing model is what stops it)
    monkeypatch.setenv("SO8T_API_KEY", KEY)
    code = main(["serve", "--gguf", str(tmp_path / "m.gguf"), "--ungated", "--host", "0.0.0.0"])
    err = capsys.readouterr().err
    assert code == 2 and "m.gguf" in err and "--api-key" not in err


def test_forced_tags_return_only_the_final_and_audit_only_hashes(demo_run, tmp_path):
    from openai import OpenAI

    grammar = tmp_path / "tags.gbnf"
    grammar.write_text(GRAMMAR, encoding="utf-8")
    audit = tmp_path / "audit.jsonl"
    server = Server(tmp_path, "--gguf", str(demo_run / "gguf" / "so8t-demo-Q8_0.gguf"), "--run", str(demo_run),
                    "--audit", str(audit), "--grammar-file", str(grammar), "--max-tokens", "200",
                    "--no-score-final")  # the demo head may score random letters DENY: this test is about the tags
    try:
        client = OpenAI(base_url=server.url, api_key="unused")
        reply = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": "hello"}])
        answer = reply.choices[0].message.content
        streamed = "".join(c.choices[0].delta.content or "" for c in client.chat.completions.create(
            model=MODEL, stream=True, messages=[{"role": "user", "content": "hello"}]))
    finally:
        server.stop()
    for text in (answer, streamed):
        assert text and set(text) <= set("abcdefghijklmnopqrstuvwxyz ")  # the final section's alphabet only
    expected = [{"name": "think-task", "sha256": hashlib.sha256(THINKING[0].encode()).hexdigest()},
                {"name": "think-safety", "sha256": hashlib.sha256(THINKING[1].encode()).hexdigest()}]
    records = read_audit(audit)
    assert [r["sections"] for r in records] == [expected, expected]
    assert [r["answer"] for r in records] == [answer, streamed]
    log, raw_audit = server.output(), audit.read_text(encoding="utf-8")
    for secret in THINKING:
        for where in (answer, streamed, raw_audit, log):
            assert secret not in where
    assert "<think" not in answer + streamed + raw_audit + log


#: A prompt the demo gate lets through (ALLOW: its answer streams) and a seed whose answer runs to max_tokens.
PROMPT, LONG_SEED = [{"role": "user", "content": "The baked model"}], 1
#: Closed streams in a row, and concurrent clients (half of them streaming), as the issue asks.
DISCONNECTS, CLIENTS, LOAD_BOUND_S = 20, 64, 120


@pytest.fixture(scope="module")
def long_server(demo_run, tmp_path_factory):
    """A keyless gated server whose answers are long unless a request asks for fewer tokens."""
    tmp = tmp_path_factory.mktemp("serve-long")
    # The demo GGUF knows the thinking tags, so an untagged answer is held until generation ends, and a
    # scored final answer is sent only once scored: the test-only grammar opens <final> at once and the
    # answer is not scored, so the answer streams token by token and a client can leave mid-answer.
    grammar = tmp / "final.gbnf"
    grammar.write_text('root ::= "<final>" [a-z ]+\n', encoding="utf-8")
    server = Server(tmp, "--gguf", str(demo_run / "gguf" / "so8t-demo-Q8_0.gguf"), "--run", str(demo_run),
                    "--audit", str(tmp / "audit.jsonl"), "--max-tokens", "1500", "--no-score-final",
                    "--grammar-file", str(grammar), "--deny-threshold", "1.0")  # the protocol, not the head
    server.audit = tmp / "audit.jsonl"
    yield server
    server.stop()


def _plain(client, timeout: float) -> float:
    """Seconds a plain request (max_tokens 8) takes to answer; raises on a timeout."""
    t0 = time.monotonic()
    reply = client.with_options(timeout=timeout).chat.completions.create(model=MODEL, messages=PROMPT, max_tokens=8)
    assert reply.choices[0].message.content
    return time.monotonic() - t0


def _audit_lines(path: Path) -> list[dict]:
    """Every line of the audit log (none before its first turn), each required to be one JSON object (valid JSONL)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_class_1_and_2_closed_streams_free_the_model_and_are_audited_as_not_completed(long_server):
    from openai import OpenAI

    client = OpenAI(base_url=long_server.url, api_key="unused", max_retries=0)
    _plain(client, 120)  # warm-up
    idle = statistics.median(_plain(client, 120) for _ in range(5))
    bound = max(1.0, 3 * idle)
    before = len(_audit_lines(long_server.audit))
    for i in range(DISCONNECTS):
        stream = client.chat.completions.create(model=MODEL, stream=True, messages=PROMPT, seed=LONG_SEED)
        pieces = 0
        for chunk in stream:
            pieces += bool(chunk.choices and chunk.choices[0].delta.content)
            if pieces == 3:
                break
        stream.close()  # what a chat UI's Stop button does
        assert pieces == 3
        try:
            took = _plain(client, timeout=bound)
        except Exception as exc:
            raise AssertionError(f"disconnect {i + 1}: no answer within {bound:.2f} s (idle {idle:.2f} s): {exc}") from exc
        assert took <= bound, f"disconnect {i + 1}: a plain request took {took:.2f} s (idle {idle:.2f} s)"
    lines = _audit_lines(long_server.audit)[before:]
    assert len(lines) == 2 * DISCONNECTS and all(r["source"] == "serve" for r in lines)
    streamed, plain = lines[0::2], lines[1::2]
    assert [r["completed"] for r in streamed] == [False] * DISCONNECTS
    assert all(0 < r["tokens"] < 1500 for r in streamed)  # cut short mid-answer
    assert [r["completed"] for r in plain] == [True] * DISCONNECTS


def test_class_3_sixty_four_clients_half_streaming_are_all_answered(long_server):
    from concurrent.futures import ThreadPoolExecutor

    from openai import OpenAI

    client = OpenAI(base_url=long_server.url, api_key="unused", max_retries=0, timeout=LOAD_BOUND_S)
    start = threading.Barrier(CLIENTS)
    deadline = time.monotonic() + LOAD_BOUND_S

    def ask(n: int) -> str:
        start.wait()
        left = client.with_options(timeout=max(1.0, deadline - time.monotonic()))
        if n % 2:
            reply = left.chat.completions.create(model=MODEL, messages=PROMPT, max_tokens=8)
            return reply.choices[0].finish_reason
        last = None
        for chunk in left.chat.completions.create(model=MODEL, messages=PROMPT, max_tokens=8, stream=True):
            last = chunk
        return last.choices[0].finish_reason

    before = len(_audit_lines(long_server.audit))
    with ThreadPoolExecutor(CLIENTS) as pool:
        reasons = list(pool.map(ask, range(CLIENTS)))
    assert time.monotonic() <= deadline
    # Every client got its answer: cut at max_tokens, or ended by the model (the grammar lets it stop
    # after one letter); a refusal or an error would show as another reason.
    assert len(reasons) == CLIENTS and set(reasons) <= {"length", "stop"}
    lines = _audit_lines(long_server.audit)[before:]
    assert len(lines) == CLIENTS and all(r["completed"] for r in lines)


def _raw_post(port: int, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    """A POST as a browser page would send it, over a real connection: (status, JSON body)."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("POST", "/v1/chat/completions", body=body, headers=headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def test_class_9_and_10_browser_shaped_requests_are_refused(long_server):
    body = json.dumps({"messages": PROMPT, "max_tokens": 8}).encode()
    host = {"Host": f"127.0.0.1:{long_server.port}"}
    before = len(_audit_lines(long_server.audit))
    status, reply = _raw_post(long_server.port, body, {**host, "Content-Type": "text/plain"})
    assert status == 415 and "application/json" in reply["error"]["message"]
    status, reply = _raw_post(long_server.port, body, {"Host": f"rebound.example:{long_server.port}",
                                                       "Content-Type": "application/json"})
    assert status == 400 and "Host" in reply["error"]["message"]
    big = json.dumps({"messages": [{"role": "user", "content": "x" * (2 << 20)}]}).encode()
    status, reply = _raw_post(long_server.port, big, {**host, "Content-Type": "application/json"})
    assert status == 413 and "--max-body-mb" in reply["error"]["message"]
    assert len(_audit_lines(long_server.audit)) == before  # none of them reached the model
    status, reply = _raw_post(long_server.port, body, {**host, "Content-Type": "application/json"})
    assert status == 200 and reply["choices"][0]["message"]["content"]  # the control: a JSON request is answered

