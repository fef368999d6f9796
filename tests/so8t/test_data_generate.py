"""`so8t data-generate` against a scripted OpenAI-compatible endpoint in this process: what is kept, what is
refused in one line, retries, the concurrency bound, and the journal that survives an interruption."""

from __future__ import annotations

import dataclasses
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from so8t.chat.thinking import check_thinking
from so8t.cli import main
from so8t.data import generate as gen
from so8t.store.layout import RunLayout
from so8t.store.runs import RunLock

GOOD = ("<think-task>add two numbers</think-task><think-safety>harmless</think-safety>"
        "<think-policy>answer plainly</think-policy><final>{n}</final>")
BASIC = "<think>adding</think><final>{n}</final>"


def chat_reply(content, finish="stop"):
    return 200, {"choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                              "finish_reason": finish}]}, {}


class FakeEndpoint:
    """An OpenAI-compatible /v1/chat/completions on a free port; `reply(body, index)` scripts each answer."""

    def __init__(self, reply):
        self.reply = reply
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with fake.lock:
                    index = len(fake.requests)
                    fake.requests.append(body)
                    fake.headers.append(dict(self.headers))
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                try:
                    status, payload, headers = fake.reply(body, index)
                finally:
                    with fake.lock:
                        fake.in_flight -= 1
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def prompts_asked(self):
        return [r["messages"][-1]["content"] for r in self.requests]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint_factory():
    made = []

    def make(reply):
        made.append(FakeEndpoint(reply))
        return made[-1]

    yield make
    for e in made:
        e.close()


@pytest.fixture(autouse=True)
def no_back_off(monkeypatch):
    monkeypatch.setattr(gen, "BACKOFF_FIRST_S", 0.0)


def write_prompts(path: Path, n: int, **extra) -> Path:
    path.write_text("".join(json.dumps({"prompt": f"what is {i} + 1?", "id": f"p{i}", **extra}) + "\n"
                            for i in range(n)), encoding="utf-8")
    return path


def answer_by_prompt(body):
    """Prompt i: compliant unless i % 3 == 0 (plain text) or i % 3 == 1 and i > 5 (basic form)."""
    prompt = body["messages"][-1]["content"]
    i = int(prompt.split()[2])
    if i % 3 == 0:
        return f"it is {i + 1}"
    if i % 3 == 1 and i > 5:
        return BASIC.format(n=i + 1)
    return GOOD.format(n=i + 1)


def run_cli(capsys, *args):
    code = main(["data-generate", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def read_jsonl(path: Path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# -- what is kept -----------------------------------------------------------------------------------

def test_compliant_answers_become_conversations_and_the_rest_rejects_with_reasons(tmp_path, capsys, endpoint_factory):
    fake = endpoint_factory(lambda body, i: chat_reply(answer_by_prompt(body)))
    prompts = write_prompts(tmp_path / "p.jsonl", 12, label="ALLOW")
    run = tmp_path / "run"
    code, out, err = run_cli(capsys, prompts, "--out", run, "--endpoint", fake.url, "--json", "--concurrency", 3)
    assert code == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    layout = RunLayout(run)
    samples, rejects = read_jsonl(layout.generated), read_jsonl(layout.generate_rejects)
    # the counts are the checker's, recounted here from the saved answers
    answers = [s["messages"][1]["content"] for s in samples] + [r["answer"] for r in rejects]
    compliant = sum(check_thinking(a).ok and check_thinking(a).form == "four-section" for a in answers)
    assert len(answers) == 12 and result["answered"] == 12
    assert result["accepted"] == compliant == len(samples) == 6  # i = 2, 4, 5, 8, 11, and 1
    assert result["rejected"] == len(rejects) == 6
    assert result["compliance"] == pytest.approx(0.5)
    assert result["reasons"] == {"no thinking tags, not four-section": 4, "basic form, not four-section": 2}
    assert all(r["reason"] in result["reasons"] for r in rejects)
    # conversations in prompt order, with the prompt's id and label, as the data stage reads them
    assert [s["id"] for s in samples] == ["p1", "p2", "p4", "p5", "p8", "p11"]
    assert samples[0] == {"messages": [{"role": "user", "content": "what is 1 + 1?"},
                                       {"role": "assistant", "content": GOOD.format(n=2)}], "id": "p1", "label": "ALLOW"}
    assert len(read_jsonl(layout.generate_journal)) == 12


def test_the_system_prompt_asks_for_the_chosen_format_and_the_request_carries_the_options(tmp_path, capsys,
                                                                                          endpoint_factory):
    fake = endpoint_factory(lambda body, i: chat_reply(BASIC.format(n=i)))
    prompts = write_prompts(tmp_path / "p.jsonl", 2)
    grammar = tmp_path / "g.gbnf"
    grammar.write_text('root ::= "<think>" [a-z]{1,9} "</think>" "<final>" [a-z]{1,9} "</final>"\n', encoding="utf-8")
    code, out, err = run_cli(capsys, prompts, "--out", tmp_path / "run", "--endpoint", fake.url + "/",
                             "--thinking-format", "basic", "--model-name", "m1", "--api-key", "k-123",
                             "--max-tokens", 77, "--temperature", 0.3, "--grammar", grammar,
                             "--extra-body", '{"top_k": 5}', "--json")
    assert code == 0, err
    body = fake.requests[0]
    assert body["messages"][0] == {"role": "system", "content": gen.SYSTEM_PROMPTS["basic"]}
    assert "<think>" in body["messages"][0]["content"] and "<think-task>" not in body["messages"][0]["content"]
    assert body["model"] == "m1" and body["max_tokens"] == 77 and body["temperature"] == 0.3 and body["top_k"] == 5
    assert body["grammar"] == grammar.read_text(encoding="utf-8")
    assert fake.headers[0]["Authorization"] == "Bearer k-123"
    assert json.loads(out.splitlines()[-1])["accepted"] == 2
    # without those options none of them is sent
    fake.requests.clear()
    code, _, err = run_cli(capsys, prompts, "--out", tmp_path / "run2", "--endpoint", fake.url)
    assert code == 0, err
    assert not {"model", "temperature", "grammar", "top_k"} & set(fake.requests[0])
    assert "Authorization" not in fake.headers[-1]
    assert "<think-task>" in fake.requests[0]["messages"][0]["content"]  # four-section by default


@pytest.mark.parametrize("form", gen.THINKING_FORMATS)
def test_the_built_in_grammar_forces_every_section_within_the_token_budget(form):
    grammar = gen.format_grammar(form, 200)
    sections = gen.FORMAT_SECTIONS[form]
    assert grammar.startswith("root ::= ") and all(f'"<{s}>"' in grammar and f'"</{s}>"' in grammar for s in sections)
    share = int(grammar.split("{1,")[1].split("}")[0])
    tags = sum(len(f"<{s}></{s}>") for s in sections)
    assert tags + share * len(sections) <= 200 < tags + (share + 1) * len(sections)
    with pytest.raises(gen.ConfigError, match="--max-tokens"):
        gen.format_grammar(form, tags)


def test_format_grammar_is_sent_for_the_chosen_format(tmp_path, capsys, endpoint_factory):
    fake = endpoint_factory(lambda body, i: chat_reply(GOOD.format(n=i)))
    code, _, err = run_cli(capsys, write_prompts(tmp_path / "p.jsonl", 1), "--out", tmp_path / "run",
                           "--endpoint", fake.url, "--format-grammar", "--max-tokens", 300)
    assert code == 0, err
    assert fake.requests[0]["grammar"] == gen.format_grammar("four-section", 300)


def test_chunks_with_a_question_template(tmp_path, capsys, endpoint_factory):
    fake = endpoint_factory(lambda body, i: chat_reply(GOOD.format(n=i)))
    chunks = tmp_path / "chunks.jsonl"
    chunks.write_text('{"text": "SO(8) has 28 generators."}\n{"text": "A gate is a rotation."}\n', encoding="utf-8")
    code, _, err = run_cli(capsys, chunks, "--out", tmp_path / "run", "--endpoint", fake.url,
                           "--question-template", "Ask and answer one question about: {text}")
    assert code == 0, err
    assert sorted(fake.prompts_asked()) == ["Ask and answer one question about: A gate is a rotation.",
                                            "Ask and answer one question about: SO(8) has 28 generators."]


def test_samples_go_into_an_existing_run_without_touching_its_data(tmp_path, capsys, endpoint_factory):
    fake = endpoint_factory(lambda body, i: chat_reply(GOOD.format(n=i)))
    run = tmp_path / "run"
    layout = RunLayout(run)
    layout.data_dir.mkdir(parents=True)
    layout.data_train.write_text('{"messages": []}\n', encoding="utf-8")
    code, _, err = run_cli(capsys, write_prompts(tmp_path / "p.jsonl", 3), "--run", run, "--endpoint", fake.url)
    assert code == 0, err
    assert layout.data_train.read_text(encoding="utf-8") == '{"messages": []}\n'
    assert len(read_jsonl(layout.generated)) == 3


# -- concurrency and retries ---------------------------------------------------------------------------

def test_requests_run_concurrently_up_to_the_bound(tmp_path, capsys, endpoint_factory):
    # The first three requests wait for each other: with fewer in flight the barrier breaks and they fail.
    barrier = threading.Barrier(3, timeout=30)

    def reply(body, i):
        if i < 3:
            barrier.wait()
        return chat_reply(GOOD.format(n=i))

    fake = endpoint_factory(reply)
    code, out, err = run_cli(capsys, write_prompts(tmp_path / "p.jsonl", 10), "--out", tmp_path / "run",
                             "--endpoint", fake.url, "--concurrency", 3, "--json")
    assert code == 0, err
    assert not barrier.broken and fake.max_in_flight == 3
    assert json.loads(out.splitlines()[-1])["accepted"] == 10


def test_failures_that_pass_are_retried_with_back_off(tmp_path, capsys, endpoint_factory):
    replies = [(503, {"error": {"message": "loading"}}, {"Retry-After": "0"}), (429, {}, {}),
               (500, b"oops", {})]

    def reply(body, i):
        return replies[i] if i < len(replies) else chat_reply(GOOD.format(n=i))

    fake = endpoint_factory(reply)
    code, out, err = run_cli(capsys, write_prompts(tmp_path / "p.jsonl", 1), "--out", tmp_path / "run",
                             "--endpoint", fake.url, "--json")
    assert code == 0, err
    assert len(fake.requests) == 4 and json.loads(out.splitlines()[-1])["accepted"] == 1


def test_retries_are_bounded(tmp_path, capsys, endpoint_factory):
    fake = endpoint_factory(lambda body, i: (503, {"error": {"message": "overloaded"}}, {}))
    run = tmp_path / "run"
    code, _, err = run_cli(capsys, write_prompts(tmp_path / "p.jsonl", 1), "--out", run, "--endpoint", fake.url)
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert f"failed {gen.MAX_ATTEMPTS} times" in err and "HTTP 503: overloaded" in err
    assert len(fake.requests) == gen.MAX_ATTEMPTS
    assert not run.exists()  # nothing answered: the new run is not left behind


# -- one-line refusals ----------------------------------------------------------------------------------

def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("status, words", [(401, ["HTTP 401", "--api-key"]), (403, ["HTTP 403", "--api-key"]),
                                           (404, ["HTTP 404", "/v1"]), (400, ["HTTP 400", "bad grammar", "--grammar"])])
def test_a_refusal_is_one_line_and_asked_once(tmp_path, capsys, endpoint_factory, status, words):
    fake = endpoint_factory(lambda body, i: (status, {"error": {"message": "bad grammar\nat line 1"}}, {}))
    run = tmp_path / "run"
    code, _, err = run_cli(capsys, write_prompts(tmp_path / "p.jsonl", 5), "--out", run, "--endpoint", fake.url,
                           "--concurrency", 1)
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert all(w in err for w in words), err
    assert len(fake.requests) == 1  # the other prompts would meet the same refusal
    assert not run.exists()


def test_a_refusal_adding_to_a_run_leaves_its_folder_as_it_was(tmp_path, capsys, endpoint_factory):
    fake = endpoint_factory(lambda body, i: (401, {"error": {"message": "no key"}}, {}))
    run = tmp_path / "run"
    run.mkdir()
    (run / "run.json").write_text("{}", encoding="utf-8")
    code, _, err = run_cli(capsys, write_prompts(tmp_path / "p.jsonl", 2), "--run", run, "--endpoint", fake.url)
    assert code == 2 and "HTTP 401" in err
    assert sorted(p.name for p in run.iterdir()) == ["run.json"]  # no data/, no lock


def test_a_reply_that_is_no_chat_completion_is_one_line(tmp_path, capsys, endpoint_factory):
    fake = endpoint_factory(lambda body, i: (200, b"<html>welcome</html>", {}))
    code, _, err = run_cli(capsys, write_prompts(tmp_path / "p.jsonl", 1), "--out", tmp_path / "run",
                           "--endpoint", fake.url)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "chat completion" in err


def test_an_unreachable_endpoint_is_one_line(tmp_path, capsys):
    url = f"http://127.0.0.1:{_free_port()}/v1"
    run = tmp_path / "run"
    code, _, err = run_cli(capsys, write_prompts(tmp_path / "p.jsonl", 3), "--out", run, "--endpoint", url)
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert url in err and "refused" in err and "server is running" in err
    assert not run.exists()


@pytest.mark.parametrize("url", ["localhost:8080/v1", "ftp://127.0.0.1/v1", "http://", "http://127.0.0.1:99999/v1",
                                 "not a url"])
def test_a_bad_url_is_one_line_and_nothing_is_written(tmp_path, capsys, url):
    run = tmp_path / "run"
    code, _, err = run_cli(capsys, write_prompts(tmp_path / "p.jsonl", 1), "--out", run, "--endpoint", url)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "--endpoint" in err, err
    assert not run.exists()


def test_nothing_is_contacted_without_an_endpoint(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["data-generate", str(write_prompts(tmp_path / "p.jsonl", 1)), "--out", str(tmp_path / "run")])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and "--endpoint" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("content, words", [
    (None, ["does not exist"]),
    ("", ["holds no prompts"]),
    ("what is 1 + 1?\n", ["line 1", "not valid JSON"]),
    ('{"question": "hi"}\n', ["line 1", '"prompt"']),
    ('{"prompt": ""}\n', ["line 1", "empty"]),
    ('{"prompt": 5}\n', ["line 1", "not text"]),
    ('["hi"]\n', ["line 1", "not a JSON object"]),
    ('{"prompt": "a", "id": 1}\n{"prompt": "b", "id": 1}\n', ["line 2", "already used"]),
    ('{"prompt": "a", "label": 3}\n', ["line 1", "label"]),
], ids=["missing", "empty", "not-json", "no-prompt", "empty-prompt", "number", "list", "same-id", "label-number"])
def test_a_bad_prompt_file_is_one_line_and_nothing_is_contacted(tmp_path, capsys, endpoint_factory, content, words):
    fake = endpoint_factory(lambda body, i: chat_reply(GOOD))
    prompts = tmp_path / "p.jsonl"
    if content is not None:
        prompts.write_text(content, encoding="utf-8")
    run = tmp_path / "run"
    code, _, err = run_cli(capsys, prompts, "--out", run, "--endpoint", fake.url)
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert all(w in err for w in words), err
    assert not fake.requests and not run.exists()


@pytest.mark.parametrize("flags, words", [
    (["--concurrency", "0"], ["--concurrency"]), (["--concurrency", "1000"], ["--concurrency"]),
    (["--max-tokens", "0"], ["--max-tokens"]), (["--timeout", "0"], ["--timeout"]),
    (["--temperature", "5"], ["--temperature"]),
    (["--question-template", "no placeholder"], ["{text}"]),
    (["--extra-body", "{not json"], ["--extra-body", "JSON"]), (["--extra-body", "[1]"], ["--extra-body", "object"]),
    (["--extra-body", '{"messages": []}'], ["messages"]),
    (["--grammar", "missing.gbnf"], ["missing.gbnf"]),
    (["--format-grammar", "--max-tokens", "20"], ["--max-tokens"]),
], ids=["concurrency-0", "concurrency-1000", "max-tokens-0", "timeout-0", "temperature-5", "template", "body-json",
        "body-list", "body-messages", "grammar-missing", "grammar-budget"])
def test_bad_options_are_one_line_and_nothing_is_contacted(tmp_path, capsys, endpoint_factory, monkeypatch, flags, words):
    monkeypatch.chdir(tmp_path)
    fake = endpoint_factory(lambda body, i: chat_reply(GOOD))
    run = tmp_path / "run"
    code, _, err = run_cli(capsys, write_prompts(tmp_path / "p.jsonl", 1), "--out", run, "--endpoint", fake.url, *flags)
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert all(w in err for w in words), err
    assert not fake.requests and not run.exists()


def test_out_must_be_new_and_run_must_exist(tmp_path, capsys, endpoint_factory):
    fake = endpoint_factory(lambda body, i: chat_reply(GOOD))
    prompts = write_prompts(tmp_path / "p.jsonl", 1)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = run_cli(capsys, prompts, "--out", busy, "--endpoint", fake.url)
    assert code == 2 and "not empty" in err and "--run" in err
    code, _, err = run_cli(capsys, prompts, "--run", tmp_path / "nowhere", "--endpoint", fake.url)
    assert code == 2 and "does not exist" in err and "--out" in err
    assert not fake.requests and sorted(p.name for p in busy.iterdir()) == ["notes.txt"]


# -- the journal ------------------------------------------------------------------------------------------

def test_an_interrupted_run_continues_without_repeating_or_losing_an_answer(tmp_path, capsys, endpoint_factory):
    fake = endpoint_factory(lambda body, i: chat_reply(answer_by_prompt(body)))
    prompts = gen.read_prompts(write_prompts(tmp_path / "p.jsonl", 15), thinking_format="four-section")
    run = tmp_path / "run"
    options = gen.GenerateOptions(endpoint=fake.url, concurrency=2)

    def interrupt(done):
        if done == 6:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        gen.generate(prompts, run, options, on_answer=interrupt)
    layout = RunLayout(run)
    journal = read_jsonl(layout.generate_journal)
    assert len(journal) == 6
    asked_before = len(fake.requests)
    result = gen.generate(prompts, run, options)
    assert result.answered == 15 and result.already_done == 6 and result.new == 9
    asked_again = fake.prompts_asked()[asked_before:]
    assert not {e["prompt"] for e in journal} & set(asked_again)  # a finished answer is never asked again
    samples, rejects = read_jsonl(layout.generated), read_jsonl(layout.generate_rejects)
    ids = [s["id"] for s in samples] + [r["id"] for r in rejects]
    assert sorted(ids) == sorted(f"p{i}" for i in range(15))  # each once
    assert len(read_jsonl(layout.generate_journal)) == 15
    # a third run asks nothing
    asked = len(fake.requests)
    assert gen.generate(prompts, run, options).new == 0 and len(fake.requests) == asked


def test_a_torn_journal_line_is_asked_again_and_a_missing_output_line_restored(tmp_path, endpoint_factory):
    fake = endpoint_factory(lambda body, i: chat_reply(GOOD.format(n=i)))
    prompts = gen.read_prompts(write_prompts(tmp_path / "p.jsonl", 4), thinking_format="four-section")
    run = tmp_path / "run"
    options = gen.GenerateOptions(endpoint=fake.url, concurrency=1)
    gen.generate(prompts, run, options)
    layout = RunLayout(run)
    lines = layout.generate_journal.read_bytes().splitlines(keepends=True)
    # a kill mid-line in the journal's last entry, and one after the journal's line but before the output's
    layout.generate_journal.write_bytes(b"".join(lines[:3]) + lines[3][:25])
    samples = layout.generated.read_bytes().splitlines(keepends=True)
    layout.generated.write_bytes(b"".join(samples[:2]))
    asked = len(fake.requests)
    result = gen.generate(prompts, run, options)
    assert result.new == 1 and len(fake.requests) == asked + 1
    assert fake.prompts_asked()[-1] == json.loads(lines[3])["prompt"]
    assert [s["id"] for s in read_jsonl(layout.generated)] == ["p0", "p1", "p2", "p3"]
    assert len(read_jsonl(layout.generate_journal)) == 4


def test_out_continues_a_run_a_kill_left_with_its_lock_and_temp_files(tmp_path, capsys, endpoint_factory):
    fake = endpoint_factory(lambda body, i: chat_reply(GOOD.format(n=i)))
    prompts = write_prompts(tmp_path / "p.jsonl", 3)
    run = tmp_path / "run"
    code, _, err = run_cli(capsys, prompts, "--out", run, "--endpoint", fake.url)
    assert code == 0, err
    layout = RunLayout(run)
    dead = dataclasses.replace(RunLock.mine("data-generate"), boot_id="an earlier boot")  # as after a power cut
    layout.lock.write_text(json.dumps(dead.to_dict()), encoding="utf-8")
    (run / ".lock.999.abc123.tmp").write_text("", encoding="utf-8")
    stale = layout.data_dir / f".{layout.generated.name}.x1y2.tmp"
    stale.write_text("torn", encoding="utf-8")
    code, out, err = run_cli(capsys, write_prompts(prompts, 4), "--out", run, "--endpoint", fake.url, "--json")
    assert code == 0, err
    assert json.loads(out.splitlines()[-1])["new"] == 1 and len(fake.requests) == 4
    assert not stale.exists() and not layout.lock.exists()


@pytest.mark.parametrize("line", ['{"key": 1}', '{"key": "k", "status": "rejected", "prompt": "p", "answer": "a"}',
                                  "[]", "not json"], ids=["key-number", "no-reason", "list", "text"])
def test_a_journal_changed_by_hand_is_one_line(tmp_path, capsys, endpoint_factory, line):
    fake = endpoint_factory(lambda body, i: chat_reply(GOOD))
    run = tmp_path / "run"
    layout = RunLayout(run)
    layout.data_dir.mkdir(parents=True)
    layout.generate_journal.write_text(line + "\n", encoding="utf-8")
    code, _, err = run_cli(capsys, write_prompts(tmp_path / "p.jsonl", 1), "--run", run, "--endpoint", fake.url)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "journal" in err and "line 1" in err
    assert not fake.requests


def test_the_same_prompt_in_another_form_is_another_sample(tmp_path, endpoint_factory):
    fake = endpoint_factory(lambda body, i: chat_reply(BASIC.format(n=i) if "<think>" in body["messages"][0]["content"]
                                                       else GOOD.format(n=i)))
    path = write_prompts(tmp_path / "p.jsonl", 2)
    run = tmp_path / "run"
    for form in gen.THINKING_FORMATS:
        prompts = gen.read_prompts(path, thinking_format=form)
        assert gen.generate(prompts, run, gen.GenerateOptions(endpoint=fake.url, thinking_format=form)).accepted == 2
    assert len(read_jsonl(RunLayout(run).generated)) == 4 and len(fake.requests) == 4


def test_the_data_stage_prepares_the_generated_samples_and_keeps_the_journal(tmp_path, capsys, endpoint_factory):
    fake = endpoint_factory(lambda body, i: chat_reply(answer_by_prompt(body)))
    prompts = write_prompts(tmp_path / "p.jsonl", 12)
    run = tmp_path / "run"
    code, out, err = run_cli(capsys, prompts, "--out", run, "--endpoint", fake.url, "--json")
    assert code == 0, err
    accepted = json.loads(out.splitlines()[-1])["accepted"]
    layout = RunLayout(run)
    kept = {p: p.read_bytes() for p in (layout.generated, layout.generate_rejects, layout.generate_journal)}
    code = main(["data", str(layout.generated), "--run", str(run), "--keep-duplicates", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    record = json.loads(out.splitlines()[-1])
    assert record["samples_in"] == accepted and record["train"] + record["val"] == accepted
    assert {p: p.read_bytes() for p in kept} == kept  # the new data/ still holds data-generate's files
    asked = len(fake.requests)
    code, out, err = run_cli(capsys, prompts, "--run", run, "--endpoint", fake.url, "--json")
    assert code == 0 and json.loads(out.splitlines()[-1])["new"] == 0 and len(fake.requests) == asked

