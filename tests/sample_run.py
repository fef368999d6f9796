"""A run folder with every file a finished run holds, written with the engine's own writers (for report and GUI tests)."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

from so8t.events import EventSink
from so8t.fileio import atomic_write_json
from so8t.store.checkpoints import CheckpointStore
from so8t.store.layout import RunLayout, check_record_path
from so8t.store.records import (
    BakeResult,
    CalibrationResult,
    CheckResult,
    TrialityResult,
    write_bake_record,
    write_record,
)


def write_sample_run(root: str | os.PathLike[str], run_id: str = "r-sample", steps: int = 60) -> Path:
    """A finished run under root/run_id with events, bake record, GGUF files, safety results, checkpoints."""
    run = Path(root) / run_id
    run.mkdir(parents=True)
    atomic_write_json(run / "run.json", {
        "id": run_id,
        "config": {"model": "resources/tiny_model", "train": {"max_steps": steps, "learning_rate": 2e-4, "lora_rank": 8}},
        "stages": {"train": {"state": "finished"}, "bake": {"state": "finished"}},
    })
    sink = EventSink(run=run_id, log_path=run / "events.jsonl")
    train = sink.for_stage("train")
    train.state("started")
    for step in range(1, steps + 1):
        train.metric("loss", 3.0 * math.exp(-step / 20) + 0.5, step)
        train.metric("kl", 0.002 * step, step)
        train.metric("vram_used_mb", 3000 + 20 * step, step)
        train.metric("vram_total_mb", 12288, step)
        train.progress(step, steps)
    store = CheckpointStore(run)
    for step in (20, 40):
        info = store.save(step, lambda tmp: (tmp / "gates.safetensors").write_bytes(b"\0" * 128))
        train.checkpoint(info.path, step)
    (run / "checkpoints" / "ckpt-60").mkdir()  # a write that never finished: no manifest
    (run / "checkpoints" / "ckpt-60" / "gates.safetensors").write_bytes(b"\0" * 16)
    train.result({"steps": steps, "final_loss": 0.55})
    train.state("finished")
    layout = RunLayout(run)
    bake = BakeResult(layers_baked=2, blocks=8, out=str(layout.baked), dtype="float32", gate_source="random (seed 0)",
                      seconds_bake=0.2, seconds_verify=0.5, passed=True, max_abs_err=2.1e-6, kl=1e-9,
                      top1_agreement=1.0, noise_floor=3e-6, orth_err_max=4e-15,
                      verify={"criteria": {"kl_below_limit": True, "top1_all_agree": True}}, peak_rss_mib=812.5)
    layout.baked.mkdir()
    write_bake_record(layout.baked, bake, so8t_version="test", source_model="resources/tiny_model", config={})
    sink.for_stage("bake").result(bake.to_dict())
    layout.gguf_dir.mkdir()
    for type_label, size in (("f16", 4096), ("Q8_0", 2048)):
        layout.gguf("tiny", type_label).write_bytes(b"\0" * size)
    write_record(check_record_path(layout.gguf("tiny", "Q8_0")), CheckResult(
        gguf=str(layout.gguf("tiny", "Q8_0")), gguf_type="Q8_0", size_bytes=2048, positions=300, ppl_tokens=200,
        ppl_gguf=12.5, top1_agreement=0.97, ppl_rel_diff_reference=0.011, bound="perplexity within 5% of f16",
        passed=True, verdict="passed"))
    labels = ["ALLOW", "ESCALATION", "DENY"]
    per_class = {k: {"precision": p, "recall": p, "f1": p, "support": 10} for k, p in zip(labels, (0.9, 0.6, 0.85),
                                                                                         strict=True)}
    write_record(layout.triality, TrialityResult(
        scorer="head", labels=labels, n_train=60, n_calibration=30, n_test=30, accuracy=0.8, macro_f1=0.78,
        per_class=per_class, confusion=[[9, 1, 0], [2, 6, 2], [0, 1, 9]], nll=0.6, ece=0.12, brier=0.4))

    def score(ece: float, brier: float, nll: float, slope: float) -> dict:
        return {"n": 30, "accuracy": 0.8, "ece": ece, "brier": brier, "nll": nll, "macro_f1": 0.78,
                "reliability": [{"lo": i / 5, "hi": (i + 1) / 5, "confidence": (i + 0.5) / 5,
                                 "accuracy": (i + 0.5) / 5 * slope, "count": 6} for i in range(5)]}

    write_record(layout.calibration, CalibrationResult(
        temperature=1.7, objective="nll", at_bound=False, ece_before=0.12, ece_after=0.03, brier_before=0.4,
        brier_after=0.33, nll_before=0.9, nll_after=0.7, accuracy=0.8, ece_improvement=0.75,
        brier_improvement=0.175, nll_improvement=0.22, n_calibration=30, n_test=30, source="model", scorer="head",
        before=score(0.12, 0.4, 0.9, 0.7), after=score(0.03, 0.33, 0.7, 0.95), calibration_objective_before=0.95,
        calibration_objective_after=0.72))
    (run / "events.jsonl").open("a").write(json.dumps({"kind": "metric"})[:-3])  # a torn last line
    return run
