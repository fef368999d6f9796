"""Quantize an f16/bf16/f32 GGUF with llama.cpp's own quantizer, naming the K-quant fallbacks it logs."""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import shutil
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from so8t.errors import ConfigError, GGUFError, OutputPathError
from so8t.events import EventSink
from so8t.fileio import fsync_dir, replace_with_retries
from so8t.gguf.config import AUTO, QUANT_TYPES, QuantizeConfig, resolve_quant_type
from so8t.gguf.llama_log import capture_llama_log
from so8t.gguf.paths import check_output_file, temp_path_beside
from so8t.memory import PeakMemoryMeter
from so8t.store.records import MemoryPeaks

#: The default of a run's quantize stage and of `so8t quantize`: resolved from the model's row widths.
DEFAULT_QUANT = AUTO
#: GGUF general.file_type values of unquantized files: all f32, mostly f16, mostly bf16.
FLOAT_FILE_TYPES = {0: "f32", 1: "f16", 32: "bf16"}
#: Room kept free beyond the output's upper bound before quantizing.
FREE_SPACE_MARGIN = 16 << 20
#: How llama.cpp reports a failed write (its std::ofstream throws; the text is the C++ library's).
WRITE_FAILURES = ("iostream error", "no space", "file too large", "quota", "failed to write", "write error")
_FALLBACK = re.compile(
    r"warning:\s+(?P<tensor>\S+)\s+-\s+ncols\s+(?P<ncols>\d+)\s+not divisible by\s+(?P<block>\d+)\s+"
    r"\(required for type\s+(?P<wanted>\S+)\)\s*(?P<rest>.*)"
)
_FALLBACK_TO = re.compile(r"falling back to\s+(?P<got>\S+)")


def normalize_quant_type(name: str) -> str:
    """The canonical spelling of a quant type (case-insensitive), or an error listing the valid ones."""
    key = str(name).strip().upper()
    if key == AUTO.upper():
        return AUTO
    if key not in QUANT_TYPES:
        raise ConfigError(
            f"unknown quantization type {name!r}",
            f"use {AUTO} (default) or one of: {', '.join(QUANT_TYPES)}",
        )
    return key


@dataclass
class Fallback:
    """One tensor llama.cpp could not give the requested type, as its log says."""

    tensor: str
    ncols: int
    block: int
    wanted: str
    got: str


@dataclass
class QuantizeResult(MemoryPeaks):
    """What a quantization wrote, what llama.cpp reported, and the stage's peak memory."""

    out: str
    quant_type: str
    input: str
    input_type: str
    size_bytes: int
    input_size_bytes: int
    seconds: float
    tensor_types: dict[str, int]
    fallbacks: list[dict[str, Any]]
    fallback_summary: str
    modelfile: str | None = None
    #: What was asked (a type, or auto) and why `quant_type` is the type written.
    requested_type: str = ""
    choice_reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def gguf_file_type(path: Path) -> str:
    """'f16', 'bf16' or 'f32' for an unquantized GGUF; an error for anything else."""
    import gguf

    if not path.is_file():
        raise GGUFError(f"GGUF file {path} does not exist", "pass the f16 GGUF written by `so8t export-gguf`")
    try:
        reader = gguf.GGUFReader(str(path))
    except (ValueError, OSError, KeyError, IndexError) as exc:
        raise GGUFError(f"{path} is not a GGUF file ({' '.join(str(exc).split())[:120]})",
                        "pass the .gguf file written by `so8t export-gguf`") from exc
    ft = reader.fields.get("general.file_type")
    file_type = int(ft.contents()) if ft is not None else None
    if file_type not in FLOAT_FILE_TYPES:
        kinds = Counter(t.tensor_type.name for t in reader.tensors)
        raise GGUFError(
            f"{path} is already quantized (tensor types: {', '.join(f'{k} x{v}' for k, v in kinds.most_common())})",
            "quantize the f16, bf16 or f32 GGUF from `so8t export-gguf`; re-quantizing loses accuracy twice",
        )
    return FLOAT_FILE_TYPES[file_type]


def gguf_row_widths(path: Path) -> list[int]:
    """Row widths (ne[0]) of the matrices in a GGUF: what decides whether a K-quant fits."""
    import gguf

    return [int(t.shape[0]) for t in gguf.GGUFReader(str(path)).tensors if len(t.shape) >= 2]


def tensor_type_counts(path: Path) -> dict[str, int]:
    """How many tensors of each type a GGUF holds."""
    import gguf

    return dict(Counter(t.tensor_type.name for t in gguf.GGUFReader(str(path)).tensors))


