"""AlignConfig: every option of the align stage (DPO and GRPO), its checks, and the session's TrainConfig."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from so8t.config import SEED_LIMIT, StageConfig
from so8t.errors import ConfigError
from so8t.train.config import MAX_STEPS_LIMIT, ComputeDtype, Device, GradientCheckpointing, Quantize

Method = Literal["dpo", "grpo"]
Trained = Literal["adapters", "gates", "both"]
DPOLoss = Literal["sigmoid", "ipo"]
METHODS, TRAINED, DPO_LOSSES = get_args(Method), get_args(Trained), get_args(DPOLoss)
#: β when none is given: DPO's usual 0.1; GRPO without a KL term (its reference pass costs a forward per rollout).
DEFAULT_BETA = {"dpo": 0.1, "grpo": 0.0}
#: Far above any group or completion a card can hold: a value beyond it is a typo.
GENERATIONS_LIMIT = 1024
COMPLETION_TOKENS_LIMIT = 1 << 17


def _help(text: str, *, trajectory: bool = True, **more: Any) -> dict[str, Any]:
    return {"help": text, "trajectory": trajectory, **more}


@dataclass
class AlignConfig(StageConfig):
    """What the align stage trains for and how; fields marked trajectory=False may change on resume."""

    method: Method = field(default="dpo", metadata=_help("dpo (preference pairs) or grpo (sampled groups scored "
                                                           "by reward functions)"))
    run: str = field(default="", metadata=_help("an existing run: start from its newest training checkpoint and "
                                                 "write into it", path=True))
    model: str = field(default="", metadata=_help("a base model folder to start from (with --out: a new run)",
                                                  path=True))
    out: str = field(default="", metadata=_help("the new run folder (with --model)", path=True))
    data: str = field(default="", metadata=_help("DPO: JSONL of {prompt, chosen, rejected}; GRPO: JSONL of "
                                                 "{prompt, answer?, label?} (default: the run's data/pairs.train.jsonl "
                                                 "or data/prompts.jsonl)", path=True))
    reward: list[str] = field(default_factory=list, metadata=_help(
        "GRPO reward functions, repeated: a built-in name (format, safety, match, length) or FILE.py:function, "
        "each with an optional =weight"))
    max_steps: int = field(default=200, metadata=_help("optimizer steps of the stage", min=1, max=MAX_STEPS_LIMIT))
    seed: int = field(default=0, metadata=_help("seed of data order, sampling and dropout", max=SEED_LIMIT))
    device: Device = field(default="auto", metadata=_help("auto (CUDA when present), cpu or cuda"))
    train: Trained = field(default="both", metadata=_help("what is trained: the LoRA adapters, the SO(8) gates, "
                                                          "or both"))
    fresh_adapters: bool = field(default=False, metadata=_help("keep the training stage's adapters frozen and "
                                                               "train new ones on top"))
    beta: float | None = field(default=None, metadata=_help("DPO: the preference temperature β (default 0.1); "
                                                            "GRPO: the weight of the KL term to the starting "
                                                            "policy (default 0: none)"))
    loss: DPOLoss = field(default="sigmoid", metadata=_help("DPO loss: sigmoid (the DPO paper's) or ipo"))
    learning_rate: float = field(default=5e-5, metadata=_help("peak learning rate of the LoRA adapters",
                                                              flags=("--lr",)))
    gate_learning_rate: float = field(default=1e-4, metadata=_help("peak learning rate of the SO(8) gates",
                                                                   flags=("--gate-lr",)))
    warmup_steps: int = field(default=0, metadata=_help("linear learning-rate warm-up, then cosine decay"))
    batch_size: int = field(default=1, metadata=_help("DPO: pairs per micro-batch", min=1))
    grad_accum: int = field(default=1, metadata=_help("DPO: micro-batches per optimizer step", min=1))
    max_length: int = field(default=1024, metadata=_help("DPO: tokens per prompt + answer; longer ones are cut "
                                                         "from the answer's end", trajectory=False))
    prompts_per_step: int = field(default=1, metadata=_help("GRPO: prompts per rollout", min=1))
    generations: int = field(default=4, metadata=_help("GRPO: completions sampled per prompt (a group)", min=2,
                                                       max=GENERATIONS_LIMIT))
    temperature: float = field(default=1.0, metadata=_help("GRPO: sampling temperature"))
    top_p: float = field(default=1.0, metadata=_help("GRPO: nucleus sampling's probability mass"))
    max_completion_tokens: int = field(default=256, metadata=_help("GRPO: tokens per sampled completion", min=1,
                                                                   max=COMPLETION_TOKENS_LIMIT))
    updates_per_rollout: int = field(default=1, metadata=_help("GRPO: optimizer steps per rollout", min=1))
    clip_epsilon: float = field(default=0.2, metadata=_help("GRPO: the clipped objective's ε"))
    quantize: Quantize = field(default="auto", metadata=_help("base weights: auto (4-bit NF4 on CUDA), 4bit, none"))
    compute_dtype: ComputeDtype = field(default="auto", metadata=_help(
        "auto (bf16 where supported, else fp16 on CUDA; fp32 on CPU)"))
    gradient_checkpointing: GradientCheckpointing = field(default="auto", metadata=_help(
        "recompute activations to save memory: auto, on, off", trajectory=False))
    deterministic: bool = field(default=False, metadata=_help("torch deterministic algorithms (exact resume tests)"))
    ckpt_every_steps: int = field(default=0, metadata=_help("checkpoint every N steps (0: by time only)",
                                                            trajectory=False))
    ckpt_every_seconds: float = field(default=180.0, metadata=_help(
        "checkpoint every S seconds of training (0: by steps only)", trajectory=False))
    keep: int = field(default=10, metadata=_help("newest checkpoints kept (pinned ones stay too)", trajectory=False,
                                                 min=1))
    cuda_memory_limit_gb: float = field(default=0.0, metadata=_help(
        "cap this process's CUDA memory (0: no cap), e.g. 12 to act like a 12 GB card", trajectory=False))

    def validate(self) -> None:
        for name in ("run", "model", "out", "data"):
            setattr(self, name, str(getattr(self, name) or ""))
        for name in ("learning_rate", "gate_learning_rate"):
            if not float(getattr(self, name)) >= 0:
                raise ConfigError(f"{name} must be 0 or more, got {getattr(self, name)}", f"set {name} to 0 or more")
        if not 0 < self.top_p <= 1:
            raise ConfigError(f"top_p must be in (0, 1], got {self.top_p}", "use e.g. 1.0 or 0.95")
        if not self.temperature > 0:
            raise ConfigError(f"temperature must be above 0, got {self.temperature}", "use e.g. 1.0")
        if self.ckpt_every_steps == 0 and self.ckpt_every_seconds == 0:
            raise ConfigError("ckpt_every_steps and ckpt_every_seconds are both 0: no checkpoint would be written",
                              "set at least one of them (default: every 180 seconds)")
        if self.max_length < 16:
            raise ConfigError(f"max_length must be at least 16 tokens, got {self.max_length}", "use e.g. 1024")
        if self.method == "dpo" and self.reward:
            raise ConfigError("--reward goes with --method grpo; DPO learns from the pairs' preferences",
                              "drop --reward, or use --method grpo")
        if self.fresh_adapters and self.model:
            raise ConfigError("--fresh-adapters keeps a trained run's adapters frozen, but --model starts from a base "
                              "model without any", "use --run RUN, or drop --fresh-adapters")
        if self.fresh_adapters and self.train == "gates":
            raise ConfigError("--fresh-adapters trains new adapters, but --train gates trains none",
                              "use --train adapters or both, or drop --fresh-adapters")
        if self.device == "cpu" and self.quantize == "4bit":
            raise ConfigError("4-bit base weights need CUDA, but device is cpu", "use --quantize none on CPU")

    @property
    def beta_value(self) -> float:
        """β as given, else the method's default."""
        return DEFAULT_BETA[self.method] if self.beta is None else float(self.beta)


