"""How a report value reads: numbers, sizes, and a human label for every record field (window, PDF and HTML alike)."""

from __future__ import annotations

import math
from typing import Any

from so8t.report.words import N_, tr

#: Nested lists longer than this print as "N values" so a table row stays one line.
MAX_INLINE_LIST = 8

#: What each record field is called where a person reads it; a field missing here reads as its
#: key with spaces ("gate_source" -> "gate source").
FIELD_LABELS = {
    # bake
    "passed": N_("verification"),
    "layers_baked": N_("layers baked"),
    "blocks": N_("SO(8) blocks"),
    "max_abs_err": N_("max |Δlogit|, baked vs gated"),
    "kl": N_("KL(gated ‖ baked)"),
    "top1_agreement": N_("top-1 agreement"),
    "noise_floor": N_("noise floor (fp32 vs float64 logits)"),
    "orth_err_max": N_("max orthogonality error ‖RᵀR − I‖"),
    "dtype": N_("weight dtype"),
    "gate_source": N_("gates"),
    "seconds_bake": N_("bake time (s)"),
    "seconds_verify": N_("verification time (s)"),
    "out": N_("written to"),
    # memory (every record)
    "peak_rss_mib": N_("peak host memory (MiB)"),
    "peak_gpu_allocated_mib": N_("peak GPU memory allocated (MiB)"),
    "peak_gpu_reserved_mib": N_("peak GPU memory reserved (MiB)"),
    "peak_nvml_mib": N_("peak GPU memory, NVML (MiB)"),
    # training
    "final_step": N_("final step"),
    "max_steps": N_("steps planned"),
    "steps_run": N_("steps run in the last attempt"),
    "final_loss": N_("final loss"),
    "tokens_per_s": N_("tokens per second (median)"),
    "resumed_from": N_("resumed from"),
    "last_checkpoint": N_("last checkpoint"),
    "elapsed_s": N_("time (s)"),
    "trainable_parameters": N_("trainable parameters"),
    "lora_targets": N_("LoRA target layers"),
    # triality and calibration
    "scorer": N_("scorer"),
    "accuracy": N_("accuracy"),
    "macro_f1": N_("macro F1"),
    "nll": N_("negative log-likelihood"),
    "ece": N_("expected calibration error"),
    "brier": N_("Brier score"),
    "n_train": N_("training items"),
    "n_calibration": N_("calibration items"),
    "n_test": N_("test items"),
    "train_accuracy": N_("training accuracy"),
    "final_train_loss": N_("final head loss"),
    "head_path": N_("head file"),
    "temperature": N_("temperature T"),
    "objective": N_("fitted on"),
    "at_bound": N_("T at the search bound"),
    "ece_before": N_("ECE before"),
    "ece_after": N_("ECE after"),
    "brier_before": N_("Brier before"),
    "brier_after": N_("Brier after"),
    "nll_before": N_("NLL before"),
    "nll_after": N_("NLL after"),
    "ece_improvement": N_("ECE reduction"),
    "brier_improvement": N_("Brier reduction"),
    "nll_improvement": N_("NLL reduction"),
    "source": N_("scored from"),
    "calibration_objective_before": N_("objective before (calibration split)"),
    "calibration_objective_after": N_("objective after (calibration split)"),
    # GGUF check
    "gguf_type": N_("type"),
    "size_bytes": N_("size"),
    "positions": N_("positions compared"),
    "ppl_gguf": N_("perplexity"),
    "ppl_hf": N_("perplexity of the HF model"),
    "ppl_rel_diff_hf": N_("perplexity vs HF"),
    "ppl_reference": N_("perplexity of the f16 GGUF"),
    "ppl_rel_diff_reference": N_("perplexity vs f16"),
    "tokenizer_agreement": N_("texts tokenized as by HF"),
    "verdict": N_("verdict"),
    "fallback_summary": N_("quantization fallbacks"),
}


def label(key: str) -> str:
    """The human label of a record field."""
    return tr(FIELD_LABELS[key]) if key in FIELD_LABELS else key.replace("_", " ")


def format_value(value: Any) -> str:
    """One cell's text: short floats, lists summarised, None as a dash."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value == 0 or 1e-3 <= abs(value) < 1e6:
            return f"{value:.4g}"
        return f"{value:.3e}"
    if isinstance(value, (list, tuple)):
        if len(value) <= MAX_INLINE_LIST and all(not isinstance(v, (list, dict)) for v in value):
            return "[" + ", ".join(format_value(v) for v in value) + "]"
        return tr("{0} values").format(len(value))
    if isinstance(value, dict):
        return tr("{0} fields").format(len(value))
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
    return tr("passed") if passed else tr("failed")


def memory_summary(result: Any) -> str:
    """The training stage's measured peaks beside its estimate, in one line ('' where no GPU peak was measured).

    `result` is the train record (a TrainResult) or the run.json copy of it (a dict).
    """
    get = result.get if isinstance(result, dict) else (lambda key: getattr(result, key, None))
    if result is None or not get("peak_gpu_allocated_mib"):
        return ""
    gib = 1024.0
    text = tr("peak GPU memory {0:.2f} GiB allocated").format(get("peak_gpu_allocated_mib") / gib)
    if get("peak_nvml_mib"):
        text += tr(", {0:.2f} GiB on the card (NVML)").format(get("peak_nvml_mib") / gib)
    est = get("memory_estimate")
    if isinstance(est, dict) and est.get("peak_gib") is not None:
        text += tr("; estimate {0:.2f} GiB allocated, {1:.2f} GiB on the card").format(est["peak_gib"],
                                                                                      est.get("nvml_gib", 0))
        if est.get("offload"):
            text += tr(" (activations offloaded)")
    return text
