"""Chat sessions: final-only answers, audit records with thinking hashes (never text), both model kinds."""

from __future__ import annotations

import hashlib
import json

import pytest

from so8t.chat.audit import AuditLog, read_audit
from so8t.chat.session import ChatConfig, ChatSession
from tests.so8t.test_chat_gate import CountingBackend

THINKING = ("step one of a secret plan", "is this safe to say")
OUTPUT = ("<think-task>", THINKING[0][:7], THINKING[0][7:], "</think-task><think-sa", "fety>", THINKING[1],
          "</think-safety>\n<final>", "The ", "answer.", "</final>")


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def test_a_turn_streams_only_the_final_and_logs_hashes_of_each_thinking_section(tmp_path):
    model = tmp_path / "m.gguf"
    model.write_bytes(b"weights")
    session = ChatSession(CountingBackend(model, OUTPUT), gate=None, audit=AuditLog(tmp_path / "audit.jsonl"))
    chunks = list(session.send("What is it?"))
    streamed = "".join(c.text for c in chunks if c.kind == "answer")
    result = chunks[-1].result
    assert streamed == result.answer == "The answer."
    assert result.ungated and result.verdict.label == "ungated"
    [record] = read_audit(tmp_path / "audit.jsonl")
    assert [s["sha256"] for s in record["sections"]] == [sha(t) for t in THINKING]
    assert [s["name"] for s in record["sections"]] == ["think-task", "think-safety"]
    assert record["prompt_sha256"] == sha("What is it?") and record["model_sha256"] == sha("weights")
    assert record["answer"] == "The answer." and record["ungated"] is True and record["show_reasoning"] is False
    raw = (tmp_path / "audit.jsonl").read_text()
    assert all(t not in raw for t in THINKING) and "What is it?" not in raw


def test_content_is_logged_only_when_turned_on_and_show_reasoning_is_recorded(tmp_path):
    model = tmp_path / "m.gguf"
    model.write_bytes(b"weights")
    config = ChatConfig(store_content=True, show_reasoning=True)
    session = ChatSession(CountingBackend(model, OUTPUT), gate=None, audit=AuditLog(tmp_path / "a.jsonl"), config=config)
    chunks = list(session.send("What is it?"))
    assert THINKING[1] in "".join(c.text for c in chunks if c.kind == "reasoning")
    [record] = read_audit(tmp_path / "a.jsonl")
    assert record["show_reasoning"] is True
    assert record["content"]["sections"][1] == {"name": "think-safety", "text": THINKING[1]}


def test_two_writers_append_whole_lines(tmp_path):
    import threading

    from so8t.chat.audit import AuditRecord

    log = AuditLog(tmp_path / "audit.jsonl")

    def write(n):
        for i in range(25):
            log.append(AuditRecord(sha(str(i)), [], "x" * 2000, {"label": "ALLOW"}, None, "m", "0", False, False,
                                   False, False, f"s{n}", "test"))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = (tmp_path / "audit.jsonl").read_text().splitlines()
    assert len(lines) == 100 and all(json.loads(line)["answer"] == "x" * 2000 for line in lines)


@pytest.mark.parametrize("kind", ["gguf", "model"])
def test_the_demo_model_answers_through_both_backends(demo_run, tmp_path, kind):
    from so8t.chat.backends import open_backend

    target = {"gguf": str(demo_run / "gguf" / "so8t-demo-Q8_0.gguf"), "model": str(demo_run / "baked")}[kind]
    backend = open_backend(**{kind: target}, n_ctx=512, device="cpu")
    session = ChatSession(backend, gate=None, audit=None, config=ChatConfig(max_tokens=12, seed=3))
    first = session.ask("The baked model")
    assert first.tokens == 12 and first.answer and first.tokens_per_s > 0
    again = list(session.regenerate())[-1].result
    assert again.tokens == 12 and len(session.history) == 2
    backend.close()


