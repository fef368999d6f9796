"""Errors a user can cause: each names the input and the fix in one line."""

from __future__ import annotations

import errno
import logging
import os
import re
import sys
import warnings

#: Substrings by which CUDA out-of-memory shows up in an exception or on stderr (torch and
#: bitsandbytes wordings).
CUDA_OOM_MARKERS = ("CUDA out of memory", "OutOfMemoryError", "CUBLAS_STATUS_ALLOC_FAILED")

#: Libraries whose log records at WARNING would add a line to a command's one-line error on stderr:
#: bitsandbytes (through peft) says at import that an optional CPU 4-bit kernel is missing, and
#: `kernels` (which transformers >= 5.25 requires; bitsandbytes asks it for that kernel) that it
#: skips a publisher trust check offline. 4-bit runs only on CUDA here, so both are noise.
QUIETED_LOGGERS = ("bitsandbytes", "kernels")

#: What to do after a CUDA out-of-memory, wherever it is reported (the CLI, the pipeline, the window).
CUDA_OOM_HINT = (
    "the GPU ran out of memory: lower [train] batch_size or max_length (raise grad_accum to keep the "
    "effective batch), lower lora_rank, set gradient_checkpointing = \"on\" and quantize = \"4bit\", "
    "close other programs using the GPU, then resume the run from its last checkpoint"
)


def is_cuda_oom(error: BaseException | str) -> bool:
    """Whether an exception (or a line of a process's output) is a CUDA out-of-memory."""
    if isinstance(error, BaseException):
        if type(error).__name__ == "OutOfMemoryError":
            return True
        error = str(error)
    return any(marker in error for marker in CUDA_OOM_MARKERS)


class So8tError(Exception):
    """A problem with the user's input or environment; the CLI prints it as one line.

    `code` is a short stable identifier for scripts and the GUI; `hint` says what to do.
    """

    code = "error"

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        """The message and the fix on one line, as the CLI prints it."""
        text = self.message.rstrip(".")
        if self.hint:
            text = f"{text}: {self.hint}"
        return " ".join(text.split())

    def __str__(self) -> str:
        return self.one_line()


class ModelFolderError(So8tError):
    """The model folder is missing, incomplete, corrupt or not a supported model."""

    code = "model_folder"


class UnsupportedArchitectureError(So8tError):
    """The model family has no entry in the architecture registry, or no o_proj."""

    code = "unsupported_architecture"


class GateShapeError(So8tError):
    """An o_proj input size is not a multiple of the SO(8) block size, or gates do not fit the model."""

    code = "gate_shape"


class QuantizedModelError(So8tError):
    """The weights are 4-bit/8-bit quantized where full precision is needed."""

    code = "quantized_model"


class OutputPathError(So8tError):
    """The output path exists and is not empty, or cannot be written."""

    code = "output_path"


class DataFileError(So8tError):
    """A data file is missing, empty or malformed."""

    code = "data_file"


class ConfigError(So8tError):
    """A config has an unknown key, a wrong type or conflicting options."""

    code = "config"


class CheckpointError(So8tError):
    """No valid checkpoint, or a checkpoint that does not belong to this run."""

    code = "checkpoint"


class RunError(So8tError):
    """A folder is not a run, or the run is locked by another process."""

    code = "run"


class GGUFError(So8tError):
    """A GGUF file cannot be written, read or quantized."""

    code = "gguf"


class DiskFullError(So8tError):
    """The disk (or a quota) ran out of room while writing."""

    code = "disk_full"


class PermissionDeniedError(So8tError):
    """A file or folder cannot be read or written with this user's permissions."""

    code = "permission"


class FileAccessError(So8tError):
    """A file or folder is missing, is the wrong kind (folder for file), or the OS refused it."""

    code = "file_access"


#: errno values that mean "no room left": the disk, a quota, or a per-file size limit.
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)})
_DENIED_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
#: How Rust-backed libraries (tokenizers, safetensors) spell an OS error in a plain Exception's text.
_RUST_OS_ERROR = re.compile(r"\(os error (\d+)\)")
NO_SPACE_HINT = "free disk space, then resume the run (`so8t resume RUN` or `so8t train --resume RUN`)"


def os_error_of(exc: BaseException) -> OSError | None:
    """The OS error behind `exc`: itself, its cause/context chain, or an "(os error N)" in a library's text."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno is not None:
            return current
        match = _RUST_OS_ERROR.search(str(current))
        if match:
            number = int(match.group(1))
            return OSError(number, os.strerror(number))
        current = current.__cause__ or current.__context__
    return None


def from_os_error(exc: OSError, path: str | os.PathLike[str] | None = None) -> So8tError:
    """The one-line user error for an OS error: what could not be done to which file, and the fix."""
    where = str(path or exc.filename or "a file")
    reason = (exc.strerror or str(exc)).rstrip(".")
    number = exc.errno
    if number in DISK_FULL_ERRNOS:
        return DiskFullError(f"disk full while writing {where} ({reason})", NO_SPACE_HINT)
    if number in _DENIED_ERRNOS:
        return PermissionDeniedError(
            f"{where} cannot be used: {reason}",
            "give yourself read/write permission there, or pick another folder (--workspace, --out)")
    if number == errno.ENOENT:
        return FileAccessError(f"{where} does not exist", "check the path (relative paths start in this folder)")
    if number == errno.EISDIR:
        return FileAccessError(f"{where} is a folder, not a file", "pass the path of a file")
    if number == errno.ENOTDIR:
        return FileAccessError(f"{where}: a part of the path is a file, not a folder", "check the path")
    if number == errno.ENAMETOOLONG:
        return FileAccessError(f"{where}: a name in the path is too long for the file system",
                               "use shorter names (a run name of at most 64 characters)")
    if number == errno.EEXIST:
        return FileAccessError(f"{where} already exists", "pick a new name or remove it first")
    return FileAccessError(f"{where} cannot be used ({reason})", "check the file, its folder and the disk")


def user_error_of(exc: BaseException) -> So8tError | None:
    """The user error hidden in an exception that is not a So8tError (an OS or decode error); None for a bug."""
    if isinstance(exc, So8tError):
        return exc
    if isinstance(exc, UnicodeDecodeError):
        return DataFileError(f"a file is not UTF-8 text ({exc.reason} at byte {exc.start})", "save it as UTF-8")
    if isinstance(exc, RecursionError):
        return DataFileError("an input is nested too deeply to read", "flatten the data")
    os_error = os_error_of(exc)
    if os_error is not None:
        return from_os_error(os_error)
    return None


class GPUMemoryError(So8tError):
    """The run does not fit the GPU's memory (estimated before it starts, or met while it ran)."""

    code = "out_of_memory"


class RecordError(So8tError):
    """A stage's result record is unreadable, malformed, or written by a newer so8t."""

    code = "record"


class EndpointError(So8tError):
    """A model endpoint the user named cannot be reached, refuses the requests, or answers in another protocol."""

    code = "endpoint"


def quiet_third_party_output() -> None:
    """Libraries' warnings and log lines would break the one-line-error promise on stderr; ours still show."""
    for name in QUIETED_LOGGERS:
        logging.getLogger(name).setLevel(logging.ERROR)
    if not sys.warnoptions:
        warnings.filterwarnings("ignore", module=r"^(?!so8t|workers|gui)")
