"""`so8t check-gguf`: load a GGUF with llama.cpp and compare it with the HF model (and the f16 file)."""

from __future__ import annotations

import argparse

from so8t.cli import CommandOutput
from so8t.commands._flags import add_config_flags, flag_values
from so8t.events import EventSink
from so8t.gguf.config import CheckConfig

NAME = "check-gguf"
HELP = "check a GGUF with llama.cpp: top-1 agreement and |dlogit| vs the HF model, perplexity, tokenizer"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_config_flags(p, CheckConfig)


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    from so8t.gguf.check import check_gguf

    config = CheckConfig.from_dict(flag_values(args, CheckConfig), source="check-gguf options")
    result = check_gguf(config, events)
    return CommandOutput(result=result.to_dict(), exit_code=0 if result.passed else 1,
                         text=("PASSED: " if result.passed else "FAILED: ") + result.verdict)
