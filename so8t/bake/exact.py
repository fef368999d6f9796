"""Bake: fold every SO(8) gate into its o_proj (W' = W · blockdiag(R), float64), verify, save a plain HF folder."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import torch
from torch import nn

from so8t import __version__
from so8t.bake.config import BakeConfig
from so8t.bake.verify import (
    VerifyReport,
    compare_logits,
    decide,
    float64_logits,
    model_logits,
    prompt_batches,
)
from so8t.errors import ConfigError, QuantizedModelError, So8tError
from so8t.events import EventSink
from so8t.fileio import check_output_dir, staged_dir
from so8t.memory import PeakMemoryMeter
from so8t.model.architectures import attention_sites
from so8t.model.folder import config_dtype, copy_tokenizer_files, inspect_model_folder, load_model
from so8t.model.gates import (
    ROTATION_DTYPE,
    SO8Gate,
    attach_gates,
    detach_gates,
    gates_of,
    load_gate_state,
    load_gates_into,
    randomize_gates,
)
from so8t.model.layer_stream import STREAMED, WHOLE_MODEL, bake_path
from so8t.model.rotation import determinant_error, fold_into_weight, orthogonality_error
from so8t.store.layout import ADAPTER_CONFIG_FILE, GATES_FILE, TRAINING_STAGES, RunLayout
from so8t.store.records import BakeResult, write_bake_record

DTYPES = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}


def fold_gate_into(o_proj: nn.Module, gate: SO8Gate) -> None:
    """W ← W · blockdiag(R_1 … R_k) in float64, cast back to W's dtype; the bias is untouched."""
    weight = o_proj.weight
    if not weight.is_floating_point() or type(o_proj).__name__ in ("Linear4bit", "Linear8bitLt"):
        raise QuantizedModelError(
            f"o_proj of layer {gate.layer} holds quantized weights ({type(o_proj).__name__}, {weight.dtype})",
            "reload the model in full precision (fp32/fp16/bf16) before baking",
        )
    with torch.no_grad():
        baked = fold_into_weight(weight, gate.rotations(dtype=torch.float64))
        if not torch.isfinite(baked).all():
            raise So8tError(f"baking layer {gate.layer} produced non-finite weights", "check the gate file")
        weight.copy_(baked.to(weight.dtype))


def bake_gates_into_model(model: nn.Module) -> tuple[int, int]:
    """Fold every attached gate into its o_proj and detach the gates; returns (layers, blocks)."""
    sites = attention_sites(model)
    gates = {g.layer: g for g in gates_of(model)}
    if len(gates) != len(sites):
        raise So8tError(
            f"{len(gates)} gates for {len(sites)} decoder layers",
            "attach one gate per layer (so8t.model.gates.attach_gates) before baking",
        )
    blocks = 0
    for site in sites:
        gate = gates[site.layer]
        fold_gate_into(getattr(site.o_proj, "base_layer", site.o_proj), gate)
        blocks += gate.num_blocks
    detach_gates(model)
    if gates_of(model):
        raise So8tError("gates remained attached after baking", "this is a bug; please report it")
    return len(sites), blocks


def _block_checks(gates: list[SO8Gate], dtype: torch.dtype) -> tuple[float, float]:
    """Max orthogonality and determinant error over every block of every layer.

    The blocks are the ones the gated model used (float64 exponential rounded to the model's dtype);
    the check itself runs in float64 so that it measures those matrices, not the rounding of RᵀR.
    """
    with torch.no_grad():
        rots = [g.rotations(ROTATION_DTYPE).to(dtype).double() for g in gates]
        orth = max(orthogonality_error(r).max().item() for r in rots)
        det = max(determinant_error(r).max().item() for r in rots)
    return orth, det


def _resolve_gate_source(path: str) -> tuple[Path, Path | None]:
    """(gates file, checkpoint folder or None) for a gates file, a checkpoint folder or a run folder."""
    p = Path(path)
    if p.is_file():
        return p, None
    if not p.is_dir():
        raise So8tError(f"gate source {p} does not exist", "pass a gates.safetensors file, a checkpoint or a run folder")
    if (p / GATES_FILE).is_file():
        return p / GATES_FILE, p
    if any(RunLayout(p).checkpoints(stage).is_dir() for stage in TRAINING_STAGES):
        # The newest checkpoint of the last training stage that has one (align after train).
        from so8t.store.checkpoints import newest_training_checkpoint

        newest = newest_training_checkpoint(p)
        if newest is None:
            raise So8tError(f"run {p} has no valid checkpoint with gates", "train first, or pass a gates file")
        ckpt = Path(newest.path)
        return ckpt / GATES_FILE, ckpt
    raise So8tError(f"{p} holds no {GATES_FILE} and no checkpoints/ (nor align/checkpoints/)",
                    "pass a gates file, a checkpoint or a run folder")


