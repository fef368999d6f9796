"""Every file and folder name of a workspace and of a run folder, in one place (docs/architecture.md, "The run folder").

Nothing else in the project spells a run file's name: code asks `RunLayout(run_dir)` for a path, or
uses the name constants here. The names the README documents (run.json, events.jsonl, checkpoints/,
baked/so8t_bake.json, gguf/*.check.json, triality.json, calibration.json, report.pdf) never change;
new files are added, never renamed, so old runs keep opening.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

# -- the workspace ------------------------------------------------------------------------------
#: `<workspace>/runs/<run-id>/`: one folder per run.
RUNS_DIR = "runs"
#: `<workspace>/configs/`: the pipeline configs the window writes for its runs.
CONFIGS_DIR = "configs"
#: `<workspace>/audit/`: the audit log of chat turns that belong to no run.
AUDIT_DIR = "audit"

# -- a run folder ---------------------------------------------------------------------------------
RUN_FILE = "run.json"
EVENTS_FILE = "events.jsonl"
LOCK_FILE = "lock"
#: A stop request any process may write (`so8t stop RUN`, a window following the run): the stage polls
#: it at step boundaries, stops with its emergency checkpoint, and removes it.
STOP_FILE = "stop"
#: What a stage started by a closing window to run on in the background writes to stderr.
BACKGROUND_LOG = "background.stderr.log"
#: GPU readings the window sampled during a run (metric events), kept apart from events.jsonl so
#: that file has a single writer, the stage process.
TELEMETRY_FILE = "telemetry.jsonl"
#: The training config the run was started with (a resume refuses a different one).
TRAIN_CONFIG_FILE = "train_config.json"
#: The training stage's result record (written when training stops, finished or interrupted).
TRAIN_RECORD_FILE = "train_result.json"
CHECKPOINTS_DIR = "checkpoints"
#: The training stages, in pipeline order, each with its own checkpoint store: the first keeps the
#: run's `checkpoints/` (as before stages had folders), a later one `<stage>/checkpoints/`.
TRAINING_STAGES = ("train", "align")
#: The stderr of each training rank of a run on several processes (`--nproc N`), appended per launch.
RANK_LOGS_DIR = "logs"
BASE_MODEL_DIR = "base_model"
BAKED_DIR = "baked"
GGUF_DIR = "gguf"
TRIALITY_FILE = "triality.json"
TRIALITY_HEAD_FILE = "triality_head.safetensors"
CALIBRATION_FILE = "calibration.json"
REPORT_PDF = "report.pdf"
REPORT_HTML = "report.html"
#: `so8t export-tensorboard RUN`'s default folder: the run's metrics as TensorBoard event files.
TENSORBOARD_DIR = "tensorboard"
#: One JSON line per chat turn (window, `so8t chat`, `so8t serve`): hashes of thinking, never its text.
AUDIT_FILE = "audit.jsonl"

# -- data/: the data stage's prepared files (one normalised record a line) --------------------------
DATA_DIR = "data"
#: Conversations `{"messages": [...], "id"?, "label"?}`, split into training and held-out validation.
DATA_TRAIN_FILE = "train.jsonl"
DATA_VAL_FILE = "val.jsonl"
#: Preference pairs `{"prompt", "chosen", "rejected", "id"?, "label"?}`, split the same way.
DATA_PAIRS_TRAIN_FILE = "pairs.train.jsonl"
DATA_PAIRS_VAL_FILE = "pairs.val.jsonl"
#: Prompts `{"prompt", "answer"?, "label"?, "id"?}` for the align and evaluate stages.
DATA_PROMPTS_FILE = "prompts.jsonl"
#: Labelled safety items `{"text", "label", "id"?}`.
DATA_LABELLED_FILE = "labelled.jsonl"
#: The data stage's record: counts, drops, duplicate clusters, statistics.
DATA_RECORD_FILE = "data.json"
#: Samples moved out of the SFT files by a safety bucket (`so8t data --drop DENY`), never dropped silently.
DATA_HELD_OUT_BY_SAFETY_FILE = "held_out_by_safety.jsonl"
#: `so8t data-generate`: answers refused by the thinking-format check, with the reason.
GENERATE_REJECTS_FILE = "generate.rejects.jsonl"
#: `so8t data-generate`: one line per finished answer, so a rerun after a kill repeats and loses none.
GENERATE_JOURNAL_FILE = "generate.journal.jsonl"
#: `so8t data-generate`: the accepted answers as conversations `{"messages": [...], "id"?, "label"?}`, which
#: `so8t data RUN/data/generated.jsonl --run RUN` then cleans and splits like any other conversations file.
GENERATED_FILE = "generated.jsonl"
#: `so8t data-generate`'s own files under data/: a new data/ written by `so8t data` carries them over.
GENERATE_FILES = (GENERATE_JOURNAL_FILE, GENERATE_REJECTS_FILE, GENERATED_FILE)

# -- align/: the align stage's folder (its checkpoints are align/checkpoints/) -------------------------
ALIGN_DIR = "align"
#: The align stage's own options as it started (method, beta, rewards…); a resume runs on them.
ALIGN_CONFIG_FILE = "align_config.json"
#: The align stage's record (written when it stops, finished, interrupted or failed).
ALIGN_RECORD_FILE = "align/align.json"
#: DPO's reference log-probs of every pair under the starting policy (gates included), computed once.
ALIGN_REFERENCE_FILE = "reference.safetensors"
#: GRPO with β > 0: the starting policy's adapter and gate tensors, kept for the KL term's reference.
ALIGN_GRPO_REFERENCE_FILE = "start_policy.safetensors"
#: GRPO with --updates-per-rollout > 1: each rollout's completions, advantages and π_old log-probs
#: (align/rollouts/rollout-<N>.safetensors), so a resume between a rollout's updates trains on the same one.
ALIGN_ROLLOUTS_DIR = "rollouts"
#: The evaluate stage's record: the A/B table and each item's result (final answers and hashes, never thinking).
EVALUATION_FILE = "evaluation.json"

# -- inside checkpoints/ --------------------------------------------------------------------------
CHECKPOINT_PREFIX = "ckpt-"
#: Written last into a checkpoint folder: its presence (with matching hashes) makes it complete.
MANIFEST_FILE = "manifest.json"
#: checkpoints/pinned.json: the checkpoints kept whatever the keep-newest-K rule says.
PINNED_FILE = "pinned.json"
TRAINER_STATE_FILE = "trainer_state.json"
ADAPTER_FILE = "adapter_model.safetensors"
ADAPTER_CONFIG_FILE = "adapter_config.json"
GATES_FILE = "gates.safetensors"
OPTIMIZER_FILE = "optimizer.safetensors"
RNG_FILE = "rng.safetensors"
#: A run on several processes (`--nproc`): rank r > 0 keeps its own RNG streams in `rng-rank<r>.safetensors`.
RANK_RNG_PREFIX = "rng-rank"

# -- inside a baked folder ------------------------------------------------------------------------
#: The bake's result record, beside the baked weights (any `so8t bake --out` folder has one).
BAKE_RECORD_FILE = "so8t_bake.json"

# -- beside a GGUF --------------------------------------------------------------------------------
GGUF_SUFFIX = ".gguf"
CHECK_SUFFIX = ".check.json"
MODELFILE_SUFFIX = ".Modelfile"

_CHECKPOINT_RE = re.compile(rf"^{re.escape(CHECKPOINT_PREFIX)}(\d+)$")
#: A checkpoint being written: `.ckpt-<step>.<random>.partial`, renamed to `ckpt-<step>` when complete.
_PARTIAL_CHECKPOINT_RE = re.compile(rf"^\.{re.escape(CHECKPOINT_PREFIX)}(\d+)\.[^.]+\.partial$")


def checkpoint_name(step: int) -> str:
    """The folder name of the checkpoint after `step` optimizer steps."""
    return f"{CHECKPOINT_PREFIX}{int(step)}"


def checkpoint_step(name: str) -> int | None:
    """The step of a complete checkpoint folder's name (`ckpt-120` -> 120), None for any other name."""
    match = _CHECKPOINT_RE.match(name)
    return int(match.group(1)) if match else None