def parse_fallbacks(log_lines: list[str]) -> list[Fallback]:
    """The fallback warnings in llama.cpp's quantize log ("ncols N not divisible by 256 ... falling back to q5_1")."""
    found = []
    for line in log_lines:
        m = _FALLBACK.search(line)
        if not m:
            continue
        to = _FALLBACK_TO.search(m.group("rest"))
        found.append(Fallback(m.group("tensor"), int(m.group("ncols")), int(m.group("block")), m.group("wanted"),
                              to.group("got") if to else "?"))
    return found


def summarize_fallbacks(fallbacks: list[Fallback], n_tensors: int) -> str:
    """One sentence for the report: which types fell back to which, and why."""
    if not fallbacks:
        return "no fallbacks: every tensor got the requested type"
    pairs = Counter((f.wanted, f.got) for f in fallbacks)
    blocks = sorted({f.block for f in fallbacks})
    widths = sorted({f.ncols for f in fallbacks})
    what = ", ".join(f"{n} x {w}->{g}" for (w, g), n in pairs.most_common())
    return (
        f"{len(fallbacks)} of {n_tensors} tensors fell back ({what}) because their rows of "
        f"{'/'.join(map(str, widths))} values are not a multiple of the {'/'.join(map(str, blocks))}-value "
        "K-quant block, so llama.cpp gave those tensors the fallback types named here instead of the K-quant"
    )


def quantize_gguf(config: QuantizeConfig, events: EventSink | None = None) -> QuantizeResult:
    """Run llama.cpp's quantizer on `config.gguf`; the output appears under its name only when complete."""
    import llama_cpp

    events = events or EventSink()
    src = Path(config.gguf)
    input_type = gguf_file_type(src)
    out = check_output_file(config.out, force=config.force)
    if out.resolve() == src.resolve():
        raise OutputPathError(f"output {out} is the input file", "write the quantized file under another name")
    decision = resolve_quant_type(config.quant_type, gguf_row_widths(src) if config.quant_type == AUTO else ())
    quant_type = decision.quant_type
    events.state("started")
    events.log(f"quantizing {src} ({input_type}) to {quant_type} with llama.cpp ({decision.reason})")
    # The output is never larger than the float input: refuse early rather than fill the disk.
    need = src.stat().st_size + FREE_SPACE_MARGIN
    free = shutil.disk_usage(out.parent).free
    if free < need:
        raise GGUFError(
            f"not enough free space for {out}: up to {need / 2**20:.0f} MiB needed, {free / 2**20:.0f} MiB free",
            f"free space on the drive of {out.parent} or write the file to another drive",
        )
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = QUANT_TYPES[quant_type]
    params.nthread = config.threads or (os.cpu_count() or 1)
    tmp = temp_path_beside(out)
    start = time.perf_counter()
    done = False
    meter = PeakMemoryMeter().__enter__()
    try:
        with capture_llama_log() as log:
            rc = llama_cpp.llama_model_quantize(str(src).encode(), str(tmp).encode(), ctypes.byref(params))
        if rc != 0 or not tmp.is_file():
            failed = [line for _, line in log.lines if "fail" in line.lower() or "error" in line.lower()]
            reason = " ".join(" | ".join(log.errors() or failed or [f"return code {rc}"]).split())[:300]
            if any(s in reason.lower() for s in WRITE_FAILURES):
                raise GGUFError(
                    f"llama.cpp could not write {out} ({reason}); the disk may be full; no file was left under that name",
                    f"free at least {need / 2**20:.0f} MiB on the drive of {out.parent} and quantize again",
                )
            raise GGUFError(f"llama.cpp could not quantize {src} ({reason})",
                            "re-export the f16 GGUF with `so8t export-gguf` and quantize that")
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        replace_with_retries(tmp, out)
        fsync_dir(out.parent)
        done = True
    except OSError as exc:
        raise OutputPathError(f"cannot write {out} ({exc.strerror or exc})", "pick a folder you can write to") from exc
    finally:
        meter.__exit__(None, None, None)
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    seconds = time.perf_counter() - start
    fallbacks = parse_fallbacks([line for _, line in log.lines])
    types = tensor_type_counts(out)
    summary = summarize_fallbacks(fallbacks, sum(types.values()))
    for fb in fallbacks:
        events.log(f"{fb.tensor}: {fb.ncols} columns not divisible by {fb.block}, {fb.wanted} -> {fb.got}", "warning")
    result = QuantizeResult(
        out=str(out), quant_type=quant_type, input=str(src), input_type=input_type,
        size_bytes=out.stat().st_size, input_size_bytes=src.stat().st_size, seconds=round(seconds, 3),
        tensor_types=types, fallbacks=[asdict(f) for f in fallbacks], fallback_summary=summary,
        requested_type=config.quant_type, choice_reason=decision.reason,
    )
    result.set_peak_memory(meter.figures())
    if config.modelfile:
        from so8t.gguf.modelfile import write_modelfile

        result.modelfile = str(write_modelfile(out))
    events.state("finished")
    return result
