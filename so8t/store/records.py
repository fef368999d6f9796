"""The built-in result records: each stage's result type, and a run's records gathered for the window and the report.

Every type is a `Record` (so8t.store.record_file, which writes each with its kind and format and reads
it back through its type). The window, the report (PDF and HTML) and `--json` all show these objects, so
a figure has one meaning everywhere (docs/architecture.md, "Result records"). This module imports
neither torch nor Qt: the window reads records without loading the engine.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from so8t.errors import RecordError
from so8t.memory import PeakMemoryFields
from so8t.store.layout import (
    BAKE_RECORD_FILE,
    BAKED_DIR,
    CALIBRATION_FILE,
    GGUF_SUFFIX,
    TRAIN_RECORD_FILE,
    TRIALITY_FILE,
    RunLayout,
    bake_record_path,
    check_record_path,
)
from so8t.store.record_file import Record, read_record, write_record

#: How the bake formula is recorded beside its figures.
BAKE_FORMULA = "W' = W · blockdiag(R_1 … R_k), R_j = exp(sigmoid(α)·(A_j − A_jᵀ)), float64"


#: The memory figures every record carries (so8t.memory), in the order they are shown.
MEMORY_FIELDS = tuple(f.name for f in fields(PeakMemoryFields))

#: A safety head whose test accuracy is under chance (1 / number of classes) plus this margin
#: decides little better than a guess: Results (and the report) warn.
WEAK_HEAD_MARGIN = 0.15
#: A decision made for fewer test samples than this share of the samples labelled with it is
#: practically out of reach: warned as "rarely decided". The demo's gate at T = 8.23 decides DENY
#: for 3 of its 84 test samples while 28 are labelled DENY (0.11).
RARE_DECISION_SHARE = 0.25


@dataclass(frozen=True)
class RareDecision:
    """A label the head or the gate (almost) never gives on the test split: how often, against how many carry it."""

    label: str
    decided: int
    labelled: int


def rare_decisions(decided: dict[str, int], labelled: dict[str, int]) -> list[RareDecision]:
    """The labels decided for under RARE_DECISION_SHARE of the samples that carry them (never, included)."""
    return [RareDecision(label, int(decided.get(label, 0)), int(n)) for label, n in labelled.items()
            if n and decided.get(label, 0) < RARE_DECISION_SHARE * n]


def record_types() -> list[type[Record]]:
    """Every record type this installation declares (the built-in ones, and those of stages from outside so8t)."""
    found: list[type[Record]] = []
    todo = list(Record.__subclasses__())
    while todo:
        cls = todo.pop(0)
        if cls not in found:
            found.append(cls)
            todo += cls.__subclasses__()
    return [cls for cls in found if cls.KIND]


@dataclass
class MemoryPeaks(PeakMemoryFields, Record):
    """A record's base: the four memory figures of its stage (so8t.memory measures them), in MiB."""


@dataclass
class BakeResult(MemoryPeaks):
    """The bake and its verification: the `so8t bake --json` object (fields named in docs/architecture.md)."""

    KIND, FILE, FORMAT, BODY = "bake", f"{BAKED_DIR}/{BAKE_RECORD_FILE}", 2, "result"

    layers_baked: int = field(metadata={"label": "layers baked"})
    blocks: int = field(metadata={"label": "SO(8) blocks"})
    out: str = field(metadata={"label": "written to"})
    dtype: str = field(metadata={"label": "weight dtype"})
    gate_source: str = field(metadata={"label": "gates"})
    seconds_bake: float = field(metadata={"label": "bake time (s)"})
    seconds_verify: float = field(metadata={"label": "verification time (s)"})
    passed: bool = field(metadata={"label": "verification"})
    max_abs_err: float | None = field(default=None, metadata={"label": "max |Δlogit|, baked vs gated"})
    kl: float | None = field(default=None, metadata={"label": "KL(gated ‖ baked)"})
    top1_agreement: float | None = field(default=None, metadata={"label": "top-1 agreement"})
    noise_floor: float | None = field(default=None, metadata={"label": "noise floor (fp32 vs float64 logits)"})
    orth_err_max: float | None = field(default=None, metadata={"label": "max orthogonality error ‖RᵀR − I‖"})
    verify: dict[str, Any] | None = None
    #: "whole-model" (the model in memory) or "streamed" (shards and decoder layers one at a time).
    reference_path: str = "whole-model"
    #: Where the gated and baked passes ran; the float64 reference always runs on the CPU.
    fp32_device: str = "cpu"