def partial_checkpoint_step(name: str) -> int | None:
    """The step of a checkpoint folder that was never renamed into place, None for any other name."""
    match = _PARTIAL_CHECKPOINT_RE.match(name)
    return int(match.group(1)) if match else None


def rank_rng_file(rank: int) -> str:
    """The checkpoint file of rank `rank`'s RNG streams: rank 0's is the single-process RNG_FILE."""
    return RNG_FILE if rank == 0 else f"{RANK_RNG_PREFIX}{int(rank)}.safetensors"


def gguf_stem(gguf_path: str | os.PathLike[str]) -> Path:
    """A GGUF path without its `.gguf` suffix (the base for the files written beside it)."""
    p = Path(gguf_path)
    return p.with_name(p.name[: -len(GGUF_SUFFIX)] if p.name.endswith(GGUF_SUFFIX) else p.name)


def check_record_path(gguf_path: str | os.PathLike[str]) -> Path:
    """`<name>-<TYPE>.check.json` beside a GGUF: its fidelity record."""
    s = gguf_stem(gguf_path)
    return s.with_name(s.name + CHECK_SUFFIX)


def modelfile_path(gguf_path: str | os.PathLike[str]) -> Path:
    """`<name>-<TYPE>.Modelfile` beside a GGUF: the Ollama import file."""
    s = gguf_stem(gguf_path)
    return s.with_name(s.name + MODELFILE_SUFFIX)


