"""`so8t export-gguf`: a plain HF model folder -> GGUF (f16 by default), then checked by llama.cpp."""

from __future__ import annotations

import argparse

from so8t.cli import CommandOutput
from so8t.events import EventSink

NAME = "export-gguf"
HELP = ("export a Hugging Face model folder (e.g. a baked one) to a GGUF file for llama.cpp, Ollama, LM Studio, "
        "then check it with llama.cpp")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", required=True, help="Hugging Face model folder (config.json, *.safetensors, tokenizer.json)")
    p.add_argument("--out", required=True, help="GGUF file to write, e.g. run/gguf/model-f16.gguf")
    p.add_argument("--type", dest="out_type", default="f16", help="f16 (default), bf16 or f32")
    p.add_argument("--name", default=None, help="model name stored in the file (default: the folder name)")
    p.add_argument("--force", action="store_true", help="replace an existing output file")
    p.add_argument("--no-modelfile", action="store_true", help="do not write the Ollama Modelfile beside the GGUF")
    p.add_argument("--no-check", action="store_true",
                   help="skip the fidelity check (by default llama.cpp loads the result and it is compared with "
                        "the HF model; the figures go to <name>.check.json)")


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    from so8t.gguf.export import ExportConfig, export_gguf

    config = ExportConfig(model=args.model, out=args.out, out_type=args.out_type, name=args.name, force=args.force,
                          modelfile=not args.no_modelfile)
    result = export_gguf(config, events)
    out = result.to_dict()
    lines = [
        f"wrote {result.out} ({result.arch}, {result.out_type}, {result.n_tensors} tensors, "
        f"{result.size_bytes / 2**20:.1f} MiB, {result.mb_per_s:.0f} MB/s)",
        f"tokenizer: {result.tokenizer['model']} ({result.tokenizer['pre']}), {result.tokenizer['size']} tokens, "
        f"chat template {'included' if result.tokenizer['has_chat_template'] else 'absent'}",
    ]
    if result.modelfile:
        lines.append(f"Ollama Modelfile: {result.modelfile}")
    code = 0
    if not args.no_check:
        from so8t.gguf.check import CheckConfig, check_gguf

        check = check_gguf(CheckConfig(gguf=result.out, hf_model=args.model), events)
        out["check"] = check.to_dict()
        lines.append(("check passed: " if check.passed else "check FAILED: ") + check.verdict)
        code = 0 if check.passed else 1
    return CommandOutput(result=out, exit_code=code, text="\n".join(lines))