@dataclass
class CheckResult(MemoryPeaks):
    """Fidelity figures of one GGUF as llama.cpp runs it, against the HF model (and the f16 GGUF)."""

    KIND, FORMAT = "gguf_check", 2  # `<name>-<TYPE>.check.json` beside each GGUF (run_layout.check_record_path)

    gguf: str
    gguf_type: str = field(metadata={"label": "type"})
    size_bytes: int = field(metadata={"label": "size"})
    positions: int = field(metadata={"label": "positions compared"})
    ppl_tokens: int
    ppl_gguf: float = field(metadata={"label": "perplexity"})
    hf_model: str | None = None
    top1_agreement: float | None = field(default=None, metadata={"label": "top-1 agreement"})  # vs HF, over every compared position
    max_abs_dlogit: float | None = None
    mean_abs_dlogit: float | None = None
    mean_abs_dlogit_rel: float | None = None  # mean |dlogit| / standard deviation of the HF logits
    ppl_hf: float | None = field(default=None, metadata={"label": "perplexity of the HF model"})
    ppl_rel_diff_hf: float | None = field(default=None, metadata={"label": "perplexity vs HF"})
    tokenizer_agreement: float | None = field(default=None, metadata={"label": "texts tokenized as by HF"})  # share of texts llama.cpp tokenizes exactly like HF
    tokenizer_mismatch: str | None = None
    reference_gguf: str | None = None
    ppl_reference: float | None = field(default=None, metadata={"label": "perplexity of the f16 GGUF"})
    ppl_rel_diff_reference: float | None = field(default=None, metadata={"label": "perplexity vs f16"})
    top1_agreement_reference: float | None = None
    bound: str = ""
    passed: bool = field(default=False, metadata={"label": "verification"})
    verdict: str = field(default="", metadata={"label": "verdict"})
    fallback_summary: str | None = field(default=None, metadata={"label": "quantization fallbacks"})
    #: Where the HF reference logits came from: "whole-model (cpu)", "gpu-bf16 (cuda)", "streamed (cpu|cuda)".
    reference_path: str | None = None
    #: Layers llama.cpp ran on the GPU (0: a CPU-only build or no GPU).
    gpu_layers: int = 0


@dataclass
class TrialityResult(MemoryPeaks):
    """Test-split classification of the safety head (uncalibrated, T = 1)."""

    KIND, FILE, FORMAT = "triality", TRIALITY_FILE, 2

    scorer: str = field(metadata={"label": "scorer"})
    labels: list[str]
    n_train: int = field(metadata={"label": "training items"})
    n_calibration: int = field(metadata={"label": "calibration items"})
    n_test: int = field(metadata={"label": "test items"})
    accuracy: float = field(metadata={"label": "accuracy"})
    macro_f1: float = field(metadata={"label": "macro F1"})
    per_class: dict[str, dict[str, float]]
    confusion: list[list[int]]
    nll: float = field(metadata={"label": "negative log-likelihood"})
    ece: float = field(metadata={"label": "expected calibration error"})
    brier: float = field(metadata={"label": "Brier score"})
    train_accuracy: float | None = field(default=None, metadata={"label": "training accuracy"})
    final_train_loss: float | None = field(default=None, metadata={"label": "final head loss"})
    #: Paths in the run folder are kept relative to it, so a moved or copied run is gated by its own head.
    head_path: str | None = field(default=None, metadata={"label": "head file", "run_path": True})
    out: str | None = field(default=None, metadata={"label": "written to", "run_path": True})
    config: dict[str, Any] = field(default_factory=dict)
    #: How the model was run for the features (whole-model, gpu-bf16, streamed, gguf) and where.
    features_path: str | None = None

    @property
    def chance(self) -> float:
        """The accuracy of a uniform guess over the classes."""
        return 1.0 / len(self.labels) if self.labels else 0.0

    def near_chance(self) -> bool:
        """Test accuracy under chance + WEAK_HEAD_MARGIN: the head barely tells the classes apart."""
        return bool(self.labels) and self.accuracy < self.chance + WEAK_HEAD_MARGIN

    def rarely_predicted(self) -> list[RareDecision]:
        """Classes the head's argmax (almost) never predicts on the test split, from the confusion matrix."""
        if not self.confusion or not self.n_test:
            return []
        predicted = {label: sum(row[j] for row in self.confusion if j < len(row)) for j, label in enumerate(self.labels)}
        labelled = {label: sum(row) for label, row in zip(self.labels, self.confusion, strict=False)}
        return rare_decisions(predicted, labelled)