def _gated_model(config: BakeConfig, dtype: torch.dtype | None, events: EventSink) -> tuple[nn.Module, str, Any]:
    """Load the model and attach the gates the config names.

    Returns (model, description of the gate source, tokenizer of a training checkpoint or None).
    """
    if config.random_gates:
        model = load_model(config.model, dtype=dtype)
        randomize_gates(attach_gates(model, seed=config.seed), config.angle, config.seed)
        return model, f"random (seed {config.seed}, angle {config.angle})", None
    gates_file, checkpoint = _resolve_gate_source(config.gates)
    if checkpoint is not None and (checkpoint / ADAPTER_CONFIG_FILE).is_file():
        # A training checkpoint: rebuild base + merged LoRA + trained gates the way training saved them.
        from so8t.train.restore import load_trained_model

        events.log(f"loading trained model from {checkpoint}")
        model, tokenizer = load_trained_model(checkpoint, dtype=dtype or torch.float32, model_dir=config.model)
        return model, str(checkpoint), tokenizer
    state = load_gate_state(gates_file)
    model = load_model(config.model, dtype=dtype)
    gates = attach_gates(model, seed=config.seed)
    load_gates_into(gates, state, source=str(gates_file))
    return model, str(gates_file), None


def bake(config: BakeConfig, events: EventSink | None = None) -> BakeResult:
    """Run the bake stage: gated model → baked plain HF folder at `config.out`, verified if asked.

    The whole model in memory, or (streaming) a shard and a decoder layer at a time; the verdict means
    the same either way and, where both fit, has the same values.
    """
    events = events or EventSink()
    info = inspect_model_folder(config.model)
    check_output_dir(config.out, force=config.force)
    dtype = None if config.dtype == "auto" else DTYPES[config.dtype]
    with PeakMemoryMeter() as meter:
        path = choose_path(config, info)
        events.log(f"bake: {path} path")
        if path == STREAMED:
            result = _bake_streamed(config, info, dtype or config_dtype(info.config), events, meter)
        else:
            result = _bake_whole(config, info, dtype, events, meter)
    return result


def choose_path(config: BakeConfig, info: Any) -> str:
    """'whole-model' or 'streamed': as asked, else streamed when the whole model would not fit in RAM."""
    trained = config.gates is not None and _is_training_checkpoint(config.gates)
    if config.streaming == "streamed":
        if trained:
            raise ConfigError(
                "a training checkpoint (LoRA + gates) is baked with the whole model in memory",
                "pass --streaming auto or whole, or bake its gates.safetensors file alone",
            )
        return STREAMED
    if config.streaming == "whole" or trained:
        return WHOLE_MODEL
    model_bytes = sum(p.stat().st_size for p in info.weight_files)
    if config.dtype == "float32":
        model_bytes *= 4 / max(1, _stored_bytes_per_param(info.config))
    return bake_path(model_bytes)


def _stored_bytes_per_param(config: dict[str, Any]) -> int:
    return torch.finfo(config_dtype(config)).bits // 8


def _is_training_checkpoint(gates: str) -> bool:
    try:
        _file, checkpoint = _resolve_gate_source(gates)
    except So8tError:
        return False
    return checkpoint is not None and (checkpoint / ADAPTER_CONFIG_FILE).is_file()


def _report(gated: torch.Tensor, reference: torch.Tensor, baked: torch.Tensor, orth: float, det: float) -> VerifyReport:
    """The verification figures of one bake (the same for either path)."""
    cmp = compare_logits(gated, baked)
    return VerifyReport(
        positions=gated.shape[0],
        max_abs_err=cmp.max_abs_err,
        mean_abs_err=cmp.mean_abs_err,
        kl=cmp.kl,
        top1_agreement=cmp.top1_agreement,
        noise_floor=compare_logits(reference, gated).max_abs_err,
        bake_err=compare_logits(reference, baked).max_abs_err,
        orth_err_max=orth,
        det_err_max=det,
    )


def _finish(config: BakeConfig, tmp: Path, result: BakeResult, report: VerifyReport | None,
            meter: PeakMemoryMeter) -> BakeResult:
    if report is not None:
        decide(report)
        result.passed = report.passed
        result.max_abs_err = report.max_abs_err
        result.kl = report.kl
        result.top1_agreement = report.top1_agreement
        result.noise_floor = report.noise_floor
        result.orth_err_max = report.orth_err_max
        result.verify = report.to_dict()
    result.set_peak_memory(meter.figures())
    write_bake_record(tmp, result, so8t_version=__version__, source_model=str(Path(config.model).resolve()),
                      config=config.to_dict())
    return result


