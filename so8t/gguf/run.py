"""The pipeline's GGUF stage in one call: export f16, quantize, and check every file with llama.cpp.

Files go to RUN/gguf/<name>-<TYPE>.gguf with <name>-<TYPE>.check.json and <name>-<TYPE>.Modelfile
beside each. The stage fails when the f16 file does not match the HF model (a broken export must
not look done); a quantized file that misses its bound is recorded with the reason, not fatal.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from so8t.config import StageConfig
from so8t.errors import ConfigError, GGUFError
from so8t.events import EventSink
from so8t.gguf.check import check_gguf
from so8t.gguf.config import (
    AUTO,
    DEFAULT_N_CTX,
    CheckConfig,
    ExportConfig,
    ExportType,
    QuantizeConfig,
    model_row_widths,
    resolve_quant_type,
)
from so8t.gguf.export import export_gguf
from so8t.gguf.paths import run_gguf_path
from so8t.gguf.quantize import DEFAULT_QUANT, gguf_row_widths, normalize_quant_type, quantize_gguf


def _help(text: str) -> dict[str, str]:
    return {"help": text}


@dataclass
class GGUFStageConfig(StageConfig):
    """Options of the GGUF stage of a run."""

    name: str = field(default="model", metadata=_help("file name stem: RUN/gguf/<name>-<TYPE>.gguf"))
    out_type: ExportType = field(default="f16", metadata=_help("type of the exported file: f16, bf16 or f32"))
    quant_types: list[str] = field(default_factory=lambda: [DEFAULT_QUANT],
                                   metadata=_help("llama.cpp quantizations to make from it (empty: none)"))
    check: bool = field(default=True, metadata=_help("check every file with llama.cpp against the HF model"))
    n_ctx: int = field(default=DEFAULT_N_CTX, metadata=_help("check window length in tokens"))
    text_file: str | None = field(default=None, metadata=_help("held-out text for perplexity (default: built-in)"))

    def validate(self) -> None:
        self.quant_types = [normalize_quant_type(q) for q in self.quant_types]
        if not self.name or os.sep in self.name or "/" in self.name:
            raise ConfigError(f"GGUF name {self.name!r} is not a plain file name", "use e.g. the model's short name")


@dataclass
class GGUFStageResult:
    """Every file the stage wrote, with its check."""

    files: list[dict[str, Any]]
    passed: bool
    summary: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def resolved_quant_types(asked: list[str], gguf: str | os.PathLike[str],
                         model_dir: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """Each type the `asked` list makes → the entry that asked for it, in the order asked: `auto`
    resolved from the exported GGUF's row widths, or from the model's config.json while the GGUF is
    not written yet (planning). The one place `auto` is resolved for a run; a type asked twice counts once."""
    widths: list[int] = []
    if AUTO in asked:
        widths = gguf_row_widths(gguf) if Path(gguf).is_file() or model_dir is None else model_row_widths(model_dir)
    out: dict[str, str] = {}
    for entry in asked:
        out.setdefault(resolve_quant_type(entry, widths).quant_type, entry)
    return out


def run_gguf_stage(model_dir: str | os.PathLike[str], run_dir: str | os.PathLike[str], config: GGUFStageConfig,
                   events: EventSink | None = None) -> GGUFStageResult:
    """Export, quantize and check; returns what was written. Replaces earlier files of the same names."""
    events = events or EventSink()
    model_dir = Path(model_dir)
    base = run_gguf_path(run_dir, config.name, config.out_type)
    exported = export_gguf(ExportConfig(model=str(model_dir), out=str(base), out_type=config.out_type,
                                        name=config.name, force=True), events)
    files: list[dict[str, Any]] = [{"type": config.out_type, **exported.to_dict()}]
    summary: list[str] = []
    passed = True
    if config.check:
        check = check_gguf(CheckConfig(gguf=str(base), hf_model=str(model_dir), n_ctx=config.n_ctx,
                                       text_file=config.text_file), events)
        files[0]["check"] = check.to_dict()
        summary.append(check.verdict)
        if not check.passed:
            raise GGUFError(f"the {config.out_type} GGUF does not match the model in llama.cpp: {check.verdict}",
                            "the file is kept in RUN/gguf for inspection; report the model family and this line")
    for q in resolved_quant_types(config.quant_types, base):
        qout = run_gguf_path(run_dir, config.name, q)
        quant = quantize_gguf(QuantizeConfig(gguf=str(base), out=str(qout), quant_type=q, force=True), events)
        entry = {"type": q, **quant.to_dict()}
        if config.check:
            check = check_gguf(CheckConfig(gguf=str(qout), hf_model=str(model_dir), reference_gguf=str(base),
                                           n_ctx=config.n_ctx, text_file=config.text_file,
                                           fallback_summary=quant.fallback_summary), events)
            entry["check"] = check.to_dict()
            summary.append(check.verdict)
        files.append(entry)
    return GGUFStageResult(files=files, passed=passed, summary=summary)