@dataclass
class CalibrationResult(MemoryPeaks):
    """The fitted temperature and the test-split metrics before (T = 1) and after (T fitted).

    `before` and `after` are the full score reports, reliability bins included
    (`{"lo", "hi", "confidence", "accuracy", "count"}` each).
    """

    KIND, FILE, FORMAT = "calibration", CALIBRATION_FILE, 2

    temperature: float = field(metadata={"label": "temperature T"})
    objective: str = field(metadata={"label": "fitted on"})
    at_bound: bool = field(metadata={"label": "T at the search bound"})
    ece_before: float = field(metadata={"label": "ECE before"})
    ece_after: float = field(metadata={"label": "ECE after"})
    brier_before: float = field(metadata={"label": "Brier before"})
    brier_after: float = field(metadata={"label": "Brier after"})
    nll_before: float = field(metadata={"label": "NLL before"})
    nll_after: float = field(metadata={"label": "NLL after"})
    accuracy: float = field(metadata={"label": "accuracy"})
    ece_improvement: float = field(metadata={"label": "ECE reduction"})
    brier_improvement: float = field(metadata={"label": "Brier reduction"})
    nll_improvement: float = field(metadata={"label": "NLL reduction"})
    n_calibration: int = field(metadata={"label": "calibration items"})
    n_test: int = field(metadata={"label": "test items"})
    source: str = field(metadata={"label": "scored from"})
    scorer: str | None = field(metadata={"label": "scorer"})
    before: dict[str, Any]
    after: dict[str, Any]
    calibration_objective_before: float = field(metadata={"label": "objective before (calibration split)"})
    calibration_objective_after: float = field(metadata={"label": "objective after (calibration split)"})
    out: str | None = field(default=None, metadata={"label": "written to"})
    config: dict[str, Any] = field(default_factory=dict)
    #: The gate's decisions on the test split at the fitted T under its default thresholds, by label
    #: (a high T flattens the probabilities until a decision is out of reach); None in older records.
    gate_decisions: dict[str, int] | None = None

    def rarely_decided(self) -> list[RareDecision]:
        """Labels the gate (almost) never gives a test sample at the fitted T; none where the record lacks decisions."""
        per_class = self.after.get("per_class") or {}
        if self.gate_decisions is None or not isinstance(per_class, dict):
            return []
        labelled = {label: int((row or {}).get("support") or 0) for label, row in per_class.items()}
        return rare_decisions(self.gate_decisions, labelled)

    def reliability(self) -> dict[str, list[dict[str, float]]]:
        """The reliability-diagram bins before and after scaling, by label ("before", "after")."""
        return {label: list(part.get("reliability") or []) for label, part in
                (("before", self.before), ("after", self.after)) if part.get("reliability")}


