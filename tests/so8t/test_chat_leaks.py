"""Acceptance 3 end to end: outputs forced into each leaking shape never show or log the thinking.

A test-only GBNF grammar (`--grammar-file`) makes the demo GGUF write each shape that released its
thinking on main; `so8t chat` (streamed and --json) and `so8t serve` (streamed and not) answer
without the secret, and neither audit.jsonl nor the server's log holds it.
"""

from __future__ import annotations

import json

import pytest

from so8t.chat.audit import read_audit
from so8t.chat.session import NO_FINAL_ANSWER
from so8t.cli import main
from tests.so8t.test_serve import MODEL, Server

pytestmark = pytest.mark.slow

SECRET = "hunter2"
PLAN = f"the {SECRET} plan"
ANSWER = '[a-z]{3,8} [a-z]{3,8}'  # what the model may answer: two lower-case words

#: shape -> (grammar body, whether the output has an answer)
SHAPES = {
    "closing-never-opened": (f'"{PLAN}" "</think>" {ANSWER}', True),
    "closing-never-opened-then-final": (f'"{PLAN}" "</think>" "<final>" {ANSWER} "</final>"', True),
    "think-nested-in-final": (f'"<final>" {ANSWER} "<think>" "{PLAN}" "</think>" "</final>"', True),
    "final-then-unclosed-think": (f'"<final>" {ANSWER} "</final>" "<think>" "{PLAN}"', True),
    "unclosed-think": (f'"<think>" "{PLAN}"', False),
    "mismatched-close": (f'"<think-task>" "{PLAN}" "</think>" "<final>" {ANSWER} "</final>"', False),
    "nested-think": (f'"<think>" "<think>" "{PLAN}" "</think>" "x" "</think>" "<final>" {ANSWER} "</final>"', True),
}


def _grammar(tmp_path, shape):
    path = tmp_path / f"{shape}.gbnf"
    path.write_text(f"root ::= {SHAPES[shape][0]}\n", encoding="utf-8")
    return str(path)


def _check_answer(text, has_answer):
    assert SECRET not in text and "<" not in text
    if has_answer:
        assert text and set(text) <= set("abcdefghijklmnopqrstuvwxyz "), text
    else:
        assert text == NO_FINAL_ANSWER


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_forced_leaking_shape_never_shows_the_thinking_in_chat(demo_run, tmp_path, capsys, shape):
    gguf = str(demo_run / "gguf" / "so8t-demo-Q8_0.gguf")
    audit = tmp_path / "audit.jsonl"
    common = ["chat", "--gguf", gguf, "--ungated", "--audit", str(audit), "--grammar-file", _grammar(tmp_path, shape),
              "--max-tokens", "64", "--prompt", "hello"]
    has_answer = SHAPES[shape][1]
    main(common)  # streamed to the terminal
    out, err = capsys.readouterr()
    _check_answer(out.strip(), has_answer)
    assert SECRET not in err
    main([*common, "--json"])
    out, err = capsys.readouterr()
    result = json.loads(out.strip().splitlines()[-1])
    _check_answer(result["answer"] if has_answer else NO_FINAL_ANSWER, has_answer)
    assert result["no_final_answer"] is (not has_answer) and SECRET not in out + err
    records = read_audit(audit)
    assert len(records) == 2 and SECRET not in audit.read_text(encoding="utf-8")
    assert all(any(s["name"].startswith("think") for s in r["sections"]) for r in records)  # hashed, not dropped


@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_forced_leaking_shape_never_shows_the_thinking_in_serve(demo_run, tmp_path, shape):
    """Both modes of the endpoint, ungated so that the answer streams as it is generated."""
    from openai import OpenAI

    audit = tmp_path / "audit.jsonl"
    server = Server(tmp_path, "--gguf", str(demo_run / "gguf" / "so8t-demo-Q8_0.gguf"), "--ungated",
                    "--audit", str(audit), "--grammar-file", _grammar(tmp_path, shape), "--max-tokens", "64")
    try:
        client = OpenAI(base_url=server.url, api_key="unused")
        messages = [{"role": "user", "content": "hello"}]
        answer = client.chat.completions.create(model=MODEL, messages=messages).choices[0].message.content
        pieces = [c.choices[0].delta.content or "" for c in client.chat.completions.create(
            model=MODEL, stream=True, messages=messages)]
    finally:
        server.stop()
    streamed = "".join(pieces)
    has_answer = SHAPES[shape][1]
    _check_answer(answer, has_answer)
    _check_answer(streamed, has_answer)
    records = read_audit(audit)
    assert [r["answer"] for r in records] == ([answer, streamed] if has_answer else [None, None])
    assert SECRET not in audit.read_text(encoding="utf-8") and SECRET not in server.output()
