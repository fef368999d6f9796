"""`so8t export-gguf`: a plain HF model folder -> GGUF (f16 by default), then checked by llama.cpp."""

from __future__ import annotations

import argparse

from so8t.cli import CommandOutput
from so8t.commands._flags import add_config_flags, flag_values
from so8t.commands._text import human_size
from so8t.events import EventSink
from so8t.gguf.config import CheckConfig, ExportConfig

NAME = "export-gguf"
HELP = ("export a Hugging Face model folder (e.g. a baked one) to a GGUF file for llama.cpp, Ollama, LM Studio, "
        "then check it with llama.cpp")


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_config_flags(p, ExportConfig)
    p.add_argument("--no-check", action="store_true",
                   help="skip the fidelity check (by default llama.cpp loads the result and it is compared with "
                        "the HF model; the figures go to <name>.check.json)")


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    from so8t.gguf.export import export_gguf

    config = ExportConfig.from_dict(flag_values(args, ExportConfig), source="export options")
    result = export_gguf(config, events)
    out = result.to_dict()
    lines = [
        f"wrote {result.out} ({result.arch}, {result.out_type}, {result.n_tensors} tensors, "
        f"{human_size(result.size_bytes)}, {result.mb_per_s:.0f} MB/s)",
        f"tokenizer: {result.tokenizer['model']} ({result.tokenizer['pre']}), {result.tokenizer['size']} tokens, "
        f"chat template {'included' if result.tokenizer['has_chat_template'] else 'absent'}",
    ]
    if result.modelfile:
        lines.append(f"Ollama Modelfile: {result.modelfile}")
    code = 0
    if not args.no_check:
        from so8t.gguf.check import check_gguf

        check = check_gguf(CheckConfig(gguf=result.out, hf_model=config.model), events)
        out["check"] = check.to_dict()
        lines.append(("check passed: " if check.passed else "check FAILED: ") + check.verdict)
        code = 0 if check.passed else 1
    return CommandOutput(result=out, exit_code=code, text="\n".join(lines))
