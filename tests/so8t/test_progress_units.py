"""Progress units read as words ("samples", "phases") in the CLI's bar, from the one list in so8t.events."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np

from so8t.events import PROGRESS_UNITS, ProgressEvent, StageEvent

ROOT = Path(__file__).resolve().parents[2]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_cli_bar_counts_samples_with_a_space_and_a_plural():
    from so8t.commands._progress import ProgressBar

    out = _Terminal()
    bar = ProgressBar(out)
    bar.on_event(ProgressEvent(kind="progress", stage="triality", done=0, total=168, unit="sample"))
    bar.on_event(ProgressEvent(kind="progress", stage="triality", done=128, total=168, unit="sample"))
    bar.on_event(StageEvent(kind="stage", stage="triality", state="finished"))
    text = out.getvalue()
    assert "128/168 samples" in text and " samples/s" in text, text
    assert "text" not in text and "samples/ s" not in text and "s/ " not in text


def test_every_unit_a_stage_emits_has_its_words():
    emitted = set()
    for path in (ROOT / "so8t").rglob("*.py"):
        emitted |= set(re.findall(r"events\.progress\([^\n]*?,\s*\"(\w+)\"\)", path.read_text(encoding="utf-8")))
    assert emitted and "sample" in emitted and "phase" in emitted
    assert emitted <= set(PROGRESS_UNITS), emitted - set(PROGRESS_UNITS)
    assert "text" not in emitted and "report" not in emitted


def test_a_relative_change_keeps_its_significant_figures():
    from so8t.report.format import format_relative_change

    assert format_relative_change(0.00004) == "+0.0040%"
    assert format_relative_change(-0.0009) == "-0.090%"
    assert format_relative_change(0.0123) == "+1.23%"
    assert format_relative_change(0.0) == "+0%"


def test_the_calibration_record_counts_the_gates_decisions_and_names_the_rare_ones():
    from so8t.calibration.run import gate_decisions
    from so8t.store.records import RARE_DECISION_SHARE, CalibrationResult

    deny = np.array([[0.0, 0.0, 4.0]] * 10 + [[4.0, 0.0, 0.0]] * 10)
    assert gate_decisions(deny, 1.0) == {"ALLOW": 10, "ESCALATION": 0, "DENY": 10}
    flat = gate_decisions(deny, 50.0)  # a high temperature flattens p(DENY) under its threshold
    assert flat["DENY"] == 0
    support = {"ALLOW": {"support": 10}, "ESCALATION": {"support": 0}, "DENY": {"support": 10}}
    fields = dict.fromkeys(("temperature", "ece_before", "ece_after", "brier_before", "brier_after", "nll_before",
                            "nll_after", "accuracy", "ece_improvement", "brier_improvement", "nll_improvement",
                            "calibration_objective_before", "calibration_objective_after"), 1.0)
    cal = CalibrationResult(**fields, objective="nll", at_bound=False, n_calibration=20, n_test=20, source="x",
                            scorer=None, before={}, after={"per_class": support}, gate_decisions=flat)
    assert [(r.label, r.decided, r.labelled) for r in cal.rarely_decided()] == [("DENY", 0, 10)]
    enough = {**flat, "DENY": int(np.ceil(RARE_DECISION_SHARE * 10))}
    assert CalibrationResult(**{**cal.__dict__, "gate_decisions": enough}).rarely_decided() == []
