"""Result records: each stage's result type, written once with a `format` version and read back by one function per kind.

The window, the report (PDF and HTML) and `--json` all show these objects, so a figure has one
meaning everywhere (docs/architecture.md, "Result records"). A record from an older format is read
as what it was; one from a newer so8t, or one that is malformed, is refused with a RecordError
naming the file — never guessed at. This module imports neither torch nor Qt: the window reads
records without loading the engine.
"""

from __future__ import annotations

import json
import os
import types
import typing
from dataclasses import MISSING, asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

from so8t.errors import RecordError, So8tError
from so8t.fileio import atomic_write_json, read_plain_bytes, write_json
from so8t.memory import PeakMemoryFields
from so8t.run_layout import GGUF_SUFFIX, RunLayout, bake_record_path, check_record_path

#: Format of each record kind as this version writes it. A reader takes this format and the older
#: ones; a file without `format` was written before records were versioned (format 1's layout).
BAKE_FORMAT = 2
CHECK_FORMAT = 2
TRIALITY_FORMAT = 2
CALIBRATION_FORMAT = 2
TRAIN_FORMAT = 1

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


@dataclass
class MemoryPeaks(PeakMemoryFields):
    """A record's base: the four memory figures of its stage (so8t.memory measures them), in MiB."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class BakeResult(MemoryPeaks):
    """The bake and its verification: the `so8t bake --json` object (fields named in docs/architecture.md)."""

    layers_baked: int
    blocks: int
    out: str
    dtype: str
    gate_source: str
    seconds_bake: float
    seconds_verify: float
    passed: bool
    max_abs_err: float | None = None
    kl: float | None = None
    top1_agreement: float | None = None
    noise_floor: float | None = None
    orth_err_max: float | None = None
    verify: dict[str, Any] | None = None
    #: "whole-model" (the model in memory) or "streamed" (shards and decoder layers one at a time).
    reference_path: str = "whole-model"
    #: Where the gated and baked passes ran; the float64 reference always runs on the CPU.
    fp32_device: str = "cpu"


@dataclass
class CheckResult(MemoryPeaks):
    """Fidelity figures of one GGUF as llama.cpp runs it, against the HF model (and the f16 GGUF)."""

    gguf: str
    gguf_type: str
    size_bytes: int
    positions: int
    ppl_tokens: int
    ppl_gguf: float
    hf_model: str | None = None
    top1_agreement: float | None = None  # vs HF, over every compared position
    max_abs_dlogit: float | None = None
    mean_abs_dlogit: float | None = None
    mean_abs_dlogit_rel: float | None = None  # mean |dlogit| / standard deviation of the HF logits
    ppl_hf: float | None = None
    ppl_rel_diff_hf: float | None = None
    tokenizer_agreement: float | None = None  # share of texts llama.cpp tokenizes exactly like HF
    tokenizer_mismatch: str | None = None
    reference_gguf: str | None = None
    ppl_reference: float | None = None
    ppl_rel_diff_reference: float | None = None
    top1_agreement_reference: float | None = None
    bound: str = ""
    passed: bool = False
    verdict: str = ""
    fallback_summary: str | None = None
    #: Where the HF reference logits came from: "whole-model (cpu)", "gpu-bf16 (cuda)", "streamed (cpu|cuda)".
    reference_path: str | None = None
    #: Layers llama.cpp ran on the GPU (0: a CPU-only build or no GPU).
    gpu_layers: int = 0


@dataclass
class TrialityResult(MemoryPeaks):
    """Test-split classification of the safety head (uncalibrated, T = 1)."""

    scorer: str
    labels: list[str]
    n_train: int
    n_calibration: int
    n_test: int
    accuracy: float
    macro_f1: float
    per_class: dict[str, dict[str, float]]
    confusion: list[list[int]]
    nll: float
    ece: float
    brier: float
    train_accuracy: float | None = None
    final_train_loss: float | None = None
    head_path: str | None = None
    out: str | None = None
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

    temperature: float
    objective: str
    at_bound: bool
    ece_before: float
    ece_after: float
    brier_before: float
    brier_after: float
    nll_before: float
    nll_after: float
    accuracy: float
    ece_improvement: float
    brier_improvement: float
    nll_improvement: float
    n_calibration: int
    n_test: int
    source: str
    scorer: str | None
    before: dict[str, Any]
    after: dict[str, Any]
    calibration_objective_before: float
    calibration_objective_after: float
    out: str | None = None
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

    run_dir: str
    final_step: int
    max_steps: int
    steps_run: int
    interrupted: bool
    resumed_from: str | None
    last_checkpoint: str | None
    final_loss: float | None
    tokens_per_s: float | None
    peak_memory_mb: float | None
    #: `so8t estimate`'s prediction for this run (peak_gib, nvml_gib, card_gib, fits, terms), beside the peaks.
    memory_estimate: dict[str, Any] | None = None
    added_tokens: list[str] = field(default_factory=list)
    trainable_parameters: int = 0
    #: The layers that got LoRA adapters (`--lora-targets` resolved against the model).
    lora_targets: list[str] = field(default_factory=list)
    runtime: dict[str, Any] = field(default_factory=dict)
    elapsed_s: float = 0.0
    #: The signal (SIGINT 2, SIGTERM 15) that stopped the run early; None when it ran to the end.
    stop_signal: int | None = None
    #: With --nproc N: each rank's measured peaks (the four memory fields), in rank order.
    rank_peaks: list[dict[str, float | None]] = field(default_factory=list)


# -- reading and writing --------------------------------------------------------------------------

R = TypeVar("R")


def _fits(value: Any, hint: Any) -> bool:
    """Whether a JSON value is of a field's declared type (shallow: containers by their kind)."""
    if hint is Any:
        return True
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, arg) for arg in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is str:
        return isinstance(value, str)
    if origin is list or hint is list:
        return isinstance(value, list)
    if origin is dict or hint is dict:
        return isinstance(value, dict)
    return True


