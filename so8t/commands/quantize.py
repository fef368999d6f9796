"""`so8t quantize`: an f16/bf16/f32 GGUF -> a quantized GGUF through llama.cpp's own quantizer."""

from __future__ import annotations

import argparse

from so8t.cli import CommandOutput
from so8t.events import EventSink

NAME = "quantize"
HELP = "quantize an f16 GGUF with llama.cpp (Q8_0, Q6_K, Q5_K_M, Q4_K_M, Q4_0)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--gguf", required=True, help="input GGUF in f16, bf16 or f32 (from `so8t export-gguf`)")
    p.add_argument("--type", dest="quant_type", default="Q5_K_M",
                   help="Q8_0, Q6_K, Q5_K_M (default), Q4_K_M or Q4_0")
    p.add_argument("--out", required=True, help="quantized GGUF to write, e.g. run/gguf/model-Q5_K_M.gguf")
    p.add_argument("--threads", type=int, default=0, help="quantizer threads (default: all cores)")
    p.add_argument("--force", action="store_true", help="replace an existing output file")
    p.add_argument("--no-modelfile", action="store_true", help="do not write the Ollama Modelfile beside the GGUF")
    p.add_argument("--check-model", metavar="DIR", default=None,
                   help="after quantizing, check the result against this HF folder and the input GGUF")


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    from so8t.gguf.quantize import QuantizeConfig, quantize_gguf

    config = QuantizeConfig(gguf=args.gguf, out=args.out, quant_type=args.quant_type, threads=args.threads,
                            force=args.force, modelfile=not args.no_modelfile)
    result = quantize_gguf(config, events)
    out = result.to_dict()
    types = ", ".join(f"{k} x{v}" for k, v in sorted(result.tensor_types.items()))
    lines = [
        f"wrote {result.out} ({result.quant_type}, {result.size_bytes / 2**20:.1f} MiB from "
        f"{result.input_size_bytes / 2**20:.1f} MiB {result.input_type}, {result.seconds:.1f} s); tensors: {types}",
        f"llama.cpp fallbacks: {result.fallback_summary}",
    ]
    code = 0
    if args.check_model:
        from so8t.gguf.check import CheckConfig, check_gguf

        check = check_gguf(CheckConfig(gguf=result.out, hf_model=args.check_model, reference_gguf=args.gguf,
                                       fallback_summary=result.fallback_summary), events)
        out["check"] = check.to_dict()
        lines.append(("check passed: " if check.passed else "check FAILED: ") + check.verdict)
        code = 0 if check.passed else 1
    return CommandOutput(result=out, exit_code=code, text="\n".join(lines))
