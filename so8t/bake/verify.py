"""Bake verification: gated vs baked logits, against a float64 reference that measures the noise floor."""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

#: Pass criterion: mean KL(gated ‖ baked) over all positions must stay below this.
KL_LIMIT = 1e-5
#: Pass criterion: the baked model's max error against the float64 reference may exceed the gated
#: fp32 model's own error (the noise floor) by at most this factor.
NOISE_FLOOR_FACTOR = 1.5
#: Errors below this are at fp32 resolution for logits of order 1–10 (eps32 · 10 ≈ 1.2e-6); a noise
#: floor smaller than that is rounding luck, so the ratio test is not applied below it.
FP32_RESOLUTION = 2e-6
#: The original burn-in's absolute thresholds, reported beside ours (not a pass criterion: fp32
#: arithmetic alone moves a 30-layer model's logits by ~2e-3).
ORIGINAL_KL_LIMIT = 1e-5
ORIGINAL_MAX_ERR_LIMIT = 1e-4

#: Fixed prompts (English and Japanese) for the comparison; a model folder without a tokenizer gets
#: seeded random token ids instead.
VERIFY_PROMPTS = (
    "The control panel bakes the rotation gates into the output projection.",
    "Please explain how a checkpoint protects a long training run from a power cut.",
    "The cat sat on the mat and watched the rain fall on the old stone bridge.",
    "Allow, escalation or deny: the safety head reads the request and decides.",
    "回転ゲートは出力射影の重みに焼き込まれます。",
    "チェックポイントは数分ごとに書かれるので、停電しても失う作業はわずかです。",
    "1 2 3 5 8 13 21 34 55 89",
    "def rotate(x, R):\n    return x @ R.T\n",
)
RANDOM_PROMPT_LENGTH = 24


@dataclass
class LogitComparison:
    """Differences between two models' logits over the same positions."""

    max_abs_err: float
    mean_abs_err: float
    kl: float
    top1_agreement: float


@dataclass
class VerifyReport:
    """Everything `so8t bake --verify` reports, with the pass decision and its reasons."""

    positions: int
    max_abs_err: float  # baked vs gated (same dtype)
    mean_abs_err: float
    kl: float  # mean over positions of KL(p_gated ‖ p_baked)
    top1_agreement: float
    noise_floor: float  # gated model vs its own float64 logits
    bake_err: float  # baked model vs the gated model's float64 logits
    orth_err_max: float  # max |RᵀR − I| over every block of every layer (the R the gated model used)
    det_err_max: float  # max |det R − 1| over the same blocks
    reload_max_abs_err: float | None = None  # saved folder reloaded by vanilla transformers vs baked
    passed: bool = False
    criteria: dict[str, bool] = field(default_factory=dict)
    original_criteria: dict[str, bool] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def prompt_batches(model_dir: str | os.PathLike[str], vocab_size: int, seed: int = 0) -> list[torch.Tensor]:
    """Token ids of the verification prompts, one (1, n) tensor each."""
    tokenizer = None
    if any((Path(model_dir) / n).is_file() for n in ("tokenizer.json", "tokenizer.model", "vocab.json")):
        from transformers import AutoTokenizer

        try:
            tokenizer = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
        except Exception:  # noqa: BLE001 - a broken tokenizer file: verify on fixed token ids instead
            tokenizer = None
    if tokenizer is not None:
        batches = []
        for text in VERIFY_PROMPTS:
            ids = [i for i in tokenizer(text)["input_ids"] if i < vocab_size]
            if ids:
                batches.append(torch.tensor([ids]))
        if batches:
            return batches
    generator = torch.Generator().manual_seed(seed)
    return [
        torch.randint(0, vocab_size, (1, RANDOM_PROMPT_LENGTH), generator=generator)
        for _ in range(len(VERIFY_PROMPTS))
    ]


@torch.no_grad()
def model_logits(model: nn.Module, batches: list[torch.Tensor]) -> torch.Tensor:
    """Logits at every position of every prompt, stacked to (positions, vocab), in the model's dtype."""
    device = next(model.parameters()).device
    rows = [model(input_ids=ids.to(device)).logits[0].cpu() for ids in batches]
    return torch.cat(rows, dim=0)


@torch.no_grad()
def float64_logits(model: nn.Module, batches: list[torch.Tensor]) -> torch.Tensor:
    """The same model's logits computed in float64 (converted in place and back: no second copy).

    Each parameter and buffer gets its own dtype back (rotary tables stay fp32 in a bf16 model), and
    the round trip is exact: every fp32/bf16/fp16 value is representable in float64.
    """
    saved = [
        (module, store, name, tensor.dtype)
        for module in model.modules()
        for store in (module._parameters, module._buffers)
        for name, tensor in store.items()
        if tensor is not None
    ]
    model.to(torch.float64)
    try:
        return model_logits(model, batches)
    finally:
        for module, store, name, dtype in saved:
            if store is module._parameters:
                store[name].data = store[name].data.to(dtype)
            else:
                store[name] = store[name].to(dtype)


def compare_logits(reference: torch.Tensor, other: torch.Tensor) -> LogitComparison:
    """Max/mean |Δ|, mean KL(p_ref ‖ p_other) and top-1 agreement, computed in float64."""
    a, b = reference.double(), other.double()
    diff = (a - b).abs()
    log_p, log_q = torch.log_softmax(a, dim=-1), torch.log_softmax(b, dim=-1)
    kl = (log_p.exp() * (log_p - log_q)).sum(dim=-1).clamp_min(0).mean()
    agree = (a.argmax(dim=-1) == b.argmax(dim=-1)).double().mean()
    return LogitComparison(diff.max().item(), diff.mean().item(), kl.item(), agree.item())


def decide(report: VerifyReport) -> VerifyReport:
    """Fill in the pass decision: KL < 1e-5, 100 % top-1, bake error ≤ 1.5 × noise floor."""
    allowed = max(NOISE_FLOOR_FACTOR * report.noise_floor, FP32_RESOLUTION)
    report.criteria = {
        "kl_below_limit": report.kl < KL_LIMIT,
        "top1_all_agree": report.top1_agreement == 1.0,
        "bake_err_within_noise_floor": report.bake_err <= allowed,
        "finite": all(math.isfinite(v) for v in (report.max_abs_err, report.kl, report.bake_err)),
    }
    if report.reload_max_abs_err is not None:
        report.criteria["reload_matches"] = report.reload_max_abs_err == 0.0
    report.original_criteria = {
        "kl_below_1e-5": report.kl < ORIGINAL_KL_LIMIT,
        "max_abs_err_below_1e-4": report.max_abs_err < ORIGINAL_MAX_ERR_LIMIT,
    }
    report.passed = all(report.criteria.values())
    return report
