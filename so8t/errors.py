"""Errors a user can cause: each names the input and the fix in one line."""

from __future__ import annotations

#: Substrings by which CUDA out-of-memory shows up in an exception or on stderr (torch and
#: bitsandbytes wordings).
CUDA_OOM_MARKERS = ("CUDA out of memory", "OutOfMemoryError", "CUBLAS_STATUS_ALLOC_FAILED")

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
