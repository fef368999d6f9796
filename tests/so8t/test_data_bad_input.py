"""`so8t data` refuses bad input in one line naming the file, the line and the fix, exit 2, and writes no RUN/data/ (issue 27, acceptance 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.so8t.cli_checks import assert_one_line_error, run_cli
from tests.so8t.data_files import write_container

GOOD = [{"messages": [{"role": "user", "content": f"Question {i}?"}, {"role": "assistant", "content": f"Answer {i}."}]}
        for i in range(5)]


def _jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _case_wrong_columns(d: Path):
    return [_jsonl(d / "a.jsonl", [{"question": "q", "reply": "r"}])], [], ["a.jsonl", "line 1", "--map"]


def _case_mixed_shapes(d: Path):
    rows = [{"instruction": "i", "output": "o"}, {"instruction": "j", "output": "p"},
            {"conversations": [{"from": "human", "value": "h"}, {"from": "gpt", "value": "g"}]}]
    return [_jsonl(d / "mixed.jsonl", rows)], [], ["mixed.jsonl", "alpaca at line 1", "sharegpt at line 3"]


def _case_two_kinds(d: Path):
    pairs = [{"prompt": "p", "chosen": "c", "rejected": "r"}]
    return [_jsonl(d / "chat.jsonl", GOOD), _jsonl(d / "pairs.jsonl", pairs)], [], ["pairs.jsonl", "one kind"]


def _case_broken_csv_quote(d: Path):
    return [_bytes(d / "q.csv", b'prompt,response\n"open quote,answer\n')], [], ["q.csv", "line", "quote"]


def _case_parquet_not_parquet(d: Path):
    return [_bytes(d / "x.parquet", b"this is not parquet at all\n" * 10)], [], ["x.parquet", "Parquet"]


def _case_role_that_does_not_exist(d: Path):
    rows = [{"messages": [{"role": "robot", "content": "beep"}, {"role": "assistant", "content": "boop"}]}]
    return [_jsonl(d / "r.jsonl", rows)], [], ["r.jsonl", "line 1", "robot", "assistant"]


def _case_sharegpt_unknown_from(d: Path):
    rows = [{"conversations": [{"from": "alien", "value": "x"}, {"from": "gpt", "value": "y"}]}]
    return [_jsonl(d / "s.jsonl", rows)], [], ["s.jsonl", "alien", "human, gpt"]


def _case_label_outside_classes(d: Path):
    return [_jsonl(d / "l.jsonl", [{"text": "t", "label": "MAYBE"}])], [], ["l.jsonl", "MAYBE", "ALLOW, ESCALATION, DENY"]


def _case_empty_file(d: Path):
    return [_bytes(d / "e.jsonl", b"")], [], ["e.jsonl", "no records"]


def _case_header_only_csv(d: Path):
    return [_bytes(d / "h.csv", b"prompt,response\n")], [], ["h.csv", "no records"]


def _case_empty_csv(d: Path):
    return [_bytes(d / "h0.csv", b"")], [], ["h0.csv", "empty"]


def _case_50_mb_line(d: Path):
    line = json.dumps({"prompt": "x" * (50 << 20), "response": "y"}).encode()
    return [_bytes(d / "big.jsonl", line + b"\n")], [], ["big.jsonl", "line 1", "--max-line-mb"]


def _case_four_section_without_columns(d: Path):
    rows = [{"prompt": "p", "answer": "a", "task": "t"}]
    return [_jsonl(d / "f.jsonl", rows)], ["--thinking-format", "four-section"], ["f.jsonl", "safety, policy", "--map"]


def _case_basic_without_reasoning(d: Path):
    return [_jsonl(d / "b.jsonl", [{"prompt": "p", "answer": "a"}])], ["--thinking-format", "basic"], \
        ["b.jsonl", "reasoning", "--map reasoning=COLUMN"]


def _case_json_object_not_array(d: Path):
    return [_bytes(d / "o.json", b'  ["not", "objects"]')], [], ["o.json", "item 1", "object"]


def _case_json_not_an_array(d: Path):
    return [_bytes(d / "o2.json", b'"just a string"')], [], ["o2.json", "array"]


def _case_unknown_suffix(d: Path):
    return [_bytes(d / "notes.txt", b"hello\n")], [], ["notes.txt", ".jsonl"]


def _case_missing_file(d: Path):
    return [d / "absent.jsonl"], [], ["absent.jsonl", "does not exist"]


def _case_folder_not_a_dataset(d: Path):
    (d / "folder").mkdir()
    return [d / "folder"], [], ["folder", "save_to_disk"]


def _case_map_without_equals(d: Path):
    return [_jsonl(d / "m.jsonl", GOOD)], ["--map", "prompt"], ["--map", "FIELD=COLUMN"]


def _case_map_unknown_field(d: Path):
    return [_jsonl(d / "m2.jsonl", GOOD)], ["--map", "question=q"], ["--map", "question", "prompt"]


def _case_content_not_text(d: Path):
    rows = [{"prompt": "p", "response": 42}]
    return [_jsonl(d / "n.jsonl", rows)], [], ["n.jsonl", "line 1", "response", "string"]


def _case_messages_empty(d: Path):
    return [_jsonl(d / "me.jsonl", [{"messages": []}])], [], ["me.jsonl", "messages", "non-empty"]


def _case_starts_with_assistant(d: Path):
    rows = [{"messages": [{"role": "assistant", "content": "a"}, {"role": "user", "content": "u"}]}]
    return [_jsonl(d / "sa.jsonl", rows)], [], ["sa.jsonl", "line 1", "user message"]


def _case_latin1_csv(d: Path):
    return [_bytes(d / "l1.csv", "prompt,response\ncaf\xe9,ok\n".encode("latin-1"))], [], ["l1.csv", "UTF-8"]


def _case_csv_wrong_cell_count(d: Path):
    return [_bytes(d / "c.csv", b"prompt,response\na,b,c\n")], [], ["c.csv", "line 2", "3 cells"]


def _case_csv_repeated_header(d: Path):
    return [_bytes(d / "rh.csv", b"prompt,prompt\na,b\n")], [], ["rh.csv", "header"]


def _case_csv_messages_cell_broken_json(d: Path):
    return [_bytes(d / "mj.csv", b'messages\n"[{""role"": ""user"""\n')], [], ["mj.csv", "line 2", "messages"]