def _typed(cls: type[R], data: dict[str, Any], source: str) -> R:
    """The dataclass `cls` from a record's fields; a RecordError naming the file and field if one is missing or mistyped.

    Fields a newer minor version added, which this one does not know, are ignored.
    """
    hints = typing.get_type_hints(cls)
    values = {}
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name not in data:
            if f.default is MISSING and f.default_factory is MISSING:
                raise RecordError(f"{source} lacks the field {f.name!r}",
                                  "the file is damaged or not a result of this kind; run the stage again")
            continue
        value = data[f.name]
        if not _fits(value, hints[f.name]):
            raise RecordError(f"{source}: field {f.name!r} is {value!r}, not of type {hints[f.name]}",
                              "the file is damaged or not a result of this kind; run the stage again")
        values[f.name] = value
    return cls(**values)


def _load(path: Path, kind: str, newest: int) -> tuple[dict[str, Any], int]:
    """A record file's JSON object and format; RecordError when missing, unreadable or too new."""
    try:
        # Records live in run folders: a link there (calibration.json -> /dev/zero) is not followed.
        data = json.loads(read_plain_bytes(path, what=f"{kind} record", follow_links=False).decode("utf-8"))
    except FileNotFoundError:
        raise RecordError(f"{path} does not exist", f"run the {kind} stage first") from None
    except So8tError as exc:
        raise RecordError(exc.message, f"replace it with a plain file, or run the {kind} stage again") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise RecordError(f"{path} cannot be read as a {kind} record ({exc})", f"run the {kind} stage again") from None
    if not isinstance(data, dict):
        raise RecordError(f"{path} is not a {kind} record", f"run the {kind} stage again")
    fmt = data.get("format", 1)
    if not isinstance(fmt, int) or isinstance(fmt, bool) or fmt < 1:
        raise RecordError(f"{path} has an unknown format {fmt!r}", f"run the {kind} stage again")
    if fmt > newest:
        raise RecordError(f"{path} was written by a newer so8t ({kind} record format {fmt}, this one reads up to {newest})",
                          "update so8t to read it")
    if "record" in data and data["record"] != kind:
        raise RecordError(f"{path} is a {data['record']} record, not a {kind} record", "pass the right file")
    return data, fmt


def _flat_record(result: Any, kind: str, fmt: int, **extra: Any) -> dict[str, Any]:
    return {"format": fmt, "record": kind, **extra, **result.to_dict()}


def write_bake_record(baked_dir: str | os.PathLike[str], result: BakeResult, *, so8t_version: str,
                      source_model: str, config: dict[str, Any]) -> Path:
    """Write so8t_bake.json into a baked folder (a staging folder: renamed whole, so a plain fsynced write)."""
    path = bake_record_path(baked_dir)
    write_json(path, {"format": BAKE_FORMAT, "record": "bake", "so8t_version": so8t_version,
                      "source_model": source_model, "config": config, "result": result.to_dict(),
                      "formula": BAKE_FORMULA})
    return path


def read_bake_record(path: str | os.PathLike[str]) -> BakeResult:
    """The bake result of a baked folder (or of its so8t_bake.json).

    Every format keeps the result under `result` beside the bake's inputs; format 1 (no `format`
    field) had no memory figures, which read as None.
    """
    path = Path(path)
    if path.is_dir():
        path = bake_record_path(path)
    data, _fmt = _load(path, "bake", BAKE_FORMAT)
    result = data.get("result")
    if not isinstance(result, dict):
        raise RecordError(f"{path} holds no bake result", "bake again with `so8t bake … --verify`")
    return _typed(BakeResult, result, str(path))


