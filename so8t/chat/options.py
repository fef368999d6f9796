"""Command-line options shared by `so8t chat`, `so8t serve` and the window's chat worker, and the session they open."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import Any

from so8t.chat.gate import GateConfig
from so8t.chat.session import ChatConfig, ChatSession
from so8t.errors import ConfigError

#: Where `so8t serve` listens unless told otherwise (this machine only), and the variable holding its
#: key; here, not in the server module, so `so8t --help` does not import the web framework.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8088
API_KEY_ENV = "SO8T_API_KEY"
#: Largest request body (MiB) by default: a chat request is text, and a body is read whole before its turn.
DEFAULT_MAX_BODY_MB = 1.0


def _add_dataclass_flags(p: argparse.ArgumentParser, cls: type) -> None:
    """One flag per field, help from the field's metadata (the dataclass is the one place of each default)."""
    for f in dataclasses.fields(cls):
        flag = "--" + f.name.replace("_", "-")
        help_text = f.metadata.get("help", "")
        if isinstance(f.default, bool):
            if f.default:
                p.add_argument("--no-" + f.name.replace("_", "-"), dest=f.name, action="store_false", help=f"do not {help_text}")
            else:
                p.add_argument(flag, dest=f.name, action="store_true", help=help_text)
            continue
        kind = type(f.default) if f.default is not None else str
        p.add_argument(flag, dest=f.name, type=kind, default=f.default,
                       help=f"{help_text} (default {f.default})" if f.default is not None else help_text)


def add_chat_arguments(p: argparse.ArgumentParser) -> None:
    """Model, run, gate, audit and sampling options."""
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--gguf", metavar="FILE", help="GGUF file to chat with (llama.cpp; every layer on the GPU when CUDA)")
    src.add_argument("--model", metavar="DIR", help="HF model folder to chat with (transformers)")
    p.add_argument("--run", metavar="RUN", help="run folder or id: its triality head gates, its audit.jsonl logs")
    p.add_argument("--ungated", action="store_true",
                   help="chat without a safety gate (no run, or a run without a head); every answer says 'ungated'")
    p.add_argument("--audit", metavar="FILE", help="audit log to append to (default RUN/audit.jsonl, else WORKSPACE/audit/)")
    p.add_argument("--workspace", help="workspace folder (to find a run by id, and the default audit folder)")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto", help="where an HF model and the gate run")
    p.add_argument("--n-gpu-layers", type=int, default=None,
                   help="layers of a GGUF on the GPU (default: all when llama.cpp has GPU support, else 0)")
    _add_dataclass_flags(p, ChatConfig)
    _add_dataclass_flags(p, GateConfig)
    # Test-only: a GBNF grammar that forces the output's shape (the HTTP API takes none).
    p.add_argument("--grammar-file", help=argparse.SUPPRESS)


def _values(args: argparse.Namespace, cls: type) -> dict[str, Any]:
    return {f.name: getattr(args, f.name) for f in dataclasses.fields(cls)}


def chat_config(args: argparse.Namespace) -> ChatConfig:
    return ChatConfig(**_values(args, ChatConfig))


def grammar_text(args: argparse.Namespace) -> str | None:
    if not getattr(args, "grammar_file", None):
        return None
    try:
        return Path(args.grammar_file).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"grammar file {args.grammar_file} cannot be read ({exc.strerror})", "pass a GBNF file") from exc


def open_session(args: argparse.Namespace, *, source: str) -> ChatSession:
    """The gate first (a run without a head is refused before a model loads), then the model and the audit log."""
    from so8t.chat.audit import AuditLog, audit_path
    from so8t.chat.backends import open_backend
    from so8t.chat.gate import load_run_gate

    config = chat_config(args)
    gate_config = GateConfig(**_values(args, GateConfig))
    run_dir = None
    if args.run:
        from so8t.store.runs import find_run

        run_dir = find_run(args.run, args.workspace).path
    gate = None
    if not args.ungated:
        if run_dir is None:
            raise ConfigError("chat is gated by a run's triality head, and no --run was given",
                              "pass --run RUN, or --ungated to chat without a gate")
        from so8t.triality.features import resolve_device

        gate = load_run_gate(run_dir, gate_config, device=resolve_device(args.device), gguf=args.gguf)
    audit = AuditLog(audit_path(audit=args.audit, run_dir=run_dir, workspace=args.workspace))
    backend = open_backend(gguf=args.gguf, model=args.model, n_ctx=config.n_ctx, n_gpu_layers=args.n_gpu_layers,
                           device=args.device)
    return ChatSession(backend, gate=gate, audit=audit, config=config, source=source)