def _case_every_sample_empty(d: Path):
    rows = [{"prompt": "p", "response": "   "}, {"prompt": "q", "response": ""}]
    return [_jsonl(d / "z.jsonl", rows)], [], ["no sample is left", "empty_turn 2"]


def _case_val_share_out_of_range(d: Path):
    return [_jsonl(d / "v.jsonl", GOOD)], ["--val-share", "2"], ["val_share", "0.9"]


def _case_drop_without_label_with(d: Path):
    return [_jsonl(d / "dr.jsonl", GOOD)], ["--drop", "DENY"], ["drop", "--label-with"]


def _case_id_of_wrong_type(d: Path):
    rows = [{"prompt": "p", "response": "r", "id": [1]}]
    return [_jsonl(d / "id.jsonl", rows)], [], ["id.jsonl", "line 1", "id"]


def _case_line_not_json(d: Path):
    return [_bytes(d / "nj.jsonl", b'{"prompt": "p", "response": "r"}\nprompt,response\n')], [], ["nj.jsonl", "line 2", "JSON"]


def _case_row_not_an_object(d: Path):
    return [_bytes(d / "arr.jsonl", b'["prompt", "response"]\n')], [], ["arr.jsonl", "line 1", "object"]


CASES = {name[len("_case_"):]: fn for name, fn in dict(globals()).items() if name.startswith("_case_")}


def test_there_are_at_least_25_cases():
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_input_is_one_line_and_leaves_no_run(tmp_path, capsys, case):
    files, flags, names = CASES[case](tmp_path)
    run = tmp_path / "RUN"
    code, _, err = run_cli(["data", *files, "--out", run, *flags], capsys)
    assert_one_line_error(code, err, *names)
    assert not run.exists()


@pytest.mark.parametrize("case", ["mixed_shapes", "two_kinds", "role_that_does_not_exist", "every_sample_empty",
                                  "50_mb_line"])
def test_a_bad_input_to_an_existing_run_leaves_its_data_as_it_was(tmp_path, capsys, case):
    """The refusal comes after data/ of an earlier call exists: it stays byte for byte, and no partial folder is left."""
    run = tmp_path / "RUN"
    good = write_container(GOOD, tmp_path / "good", "good", "jsonl")
    code, _, err = run_cli(["data", good, "--out", run], capsys)
    assert code == 0, err
    before = {p.relative_to(run): p.read_bytes() for p in run.rglob("*") if p.is_file()}
    files, flags, names = CASES[case](tmp_path)
    code, _, err = run_cli(["data", *files, "--run", run, *flags], capsys)
    assert_one_line_error(code, err, *names)
    after = {p.relative_to(run): p.read_bytes() for p in run.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in run.iterdir()) == ["data"]


def test_out_must_be_new_and_run_must_exist(tmp_path, capsys):
    good = write_container(GOOD, tmp_path / "good", "good", "jsonl")
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "keep.txt").write_text("mine")
    code, _, err = run_cli(["data", good, "--out", taken], capsys)
    assert_one_line_error(code, err, str(taken), "--run")
    assert (taken / "keep.txt").read_text() == "mine" and sorted(p.name for p in taken.iterdir()) == ["keep.txt"]
    code, _, err = run_cli(["data", good, "--run", tmp_path / "nowhere"], capsys)
    assert_one_line_error(code, err, "nowhere", "--out")
    assert not (tmp_path / "nowhere").exists()
