"""Property-based fuzzing of `so8t serve`'s request bodies, in process (a recording backend, no model).

Bodies are a valid request changed in its values or its bytes by test_fuzz_cli.py's mutations (same FUZZ_SEED).
Every answer is a completion, a stream ending in [DONE], or one JSON error with a one-line message and a 4xx
status; never a 500. Afterwards the audit log is valid JSONL and the server's own settings are unchanged.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, note, seed, settings

from so8t.chat.audit import AuditLog
from so8t.chat.session import NO_FINAL_ANSWER, ChatConfig, ChatSession
from tests.so8t.test_fuzz_cli import FUZZ_SEED, damaged_json
from tests.so8t.test_serve_rules import BASE, HOST, PATH, PORT, RecordingBackend

CASES = 200
VALID = {"model": "m.gguf", "n": 1, "stream": False, "max_tokens": 8, "temperature": 0.5, "top_p": 0.9, "seed": 3,
         "messages": [{"role": "system", "content": "Be brief."},
                      {"role": "user", "content": [{"type": "text", "text": "hello"}]}]}
REFUSALS = (400, 404, 413, 415)


def test_fuzzed_request_bodies_get_an_answer_or_one_json_error(tmp_path):
    from fastapi.testclient import TestClient

    from so8t.chat.server import create_app

    model = tmp_path / "m.gguf"
    model.write_bytes(b"weights")
    backend = RecordingBackend(model)
    session = ChatSession(backend, gate=None, audit=AuditLog(tmp_path / "audit.jsonl"), source="serve")
    app = create_app(session, model_name="m.gguf", host=HOST, port=PORT, max_body=64 << 10)
    statuses: dict[int, int] = {}

    @seed(FUZZ_SEED)
    @settings(max_examples=CASES, deadline=None, database=None, print_blob=True,
              suppress_health_check=list(HealthCheck))
    @given(damaged_json(VALID))
    def check(body: bytes) -> None:
        note(repr(body[:400]))
        reply = client.post(PATH, content=body, headers={"content-type": "application/json"})
        statuses[reply.status_code] = statuses.get(reply.status_code, 0) + 1
        if reply.status_code == 200 and reply.headers["content-type"].startswith("text/event-stream"):
            assert reply.text.endswith("data: [DONE]\n\n") and '"error"' not in reply.text
        elif reply.status_code == 200:
            assert reply.json()["choices"][0]["message"]["content"] in ("fine answer", NO_FINAL_ANSWER)  # max_tokens cut
        else:
            assert reply.status_code in REFUSALS, reply.text
            error = reply.json()["error"]
            assert set(reply.json()) == {"error"} and error["code"] == reply.status_code
            assert error["message"] and "\n" not in error["message"]

    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as client:
        check()
        turns = len(backend.turns)
        assert client.post(PATH, json={"messages": [{"role": "user", "content": "hi"}]}).status_code == 200
    app.state.turns.close()
    assert statuses.get(200) and sum(statuses.get(s, 0) for s in REFUSALS), statuses  # both kinds were reached
    last = backend.turns[turns]
    assert (last["max_tokens"], last["temperature"], last["top_p"]) == (256, 0.7, 0.95) == (
        ChatConfig().max_tokens, ChatConfig().temperature, ChatConfig().top_p)
    lines = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(backend.turns) and all(r["completed"] for r in lines)