#: The TrainConfig fields the align stage sets from its own options (the rest come from the starting run).
SESSION_FIELDS = ("max_steps", "seed", "device", "learning_rate", "gate_learning_rate", "warmup_steps", "batch_size",
                  "grad_accum", "max_length", "quantize", "compute_dtype", "gradient_checkpointing", "deterministic",
                  "ckpt_every_steps", "ckpt_every_seconds", "keep", "cuda_memory_limit_gb")


def session_config(align: AlignConfig, start: dict[str, Any] | None, model: str, data: str) -> Any:
    """The shared session's TrainConfig: the starting run's adapter shape, the align stage's own schedule.

    The adapters' rank, α and targets must be the training stage's so its adapters load; the gate α
    is not frozen (it already warmed up), and no PET or KL probe runs (align reports its own KL). The
    checkpointed layers' inputs wait in CPU memory on CUDA (so8t.train.offload): a DPO micro-batch of
    two 1,024-token rows of an 8B model holds 0.5 GB of them.
    """
    from so8t.train.config import TrainConfig

    values = dict(start or {})
    values.update({name: getattr(align, name) for name in SESSION_FIELDS})
    if align.fresh_adapters and start:
        # The frozen adapters and the new ones as one adapter of twice the rank (so8t.align.fresh): the scale
        # α / r stays the training stage's, and no weight decay shrinks the frozen half.
        values.update(lora_rank=2 * int(start["lora_rank"]), lora_alpha=2 * float(start["lora_alpha"]),
                      weight_decay=0.0)
    values.update(model=model, data=data, alpha_warmup_steps=0, kl_every_steps=0, nproc=1,
                  optimizer="adamw", fast_kernels="auto", offload_activations="on",
                  pet_lambdas=(0.0, 0.0, 0.0))
    return TrainConfig.from_dict(values, source="align options")