def bake_record_path(baked_dir: str | os.PathLike[str]) -> Path:
    """The bake record of a baked folder."""
    return Path(baked_dir) / BAKE_RECORD_FILE


@dataclass(frozen=True)
class WorkspaceLayout:
    """The folders of a workspace."""

    root: Path

    @property
    def runs(self) -> Path:
        return Path(self.root) / RUNS_DIR

    @property
    def configs(self) -> Path:
        return Path(self.root) / CONFIGS_DIR

    def run(self, run_id: str) -> Path:
        return self.runs / run_id

    @property
    def audit(self) -> Path:
        """The audit log of chat turns without a run."""
        return Path(self.root) / AUDIT_DIR / AUDIT_FILE


@dataclass(frozen=True)
class RunLayout:
    """The paths of one run folder::

        run.json  events.jsonl  lock  stop  telemetry.jsonl  train_config.json  train_result.json
        checkpoints/ckpt-<step>/{manifest.json, adapter_model.safetensors, gates.safetensors, …}
        <stage>/checkpoints/ckpt-<step>/ (a later training stage: align/checkpoints/)
        base_model/  baked/{…, so8t_bake.json}  gguf/{<name>-<TYPE>.gguf, .check.json, .Modelfile}
        triality.json  triality_head.safetensors  calibration.json  report.pdf  report.html  audit.jsonl
        tensorboard/ (so8t export-tensorboard)
        logs/rank-<N>.stderr.log (runs on several processes)  logs/background.stderr.log
        data/{train,val,pairs.train,pairs.val,prompts,labelled,held_out_by_safety}.jsonl  data/data.json
        data/generate.{rejects,journal}.jsonl  data/generated.jsonl  evaluation.json
        align/{align_config.json, align.json, reference.safetensors, start_policy.safetensors, rollouts/, train_config.json, checkpoints/}
    """

    root: Path

    def __init__(self, root: str | os.PathLike[str]) -> None:
        object.__setattr__(self, "root", Path(root))

    @property
    def run_json(self) -> Path:
        return self.root / RUN_FILE

    @property
    def events(self) -> Path:
        return self.root / EVENTS_FILE

    @property
    def lock(self) -> Path:
        return self.root / LOCK_FILE

    @property
    def stop_request(self) -> Path:
        return self.root / STOP_FILE

    @property
    def telemetry(self) -> Path:
        return self.root / TELEMETRY_FILE

    @property
    def train_config(self) -> Path:
        return self.root / TRAIN_CONFIG_FILE

    def training_config(self, stage: str = TRAINING_STAGES[0]) -> Path:
        """The config a training stage started with: train's `train_config.json`, else beside its checkpoints."""
        return self.train_config if stage == TRAINING_STAGES[0] else self.checkpoints(stage).parent / TRAIN_CONFIG_FILE

    @property
    def train_record(self) -> Path:
        return self.root / TRAIN_RECORD_FILE

    def checkpoints(self, stage: str = TRAINING_STAGES[0]) -> Path:
        """The checkpoint store of training stage `stage`: `checkpoints/` for train, `<stage>/checkpoints/` else."""
        if stage == TRAINING_STAGES[0]:
            return self.root / CHECKPOINTS_DIR
        return self.root / stage / CHECKPOINTS_DIR

    @property
    def align_dir(self) -> Path:
        return self.root / ALIGN_DIR

    @property
    def align_config(self) -> Path:
        return self.align_dir / ALIGN_CONFIG_FILE

    @property
    def align_record(self) -> Path:
        return self.root / ALIGN_RECORD_FILE

    @property
    def align_reference(self) -> Path:
        return self.align_dir / ALIGN_REFERENCE_FILE

    @property
    def align_grpo_reference(self) -> Path:
        return self.align_dir / ALIGN_GRPO_REFERENCE_FILE

    def align_rollout(self, index: int) -> Path:
        """GRPO's stored rollout number `index` (only with --updates-per-rollout > 1)."""
        return self.align_dir / ALIGN_ROLLOUTS_DIR / f"rollout-{index}.safetensors"

    def rank_log(self, rank: int) -> Path:
        """`logs/rank-<N>.stderr.log`: what training rank N wrote to stderr (tracebacks, library warnings)."""
        return self.root / RANK_LOGS_DIR / f"rank-{rank}.stderr.log"

    @property
    def background_log(self) -> Path:
        """`logs/background.stderr.log`: the stderr of a stage a closed window left running."""
        return self.root / RANK_LOGS_DIR / BACKGROUND_LOG

    def checkpoint(self, step: int, stage: str = TRAINING_STAGES[0]) -> Path:
        return self.checkpoints(stage) / checkpoint_name(step)

    def pinned(self, stage: str = TRAINING_STAGES[0]) -> Path:
        return self.checkpoints(stage) / PINNED_FILE

    @property
    def base_model(self) -> Path:
        return self.root / BASE_MODEL_DIR

    @property
    def baked(self) -> Path:
        return self.root / BAKED_DIR

    @property
    def bake_record(self) -> Path:
        return bake_record_path(self.baked)

    @property
    def gguf_dir(self) -> Path:
        return self.root / GGUF_DIR

    def gguf(self, name: str, type_label: str) -> Path:
        """`gguf/<name>-<TYPE>.gguf` (the type as it appears in file names: f16, Q4_K_M)."""
        return self.gguf_dir / f"{name}-{type_label}{GGUF_SUFFIX}"

    def gguf_files(self) -> list[Path]:
        """The run's GGUF files, by name."""
        return sorted(self.gguf_dir.glob(f"*{GGUF_SUFFIX}")) if self.gguf_dir.is_dir() else []

    @property
    def triality(self) -> Path:
        return self.root / TRIALITY_FILE

    @property
    def triality_head(self) -> Path:
        return self.root / TRIALITY_HEAD_FILE

    @property
    def calibration(self) -> Path:
        return self.root / CALIBRATION_FILE

    @property
    def report_pdf(self) -> Path:
        return self.root / REPORT_PDF

    @property
    def report_html(self) -> Path:
        return self.root / REPORT_HTML

    @property
    def tensorboard(self) -> Path:
        return self.root / TENSORBOARD_DIR

    @property
    def audit(self) -> Path:
        return self.root / AUDIT_FILE

    @property
    def data_dir(self) -> Path:
        """`data/`: the data stage's prepared files, written together (a temporary folder, then a rename)."""
        return self.root / DATA_DIR

    @property
    def data_train(self) -> Path:
        return self.data_dir / DATA_TRAIN_FILE

    @property
    def data_val(self) -> Path:
        return self.data_dir / DATA_VAL_FILE

    @property
    def data_pairs_train(self) -> Path:
        return self.data_dir / DATA_PAIRS_TRAIN_FILE

    @property
    def data_pairs_val(self) -> Path:
        return self.data_dir / DATA_PAIRS_VAL_FILE

    @property
    def data_prompts(self) -> Path:
        return self.data_dir / DATA_PROMPTS_FILE

    @property
    def data_labelled(self) -> Path:
        return self.data_dir / DATA_LABELLED_FILE

    @property
    def data_record(self) -> Path:
        return self.data_dir / DATA_RECORD_FILE

    @property
    def data_held_out_by_safety(self) -> Path:
        return self.data_dir / DATA_HELD_OUT_BY_SAFETY_FILE

    @property
    def generate_rejects(self) -> Path:
        return self.data_dir / GENERATE_REJECTS_FILE

    @property
    def generate_journal(self) -> Path:
        return self.data_dir / GENERATE_JOURNAL_FILE

    @property
    def evaluation(self) -> Path:
        return self.root / EVALUATION_FILE

    @property
    def generated(self) -> Path:
        return self.data_dir / GENERATED_FILE

    def record(self, record_type: type) -> Path:
        """Where a record type (so8t.store.records.Record) lives in the run folder: the file its type names."""
        return self.root / record_type.FILE  # type: ignore[attr-defined]

    def relative(self, path: str | os.PathLike[str]) -> str:
        """`path` as records store it: relative to the run folder when inside it (so a moved or copied
        run keeps pointing at its own files), else unchanged."""
        path = Path(path)
        try:
            return Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(self.root))).as_posix()
        except ValueError:
            return str(path)

    def resolve(self, stored: str | os.PathLike[str]) -> Path:
        """A path read from a record of this run: relative ones are in this run; an absolute one inside
        some `runs/<id>/` (written before records kept relative paths, or by the run this one was
        moved or copied from) is re-based onto this run; any other absolute path is returned as it is.
        A relative path that climbs out of the run with `..` is kept as it is: `inside` refuses it."""
        path = Path(stored)
        if not path.is_absolute():
            return self.root / path
        parts = path.parts
        for i in range(len(parts) - 3, -1, -1):
            if parts[i] == RUNS_DIR:
                return self.root.joinpath(*parts[i + 2:])
        return path

    def inside(self, path: str | os.PathLike[str]) -> bool:
        """Whether `path` lies within this run folder (after `..` is resolved, without following links)."""
        try:
            Path(os.path.normpath(os.path.abspath(path))).relative_to(os.path.normpath(os.path.abspath(self.root)))
        except ValueError:
            return False
        return True
