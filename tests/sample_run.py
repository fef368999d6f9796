"""A run folder with every file a finished run holds, written with the engine's own writers (for report and GUI tests)."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

from so8t.checkpoints import CheckpointStore
from so8t.events import EventSink
from so8t.fileio import atomic_write_json


def write_sample_run(root: str | os.PathLike[str], run_id: str = "r-sample", steps: int = 60) -> Path:
    """A finished run under root/run_id with events, bake record, GGUF files, safety results, checkpoints."""
    run = Path(root) / run_id
    run.mkdir(parents=True)
    atomic_write_json(run / "run.json", {
        "id": run_id,
        "config": {"model": "resources/tiny_model", "train": {"max_steps": steps, "lr": 2e-4, "lora_r": 8}},
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
    bake = {"layers_baked": 2, "blocks": 8, "max_abs_err": 2.1e-6, "kl": 1e-9, "top1_agreement": 1.0,
            "noise_floor": 3e-6, "orth_err_max": 4e-15, "passed": True, "out": str(run / "baked")}
    (run / "baked").mkdir()
    # The record as so8t.bake writes it: the figures under "result" (the window once read them from the top).
    atomic_write_json(run / "baked" / "so8t_bake.json", {"config": {"verify": True}, "result": bake})
    sink.for_stage("bake").result(bake)
    (run / "gguf").mkdir()
    for name, size in (("tiny-f16.gguf", 4096), ("tiny-Q8_0.gguf", 2048)):
        (run / "gguf" / name).write_bytes(b"\0" * size)
    atomic_write_json(run / "gguf" / "tiny-Q8_0.check.json", {"top1_agreement": 0.97, "kl": 0.01, "passed": True})
    atomic_write_json(run / "triality.json", {
        "labels": ["ALLOW", "ESCALATION", "DENY"], "accuracy": 0.8,
        "f1": {"ALLOW": 0.9, "ESCALATION": 0.6, "DENY": 0.85},
        "confusion": [[9, 1, 0], [2, 6, 2], [0, 1, 9]]})
    atomic_write_json(run / "calibration.json", {
        "temperature": 1.7,
        "before": {"ece": 0.12, "brier": 0.4, "nll": 0.9},
        "after": {"ece": 0.03, "brier": 0.33, "nll": 0.7},
        "reliability": {
            "before": [{"lo": i / 5, "hi": (i + 1) / 5, "confidence": (i + 0.5) / 5, "accuracy": (i + 0.5) / 5 * 0.7,
                        "count": 10} for i in range(5)],
            "after": [{"lo": i / 5, "hi": (i + 1) / 5, "confidence": (i + 0.5) / 5, "accuracy": (i + 0.5) / 5 * 0.95,
                       "count": 10} for i in range(5)],
        }})
    (run / "events.jsonl").open("a").write(json.dumps({"kind": "metric"})[:-3])  # a torn last line
    return run
