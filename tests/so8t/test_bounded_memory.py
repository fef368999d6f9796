"""Acceptance 6 of issue #19: the worst bad inputs are refused in one line, in a child process with a
hang guard, at a peak RSS within RSS_MARGIN_MB of the same command refusing a small bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.so8t.bad_input_memory import CASES, RSS_MARGIN_MB, run_child
from tests.so8t.cli_checks import assert_one_line_error


@pytest.mark.parametrize("case", list(CASES))
def test_the_worst_inputs_are_refused_within_the_memory_of_a_small_one(case, tiny_model_dirs, tmp_path):
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": root}
    bad_argv, baseline_argv = CASES[case](Path(tiny_model_dirs["llama"]), tmp_path)
    baseline = run_child(baseline_argv, env)
    assert_one_line_error(baseline.rc, baseline.stderr)  # the baseline is a refusal too
    bad = run_child(bad_argv, env)
    assert bad.rc != "hang", f"{case}: still running after the hang guard"
    assert_one_line_error(bad.rc, bad.stderr)
    assert bad.peak_rss_mb <= baseline.peak_rss_mb + RSS_MARGIN_MB, (
        f"{case}: peak RSS {bad.peak_rss_mb} MB, baseline {baseline.peak_rss_mb} MB")
