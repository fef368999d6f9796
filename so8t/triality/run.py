"""The triality stage: score the labelled set, report ALLOW / ESCALATION / DENY accuracy, confusion and F1 on test."""

from __future__ import annotations

from dataclasses import asdict

from so8t.events import EventSink
from so8t.memory import PeakMemoryMeter
from so8t.store.layout import TRIALITY_FILE as RESULT_FILE
from so8t.store.layout import TRIALITY_HEAD_FILE as HEAD_FILE
from so8t.store.records import TrialityResult, write_record
from so8t.triality.config import TrialityConfig, make_out_folder, out_file
from so8t.triality.data import LABELS
from so8t.triality.metrics import check_logits, score_report


def run_triality(config: TrialityConfig, events: EventSink | None = None) -> TrialityResult:
    """Score the splits (training a head on train if needed), evaluate on test, write RUN/triality.json."""
    from so8t.triality.scoring import score_splits

    events = events or EventSink()
    result_path = out_file(config.out, RESULT_FILE)
    events.state("started")
    meter = PeakMemoryMeter().__enter__()
    try:
        scored = score_splits(config, events)
    finally:
        meter.__exit__(None, None, None)
    test_logits = check_logits(scored.logits["test"], f"the {scored.scorer} scorer on {config.data} (test)", len(LABELS))
    report = score_report(test_logits, scored.labels["test"], LABELS)
    train_accuracy = None
    if "train" in scored.logits:
        train_accuracy = float((scored.logits["train"].argmax(axis=1) == scored.labels["train"]).mean())
    head_path = None
    if scored.head is not None and config.head is None and result_path is not None:
        from so8t.triality.head import save_head
        from so8t.triality.scoring import split_signature

        head_path = result_path.parent / HEAD_FILE
        make_out_folder(result_path)
        save_head(scored.head, head_path, model=str(config.model), data=str(config.data),
                  split=split_signature(config))
    elif config.head is not None:
        head_path = config.head
    result = TrialityResult(
        scorer=scored.scorer,
        labels=list(LABELS),
        n_train=scored.count("train"),
        n_calibration=scored.count("calibration"),
        n_test=scored.count("test"),
        accuracy=report.accuracy,
        macro_f1=report.macro_f1,
        per_class={k: asdict(v) for k, v in report.per_class.items()},
        confusion=report.confusion,
        nll=report.nll,
        ece=report.ece,
        brier=report.brier,
        train_accuracy=train_accuracy,
        final_train_loss=scored.train_losses[-1] if scored.train_losses else None,
        head_path=str(head_path) if head_path is not None else None,
        out=str(result_path) if result_path is not None else None,
        config=config.to_dict(),
        features_path=scored.features_path,
    )
    result.set_peak_memory(meter.figures())
    for name in ("accuracy", "macro_f1", "ece", "brier", "nll"):
        events.metric(f"test_{name}", getattr(result, name), 0)
    if result_path is not None:
        make_out_folder(result_path)
        write_record(result_path, result)
    events.state("finished")
    return result
