"""`so8t evaluate` on bad input: one line on stderr naming the input and the fix, exit 2, nothing written."""

from __future__ import annotations

import json

import pytest

from so8t.cli import main


def _run(capsys, *argv: object) -> tuple[int, str]:
    code = main(["evaluate", *(str(a) for a in argv)])
    err = capsys.readouterr().err.strip()
    return code, err


def _write(path, lines):
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


def test_a_run_without_held_out_data_names_both_files_and_the_flag(tmp_path, capsys):
    run = tmp_path / "run"
    run.mkdir()
    code, err = _run(capsys, run)
    assert code == 2 and len(err.splitlines()) == 1
    assert "data/prompts.jsonl" in err and "data/val.jsonl" in err and "--data" in err
    assert list(run.iterdir()) == []


@pytest.mark.parametrize("line, words", [
    ({"prompt": "Hi", "label": "MAYBE"}, "label 'MAYBE' is not one of ALLOW, ESCALATION, DENY"),
    ({"question": "Hi"}, "has no prompt"),
    ({"prompt": "Hi", "answer": 42}, "answer is 42, not text"),
    ({"prompt": [{"role": "robot", "content": "x"}]}, "needs a role"),
], ids=["label", "no-prompt", "answer-number", "role"])
def test_a_bad_held_out_line_is_named_by_file_and_line(tmp_path, capsys, line, words):
    run = tmp_path / "run"
    run.mkdir()
    data = _write(tmp_path / "held.jsonl", [{"prompt": "What is 2 + 2?", "answer": "4"}, line])
    code, err = _run(capsys, run, "--data", data)
    assert code == 2 and len(err.splitlines()) == 1
    assert f"{data}, line 2" in err and words in err
    assert list(run.iterdir()) == []


def test_a_model_named_twice_and_a_missing_run_are_refused(tmp_path, capsys):
    code, err = _run(capsys, tmp_path, "--models", "base,base")
    assert code == 2 and "names a model twice" in err
    code, err = _run(capsys, tmp_path / "nope", "--data", _write(tmp_path / "h.jsonl", [{"prompt": "x"}]))
    assert code == 2 and "does not exist" in err


def test_an_lm_eval_folder_without_tasks_is_refused_before_any_model_loads(tmp_path, capsys):
    run = tmp_path / "run"
    run.mkdir()
    data = _write(tmp_path / "h.jsonl", [{"prompt": "x"}])
    code, err = _run(capsys, run, "--data", data, "--lm-eval-tasks", tmp_path)
    assert code == 2 and "holds no task YAML" in err and list(run.iterdir()) == []
