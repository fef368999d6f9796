"""`so8t chat` on the demo run: exit 3 held, 4 refused, JSON verdicts, --ungated required without a run."""

from __future__ import annotations

import json

import pytest

from so8t.chat.audit import read_audit
from so8t.cli import main


@pytest.fixture
def gguf(demo_run):
    return str(demo_run / "gguf" / "so8t-demo-Q8_0.gguf")


def _chat(capsys, *args):
    code = main(["chat", *args, "--json", "--max-tokens", "8"])
    out, err = capsys.readouterr()
    return code, (json.loads(out.strip().splitlines()[-1]) if code in (0, 3, 4) else None), err


def test_exit_codes_follow_the_gates_verdict(demo_run, gguf, capsys):
    code, result, _ = _chat(capsys, "--gguf", gguf, "--run", str(demo_run), "--prompt", "hello")
    assert code == 0 and result["verdict"] == "ALLOW" and result["held"] is False
    assert set(result["probabilities"]) == {"ALLOW", "ESCALATION", "DENY"}
    code, result, _ = _chat(capsys, "--gguf", gguf, "--run", str(demo_run), "--prompt", "hello",
                            "--deny-threshold", "0.01")
    assert code == 4 and result["verdict"] == "DENY" and result["refused"] and result["tokens"] == 0
    code, result, _ = _chat(capsys, "--gguf", gguf, "--run", str(demo_run), "--prompt", "hello",
                            "--deny-threshold", "1.0", "--escalation-threshold", "0.01")
    assert code == 3 and result["verdict"] == "ESCALATION" and result["held"] is True and result["tokens"] == 8
    records = read_audit(demo_run / "audit.jsonl")
    assert [r["verdict"]["label"] for r in records[-3:]] == ["ALLOW", "DENY", "ESCALATION"]


def test_without_a_run_chat_needs_ungated(gguf, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("SO8T_WORKSPACE", str(tmp_path))
    code, _, err = _chat(capsys, "--gguf", gguf, "--prompt", "hello")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "--ungated" in err
    code, result, _ = _chat(capsys, "--gguf", gguf, "--prompt", "hello", "--ungated")
    assert code == 0 and result["verdict"] == "ungated" and result["ungated"] is True
    [record] = read_audit(tmp_path / "audit" / "audit.jsonl")
    assert record["ungated"] is True


def test_a_missing_gguf_is_one_line(tmp_path, capsys):
    code, _, err = _chat(capsys, "--gguf", str(tmp_path / "nope.gguf"), "--ungated", "--prompt", "x",
                         "--audit", str(tmp_path / "a.jsonl"))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "nope.gguf" in err