def test_a_grammar_forces_tags_through_llama_cpp(demo_run, tmp_path):
    from so8t.chat.backends import open_backend

    grammar = 'root ::= "<think>" "the user greets me" "</think>" "<final>" [a-z ]{3,20} "</final>"'
    session = ChatSession(open_backend(gguf=str(demo_run / "gguf" / "so8t-demo-Q8_0.gguf"), n_ctx=512),
                          gate=None, audit=AuditLog(tmp_path / "audit.jsonl"))
    chunks = list(session.send("hi", grammar=grammar))
    result = chunks[-1].result
    assert result.answer and "greets" not in result.answer
    assert "".join(c.text for c in chunks if c.kind == "answer") == result.answer
    assert result.sections == [{"name": "think", "sha256": sha("the user greets me")}]
    session.backend.close()


def test_token_events_stream_but_never_reach_events_jsonl(tmp_path):
    import io

    from so8t.events import EventSink
    from so8t.store.event_log import read_events

    stream = io.StringIO()
    sink = EventSink(run="r", stage="playground", stream=stream, log_path=tmp_path / "events.jsonl")
    sink.token("secret reasoning", "reasoning", 1)
    sink.log("a log line")
    streamed = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [e["kind"] for e in streamed] == ["token", "log"] and streamed[0]["text"] == "secret reasoning"
    assert [e["kind"] for e in read_events(tmp_path / "events.jsonl")] == ["log"]
    assert "secret" not in (tmp_path / "events.jsonl").read_text()


class ThinkingBackend(CountingBackend):
    """A fake model that knows the thinking tags, or whose chat template opens a thinking section."""

    def __init__(self, path, output, *, knows=True, opens=None):
        super().__init__(path, output)
        self.knows, self.opens = knows, opens

    def knows_thinking_tags(self):
        return self.knows

    def thinking_start(self, messages):
        return self.opens


@pytest.mark.parametrize("knows, opens", [(True, None), (False, "think")])
def test_a_thinking_model_streams_nothing_until_its_answer_begins(tmp_path, knows, opens):
    """Class 4 through the session: `secret</think>answer` (R1 style) shows and logs only the answer."""
    model = tmp_path / "m.gguf"
    model.write_bytes(b"weights")
    output = ("the hunter2 ", "plan", "</thi", "nk>", "\n\nHere is ", "the answer.")
    backend = ThinkingBackend(model, output, knows=knows, opens=opens)
    session = ChatSession(backend, gate=None, audit=AuditLog(tmp_path / "audit.jsonl"))
    chunks = list(session.send("What is it?"))
    answers = [c.text for c in chunks if c.kind == "answer"]
    assert "".join(answers) == chunks[-1].result.answer == "Here is the answer."
    assert len(answers) == 2  # streamed from where the answer began, not held to the end
    raw = (tmp_path / "audit.jsonl").read_text()
    assert "hunter2" not in raw and read_audit(tmp_path / "audit.jsonl")[0]["sections"][0]["name"] == "think"


def test_a_model_without_thinking_tags_streams_as_before(tmp_path):
    model = tmp_path / "m.gguf"
    model.write_bytes(b"weights")
    backend = ThinkingBackend(model, ("Hello ", "there.", "</think>", "more"), knows=False)
    chunks = list(ChatSession(backend, gate=None, audit=None).send("hi"))
    assert [c.text for c in chunks if c.kind == "answer"] == ["Hello ", "there."]
    assert chunks[-1].result.answer == "Hello there."  # the stray tag ended the shown answer there


def test_the_demo_gguf_knows_its_thinking_tags(demo_run):
    from so8t.chat.backends import open_backend

    backend = open_backend(gguf=str(demo_run / "gguf" / "so8t-demo-Q8_0.gguf"), n_ctx=256)
    try:
        assert backend.knows_thinking_tags()  # the demo trains on the thinking formats
        assert backend.thinking_start([{"role": "user", "content": "hi"}]) is None  # ChatML opens no section
    finally:
        backend.close()
