"""Result records: written once with a format version, read back by one reader; old formats read, newer refused."""

from __future__ import annotations

import json

import pytest

from so8t.errors import RecordError
from so8t.store.layout import RunLayout
from so8t.store.records import (
    BakeResult,
    CheckResult,
    TrialityResult,
    read_bake_record,
    read_check_record,
    read_record,
    read_run_records,
    write_bake_record,
    write_record,
)

#: A so8t_bake.json as so8t wrote it before records carried a format (keys as they were then).
OLD_BAKE_RECORD = {
    "so8t_version": "0.1.0",
    "source_model": "/models/tiny",
    "config": {"model": "/models/tiny", "out": "/runs/r/baked", "random_gates": True},
    "result": {"layers_baked": 2, "blocks": 8, "out": "/runs/r/baked", "dtype": "float32",
               "gate_source": "random (seed 0, angle 0.5)", "seconds_bake": 0.1, "seconds_verify": 0.4,
               "passed": True, "max_abs_err": 1.9e-06, "kl": 3.1e-14, "top1_agreement": 1.0, "noise_floor": 2.4e-06,
               "orth_err_max": 4.4e-16, "verify": {"criteria": {"kl_below_limit": True}}},
    "formula": "W' = W · blockdiag(R_1 … R_k)",
}


def _bake(**fields) -> BakeResult:
    values = {"layers_baked": 2, "blocks": 8, "out": "o", "dtype": "float32", "gate_source": "g", "seconds_bake": 0.1,
              "seconds_verify": 0.2, "passed": False, "max_abs_err": 0.3, "kl": 0.02, "top1_agreement": 0.9}
    return BakeResult(**{**values, **fields})


def test_an_old_bake_record_without_format_is_read_as_it_was(tmp_path):
    (tmp_path / "so8t_bake.json").write_text(json.dumps(OLD_BAKE_RECORD), encoding="utf-8")
    bake = read_bake_record(tmp_path)
    assert bake.passed is True and bake.max_abs_err == 1.9e-06 and bake.kl == 3.1e-14 and bake.layers_baked == 2
    assert bake.peak_rss_mib is None and bake.peak_nvml_mib is None  # not measured back then


def test_a_bake_record_round_trips_with_its_memory_figures(tmp_path):
    written = _bake(peak_rss_mib=900.0, peak_gpu_allocated_mib=None)
    path = write_bake_record(tmp_path, written, so8t_version="t", source_model="m", config={})
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == BakeResult.FORMAT and data["record"] == "bake" and data["result"]["passed"] is False
    assert read_bake_record(path) == written


def test_a_newer_format_is_refused_by_name(tmp_path):
    (tmp_path / "so8t_bake.json").write_text(json.dumps({**OLD_BAKE_RECORD, "format": BakeResult.FORMAT + 1}))
    with pytest.raises(RecordError, match="newer so8t") as err:
        read_bake_record(tmp_path)
    assert "so8t_bake.json" in err.value.message and "update so8t" in err.value.hint


@pytest.mark.parametrize("change, words", [
    ({"result": {**OLD_BAKE_RECORD["result"], "passed": "yes"}}, "'passed'"),
    ({"result": {k: v for k, v in OLD_BAKE_RECORD["result"].items() if k != "passed"}}, "lacks the field 'passed'"),
    ({"result": None}, "holds no bake result"),
    ({"record": "triality"}, "is a triality record"),
])
def test_a_malformed_record_is_refused_never_misread(tmp_path, change, words):
    (tmp_path / "so8t_bake.json").write_text(json.dumps({**OLD_BAKE_RECORD, **change}))
    with pytest.raises(RecordError, match="") as err:
        read_bake_record(tmp_path)
    assert words in err.value.message


def test_flat_records_read_the_old_unversioned_layout(tmp_path):
    old_check = {"gguf": "m-Q8_0.gguf", "gguf_type": "Q8_0", "size_bytes": 10, "positions": 5, "ppl_tokens": 4,
                 "ppl_gguf": 9.5, "passed": True}
    (tmp_path / "m-Q8_0.check.json").write_text(json.dumps(old_check))
    assert read_check_record(tmp_path / "m-Q8_0.gguf") == CheckResult(**old_check)
    write_record(tmp_path / "again.check.json", CheckResult(**old_check))
    assert read_check_record(tmp_path / "again.check.json") == CheckResult(**old_check)
    (tmp_path / "triality.json").write_text("{not json")
    with pytest.raises(RecordError, match="cannot be read as a triality record"):
        read_record(TrialityResult, tmp_path)


def test_run_records_name_a_refused_file_and_read_the_rest(tmp_path):
    layout = RunLayout(tmp_path)
    layout.baked.mkdir()
    write_bake_record(layout.baked, _bake(), so8t_version="t", source_model="m", config={})
    layout.triality.write_text(json.dumps({"format": 99}))
    records = read_run_records(tmp_path)
    assert records.bake is not None and records.bake.passed is False
    assert records.triality is None and "newer so8t" in records.problems["triality"]


def test_export_and_quantize_peaks_come_from_run_json(tmp_path):
    """Export and quantize write GGUF files, not records: their memory peaks are read from run.json's stage results."""
    import json

    from so8t.store.layout import RunLayout
    from so8t.store.records import read_run_records
    from tests.sample_run import write_sample_run

    run = write_sample_run(tmp_path / "runs")
    layout = RunLayout(run)
    data = json.loads(layout.run_json.read_text(encoding="utf-8"))
    data.setdefault("stages", {})["export"] = {"state": "finished", "result": {"peak_rss_mib": 716.5}}
    data["stages"]["quantize"] = {"state": "finished", "result": {"peak_rss_mib": 3973.0, "peak_nvml_mib": None}}
    layout.run_json.write_text(json.dumps(data), encoding="utf-8")
    peaks = dict(read_run_records(run).memory_peaks())
    assert peaks["export"].peak_rss_mib == 716.5 and peaks["quantize"].peak_rss_mib == 3973.0
    assert peaks["quantize"].peak_nvml_mib is None
    data["stages"]["export"]["result"] = {"written": "x.gguf"}  # an older run: no figures, no row
    layout.run_json.write_text(json.dumps(data), encoding="utf-8")
    assert "export" not in dict(read_run_records(run).memory_peaks())
