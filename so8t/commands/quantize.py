"""`so8t quantize`: an f16/bf16/f32 GGUF -> a quantized GGUF through llama.cpp's own quantizer."""

from __future__ import annotations

import argparse

from so8t.cli import CommandOutput
from so8t.commands._flags import add_config_flags, flag_values
from so8t.commands._text import human_size
from so8t.events import EventSink
from so8t.gguf.config import CheckConfig, QuantizeConfig

NAME = "quantize"
HELP = "quantize an f16 GGUF with llama.cpp (auto, Q8_0, Q6_K, Q5_K_M, Q4_K_M, Q4_0)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_config_flags(p, QuantizeConfig)
    p.add_argument("--check-model", metavar="DIR", default=None,
                   help="after quantizing, check the result against this HF folder and the input GGUF")


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    from so8t.gguf.quantize import quantize_gguf

    config = QuantizeConfig.from_dict(flag_values(args, QuantizeConfig), source="quantize options")
    result = quantize_gguf(config, events)
    out = result.to_dict()
    types = ", ".join(f"{k} x{v}" for k, v in sorted(result.tensor_types.items()))
    lines = [
        f"wrote {result.out} ({result.quant_type}, {human_size(result.size_bytes)} from "
        f"{human_size(result.input_size_bytes)} {result.input_type}, {result.seconds:.1f} s); tensors: {types}",
        f"type: {result.choice_reason}",
        f"llama.cpp fallbacks: {result.fallback_summary}",
    ]
    code = 0
    if args.check_model:
        from so8t.gguf.check import check_gguf

        check = check_gguf(CheckConfig(gguf=result.out, hf_model=args.check_model, reference_gguf=config.gguf,
                                       fallback_summary=result.fallback_summary), events)
        out["check"] = check.to_dict()
        lines.append(("check passed: " if check.passed else "check FAILED: ") + check.verdict)
        code = 0 if check.passed else 1
    return CommandOutput(result=out, exit_code=code, text="\n".join(lines))