def _bake_whole(config: BakeConfig, info: Any, dtype: torch.dtype | None, events: EventSink,
                meter: PeakMemoryMeter) -> BakeResult:
    total = 5 if config.verify else 3
    events.progress(0, total, "phase")
    model, source, tokenizer = _gated_model(config, dtype, events)
    gates = gates_of(model)
    model_dtype = next(model.parameters()).dtype
    events.log(f"{len(gates)} gates from {source}; model dtype {model_dtype}")
    events.progress(1, total, "phase")

    verify_seconds = 0.0
    if config.verify:
        t0 = time.perf_counter()
        batches = prompt_batches(config.model, model.config.vocab_size, seed=config.seed)
        gated = model_logits(model, batches)
        reference = float64_logits(model, batches)
        orth, det = _block_checks(gates, model_dtype)
        verify_seconds += time.perf_counter() - t0
        events.progress(2, total, "phase")

    t0 = time.perf_counter()
    layers, blocks = bake_gates_into_model(model)
    if layers != info.num_layers:
        raise So8tError(f"baked {layers} layers, the model has {info.num_layers}", "this is a bug; please report it")
    bake_seconds = time.perf_counter() - t0
    events.progress(total - 2, total, "phase")

    report = None
    if config.verify:
        t0 = time.perf_counter()
        baked = model_logits(model, batches)
        report = _report(gated, reference, baked, orth, det)
        verify_seconds += time.perf_counter() - t0

    with staged_dir(config.out, force=config.force) as tmp:
        t0 = time.perf_counter()
        model.save_pretrained(str(tmp), safe_serialization=True)
        copy_tokenizer_files(config.model, tmp)
        if tokenizer is not None:  # training may have added tokens (thinking tags): ship its tokenizer
            tokenizer.save_pretrained(str(tmp))
        bake_seconds += time.perf_counter() - t0
        if report is not None:
            t0 = time.perf_counter()
            report.reload_max_abs_err = _reload_error(tmp, batches, baked)
            verify_seconds += time.perf_counter() - t0
        result = BakeResult(
            layers_baked=layers, blocks=blocks, out=str(Path(config.out).resolve()),
            dtype=str(model_dtype).replace("torch.", ""), gate_source=source,
            seconds_bake=round(bake_seconds, 3), seconds_verify=round(verify_seconds, 3), passed=True,
            reference_path=WHOLE_MODEL, fp32_device="cpu",
        )
        _finish(config, tmp, result, report, meter)
    events.progress(total, total, "phase")
    return result


def streaming_gates(config: BakeConfig, info: Any) -> tuple[list[SO8Gate], str]:
    """One gate per layer with the values the whole-model path would attach (CPU, no model needed)."""
    gates = [SO8Gate(info.o_proj_in_features, layer=i) for i in range(info.num_layers)]
    if config.random_gates:
        randomize_gates(gates, config.angle, config.seed)
        return gates, f"random (seed {config.seed}, angle {config.angle})"
    gates_file, _checkpoint = _resolve_gate_source(config.gates)
    load_gates_into(gates, load_gate_state(gates_file), source=str(gates_file))
    return gates, str(gates_file)


def _bake_streamed(config: BakeConfig, info: Any, dtype: torch.dtype, events: EventSink,
                   meter: PeakMemoryMeter) -> BakeResult:
    from so8t.bake.streamed import bake_shards, fp32_pass_device, streamed_logits

    gates, source = streaming_gates(config, info)
    device = fp32_pass_device(config.model, dtype)
    events.log(f"{len(gates)} gates from {source}; model dtype {dtype}; streamed, fp32 passes on {device}")
    with staged_dir(config.out, force=config.force) as tmp:
        t0 = time.perf_counter()
        layers, blocks = bake_shards(config.model, tmp, gates, dtype,
                                     progress=lambda d, t: events.progress(d, t, "shard"))
        if layers != info.num_layers:
            raise So8tError(f"baked {layers} layers, the model has {info.num_layers}", "this is a bug; please report it")
        bake_seconds = time.perf_counter() - t0
        report = None
        verify_seconds = 0.0
        if config.verify:
            t0 = time.perf_counter()
            batches = prompt_batches(config.model, int(info.config["vocab_size"]), seed=config.seed)
            logits = streamed_logits(config.model, tmp, gates, batches, dtype, device,
                                     progress=lambda d, t: events.progress(d, t, "layer"))
            orth, det = _block_checks(gates, dtype)
            report = _report(logits.gated, logits.reference, logits.baked, orth, det)
            report.reload_max_abs_err = (logits.reloaded.double() - logits.baked.double()).abs().max().item()
            verify_seconds = time.perf_counter() - t0
        result = BakeResult(
            layers_baked=layers, blocks=blocks, out=str(Path(config.out).resolve()),
            dtype=str(dtype).replace("torch.", ""), gate_source=source,
            seconds_bake=round(bake_seconds, 3), seconds_verify=round(verify_seconds, 3), passed=True,
            reference_path=STREAMED, fp32_device=device,
        )
        _finish(config, tmp, result, report, meter)
    return result


def _reload_error(folder: Path, batches: list[torch.Tensor], baked: torch.Tensor) -> float:
    """Reload the saved folder with vanilla transformers (no custom code) and compare with the baked logits."""
    from transformers import AutoModelForCausalLM

    reloaded = AutoModelForCausalLM.from_pretrained(
        str(folder), dtype=baked.dtype, use_safetensors=True, local_files_only=True, trust_remote_code=False
    )
    reloaded.eval()
    names = [n for n, _ in reloaded.named_parameters()]
    if any("so8t" in n for n in names):
        raise So8tError("the saved model still holds gate parameters", "this is a bug; please report it")
    return (model_logits(reloaded, batches).double() - baked.double()).abs().max().item()
