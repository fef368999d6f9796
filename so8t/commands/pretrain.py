"""`so8t pretrain`: the demo's first stage alone: a fresh tiny model learns a text corpus."""

from __future__ import annotations

import argparse

from so8t.cli import CommandOutput
from so8t.commands._flags import add_config_flags, flag_values
from so8t.events import EventSink

NAME = "pretrain"
HELP = "pretrain a fresh tiny model on a text corpus (the demo's first stage): a plain HF folder results"


def _config_class() -> type:
    from so8t.demo import PretrainConfig

    return PretrainConfig


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_config_flags(p, _config_class())


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    from so8t.demo import pretrain

    cls = _config_class()
    result = pretrain(cls.from_dict(flag_values(args, cls), source="pretrain options"), events)
    text = (f"pretrained {result.params:,} parameters on {result.tokens:,} tokens in {result.steps} steps "
            f"(loss {result.loss_first:.2f} -> {result.loss_last:.2f}) into {result.out}\n"
            f"sample: {result.sample!r}")
    return CommandOutput(result=result.to_dict(), text=text)