@dataclass
class TrainResult(MemoryPeaks):
    """What a training call did, for the CLI's --json, the pipeline and the report."""

    KIND, FILE, FORMAT = "train", TRAIN_RECORD_FILE, 1

    run_dir: str = field(metadata={"label": "run folder"})
    final_step: int = field(metadata={"label": "final step"})
    max_steps: int = field(metadata={"label": "steps planned"})
    steps_run: int = field(metadata={"label": "steps run in the last attempt"})
    interrupted: bool = field(metadata={"label": "interrupted"})
    resumed_from: str | None = field(metadata={"label": "resumed from"})
    last_checkpoint: str | None = field(metadata={"label": "last checkpoint"})
    final_loss: float | None = field(metadata={"label": "final loss"})
    tokens_per_s: float | None = field(metadata={"label": "tokens per second (median)"})
    peak_memory_mb: float | None = field(metadata={"label": "peak memory of the stage process (MB)"})
    #: The whole session's tokens over its steps' time (the median above is of single steps).
    tokens_per_s_mean: float | None = field(default=None, metadata={"label": "tokens per second (mean)"})
    #: With compiled layers: graphs compiled after the first step, and the seconds all compiles took.
    recompiles: int | None = field(default=None, metadata={"label": "recompiles after the first step"})
    compile_s: float | None = field(default=None, metadata={"label": "compile time (s)"})
    #: `so8t estimate`'s prediction for this run (peak_gib, nvml_gib, card_gib, fits, terms), beside the peaks.
    memory_estimate: dict[str, Any] | None = None
    added_tokens: list[str] = field(default_factory=list)
    trainable_parameters: int = field(default=0, metadata={"label": "trainable parameters"})
    #: The layers that got LoRA adapters (`--lora-targets` resolved against the model).
    lora_targets: list[str] = field(default_factory=list, metadata={"label": "LoRA target layers"})
    runtime: dict[str, Any] = field(default_factory=dict)
    elapsed_s: float = field(default=0.0, metadata={"label": "time (s)"})
    #: The signal (SIGINT 2, SIGTERM 15) that stopped the run early; None when it ran to the end.
    stop_signal: int | None = field(default=None, metadata={"label": "stopped by signal"})
    #: With --nproc N: each rank's measured peaks (the four memory fields), in rank order.
    rank_peaks: list[dict[str, float | None]] = field(default_factory=list)


# -- the bake's and the GGUF check's own files ----------------------------------------------------------

def write_bake_record(baked_dir: str | os.PathLike[str], result: BakeResult, *, so8t_version: str,
                      source_model: str, config: dict[str, Any]) -> Path:
    """Write so8t_bake.json into a baked folder, with the bake's inputs beside its result."""
    return write_record(bake_record_path(baked_dir), result, so8t_version=so8t_version, source_model=source_model,
                        config=config, formula=BAKE_FORMULA)


def read_bake_record(path: str | os.PathLike[str]) -> BakeResult:
    """The bake result of a baked folder (or of its so8t_bake.json)."""
    path = Path(path)
    return read_record(BakeResult, bake_record_path(path) if path.is_dir() else path)


def read_check_record(path: str | os.PathLike[str]) -> CheckResult:
    """The fidelity record of a GGUF: pass the `.check.json`, or the `.gguf` it belongs to."""
    path = Path(path)
    return read_record(CheckResult, check_record_path(path) if path.name.endswith(GGUF_SUFFIX) else path)


# -- a run's records, for the window and the report -------------------------------------------------


@dataclass
class GgufFile:
    """One GGUF of a run: its size and, once checked, its fidelity record."""

    name: str
    path: str
    size: int
    check: CheckResult | None = None
    problem: str = ""


