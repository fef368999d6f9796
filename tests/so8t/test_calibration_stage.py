"""`so8t calibrate --logits`: results, run-folder file, and acceptance 4's bad inputs as one-line errors."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest

from so8t.calibration.run import CalibrationConfig, run_calibration
from so8t.calibration.validate import MIN_CALIBRATION_ITEMS
from so8t.cli import main
from so8t.errors import ConfigError, DataFileError
from so8t.triality.data import LABELS

RESULT_KEYS = ("temperature", "ece_before", "ece_after", "brier_before", "brier_after", "nll_before", "nll_after")


def write_logits(path, n=400, t0=3.0, seed=0, labels=None, extra=None):
    """A calibrated generator's logits scaled by t0 (over-confident for t0 > 1), as a logits JSONL."""
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 1.5, (n, 3))
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    drawn = (rng.random(n)[:, None] > p.cumsum(axis=1)).sum(axis=1)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            row = {"logits": (z[i] * t0).tolist(), "label": labels[i] if labels else LABELS[drawn[i]]}
            if extra:
                row.update(extra(i))
            f.write(json.dumps(row) + "\n")
    return path


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_logits_file_calibration_result_and_run_file(tmp_path, capsys):
    logits = write_logits(tmp_path / "scores.jsonl")
    run = tmp_path / "run"
    code, out, err = run_cli(capsys, "calibrate", "--logits", str(logits), "--out", str(run), "--json")
    assert code == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    for key in RESULT_KEYS:
        assert isinstance(result[key], float) and math.isfinite(result[key])
    assert result["temperature"] == pytest.approx(3.0, rel=0.25)
    assert result["ece_after"] < result["ece_before"]
    assert result["nll_after"] < result["nll_before"]
    assert result["n_calibration"] == 200 and result["n_test"] == 200
    saved = json.loads((run / "calibration.json").read_text(encoding="utf-8"))
    assert saved["temperature"] == result["temperature"]
    assert saved["before"]["reliability"] and saved["after"]["reliability"]


def test_split_field_is_honoured(tmp_path):
    logits = write_logits(tmp_path / "s.jsonl", n=100, extra=lambda i: {"split": "calibration" if i < 60 else "test"})
    result = run_calibration(CalibrationConfig(logits=str(logits)))
    assert (result.n_calibration, result.n_test) == (60, 40)


@pytest.mark.slow
def test_cli_subprocess_json_last_line(tmp_path):
    logits = write_logits(tmp_path / "scores.jsonl", n=120)
    proc = subprocess.run([sys.executable, "-m", "so8t", "calibrate", "--logits", str(logits), "--json"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert set(RESULT_KEYS) <= set(result)


def _bad(tmp_path, lines):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def bad_unknown_label(tmp_path):
    return write_logits(tmp_path / "b.jsonl", n=100, labels=["ALLOW", "DENY", "MAYBE"] * 34), "unknown label 'MAYBE'"


def bad_one_class(tmp_path):
    return write_logits(tmp_path / "b.jsonl", n=100, labels=["DENY"] * 100), "only one class"


def bad_too_few(tmp_path):
    # 50 items, half for calibration: 25 < 30.
    return write_logits(tmp_path / "b.jsonl", n=50), f"fewer than {MIN_CALIBRATION_ITEMS}"


def bad_nan(tmp_path):
    lines = [json.dumps({"logits": [0.1 * i, 0.0, -0.1], "label": LABELS[i % 3]}) for i in range(100)]
    lines[17] = '{"logits": [NaN, 1.0, 2.0], "label": "ALLOW"}'
    return _bad(tmp_path, lines), "item 18 has NaN"


def bad_inf(tmp_path):
    lines = [json.dumps({"logits": [0.1 * i, 0.0, -0.1], "label": LABELS[i % 3]}) for i in range(100)]
    lines[3] = '{"logits": [1.0, Infinity, 2.0], "label": "DENY"}'
    return _bad(tmp_path, lines), "item 4 has inf"


def bad_shape(tmp_path):
    return _bad(tmp_path, ['{"logits": [1.0, 2.0], "label": "DENY"}']), "numeric logits"


@pytest.mark.parametrize("make", [bad_unknown_label, bad_one_class, bad_too_few, bad_nan, bad_inf, bad_shape])
def test_bad_logits_files_are_one_line_errors(tmp_path, capsys, make):
    path, expected = make(tmp_path)
    run = tmp_path / "run"
    run.mkdir()
    (run / "calibration.json").write_text('{"temperature": 1.5}\n', encoding="utf-8")
    code, out, err = run_cli(capsys, "calibrate", "--logits", str(path), "--out", str(run), "--json")
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("so8t calibrate: error: ")
    assert expected in lines[0]
    assert str(path) in lines[0]
    # An earlier result in the run folder is left as it was.
    assert json.loads((run / "calibration.json").read_text(encoding="utf-8")) == {"temperature": 1.5}
    with pytest.raises(DataFileError):
        run_calibration(CalibrationConfig(logits=str(path)))


def test_sources_are_exclusive():
    with pytest.raises(ConfigError, match="exactly one"):
        CalibrationConfig()
    with pytest.raises(ConfigError, match="exactly one"):
        CalibrationConfig(model="m", logits="x.jsonl")
    with pytest.raises(ConfigError, match="objective"):
        CalibrationConfig(logits="x.jsonl", objective="brier")


def test_config_round_trip_and_unknown_key():
    config = CalibrationConfig(logits="x.jsonl", objective="ece", seed=3)
    assert CalibrationConfig.from_dict(config.to_dict()) == config
    with pytest.raises(ConfigError, match="'temprature'"):
        CalibrationConfig.from_dict({"logits": "x.jsonl", "temprature": 2})


def test_ece_objective_from_the_cli(tmp_path, capsys):
    logits = write_logits(tmp_path / "scores.jsonl", n=600, t0=3.0, seed=4)
    code, out, err = run_cli(capsys, "calibrate", "--logits", str(logits), "--objective", "ece", "--json")
    assert code == 0, err
    result = json.loads(out.strip().splitlines()[-1])
    assert result["objective"] == "ece"
    assert result["temperature"] == pytest.approx(3.0, rel=0.3)
    assert result["calibration_objective_after"] <= result["calibration_objective_before"]
