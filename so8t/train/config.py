"""TrainConfig: every knob of the training stage, its check, and which knobs change the trajectory."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from so8t.config import SEED_LIMIT, StageConfig, check_table
from so8t.errors import ConfigError
from so8t.model.lora_targets import AUTO, HELP, parse_targets

Device = Literal["auto", "cpu", "cuda"]
Quantize = Literal["auto", "4bit", "none"]
Optimizer = Literal["adamw", "paged_adamw_8bit"]
ComputeDtype = Literal["auto", "bf16", "fp16", "fp32"]
GradientCheckpointing = Literal["auto", "on", "off"]
OffloadActivations = Literal["auto", "on", "off"]
FastKernels = Literal["auto", "on", "off"]
Packing = Literal["auto", "on", "off"]
DEVICES, QUANTIZE, OPTIMIZERS = get_args(Device), get_args(Quantize), get_args(Optimizer)
COMPUTE_DTYPES, GRADIENT_CHECKPOINTING = get_args(ComputeDtype), get_args(GradientCheckpointing)
OFFLOAD_ACTIVATIONS, FAST_KERNELS = get_args(OffloadActivations), get_args(FastKernels)
PACKING = get_args(Packing)
#: What a saved train_config.json without `packing` means: every run before packing trained unpacked.
PACKING_OF_OLDER_RUNS = "off"
#: Fields that set memory but not what is learnt per token: a resume may change them (with a
#: warning), so a run that ran out of memory continues with settings that fit.
MEMORY_FIELDS = ("max_length", "batch_size")
#: A hundred million optimizer steps: years on any card; 10**30 was accepted and trained forever.
MAX_STEPS_LIMIT = 10**8
#: Far above any model's hidden size: a LoRA rank beyond it is a typo, not a setting.
LORA_RANK_LIMIT = 1 << 16


def _help(text: str, *, trajectory: bool = True, **more: Any) -> dict[str, Any]:
    return {"help": text, "trajectory": trajectory, **more}


@dataclass
class TrainConfig(StageConfig):
    """What to train on and how; fields marked trajectory=False may change when a run is resumed."""

    model: str = field(default="", metadata=_help("Hugging Face model folder (safetensors) to train on", path=True))
    data: str = field(default="", metadata=_help("SFT data: JSONL of {messages:[…]} or {prompt, response}",
                                                 path=True))
    max_steps: int = field(default=1000, metadata=_help("optimizer steps in the whole run", min=1,
                                                                max=MAX_STEPS_LIMIT))
    seed: int = field(default=0, metadata=_help("seed of adapter/gate init, data order and dropout",
                                                       max=SEED_LIMIT))
    learning_rate: float = field(default=2e-4, metadata=_help("peak learning rate of the LoRA adapters", flags=("--lr",)))
    gate_learning_rate: float = field(default=1e-3, metadata=_help("peak learning rate of the SO(8) gates", flags=("--gate-lr",)))
    weight_decay: float = field(default=0.0, metadata=_help("AdamW weight decay of the adapters (gates: none)"))
    warmup_steps: int = field(default=10, metadata=_help("linear learning-rate warm-up, then cosine decay"))
    min_lr_ratio: float = field(default=0.1, metadata=_help("final learning rate as a fraction of the peak"))
    lora_rank: int = field(default=16, metadata=_help("LoRA rank r", min=1, max=LORA_RANK_LIMIT))
    lora_alpha: float = field(default=32.0, metadata=_help("LoRA scaling numerator (scale = alpha / r)"))
    lora_dropout: float = field(default=0.0, metadata=_help("dropout on the LoRA input"))
    lora_targets: str = field(default=AUTO, metadata=_help(HELP))
    max_length: int = field(default=1024, metadata=_help("tokens per sample; longer samples are truncated"))
    packing: Packing = field(
        default="auto",
        metadata=_help("several samples share one row of up to max_length tokens (none sees another): auto (on "
                       "for SFT), on, off; with it, batch_size counts rows and max_length decides the plan"))
    batch_size: int = field(default=1, metadata=_help("samples per micro-batch (packed rows, with packing)", min=1))
    grad_accum: int = field(default=1, metadata=_help("micro-batches per optimizer step", min=1))
    max_grad_norm: float = field(default=1.0, metadata=_help("clip the gradient norm to this (0: no clipping)"))
    alpha_warmup_steps: int = field(
        default=100,
        metadata=_help("gate α is frozen at its init (learning rate 0) for this many steps, so the "
                       "rotations stay near the identity while the adapters and generators settle"),
    )
    pet_lambdas: tuple[float, float, float] = field(
        default=(0.01, 0.05, 0.1), metadata=_help("PET λ in the exploration, transition, stabilisation phases"))
    pet_phase_ends: tuple[float, float] = field(
        default=(0.2, 0.6), metadata=_help("training progress at which exploration and transition end"))
    optimizer: Optimizer = field(default="adamw", metadata=_help("adamw, or paged_adamw_8bit (bitsandbytes, CUDA)"))
    device: Device = field(default="auto", metadata=_help("auto (CUDA when present), cpu or cuda"))
    quantize: Quantize = field(default="auto", metadata=_help("base weights: auto (4-bit NF4 on CUDA), 4bit, none"))
    compute_dtype: ComputeDtype = field(
        default="auto", metadata=_help("auto (bf16 where supported, else fp16 on CUDA; fp32 on CPU)"))
    deterministic: bool = field(default=False, metadata=_help("torch deterministic algorithms (exact resume tests)"))
    gradient_checkpointing: GradientCheckpointing = field(
        default="auto", metadata=_help("recompute activations to save memory: auto (on CUDA unless the run fits the card "
                                        "without it and the fused kernels are off), on, off", trajectory=False))
    ckpt_every_steps: int = field(default=0, metadata=_help("checkpoint every N steps (0: by time only)", trajectory=False))
    ckpt_every_seconds: float = field(
        default=180.0, metadata=_help("checkpoint every S seconds of training (0: by steps only)", trajectory=False))
    keep: int = field(default=10, metadata=_help("newest checkpoints kept (pinned ones stay too)", trajectory=False, min=1))
    kl_every_steps: int = field(default=10, metadata=_help("KL-to-base probe every N steps (0: never)", trajectory=False))
    kl_probe_samples: int = field(default=4, metadata=_help("samples in the fixed KL probe batch", trajectory=False, min=1))
    upcast_fp32: bool = field(
        default=False,
        metadata=_help("keep embeddings, lm_head and norms in fp32 instead of the compute dtype "
                       "(2 more bytes per such weight: 2.1 GB on a 128k-vocabulary 8B model)"))
    offload_activations: OffloadActivations = field(
        default="auto",
        metadata=_help("keep checkpointed layer inputs in pinned CPU memory: auto (when the estimate says the "
                       "run would not fit otherwise), on, off", trajectory=False))
    fast_kernels: FastKernels = field(
        default="auto",
        metadata=_help("fused Triton kernels (decoder layers compiled by torch.compile, Liger's fused linear "
                       "cross-entropy): auto (CUDA with triton and liger-kernel installed), on, off", trajectory=False))
    nproc: int = field(
        default=1,
        metadata=_help("training processes on this machine (torch.distributed: one GPU each with NCCL on CUDA, "
                       "gloo on CPU); each takes a share of every micro-batch, so the batch stays the same",
                       min=1))
    cuda_memory_limit_gb: float = field(
        default=0.0, metadata=_help("cap this process's CUDA memory (0: no cap), e.g. 12 to act like a 12 GB card",
                                    trajectory=False))
    tensorboard: str = field(
        default="", metadata=_help("also write the metrics live as TensorBoard event files into this folder "
                                   "(tags <stage>/<metric>; a resume drops the steps it repeats)",
                                   trajectory=False, path=True))
    strict_thinking: bool = field(
        default=False, metadata=_help("refuse data with malformed thinking tags (unclosed, misordered, nested, text "
                                      "outside <final>) instead of warning about them", trajectory=False))

    def validate(self) -> None:
        if self.model:
            self.model = str(self.model)
        if self.data:
            self.data = str(self.data)
        for name in ("learning_rate", "gate_learning_rate"):
            # 0 is a run that leaves that part as it is: the gates alone (--lr 0), or a control run whose
            # figures must not move (the align stage's "learning rate 0 does not rise").
            if not float(getattr(self, name)) >= 0:
                raise ConfigError(f"{name} must be 0 or more, got {getattr(self, name)}", f"set {name} to 0 or more")
        choice = parse_targets(self.lora_targets)
        self.lora_targets = choice if isinstance(choice, str) else ",".join(choice)
        if not 0 <= self.lora_dropout < 1:
            raise ConfigError(f"lora_dropout must be in [0, 1), got {self.lora_dropout}", "use e.g. 0.05")
        if not 0 < self.min_lr_ratio <= 1:
            raise ConfigError(f"min_lr_ratio must be in (0, 1], got {self.min_lr_ratio}", "use e.g. 0.1")
        if self.max_length < 16:
            raise ConfigError(f"max_length must be at least 16 tokens, got {self.max_length}", "use e.g. 1024")
        if len(self.pet_lambdas) != 3 or min(self.pet_lambdas) < 0:
            raise ConfigError(f"pet_lambdas needs three values ≥ 0, got {list(self.pet_lambdas)}",
                              "give λ for exploration, transition and stabilisation, e.g. 0.01 0.05 0.1")
        ends = self.pet_phase_ends
        if len(ends) != 2 or not 0 < ends[0] < ends[1] < 1:
            raise ConfigError(f"pet_phase_ends must be two increasing fractions in (0, 1), got {list(ends)}",
                              "use e.g. 0.2 0.6")
        if self.ckpt_every_steps == 0 and self.ckpt_every_seconds == 0:
            raise ConfigError("ckpt_every_steps and ckpt_every_seconds are both 0: no checkpoint would be written",
                              "set at least one of them (default: every 180 seconds)")
        if self.batch_size < self.nproc:
            raise ConfigError(f"batch_size {self.batch_size} is smaller than nproc {self.nproc}: every process "
                              "needs at least one sample of each micro-batch",
                              f"use --batch-size {self.nproc} or more (and fewer --grad-accum to keep the batch)")
        if self.device == "cpu" and (self.quantize == "4bit" or self.optimizer == "paged_adamw_8bit"):
            raise ConfigError("4-bit base weights and the paged 8-bit optimizer need CUDA, but device is cpu",
                              "use --device cuda, or quantize none with the adamw optimizer on CPU")

    # -- files ---------------------------------------------------------------------------------
    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> TrainConfig:
        """Read a config file: JSON, or TOML (`.toml`, optionally under a [train] table)."""
        return cls(**cls.file_values(path))

    @classmethod
    def file_values(cls, path: str | os.PathLike[str]) -> dict[str, Any]:
        """The settings a config file gives (checked, absent ones left out, paths from the file's folder)."""
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"config file {path} does not exist", "pass an existing .json or .toml file to --config")
        try:
            # A byte-order mark (Windows editors add one) is not part of the text.
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise ConfigError(f"config file {path} cannot be read ({exc.strerror or exc})",
                              "give yourself read permission on it") from None
        except UnicodeDecodeError:
            raise ConfigError(f"config file {path} is not UTF-8 text", "save it as UTF-8") from None
        try:
            if path.suffix.lower() == ".toml":
                import tomllib

                values = tomllib.loads(text)
                values = values.get("train", values)
            else:
                values = json.loads(text)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path} is not valid {path.suffix.lstrip('.') or 'JSON'} ({exc})",
                              "fix the syntax at the position named") from exc
        return check_table(cls, values, source=f"config file {path}", base_dir=path.resolve().parent,
                           fill_defaults=False)

    @property
    def packed(self) -> bool:
        """Whether SFT batches are packed rows (`auto` is on for SFT)."""
        return self.packing != "off"

    @classmethod
    def saved_values(cls, values: dict[str, Any]) -> dict[str, Any]:
        """A run's saved settings as they began: a file without `packing` (older runs) trained unpacked."""
        return {**values, "packing": values.get("packing", PACKING_OF_OLDER_RUNS)}

    # -- trajectory ----------------------------------------------------------------------------
    @staticmethod
    def trajectory_fields() -> list[str]:
        """Fields that change the numbers a run produces; a resume may not change them."""
        return [f.name for f in dataclasses.fields(TrainConfig) if f.metadata.get("trajectory", True)]

    def trajectory_dict(self) -> dict[str, Any]:
        full = self.to_dict()
        out = {name: full[name] for name in self.trajectory_fields() if name not in ("model", "data")}
        if out.get("packing") == PACKING_OF_OLDER_RUNS:
            del out["packing"]  # unpacked runs hash as they did before the field existed
        return out


