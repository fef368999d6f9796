"""`so8t data-generate` against llama-cpp-python's own OpenAI-compatible server on the demo GGUF (issue 27, acceptance 7).

The demo tokenizer holds the thinking tags as control tokens, which that server leaves out of the text it
returns; every request here bans them with `logit_bias` (through `--extra-body`), so the model spells a
tag in ordinary characters and the tags reach the answer. The per-request grammar (`--format-grammar`)
is what forces the four-section form.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from so8t.chat.thinking import ALL_TAGS, check_thinking
from so8t.store.layout import RunLayout

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PROMPTS = 40
#: Small answers keep the test fast: the built-in grammar gives each of the four sections (160 − 98) // 4
#: characters, so every forced answer closes within the budget.
MAX_TOKENS = 160
#: Seconds the server may take to load the model, and one command to answer 40 prompts on a busy machine.
START_S, COMMAND_S = 120, 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict[str, str]:
    # The child runs this checkout's so8t, whatever is installed.
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}


@pytest.fixture(scope="module")
def gguf(demo_run) -> Path:
    return demo_run / "gguf" / "so8t-demo-Q8_0.gguf"


@pytest.fixture(scope="module")
def server(gguf, tmp_path_factory):
    """`python -m llama_cpp.server` on 127.0.0.1 and a free port; yields its /v1 URL."""
    log = tmp_path_factory.mktemp("llama_server") / "server.log"
    port = _free_port()
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1",
                                 "--port", str(port), "--n_ctx", "512", "--verbose", "False"],
                                stdout=out, stderr=subprocess.STDOUT, env=_env())
    deadline = time.monotonic() + START_S
    while "Uvicorn running" not in log.read_text(errors="replace"):
        assert proc.poll() is None, log.read_text(errors="replace")
        assert time.monotonic() < deadline, log.read_text(errors="replace")
        time.sleep(0.2)
    yield f"http://127.0.0.1:{port}/v1"
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(30)


@pytest.fixture(scope="module")
def tag_token_bias(gguf) -> str:
    """`--extra-body` banning the GGUF's control tokens that spell a thinking tag (found in its vocabulary)."""
    from gguf import GGUFReader

    reader = GGUFReader(str(gguf))
    tokens, kinds = reader.fields["tokenizer.ggml.tokens"], reader.fields["tokenizer.ggml.token_type"]
    control = 3  # llama.cpp's LLAMA_TOKEN_TYPE_CONTROL
    ids = [n for n, (t, k) in enumerate(zip(tokens.data, kinds.data, strict=True))
           if bytes(tokens.parts[t]).decode() in ALL_TAGS and int(kinds.parts[k][0]) == control]
    assert len(ids) == len(ALL_TAGS), ids  # every thinking tag, opening and closing, is one control token
    return json.dumps({"logit_bias": {str(i): -100 for i in ids}})


@pytest.fixture
def prompts(tmp_path) -> Path:
    path = tmp_path / "prompts.jsonl"
    path.write_text("".join(json.dumps({"prompt": f"What is {i} + {i % 7}?", "id": f"q{i}", "label": "ALLOW"}) + "\n"
                            for i in range(PROMPTS)), encoding="utf-8")
    return path


def _command(prompts: Path, run: Path, url: str, *flags: str) -> list[str]:
    return [sys.executable, "-m", "so8t", "data-generate", str(prompts), "--out", str(run), "--endpoint", url,
            "--max-tokens", str(MAX_TOKENS), "--json", *flags]


def _generate(*command: str) -> dict:
    done = subprocess.run(command, capture_output=True, text=True, env=_env(), timeout=COMMAND_S)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _saved_answers(run: Path) -> list[tuple[str, str]]:
    """(id, answer) of every saved answer, accepted or rejected, read back from the run's files."""
    layout = RunLayout(run)
    read = [json.loads(line) for path in (layout.generated, layout.generate_rejects)
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["id"], r["messages"][1]["content"] if "messages" in r else r["answer"]) for r in read]


def _compliant(answer: str) -> bool:
    check = check_thinking(answer)
    return check.ok and check.form == "four-section"


def test_a_forcing_grammar_gives_one_compliant_answer_per_prompt(server, prompts, tag_token_bias, tmp_path):
    run = tmp_path / "forced"
    result = _generate(*_command(prompts, run, server, "--format-grammar", "--extra-body", tag_token_bias))
    answers = _saved_answers(run)
    assert result["answered"] == result["accepted"] == PROMPTS and result["compliance"] == 1.0
    assert len(answers) == PROMPTS and all(_compliant(a) for _, a in answers)
    assert sorted(i for i, _ in answers) == sorted(f"q{i}" for i in range(PROMPTS))


@pytest.mark.parametrize("grammar", ["none", "mixed"])
def test_without_the_forcing_grammar_the_compliance_figure_is_the_hand_count(server, prompts, tag_token_bias, tmp_path,
                                                                             grammar):
    # "mixed": a grammar under which the first letter the model picks decides the form (a to m: the four
    # sections; n to z: the task section then <final>, which the checker refuses), so both counts are far
    # from 0 and 40 and a miscount shows.
    flags = ["--extra-body", tag_token_bias]
    if grammar == "mixed":
        file = tmp_path / "mixed.gbnf"
        file.write_text('root ::= "<think-task>" ( [a-m] t "</think-task>" rest | [n-z] t "</think-task>" final )\n'
                        'rest ::= "<think-safety>" t "</think-safety>" "<think-policy>" t "</think-policy>" final\n'
                        'final ::= "<final>" t "</final>"\n'
                        't ::= [a-z ]{1,8}\n', encoding="utf-8")
        flags += ["--grammar", str(file)]
    run = tmp_path / grammar
    result = _generate(*_command(prompts, run, server, *flags))
    answers = _saved_answers(run)
    hand = sum(_compliant(a) for _, a in answers)
    assert len(answers) == result["answered"] == PROMPTS
    assert result["accepted"] == hand and result["rejected"] == PROMPTS - hand
    assert result["compliance"] == pytest.approx(hand / PROMPTS)
    assert sum(result["reasons"].values()) == PROMPTS - hand
    print(f"grammar {grammar}: {hand}/{PROMPTS} compliant by hand, {result['accepted']} by data-generate, "
          f"rejected for {result['reasons']}")


def test_a_kill_after_about_half_then_the_same_command_gives_each_answer_once(server, prompts, tag_token_bias, tmp_path):
    run = tmp_path / "killed"
    command = _command(prompts, run, server, "--format-grammar", "--extra-body", tag_token_bias, "--concurrency", "2")
    journal = RunLayout(run).generate_journal
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    deadline = time.monotonic() + COMMAND_S

    def finished() -> int:
        return journal.read_bytes().count(b"\n") if journal.exists() else 0

    while finished() < PROMPTS // 2:
        assert child.poll() is None, child.stderr.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait(30)
    child.stderr.close()
    before = finished()
    assert PROMPTS // 2 <= before < PROMPTS, before  # killed part way, its lock left behind
    result = _generate(*command)
    assert result["already_done"] >= before and result["already_done"] + result["new"] == PROMPTS
    answers = _saved_answers(run)
    ids = [i for i, _ in answers]
    assert len(ids) == len(set(ids)) == PROMPTS and set(ids) == {f"q{i}" for i in range(PROMPTS)}
    entries = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    assert len(entries) == len({e["key"] for e in entries}) == PROMPTS
    assert result["accepted"] == PROMPTS and all(_compliant(a) for _, a in answers)
    print(f"killed after {before} answers; the rerun answered {result['new']}")
