"""Labelled safety data: the sample set, the deterministic split, and bad data files."""

from __future__ import annotations

import json
import random
import re

import pytest

from so8t.cli import main
from so8t.errors import ConfigError, DataFileError
from so8t.triality.data import LABELS, SAMPLE_SET, LabelledItem, read_labelled_jsonl, split_items

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_sample_set_is_large_balanced_bilingual_and_marked_illustrative():
    items = read_labelled_jsonl(SAMPLE_SET)
    assert len(items) >= 300
    counts = {name: sum(it.label == i for it in items) for i, name in enumerate(LABELS)}
    assert len(set(counts.values())) == 1, counts
    assert len({it.text for it in items}) == len(items)
    for i in range(len(LABELS)):
        ja = sum(bool(JAPANESE.search(it.text)) for it in items if it.label == i)
        en = sum(it.text.isascii() for it in items if it.label == i)
        assert ja >= 50 and en >= 50, (LABELS[i], ja, en)
    readme = (SAMPLE_SET.parent / "README.md").read_text(encoding="utf-8").lower()
    assert "illustrative" in readme


def test_split_is_deterministic_stratified_and_order_free():
    items = read_labelled_jsonl(SAMPLE_SET)
    a = split_items(items, seed=0)
    shuffled = list(items)
    random.Random(1).shuffle(shuffled)
    b = split_items(shuffled, seed=0)
    assert a == b
    assert sorted(map(len, a.values())) == [84, 84, 168]
    all_texts = [it.text for part in a.values() for it in part]
    assert sorted(all_texts) == sorted(it.text for it in items)
    for part in a.values():
        per_label = [sum(it.label == i for it in part) for i in range(len(LABELS))]
        assert max(per_label) - min(per_label) == 0
    other = split_items(items, seed=1)
    assert {it.text for it in other["test"]} != {it.text for it in a["test"]}


def test_split_fractions_are_checked():
    items = [LabelledItem(f"t{i}", i % 3) for i in range(30)]
    with pytest.raises(ConfigError):
        split_items(items, train_fraction=0.8, calibration_fraction=0.3)


def _write(tmp_path, rows):
    path = tmp_path / "data.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_labels_are_read_case_insensitively(tmp_path):
    path = _write(tmp_path, [{"text": "a", "label": "allow"}, {"text": "b", "label": " Deny "}])
    assert [it.label_name for it in read_labelled_jsonl(path)] == ["ALLOW", "DENY"]


@pytest.mark.parametrize(
    "rows,expected",
    [
        ([{"text": "a", "label": "ALLOW"}, {"text": "b", "label": "MAYBE"}], "line 2 has unknown label 'MAYBE'"),
        ([{"text": "a", "label": "ALLOW"}, {"text": "b", "label": 2}], "unknown label 2"),
        ([{"text": f"t{i}", "label": "DENY"} for i in range(50)], "only one class (DENY)"),
        ([{"text": "a"}], "lacks \"text\" or \"label\""),
        ([{"text": "  ", "label": "ALLOW"}], "empty or non-string text"),
    ],
)
def test_bad_data_files_are_one_line_errors(tmp_path, capsys, rows, expected):
    path = _write(tmp_path, rows)
    with pytest.raises(DataFileError):
        read_labelled_jsonl(path)
    # The data file is read before any model is loaded, so a missing model is never reached.
    code = main(["triality", "--model", str(tmp_path / "no-model"), "--data", str(path)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert err[0].startswith("so8t triality: error: ") and expected in err[0] and str(path) in err[0]


def test_missing_data_file(tmp_path):
    with pytest.raises(DataFileError, match="does not exist"):
        read_labelled_jsonl(tmp_path / "nope.jsonl")
