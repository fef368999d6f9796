"""How a report value reads: numbers, sizes, and a human label for every record field (window, PDF and HTML alike)."""

from __future__ import annotations

import math
from typing import Any

#: Nested lists longer than this print as "N values" so a table row stays one line.
MAX_INLINE_LIST = 8

#: What each record field is called where a person reads it; a field missing here reads as its
#: key with spaces ("gate_source" -> "gate source").
FIELD_LABELS = {
    # bake
    "passed": "verification",
    "layers_baked": "layers baked",
    "blocks": "SO(8) blocks",
    "max_abs_err": "max |Δlogit|, baked vs gated",
    "kl": "KL(gated ‖ baked)",
    "top1_agreement": "top-1 agreement",
    "noise_floor": "noise floor (fp32 vs float64 logits)",
    "orth_err_max": "max orthogonality error ‖RᵀR − I‖",
    "dtype": "weight dtype",
    "gate_source": "gates",
    "seconds_bake": "bake time (s)",
    "seconds_verify": "verification time (s)",
    "out": "written to",
    # memory (every record)
    "peak_rss_mib": "peak host memory (MiB)",
    "peak_gpu_allocated_mib": "peak GPU memory allocated (MiB)",
    "peak_gpu_reserved_mib": "peak GPU memory reserved (MiB)",
    "peak_nvml_mib": "peak GPU memory, NVML (MiB)",
    # training
    "final_step": "final step",
    "max_steps": "steps planned",
    "steps_run": "steps run in the last attempt",
    "final_loss": "final loss",
    "tokens_per_s": "tokens per second (median)",
    "resumed_from": "resumed from",
    "last_checkpoint": "last checkpoint",
    "elapsed_s": "time (s)",
    "trainable_parameters": "trainable parameters",
    # triality and calibration
    "scorer": "scorer",
    "accuracy": "accuracy",
    "macro_f1": "macro F1",
    "nll": "negative log-likelihood",
    "ece": "expected calibration error",
    "brier": "Brier score",
    "n_train": "training items",
    "n_calibration": "calibration items",
    "n_test": "test items",
    "train_accuracy": "training accuracy",
    "final_train_loss": "final head loss",
    "head_path": "head file",
    "temperature": "temperature T",
    "objective": "fitted on",
    "at_bound": "T at the search bound",
    "ece_before": "ECE before",
    "ece_after": "ECE after",
    "brier_before": "Brier before",
    "brier_after": "Brier after",
    "nll_before": "NLL before",
    "nll_after": "NLL after",
    "ece_improvement": "ECE reduction",
    "brier_improvement": "Brier reduction",
    "nll_improvement": "NLL reduction",
    "source": "scored from",
    "calibration_objective_before": "objective before (calibration split)",
    "calibration_objective_after": "objective after (calibration split)",
    # GGUF check
    "gguf_type": "type",
    "size_bytes": "size",
    "positions": "positions compared",
    "ppl_gguf": "perplexity",
    "ppl_hf": "perplexity of the HF model",
    "ppl_rel_diff_hf": "perplexity vs HF",
    "ppl_reference": "perplexity of the f16 GGUF",
    "ppl_rel_diff_reference": "perplexity vs f16",
    "tokenizer_agreement": "texts tokenized as by HF",
    "verdict": "verdict",
    "fallback_summary": "quantization fallbacks",
}


def label(key: str) -> str:
    """The human label of a record field."""
    return FIELD_LABELS.get(key, key.replace("_", " "))


def format_value(value: Any) -> str:
    """One cell's text: short floats, lists summarised, None as a dash."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value == 0 or 1e-3 <= abs(value) < 1e6:
            return f"{value:.4g}"
        return f"{value:.3e}"
    if isinstance(value, (list, tuple)):
        if len(value) <= MAX_INLINE_LIST and all(not isinstance(v, (list, dict)) for v in value):
            return "[" + ", ".join(format_value(v) for v in value) + "]"
        return f"{len(value)} values"
    if isinstance(value, dict):
        return f"{len(value)} fields"
    return str(value)


#: Significant figures of a relative change under 1 %: "+0.0042%", never a "+0.00%" that hides it.
CHANGE_FIGURES = 2
#: Below this many percent a change is shown as zero (far under any bound a check applies).
CHANGE_FLOOR_PERCENT = 1e-6


def format_relative_change(value: float) -> str:
    """A relative change as a signed percentage: two decimals from 1 % on, two significant figures under it."""
    percent = float(value) * 100
    if abs(percent) >= 1:
        return f"{percent:+.2f}%"
    if abs(percent) < CHANGE_FLOOR_PERCENT:
        return "+0%"
    decimals = CHANGE_FIGURES - 1 - math.floor(math.log10(abs(percent)))
    return f"{percent:+.{decimals}f}%"


def format_size(size: Any) -> str:
    """Bytes as B / KiB / MiB / GiB ("—" when unknown)."""
    if not isinstance(size, (int, float)) or isinstance(size, bool):
        return "—"
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)


#: Fields that are shares of a whole: shown as percentages.
PERCENT_FIELDS = ("top1_agreement", "top1_agreement_reference", "tokenizer_agreement")


def format_field(key: str, value: Any) -> str:
    """A record field's text: verdicts as passed/failed, agreements as percentages, sizes in bytes units."""
    if key == "passed" and isinstance(value, bool):
        return verdict(value)
    if key in PERCENT_FIELDS and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:.2%}"
    if key == "size_bytes":
        return format_size(value)
    return format_value(value)


def verdict(passed: bool) -> str:
    """How a verification outcome reads: "passed" or "failed"."""
    return "passed" if passed else "failed"


def memory_summary(result: Any) -> str:
    """The training stage's measured peaks beside its estimate, in one line ('' where no GPU peak was measured).

    `result` is the train record (a TrainResult) or the run.json copy of it (a dict).
    """
    get = result.get if isinstance(result, dict) else (lambda key: getattr(result, key, None))
    if result is None or not get("peak_gpu_allocated_mib"):
        return ""
    gib = 1024.0
    text = f"peak GPU memory {get('peak_gpu_allocated_mib') / gib:.2f} GiB allocated"
    if get("peak_nvml_mib"):
        text += f", {get('peak_nvml_mib') / gib:.2f} GiB on the card (NVML)"
    est = get("memory_estimate")
    if isinstance(est, dict) and est.get("peak_gib") is not None:
        text += f"; estimate {est['peak_gib']:.2f} GiB allocated, {est.get('nvml_gib', 0):.2f} GiB on the card"
        if est.get("offload"):
            text += " (activations offloaded)"
    return text
