"""Load a GGUF with llama.cpp (llama-cpp-python) and read its logits for given token ids."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from so8t.errors import GGUFError
from so8t.gguf.llama_log import capture_llama_log, quiet_after_load

#: Threads for llama.cpp on the CPU: all cores but one, so the GUI and the sampler stay responsive.
DEFAULT_THREADS = max(1, (os.cpu_count() or 2) - 1)


def load_llama(path: str | os.PathLike[str], n_ctx: int = 512, *, n_threads: int | None = None,
               n_gpu_layers: int = 0) -> Any:
    """A llama_cpp.Llama for `path` that keeps the logits of every position (for scoring, not chat)."""
    import llama_cpp

    path = Path(path)
    if not path.is_file():
        raise GGUFError(f"GGUF file {path} does not exist", "pass the path of a .gguf file")
    from so8t.model.chat_template import check_gguf_chat_template

    check_gguf_chat_template(path)  # llama-cpp-python compiles the file's chat templates as it loads
    # verbose=True keeps llama-cpp-python from redirecting the process's stdout/stderr file
    # descriptors to /dev/null; llama.cpp's log goes to a capture instead and Python-side
    # chatter to a buffer, so nothing reaches the terminal and a load error can quote the log.
    llm = None
    with capture_llama_log() as log, contextlib.redirect_stderr(io.StringIO()):
        try:
            llm = llama_cpp.Llama(
                model_path=str(path),
                n_ctx=int(n_ctx),
                n_batch=int(n_ctx),
                n_ubatch=int(n_ctx),
                n_threads=n_threads or DEFAULT_THREADS,
                n_gpu_layers=n_gpu_layers,
                logits_all=True,
                # Read, not mapped: where llama.cpp repacks weights for the CPU (AMX for f16, AVX2/512
                # for Q4_K …), a mapped file stays resident beside its repacked copy; the 8B f16 check
                # peaked at 33.8 GB that way, twice the file.
                use_mmap=False,
                verbose=True,
                seed=0,
            )
        except (ValueError, RuntimeError) as exc:
            failure = str(exc)
    if llm is None:
        reasons = log.errors() or [line for _, line in log.lines if "error" in line.lower()] or [failure]
        raise GGUFError(
            f"llama.cpp could not load {path} ({' '.join(' | '.join(reasons).split())[:300]})",
            "re-export the model; the file is incomplete, damaged or not a llama.cpp model",
        )
    quiet_after_load(llm)
    return llm


def token_logits(llm: Any, token_ids: Sequence[int]) -> np.ndarray:
    """Next-token logits after each position of `token_ids`, as float32 (n, vocab); a fresh sequence."""
    ids = [int(t) for t in token_ids]
    if not ids:
        return np.zeros((0, llm.n_vocab()), dtype=np.float32)
    if len(ids) > llm.n_ctx():
        raise GGUFError(
            f"{len(ids)} tokens do not fit the llama.cpp context of {llm.n_ctx()}",
            "load the model with a larger n_ctx or score shorter texts",
        )
    llm.reset()
    llm.eval(ids)
    return np.array(llm.scores[: len(ids), :], dtype=np.float32, copy=True)


def close_llama(llm: Any) -> None:
    """Free a model loaded by load_llama, with llama.cpp's farewell log kept off the terminal."""
    with capture_llama_log():
        llm.close()
