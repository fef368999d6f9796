"""The metric names the stages emit (the `name` of a `metric` event), and which curve each one feeds.

One list of names: the writers (training, align, triality, the demo, the window's GPU sampler) and the
readers (the run model, the report, the comparison of runs) spell them from here.
"""

from __future__ import annotations

from typing import Any


class Metrics:
    """Metric names the stages emit (the `name` of a `metric` event)."""

    LOSS = "loss"
    PET_LOSS = "pet_loss"
    PET_LAMBDA = "pet_lambda"
    PET_PHASE = "pet_phase"
    LR = "lr"
    GATE_LR = "gate_lr"
    ALPHA_LR = "alpha_lr"
    ALPHA_MEAN = "alpha_mean"
    GRAD_NORM = "grad_norm"
    TOKENS_PER_S = "tokens_per_s"
    #: The step's own time in seconds (sent just before its tokens_per_s): the step's tokens are their product.
    STEP_SECONDS = "step_seconds"
    KL_TO_BASE = "kl_to_base"
    PEAK_GPU_ALLOCATED_MB = "peak_memory_allocated_mb"
    PEAK_GPU_RESERVED_MB = "peak_memory_reserved_mb"
    PEAK_RSS_MB = "peak_memory_rss_mb"
    #: The demo's pretraining of its tiny model (its steps are not training steps).
    PRETRAIN_LOSS = "pretrain_loss"
    #: The triality head's fitting loss.
    HEAD_LOSS = "head_loss"
    #: The align stage (DPO and GRPO): `reward/<function>` per reward function (reward_metric names it).
    REWARD = "reward"
    KL = "kl"
    COMPLETION_LENGTH = "completion_length"
    CLIP_RATIO = "clip_ratio"
    #: The share of GRPO groups whose rewards all tie (no learning signal).
    TIE_SHARE = "tie_share"
    DPO_MARGIN = "dpo_margin"
    DPO_ACCURACY = "dpo_accuracy"
    DPO_CHOSEN_REWARD = "dpo_chosen_reward"
    DPO_REJECTED_REWARD = "dpo_rejected_reward"
    PAIRS_PER_S = "pairs_per_s"
    #: GPU readings the window samples into telemetry.jsonl (step = seconds since the run began).
    VRAM_USED_MB = "vram_used_mb"
    VRAM_TOTAL_MB = "vram_total_mb"
    GPU_UTIL = "gpu_util"
    GPU_TEMP_C = "gpu_temp_c"
    GPU_POWER_W = "gpu_power_w"


def reward_metric(function: str) -> str:
    """The metric of one reward function's mean per step (`reward/format`)."""
    return f"{Metrics.REWARD}/{function}"


#: The align stage's metrics, drawn as curves of their own (its steps count again from 1 after training's, and
#: its `loss` and `kl` are not training's): {metric name: curve key}; `reward/<function>` keeps its own name.
ALIGN_STAGE = "align"
ALIGN_CURVES: dict[str, str] = {
    Metrics.LOSS: "align_loss", Metrics.REWARD: "reward", Metrics.KL: "align_kl", Metrics.DPO_ACCURACY: "dpo_accuracy",
    Metrics.DPO_MARGIN: "dpo_margin", Metrics.TIE_SHARE: "tie_share", Metrics.COMPLETION_LENGTH: "completion_length",
    Metrics.CLIP_RATIO: "clip_ratio",
}


def align_curve(event: Any) -> str | None:
    """The align curve a metric event feeds (None: not an align stage's metric with a curve)."""
    if getattr(event, "stage", "") != ALIGN_STAGE:
        return None
    name = getattr(event, "name", "")
    if name.startswith(Metrics.REWARD + "/"):
        return name
    return ALIGN_CURVES.get(name)


#: Names a curve is drawn from, first found wins (older runs and other writers used the short names).
LOSS_METRICS = (Metrics.LOSS, "train_loss")
KL_METRICS = ("kl", Metrics.KL_TO_BASE)
#: The reinforcement stage's mean reward per step (align's GRPO names it "reward").
REWARD_METRICS = ("reward",)
#: The VRAM curve: the window's readings first; a headless run has the training process's own CUDA peaks.
VRAM_METRICS = (Metrics.VRAM_USED_MB, Metrics.PEAK_GPU_RESERVED_MB, Metrics.PEAK_GPU_ALLOCATED_MB)
