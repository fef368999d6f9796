"""Configs of the GGUF stages (export, quantize, check) and the `auto` quantization choice.

Kept apart from the stage code so the window and the CLI read the fields without loading gguf,
numpy or llama.cpp (docs/architecture.md, "Configs, flags and presets").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from so8t.config import StageConfig
from so8t.errors import ConfigError

ExportType = Literal["f16", "bf16", "f32"]
QuantType = Literal["Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "Q4_0"]
QuantChoice = Literal["auto", "Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "Q4_0"]

#: The quantization types offered, with llama.cpp's file-type numbers (enum llama_ftype).
QUANT_TYPES: dict[str, int] = dict(zip(get_args(QuantType), (7, 18, 17, 15, 2), strict=True))
#: The quantize default: resolved per model by `choose_quant_type`.
AUTO = "auto"
#: K-quants pack rows in super-blocks of 256 values; a row of another width falls back to another type.
KQUANT_BLOCK = 256
#: Q8_0's block: 32 values.
Q8_BLOCK = 32
#: What `auto` picks where every row fits a K-quant: a 7-8B model in 4.5 bits per weight fits a
#: 12 GB card with room for a long context.
AUTO_KQUANT = "Q4_K_M"
#: What `auto` picks otherwise: 8 bits per weight in blocks of 32, no fallbacks.
AUTO_PLAIN = "Q8_0"
#: The window length of the fidelity check, in tokens.
DEFAULT_N_CTX = 512


@dataclass(frozen=True)
class QuantDecision:
    """A quantization type and why it was chosen (recorded in the quantize result)."""

    quant_type: str
    reason: str


def choose_quant_type(row_widths: Iterable[int]) -> QuantDecision:
    """`auto`: a K-quant only where every quantized row is a multiple of 256 values, else Q8_0."""
    widths = sorted({int(w) for w in row_widths})
    if not widths:
        return QuantDecision(AUTO_PLAIN, f"auto: no row widths known, {AUTO_PLAIN} needs no K-quant rows")
    shown = "/".join(map(str, widths))
    odd = [w for w in widths if w % KQUANT_BLOCK]
    if not odd:
        return QuantDecision(AUTO_KQUANT, f"auto: every row width ({shown}) is a multiple of {KQUANT_BLOCK}, "
                                          f"so the K-quant {AUTO_KQUANT} applies without fallbacks")
    return QuantDecision(AUTO_PLAIN, f"auto: row widths {'/'.join(map(str, odd))} are not multiples of the "
                                     f"{KQUANT_BLOCK}-value K-quant block, so {AUTO_PLAIN} (blocks of {Q8_BLOCK}) "
                                     "instead of a K-quant that would fall back on those tensors")


def model_row_widths(model_dir: str | Path) -> list[int]:
    """Row widths of the matrices a GGUF export quantizes, from a HF folder's config.json alone."""
    from so8t.errors import ModelFolderError
    from so8t.model.folder import read_config

    try:
        cfg = read_config(Path(model_dir))
    except ModelFolderError:
        return []
    cfg = cfg.get("text_config", cfg) if isinstance(cfg, dict) else {}
    hidden = cfg.get("hidden_size")
    heads = cfg.get("num_attention_heads")
    head_dim = cfg.get("head_dim") or (hidden // heads if hidden and heads else None)
    widths = [hidden, cfg.get("intermediate_size"), heads * head_dim if heads and head_dim else None]
    return [int(w) for w in widths if isinstance(w, int) and w > 0]


def resolve_quant_type(quant_type: str, row_widths: Iterable[int]) -> QuantDecision:
    """A named type as asked, or `auto` resolved from the widths."""
    if quant_type != AUTO:
        return QuantDecision(quant_type, f"{quant_type} as asked")
    return choose_quant_type(row_widths)


def _help(text: str, **more: object) -> dict[str, object]:
    return {"help": text, **more}


@dataclass
class ExportConfig(StageConfig):
    """What to export and where."""

    model: str = field(metadata=_help("Hugging Face model folder (config.json, *.safetensors, tokenizer.json)",
                                      path=True))
    out: str = field(metadata=_help("GGUF file to write; written beside as a temp file and renamed when complete",
                                    path=True))
    out_type: ExportType = field(default="f16", metadata=_help("tensor type of the weights: f16, bf16 or f32",
                                                               flags=("--type",)))
    name: str | None = field(default=None, metadata=_help("model name stored in the file (default: the folder name)"))
    force: bool = field(default=False, metadata=_help("replace an existing output file"))
    modelfile: bool = field(default=True, metadata=_help("write an Ollama Modelfile beside the GGUF"))

    def validate(self) -> None:
        if not self.model or not self.out:
            raise ConfigError("export needs a model folder and an output file", "pass --model DIR and --out FILE")


@dataclass
class QuantizeConfig(StageConfig):
    """Which GGUF to quantize, to what, and where."""

    gguf: str = field(metadata=_help("input GGUF in f16, bf16 or f32 (the export's output)", path=True))
    out: str = field(metadata=_help("quantized GGUF to write (temp file beside it, renamed when complete)",
                                    path=True))
    quant_type: QuantChoice = field(default=AUTO, metadata=_help(
        f"llama.cpp type; auto: {AUTO_KQUANT} where every row is a multiple of {KQUANT_BLOCK} values, "
        f"else {AUTO_PLAIN}", flags=("--type",)))
    threads: int = field(default=0, metadata=_help("quantizer threads; 0 = all cores"))
    force: bool = field(default=False, metadata=_help("replace an existing output file"))
    modelfile: bool = field(default=True, metadata=_help("write an Ollama Modelfile beside the output"))


@dataclass
class QuantizeOptions(StageConfig):
    """The pipeline's [quantize] table: one quantized file per type, from the run's exported GGUF."""

    types: list[QuantChoice] = field(default_factory=lambda: [AUTO], metadata=_help(
        "quantization types, one file each (auto: chosen from the model's row widths)"))
    threads: int = field(default=0, metadata=_help("quantizer threads; 0 = all cores"))
    modelfile: bool = field(default=True, metadata=_help("write an Ollama Modelfile beside each file"))


@dataclass
class CheckConfig(StageConfig):
    """What to check and what to compare it with."""

    gguf: str = field(metadata=_help("GGUF file to load with llama.cpp", path=True))
    hf_model: str = field(metadata=_help(
        "HF model folder the GGUF came from (the baked model): reference and tokenizer", path=True,
        flags=("--model",)))
    reference_gguf: str | None = field(default=None, metadata=_help(
        "the f16 GGUF, to judge a quantized file against", path=True, flags=("--reference",)))
    text_file: str | None = field(default=None, metadata=_help(
        "held-out text for perplexity (default: built-in)", path=True, flags=("--text",)))
    n_ctx: int = field(default=DEFAULT_N_CTX, metadata=_help("window length in tokens", min=16))
    out: str | None = field(default=None, metadata=_help("check.json to write (default: beside the GGUF)", path=True))
    write: bool = field(default=True, metadata=_help("write the check.json file"))
    fallback_summary: str | None = field(default=None, metadata=_help(
        "quantizer fallbacks to cite if a bound is missed"))

    def validate(self) -> None:
        if not self.hf_model:
            raise ConfigError(
                "a GGUF check needs the HF model folder the file came from",
                "pass --model DIR: its logits are the reference and its tokenizer makes the token ids",
            )
