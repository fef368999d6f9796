"""Capture llama.cpp's own log lines (model loading, quantization) while a call runs."""

from __future__ import annotations

import contextlib
import ctypes
import threading
from collections.abc import Iterator

#: ggml log levels as llama.cpp numbers them; CONT continues the previous line.
_LEVELS = {0: "none", 1: "info", 2: "warning", 3: "error", 4: "debug"}
_CONT = 5
_lock = threading.Lock()


class LlamaLog:
    """The captured text, split into (level, line) pairs."""

    def __init__(self) -> None:
        self.lines: list[tuple[str, str]] = []
        self._partial = ""
        self._level = "info"

    def _add(self, level: int, text: str) -> None:
        if level != _CONT:
            self._level = _LEVELS.get(level, "info")
        self._partial += text
        while "\n" in self._partial:
            line, self._partial = self._partial.split("\n", 1)
            if line.strip():
                self.lines.append((self._level, line.rstrip()))

    def finish(self) -> None:
        if self._partial.strip():
            self.lines.append((self._level, self._partial.rstrip()))
        self._partial = ""

    @property
    def text(self) -> str:
        return "\n".join(line for _, line in self.lines)

    def errors(self) -> list[str]:
        return [line for level, line in self.lines if level == "error"]


@contextlib.contextmanager
def capture_llama_log() -> Iterator[LlamaLog]:
    """Route llama.cpp's log into a LlamaLog for the duration; llama-cpp-python's handler comes back after."""
    import llama_cpp
    from llama_cpp import _logger

    log = LlamaLog()

    @llama_cpp.llama_log_callback
    def callback(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        log._add(level, text.decode("utf-8", errors="replace"))

    with _lock:
        llama_cpp.llama_log_set(callback, ctypes.c_void_p(0))
        try:
            yield log
        finally:
            llama_cpp.llama_log_set(_logger.llama_log_callback, ctypes.c_void_p(0))
            log.finish()


def quiet_after_load(llm: object) -> None:
    """After a load with verbose=True (see so8t/gguf/runtime.py): llama.cpp's later log lines, such as the
    context's teardown when the model is freed during another command's turn, never reach stderr."""
    from llama_cpp import _logger as llama_logger

    llm.verbose = False  # type: ignore[attr-defined]
    llama_logger.set_verbose(False)
