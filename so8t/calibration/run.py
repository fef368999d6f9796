"""The calibrate stage: fit a temperature on the calibration split, report NLL/ECE/Brier before and after on test."""

from __future__ import annotations

import numpy as np

from so8t.calibration.temperature import fit_temperature
from so8t.calibration.validate import check_calibration_set
from so8t.errors import DataFileError
from so8t.events import EventSink
from so8t.memory import PeakMemoryMeter
from so8t.store.layout import CALIBRATION_FILE as RESULT_FILE
from so8t.store.records import CalibrationResult, write_record
from so8t.triality.config import CalibrationConfig, make_out_folder, out_file
from so8t.triality.data import LABELS
from so8t.triality.metrics import check_logits, score_report, softmax


def _improvement(before: float, after: float) -> float:
    """Relative reduction (before − after) / before; 0 when before is already 0."""
    return float((before - after) / before) if before > 0 else 0.0


def gate_decisions(logits: np.ndarray, temperature: float) -> dict[str, int]:
    """How often the chat gate's rule, at `temperature` and its default thresholds, decides each label."""
    from so8t.chat.gate import GateConfig, decide

    config = GateConfig()
    counts = dict.fromkeys(LABELS, 0)
    for row in softmax(logits, temperature):
        counts[decide(row, config)] += 1
    return counts


def _scored_sets(config: CalibrationConfig, events: EventSink) -> tuple[str | None, dict[str, np.ndarray], dict[str, np.ndarray]]:
    if config.logits is not None:
        from so8t.calibration.logits_file import read_logits_jsonl, split_logits

        data = read_logits_jsonl(config.logits)
        check_logits(data.logits, config.logits, len(LABELS))
        test_share = 1.0 - config.train_fraction - config.calibration_fraction
        share = config.calibration_fraction / (config.calibration_fraction + test_share)
        idx = split_logits(data, calibration_share=share, seed=config.seed)
        if len(idx["test"]) == 0:
            raise DataFileError(f"{config.logits} leaves no items for the test split",
                                'add items, or mark some with "split": "test"')
        return None, {k: data.logits[v] for k, v in idx.items()}, {k: data.labels[v] for k, v in idx.items()}
    from so8t.triality.scoring import score_splits

    scored = score_splits(config, events)
    return scored.scorer, scored.logits, scored.labels


def run_calibration(config: CalibrationConfig, events: EventSink | None = None) -> CalibrationResult:
    """Fit T on the calibration split only, evaluate before/after on the test split, write RUN/calibration.json."""

    events = events or EventSink()
    result_path = out_file(config.out, RESULT_FILE)
    events.state("started")
    with PeakMemoryMeter() as meter:
        scorer, logits, labels = _scored_sets(config, events)
    source = config.logits or config.gguf or config.model
    cal = check_logits(logits["calibration"], f"{source} (calibration split)", len(LABELS))
    test = check_logits(logits["test"], f"{source} (test split)", len(LABELS))
    check_calibration_set(labels["calibration"], str(source), LABELS)
    fit = fit_temperature(cal, labels["calibration"], config.objective)
    events.log(f"temperature {fit.temperature:.4f} ({config.objective} on {len(cal)} calibration items)")
    before = score_report(test, labels["test"], LABELS, 1.0)
    after = score_report(test, labels["test"], LABELS, fit.temperature)
    decisions = gate_decisions(test, fit.temperature)
    result = CalibrationResult(
        temperature=fit.temperature,
        objective=config.objective,
        at_bound=fit.at_bound,
        ece_before=before.ece,
        ece_after=after.ece,
        brier_before=before.brier,
        brier_after=after.brier,
        nll_before=before.nll,
        nll_after=after.nll,
        accuracy=after.accuracy,
        ece_improvement=_improvement(before.ece, after.ece),
        brier_improvement=_improvement(before.brier, after.brier),
        nll_improvement=_improvement(before.nll, after.nll),
        n_calibration=len(cal),
        n_test=len(test),
        source=config.source,
        scorer=scorer,
        before=before.to_dict(),
        after=after.to_dict(),
        calibration_objective_before=fit.objective_before,
        calibration_objective_after=fit.objective_after,
        out=str(result_path) if result_path is not None else None,
        config=config.to_dict(),
        gate_decisions=decisions,
    )
    for name in ("temperature", "ece_before", "ece_after", "brier_before", "brier_after", "nll_before", "nll_after"):
        events.metric(name, getattr(result, name), 0)
    result.set_peak_memory(meter.figures())
    if result_path is not None:
        make_out_folder(result_path)
        write_record(result_path, result)
    events.state("finished")
    return result