@dataclass
class RunRecords:
    """Every result record a run holds (None where the stage has not run); `problems` names refused files."""

    train: TrainResult | None = None
    bake: BakeResult | None = None
    gguf: list[GgufFile] = field(default_factory=list)
    triality: TrialityResult | None = None
    calibration: CalibrationResult | None = None
    #: The export and quantize stages write GGUF files, not records: their peaks come from run.json.
    export: MemoryPeaks | None = None
    quantize: MemoryPeaks | None = None
    problems: dict[str, str] = field(default_factory=dict)
    #: The records of stages without a field here (evaluate, those from outside so8t), by stage.
    others: dict[str, Record] = field(default_factory=dict)

    def by_stage(self) -> dict[str, Record]:
        """Every record the run holds, keyed by the stage that wrote it (a GGUF check under "check <file>")."""
        found: dict[str, Any] = {"train": self.train, "bake": self.bake, "export": self.export,
                                 "quantize": self.quantize}
        found.update((f"check {f.name}", f.check) for f in self.gguf)
        found.update({"triality": self.triality, "calibrate": self.calibration, **self.others})
        return {stage: rec for stage, rec in found.items() if rec is not None}

    def memory_peaks(self) -> list[tuple[str, MemoryPeaks]]:
        """(stage, record) of every record that measured a memory peak, in pipeline order (the window and the report)."""
        return [(stage, rec) for stage, rec in self.by_stage().items()
                if rec is not None and any(getattr(rec, name, None) is not None for name in MEMORY_FIELDS)]


def _optional(record_type: type[Record], path: Path, kind: str, problems: dict[str, str]) -> Any:
    if not path.exists():
        return None
    try:
        return read_record(record_type, path)
    except RecordError as exc:
        problems[kind] = exc.one_line()
        return None


def _gguf_stage_peaks(run_json: Path, problems: dict[str, str]) -> tuple[MemoryPeaks | None, MemoryPeaks | None]:
    """The export and quantize stages' memory peaks from their results in run.json (None where not recorded)."""
    from so8t.errors import RunError
    from so8t.store.runs import read_run_record

    if not run_json.is_file():
        return None, None
    try:
        stages = read_run_record(run_json).get("stages") or {}
    except RunError as exc:
        problems["run"] = exc.one_line()
        return None, None
    found = []
    for stage in ("export", "quantize"):
        result = (stages.get(stage) or {}).get("result") if isinstance(stages.get(stage), dict) else None
        figures = {name: result.get(name) for name in MEMORY_FIELDS} if isinstance(result, dict) else {}
        usable = {k: float(v) for k, v in figures.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
        found.append(MemoryPeaks(**usable) if usable else None)
    return found[0], found[1]


def read_run_records(run_dir: str | os.PathLike[str]) -> RunRecords:
    """The records of a run folder through the readers above; a refused file is named in `problems`."""
    layout = RunLayout(run_dir)
    problems: dict[str, str] = {}
    files = []
    for gguf in layout.gguf_files():
        check_path = check_record_path(gguf)
        entry = GgufFile(name=gguf.name, path=str(gguf), size=gguf.stat().st_size)
        if check_path.exists():
            try:
                entry.check = read_check_record(check_path)
            except RecordError as exc:
                entry.problem = problems[f"gguf:{gguf.name}"] = exc.one_line()
        files.append(entry)
    export, quantize = _gguf_stage_peaks(layout.run_json, problems)
    from so8t.stage_contract import all_stages

    # Stages with a record and no field of their own here (evaluate, those from outside so8t).
    shown = (TrainResult, BakeResult, TrialityResult, CalibrationResult, CheckResult)
    others = {stage.name: _optional(stage.record, layout.record(stage.record), stage.name, problems)
              for stage in all_stages().values()
              if stage.record is not None and stage.record.FILE and stage.record not in shown}
    return RunRecords(
        export=export, quantize=quantize,
        train=_optional(TrainResult, layout.record(TrainResult), "train", problems),
        bake=_optional(BakeResult, layout.record(BakeResult), "bake", problems),
        gguf=files,
        triality=_optional(TrialityResult, layout.record(TrialityResult), "triality", problems),
        calibration=_optional(CalibrationResult, layout.record(CalibrationResult), "calibration", problems),
        problems=problems,
        others={name: rec for name, rec in others.items() if rec is not None},
    )
