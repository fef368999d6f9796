"""Read tensors from safetensors files one at a time, in row chunks, with plain file reads (no mmap).

Plain reads keep the page cache out of the process's resident memory, so exporting a model
never holds more than one tensor (or one chunk of a large one) at a time.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from so8t.errors import ModelFolderError

#: safetensors dtype name -> (numpy dtype of the raw bytes, bytes per element).
#: BF16 has no numpy type: its raw bytes are read as uint16 and widened by `to_float32`.
_DTYPES = {
    "F32": (np.dtype("<f4"), 4),
    "F16": (np.dtype("<f2"), 2),
    "BF16": (np.dtype("<u2"), 2),
    "F64": (np.dtype("<f8"), 8),
}

#: Rows converted per step for large tensors: ~32 MiB of float32 at a time keeps the
#: working memory of an export small next to any real model's largest tensor.
CHUNK_BYTES = 32 << 20


@dataclass(frozen=True)
class TensorRef:
    """Where one tensor lies in a safetensors file."""

    name: str
    file: Path
    dtype: str
    shape: tuple[int, ...]
    start: int  # absolute byte offset of the data in the file
    nbytes: int

    @property
    def n_rows(self) -> int:
        return self.shape[0] if self.shape else 1

    @property
    def row_elems(self) -> int:
        n = 1
        for d in self.shape[1:]:
            n *= d
        return n


def read_header(path: Path) -> list[TensorRef]:
    """Every tensor of one safetensors file, from its JSON header."""
    with open(path, "rb") as f:
        (header_len,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(header_len))
    base = 8 + header_len
    refs = []
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        dtype = meta["dtype"]
        if dtype not in _DTYPES:
            raise ModelFolderError(
                f"tensor {name} in {path} has dtype {dtype}, which GGUF export does not read",
                "save the model in float32, float16 or bfloat16 (quantized weights cannot be exported)",
            )
        begin, end = meta["data_offsets"]
        refs.append(TensorRef(name, path, dtype, tuple(int(d) for d in meta["shape"]), base + begin, end - begin))
    return refs


def to_float32(raw: np.ndarray, dtype: str) -> np.ndarray:
    """Widen raw safetensors data to float32 (BF16 is the top half of a float32)."""
    if dtype == "BF16":
        return (raw.astype(np.uint32) << 16).view(np.float32)
    return raw.astype(np.float32, copy=False)


def read_rows(ref: TensorRef, row0: int, row1: int) -> np.ndarray:
    """Rows [row0, row1) of a tensor as float32, shape (row1 - row0, *shape[1:])."""
    np_dtype, size = _DTYPES[ref.dtype]
    count = (row1 - row0) * ref.row_elems
    with open(ref.file, "rb") as f:
        f.seek(ref.start + row0 * ref.row_elems * size)
        raw = np.fromfile(f, dtype=np_dtype, count=count)
    if raw.size != count:
        raise ModelFolderError(f"{ref.file} ends inside tensor {ref.name}", "re-save or re-download the model")
    out = to_float32(raw, ref.dtype)
    return out.reshape((row1 - row0, *ref.shape[1:])) if ref.shape else out.reshape(())


def read_all(ref: TensorRef) -> np.ndarray:
    """The whole tensor as float32 (for the small tensors that need a whole-tensor transform)."""
    return read_rows(ref, 0, ref.n_rows).reshape(ref.shape)


def iter_row_chunks(ref: TensorRef, chunk_bytes: int = CHUNK_BYTES) -> Iterator[np.ndarray]:
    """The tensor as float32 in consecutive row blocks of about `chunk_bytes` each."""
    if not ref.shape:
        yield read_all(ref)
        return
    rows = max(1, chunk_bytes // max(1, ref.row_elems * 4))
    for row0 in range(0, ref.n_rows, rows):
        yield read_rows(ref, row0, min(ref.n_rows, row0 + rows))


def float32_to_bf16_bits(x: np.ndarray) -> np.ndarray:
    """Round float32 to bfloat16 (nearest, ties to even), as raw uint16; NaN stays NaN."""
    bits = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32)
    rounded = ((bits + (0x7FFF + ((bits >> 16) & 1))) >> 16).astype(np.uint16)
    nan = np.isnan(x)
    if nan.any():
        rounded[nan] = ((bits[nan] >> 16) | 0x40).astype(np.uint16)  # keep a quiet NaN
    return rounded


def model_tensors(folder: Path) -> list[TensorRef]:
    """Every tensor of every *.safetensors file in a model folder, in file order."""
    refs: list[TensorRef] = []
    for path in sorted(folder.glob("*.safetensors")):
        refs.extend(read_header(path))
    return refs
