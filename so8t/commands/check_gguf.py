"""`so8t check-gguf`: load a GGUF with llama.cpp and compare it with the HF model (and the f16 file)."""

from __future__ import annotations

import argparse

from so8t.cli import CommandOutput
from so8t.events import EventSink

NAME = "check-gguf"
HELP = "check a GGUF with llama.cpp: top-1 agreement and |dlogit| vs the HF model, perplexity, tokenizer"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--gguf", required=True, help="GGUF file to check")
    p.add_argument("--model", required=True, help="the HF model folder the GGUF was exported from")
    p.add_argument("--reference", default=None, help="the f16 GGUF, to judge a quantized file against")
    p.add_argument("--text", default=None, help="held-out UTF-8 text for perplexity (default: built-in)")
    p.add_argument("--n-ctx", type=int, default=512, help="window length in tokens (default 512)")
    p.add_argument("--out", default=None, help="where to write the results (default: <gguf name>.check.json)")


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    from so8t.gguf.check import CheckConfig, check_gguf

    config = CheckConfig(gguf=args.gguf, hf_model=args.model, reference_gguf=args.reference, text_file=args.text,
                         n_ctx=args.n_ctx, out=args.out)
    result = check_gguf(config, events)
    return CommandOutput(result=result.to_dict(), exit_code=0 if result.passed else 1,
                         text=("PASSED: " if result.passed else "FAILED: ") + result.verdict)