def write_check_record(path: str | os.PathLike[str], result: CheckResult) -> Path:
    """Write a GGUF's fidelity record (by default `<name>-<TYPE>.check.json` beside it)."""
    path = Path(path)
    atomic_write_json(path, _flat_record(result, "gguf_check", CHECK_FORMAT))
    return path


def read_check_record(path: str | os.PathLike[str]) -> CheckResult:
    """The fidelity record of a GGUF: pass the `.check.json`, or the `.gguf` it belongs to."""
    path = Path(path)
    if path.name.endswith(GGUF_SUFFIX):
        path = check_record_path(path)
    data, _fmt = _load(path, "gguf_check", CHECK_FORMAT)
    return _typed(CheckResult, data, str(path))


def _read_run_file(path: str | os.PathLike[str], layout_name: str, kind: str, newest: int, cls: type[R]) -> R:
    """A record that lives in the run folder: `path` is the file, or the run folder (RunLayout names the file)."""
    path = Path(path)
    if path.is_dir():
        path = getattr(RunLayout(path), layout_name)
    data, _fmt = _load(path, kind, newest)
    return _typed(cls, data, str(path))


def write_triality_record(path: str | os.PathLike[str], result: TrialityResult) -> Path:
    """Write triality.json; the head's path is kept relative to the run folder, so a moved or copied run
    is gated by its own head."""
    path = Path(path)
    record = _flat_record(result, "triality", TRIALITY_FORMAT)
    layout = RunLayout(path.parent)
    for name in ("head_path", "out"):
        if record.get(name):
            record[name] = layout.relative(record[name])
    atomic_write_json(path, record)
    return path


def read_triality_record(path: str | os.PathLike[str]) -> TrialityResult:
    """A run's triality.json (pass the file or the run folder); the head's path as a path of this run
    (`RunLayout.resolve`: relative, or an old absolute one re-based)."""
    path = Path(path)
    result = _read_run_file(path, "triality", "triality", TRIALITY_FORMAT, TrialityResult)
    layout = RunLayout(path if path.is_dir() else path.parent)
    if result.head_path:
        result.head_path = str(layout.resolve(result.head_path))
    if result.out:
        result.out = str(layout.resolve(result.out))
    return result


def write_calibration_record(path: str | os.PathLike[str], result: CalibrationResult) -> Path:
    path = Path(path)
    atomic_write_json(path, _flat_record(result, "calibration", CALIBRATION_FORMAT))
    return path


def read_calibration_record(path: str | os.PathLike[str]) -> CalibrationResult:
    """A run's calibration.json (pass the file or the run folder)."""
    return _read_run_file(path, "calibration", "calibration", CALIBRATION_FORMAT, CalibrationResult)


def write_train_record(run_dir: str | os.PathLike[str], result: TrainResult) -> Path:
    path = RunLayout(run_dir).train_record
    atomic_write_json(path, _flat_record(result, "train", TRAIN_FORMAT))
    return path


def read_train_record(path: str | os.PathLike[str]) -> TrainResult:
    """A run's train_result.json (pass the file or the run folder)."""
    return _read_run_file(path, "train_record", "train", TRAIN_FORMAT, TrainResult)


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

    def memory_peaks(self) -> list[tuple[str, MemoryPeaks]]:
        """(stage, record) of every record that measured a memory peak, in pipeline order (the window and the report)."""
        found: list[tuple[str, Any]] = [("train", self.train), ("bake", self.bake), ("export", self.export),
                                        ("quantize", self.quantize)]
        found += [(f"check {f.name}", f.check) for f in self.gguf]
        found += [("triality", self.triality), ("calibrate", self.calibration)]
        return [(stage, rec) for stage, rec in found
                if rec is not None and any(getattr(rec, name, None) is not None for name in MEMORY_FIELDS)]


def _optional(read: Any, path: Path, kind: str, problems: dict[str, str]) -> Any:
    if not path.exists():
        return None
    try:
        return read(path)
    except RecordError as exc:
        problems[kind] = exc.one_line()
        return None


def _gguf_stage_peaks(run_json: Path, problems: dict[str, str]) -> tuple[MemoryPeaks | None, MemoryPeaks | None]:
    """The export and quantize stages' memory peaks from their results in run.json (None where not recorded)."""
    from so8t.errors import RunError
    from so8t.runs import read_run_record

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
    return RunRecords(
        export=export, quantize=quantize,
        train=_optional(read_train_record, layout.train_record, "train", problems),
        bake=_optional(read_bake_record, layout.bake_record, "bake", problems),
        gguf=files,
        triality=_optional(read_triality_record, layout.triality, "triality", problems),
        calibration=_optional(read_calibration_record, layout.calibration, "calibration", problems),
        problems=problems,
    )
