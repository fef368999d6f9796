"""The pipeline's GGUF stage in one call: export f16, quantize, and check every file with llama.cpp.

Files go to RUN/gguf/<name>-<TYPE>.gguf with <name>-<TYPE>.check.json and <name>-<TYPE>.Modelfile
beside each. The stage fails when the f16 file does not match the HF model (a broken export must
not look done); a quantized file that misses its bound is recorded with the reason, not fatal.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from so8t.errors import ConfigError, GGUFError
from so8t.events import EventSink
from so8t.gguf.check import DEFAULT_N_CTX, CheckConfig, check_gguf
from so8t.gguf.export import EXPORT_TYPES, ExportConfig, export_gguf
from so8t.gguf.paths import run_gguf_path
from so8t.gguf.quantize import DEFAULT_QUANT, QuantizeConfig, normalize_quant_type, quantize_gguf


def _help(text: str) -> dict[str, str]:
    return {"help": text}


@dataclass
class GGUFStageConfig:
    """Options of the GGUF stage of a run."""

    name: str = field(default="model", metadata=_help("file name stem: RUN/gguf/<name>-<TYPE>.gguf"))
    out_type: str = field(default="f16", metadata=_help("type of the exported file: f16, bf16 or f32"))
    quant_types: list[str] = field(default_factory=lambda: [DEFAULT_QUANT],
                                   metadata=_help("llama.cpp quantizations to make from it (empty: none)"))
    check: bool = field(default=True, metadata=_help("check every file with llama.cpp against the HF model"))
    n_ctx: int = field(default=DEFAULT_N_CTX, metadata=_help("check window length in tokens"))
    text_file: str | None = field(default=None, metadata=_help("held-out text for perplexity (default: built-in)"))

    def __post_init__(self) -> None:
        if self.out_type not in EXPORT_TYPES:
            raise ConfigError(f"GGUF export type {self.out_type!r} is not one of {', '.join(EXPORT_TYPES)}",
                              "use f16, bf16 or f32")
        self.quant_types = [normalize_quant_type(q) for q in self.quant_types]
        if not self.name or os.sep in self.name or "/" in self.name:
            raise ConfigError(f"GGUF name {self.name!r} is not a plain file name", "use e.g. the model's short name")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GGUFStageConfig:
        known = {f.name for f in fields(cls)}
        for key in data:
            if key not in known:
                raise ConfigError(f"unknown gguf setting {key!r}", f"use only: {', '.join(sorted(known))}")
        return cls(**data)


@dataclass
class GGUFStageResult:
    """Every file the stage wrote, with its check."""

    files: list[dict[str, Any]]
    passed: bool
    summary: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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
    for q in config.quant_types:
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