def preset_values(name: str) -> dict[str, Any]:
    """The [train] table of preset NAME, checked, its paths taken from the preset's folder: what `so8t train
    --preset NAME` starts from before a config file and flags (and what the window's estimate starts from)."""
    from so8t.presets import load_preset

    preset = load_preset(name)
    return check_table(TrainConfig, preset.table("train"), source=f"preset {preset.path}", table="train",
                       base_dir=preset.folder, fill_defaults=False)


def config_hash(config: TrainConfig, model_fingerprint: str, data_fingerprint: str) -> str:
    """sha256 over the trajectory fields and what the model and data files hold."""
    payload = {"config": config.trajectory_dict(), "model": model_fingerprint, "data": data_fingerprint}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()


def model_fingerprint(model_dir: str | os.PathLike[str]) -> str:
    """sha256 of config.json plus each weight file's name and size (hashing GBs of weights is too slow)."""
    model_dir = Path(model_dir)
    h = hashlib.sha256((model_dir / "config.json").read_bytes())
    for f in sorted(model_dir.glob("*.safetensors")):
        h.update(f"{f.name}:{f.stat().st_size}".encode())
    return h.hexdigest()


def trajectory_difference(old: TrainConfig, new: TrainConfig, ignore: tuple[str, ...] = ()) -> str | None:
    """The first trajectory field (not in `ignore`) whose value differs between two configs, or None."""
    a, b = old.to_dict(), new.to_dict()
    for name in TrainConfig.trajectory_fields():
        if name in ("model", "data", *ignore):
            continue
        if a[name] != b[name]:
            return name
    return None


def saved_train_table(path: Path) -> dict[str, Any]:
    """A run's saved training config (train_config.json) as its plain table; {} when missing or unreadable.

    For stages that only want a hint from it (the model a run trained, its max_length); resuming reads
    the file through TrainConfig and refuses a broken one.
    """
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return table if isinstance(table, dict) else {}
