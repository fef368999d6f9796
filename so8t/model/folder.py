"""Check and load Hugging Face model folders: safetensors only, full precision, clear errors."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from so8t.errors import GateShapeError, ModelFolderError, QuantizedModelError
from so8t.model.architectures import architecture_for
from so8t.model.block import BLOCK

#: Tokenizer and generation files copied alongside baked or exported weights.
TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "tokenizer.model",
    "vocab.json",
    "merges.txt",
    "added_tokens.json",
    "chat_template.jinja",
    "chat_template.json",
    "generation_config.json",
)
_PICKLE_WEIGHTS = ("pytorch_model.bin", "pytorch_model.bin.index.json", "model.pt", "model.ckpt")


@dataclass
class ModelFolderInfo:
    """What a model folder holds, read from its files without loading weights."""

    path: Path
    config: dict[str, Any]
    model_type: str
    num_layers: int
    o_proj_in_features: int
    weight_files: list[Path] = field(default_factory=list)
    tokenizer_files: list[Path] = field(default_factory=list)

    @property
    def has_tokenizer(self) -> bool:
        return any(p.name in ("tokenizer.json", "tokenizer.model", "vocab.json") for p in self.tokenizer_files)


def read_config(path: Path) -> dict[str, Any]:
    """config.json of a model folder, with errors that name the folder."""
    if not path.exists():
        raise ModelFolderError(f"model folder {path} does not exist", "pick an existing Hugging Face model folder")
    if not path.is_dir():
        raise ModelFolderError(f"{path} is a file, not a model folder", "pick the folder that holds config.json")
    config_path = path / "config.json"
    if not config_path.is_file():
        raise ModelFolderError(
            f"{path} has no config.json", "pick a Hugging Face model folder (config.json + *.safetensors)"
        )
    config = read_json_object(config_path, "restore the file from the model's source")
    problem = config_problem(config)
    if problem:
        raise ModelFolderError(f"{config_path}: {problem}", "restore the file from the model's source")
    return config


def read_json_object(path: Path, hint: str) -> dict[str, Any]:
    """A JSON file of a model folder that must hold an object; unreadable, not UTF-8 or not JSON is one error."""
    from so8t.errors import So8tError
    from so8t.jsonl import decode_line, parse_json_text

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ModelFolderError(f"{path} cannot be read ({exc.strerror or exc})",
                               "give yourself read permission on the model folder") from None
    try:
        value = parse_json_text(decode_line(raw, str(path), first=True), str(path))
    except So8tError as exc:
        raise ModelFolderError(exc.message, hint) from None
    if not isinstance(value, dict):
        raise ModelFolderError(f"{path} does not hold a JSON object", hint)
    return value


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def config_problem(config: dict[str, Any]) -> str:
    """What is wrong with the fields of config.json that so8t reads before loading ("" if nothing)."""
    if not isinstance(config.get("model_type"), str):
        return f"model_type is {config.get('model_type')!r}, not a model family name"
    for name in ("num_attention_heads", "num_hidden_layers", "hidden_size"):
        if name in config and not _positive_int(config[name]):
            return f"{name} is {config[name]!r}, not a whole number above 0"
    if config.get("head_dim") is not None and not _positive_int(config["head_dim"]):
        return f"head_dim is {config['head_dim']!r}, not a whole number above 0"
    quant = config.get("quantization_config")
    if quant not in (None, {}) and not isinstance(quant, dict):
        return f"quantization_config is {quant!r}, not an object"
    for name in ("vocab_size", "max_position_embeddings", "intermediate_size"):
        if config.get(name) is not None and not _positive_int(config[name]):
            return f"{name} is {config[name]!r}, not a whole number above 0"
    if config.get("max_position_embeddings", 0) > MAX_POSITION_EMBEDDINGS:
        return (f"max_position_embeddings is {config['max_position_embeddings']:,}, above the {MAX_POSITION_EMBEDDINGS:,} "
                "tokens any model family here declares")
    return ""


#: Bytes per element of each safetensors dtype (the format's own table); a header with another dtype is refused.
SAFETENSORS_DTYPE_BYTES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U64": 8,
                           "U32": 4, "U16": 2, "U8": 1, "BOOL": 1, "F8_E4M3": 1, "F8_E5M2": 1, "F8_E8M0": 1}
#: The longest context any model family here declares is ~10M tokens; a larger max_position_embeddings
#: (10**12 was tried) is damage, and rotary caches sized from it end in an allocation failure.
MAX_POSITION_EMBEDDINGS = 1 << 24


def check_safetensors_file(path: Path) -> dict[str, list[int]]:
    """Every tensor's shape in a safetensors file, from its header alone; a damaged file is a ModelFolderError.

    The checks are the format's own: each tensor's bytes are shape × dtype size, the tensors lie back
    to back in offset order (none reversed, overlapping or outside the file), and the last one ends
    where the file does. Export reads tensors by these offsets itself, so a reversed pair would have
    been written into a GGUF as wrong weights.
    """
    from so8t.errors import So8tError
    from so8t.fileio import open_plain

    try:
        size = path.stat().st_size
        f = open_plain(path, "rb", what="weights file")
    except So8tError as exc:
        raise ModelFolderError(exc.message, "re-download or re-save the model's safetensors files") from None
    except OSError as exc:
        raise ModelFolderError(f"{path} cannot be read ({exc.strerror or exc})",
                               "give yourself read permission on the model folder") from None
    shapes: dict[str, list[int]] = {}
    try:
        with f:
            head = f.read(8)
            if len(head) < 8:
                raise ValueError("file shorter than the 8-byte header length")
            (header_len,) = struct.unpack("<Q", head)
            if header_len > size - 8:
                raise ValueError(f"header length {header_len} exceeds the file size {size}")
            header = json.loads(f.read(header_len))
        if not isinstance(header, dict):
            raise ValueError("the header is not a JSON object")
        spans = []
        for name, entry in header.items():
            if name == "__metadata__":
                continue
            offsets = entry.get("data_offsets") if isinstance(entry, dict) else None
            if (not isinstance(offsets, list) or len(offsets) != 2
                    or not all(isinstance(o, int) and not isinstance(o, bool) for o in offsets)):
                raise ValueError(f"tensor {name} has no data_offsets pair")
            shape, dtype = entry.get("shape"), entry.get("dtype")
            if not isinstance(shape, list) or not all(isinstance(d, int) and not isinstance(d, bool) and d >= 0
                                                      for d in shape):
                raise ValueError(f"tensor {name} has the shape {shape!r}")
            if dtype not in SAFETENSORS_DTYPE_BYTES:
                raise ValueError(f"tensor {name} has the unknown dtype {dtype!r}")
            begin, end = offsets
            count = 1
            for d in shape:
                count *= d
            if begin < 0 or end < begin:
                raise ValueError(f"tensor {name} has the offsets {begin}..{end}, which run backwards")
            if end - begin != count * SAFETENSORS_DTYPE_BYTES[dtype]:
                raise ValueError(f"tensor {name} of shape {shape} ({dtype}) needs {count * SAFETENSORS_DTYPE_BYTES[dtype]} "
                                 f"bytes, its offsets give {end - begin}")
            spans.append((begin, end, name))
            shapes[name] = shape
        spans.sort()
        end = 0
        for begin, stop, name in spans:
            if begin != end:
                raise ValueError(f"tensor {name} starts at byte {begin} of the data, not at {end} "
                                 "(tensors overlap or leave a gap)")
            end = stop
    except (ValueError, KeyError, TypeError, RecursionError, OSError) as exc:
        raise ModelFolderError(
            f"{path} is corrupt ({exc})", "re-download or re-save the model's safetensors files"
        ) from exc
    if 8 + header_len + end != size:
        raise ModelFolderError(
            f"{path} is corrupt: {size} bytes on disk, {8 + header_len + end} expected (truncated download?)",
            "re-download or re-save the model's safetensors files",
        )
    return shapes


_LAYER_INDEX = re.compile(r"(?:^|\.)(?:layers|h|blocks)\.(\d+)\.")
_EMBEDDING_SUFFIXES = ("embed_tokens.weight", "wte.weight", "word_embeddings.weight", "tok_embeddings.weight")


def config_weights_problem(config: dict[str, Any], shapes: dict[str, list[int]]) -> str:
    """What in config.json contradicts the weights' shapes ("" if nothing): checked before anything is
    allocated from config.json, since a vocab_size of 10**10 or num_hidden_layers of 10**9 is allocated as told."""
    layers = {int(m.group(1)) for name in shapes if (m := _LAYER_INDEX.search(name))}
    declared = config.get("num_hidden_layers")
    if layers and _positive_int(declared) and declared != max(layers) + 1:
        return f"num_hidden_layers is {declared}, but the weights hold {max(layers) + 1} layers"
    embedding = next((shape for name, shape in sorted(shapes.items())
                      if name.endswith(_EMBEDDING_SUFFIXES) and len(shape) == 2), None)
    if embedding is not None:
        vocab = config.get("vocab_size")
        if vocab is not None and vocab != embedding[0]:
            return f"vocab_size is {vocab!r}, but the token embedding has {embedding[0]} rows"
        hidden = config.get("hidden_size")
        if hidden is not None and hidden != embedding[1]:
            return f"hidden_size is {hidden!r}, but the token embedding is {embedding[1]} wide"
    down = next((shape for name, shape in sorted(shapes.items())
                 if name.endswith("mlp.down_proj.weight") and len(shape) == 2), None)
    inter = config.get("intermediate_size")
    if down is not None and isinstance(inter, int) and inter != down[1]:
        return f"intermediate_size is {inter}, but the MLP's down projection takes {down[1]} inputs"
    o_proj = next((shape for name, shape in sorted(shapes.items())
                   if name.endswith("o_proj.weight") and len(shape) == 2), None)
    if o_proj is not None and "num_attention_heads" in config:
        try:
            width = o_proj_width(config)
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            return ""
        if width != o_proj[1]:
            return (f"num_attention_heads × head_dim is {width}, but the attention output projection takes "
                    f"{o_proj[1]} inputs")
    return ""


def quantization_of(config: dict[str, Any]) -> str | None:
    """A short description if config.json says the weights are quantized, else None."""
    q = config.get("quantization_config")
    if not q or not isinstance(q, dict):
        return None
    if q.get("load_in_4bit") or q.get("bnb_4bit_quant_type"):
        return "bitsandbytes 4-bit"
    if q.get("load_in_8bit"):
        return "bitsandbytes 8-bit"
    return str(q.get("quant_method", "quantized"))


def o_proj_width(config: dict[str, Any]) -> int:
    """num_attention_heads × head_dim: the input width of every attention o_proj."""
    heads = int(config["num_attention_heads"])
    head_dim = config.get("head_dim") or int(config["hidden_size"]) // heads
    return heads * int(head_dim)


def inspect_model_folder(path: str | os.PathLike[str], *, for_gates: bool = True) -> ModelFolderInfo:
    """Validate a model folder from its files (fast: no weights are read beyond headers).

    Checks: folder and config.json exist, the family is supported, weights are safetensors and
    complete, not quantized, and (for_gates) the o_proj width is a multiple of 8.
    """
    path = Path(path)
    config = read_config(path)
    model_type = config.get("model_type")
    architecture_for(model_type)
    quant = quantization_of(config)
    if quant:
        raise QuantizedModelError(
            f"model in {path} is quantized ({quant})",
            "reload it in full precision (fp32/fp16/bf16) and save that folder",
        )
    weight_files = sorted(path.glob("*.safetensors"))
    if not weight_files:
        pickled = [name for name in _PICKLE_WEIGHTS if (path / name).exists()]
        if pickled:
            raise ModelFolderError(
                f"{path} holds only pickled weights ({pickled[0]}), which are never loaded",
                "convert the model to safetensors (save_pretrained(..., safe_serialization=True))",
            )
        raise ModelFolderError(f"{path} has no *.safetensors weights", "pick a folder with the model's weights")
    shapes: dict[str, list[int]] = {}
    for f in weight_files:
        shapes.update(check_safetensors_file(f))
    problem = config_weights_problem(config, shapes)
    if problem:
        raise ModelFolderError(f"{path / 'config.json'} does not match the weights: {problem}",
                               "restore config.json from the model's source")
    try:
        width = o_proj_width(config)
        num_layers = int(config["num_hidden_layers"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelFolderError(f"{path}/config.json lacks {exc}", "restore the file from the model's source") from exc
    if for_gates and width % BLOCK != 0:
        raise GateShapeError(
            f"model in {path} has attention width {width} (heads × head_dim), not a multiple of {BLOCK}",
            "SO(8) gates need a width divisible by 8; pick another model",
        )
    tokenizer_files = [path / name for name in TOKENIZER_FILES if (path / name).is_file()]
    return ModelFolderInfo(path, config, model_type, num_layers, width, weight_files, tokenizer_files)


def check_tokenizer(info: ModelFolderInfo) -> None:
    """Refuse a model folder without a readable tokenizer before anything loads it (train, export)."""
    if not info.has_tokenizer:
        raise ModelFolderError(f"{info.path} has no tokenizer (tokenizer.json, tokenizer.model or vocab.json)",
                               "copy the tokenizer files from the model's source into the folder")
    for name in ("tokenizer.json", "tokenizer_config.json"):
        if (info.path / name).is_file():
            read_json_object(info.path / name, "copy the tokenizer files from the model's source into the folder")


def load_tokenizer(path: str | os.PathLike[str]):
    """The model folder's tokenizer (local files only); a folder whose tokenizer cannot load is one error."""
    from transformers import AutoTokenizer

    try:
        return AutoTokenizer.from_pretrained(str(path), local_files_only=True)
    except Exception as exc:  # noqa: BLE001 - tokenizers raises plain Exception for a broken file
        raise ModelFolderError(
            f"the tokenizer in {path} cannot be loaded ({' '.join(str(exc).split())[:200]})",
            "copy the tokenizer files from the model's source into the folder") from None


def load_model(path: str | os.PathLike[str], *, dtype: Any = None, device: str = "cpu", for_gates: bool = True):
    """Load a checked model folder with vanilla transformers (safetensors only, no remote code)."""
    from transformers import AutoModelForCausalLM

    info = inspect_model_folder(path, for_gates=for_gates)
    if dtype is None:
        dtype = config_dtype(info.config)
    try:
        model = AutoModelForCausalLM.from_pretrained(
            str(info.path),
            dtype=dtype,
            use_safetensors=True,
            local_files_only=True,
            trust_remote_code=False,
        )
    except (OSError, ValueError, RuntimeError, KeyError) as exc:
        raise ModelFolderError(
            f"model in {info.path} could not be loaded ({' '.join(str(exc).split())[:300]})",
            "check that the folder is a complete Hugging Face model",
        ) from exc
    model.to(device)
    model.eval()
    return model


def config_dtype(config: dict[str, Any]):
    """The torch dtype config.json names (float32 when it names none or another)."""
    import torch

    name = config.get("dtype") or config.get("torch_dtype") or "float32"
    return {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16}.get(name, torch.float32)


def copy_tokenizer_files(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> list[str]:
    """Copy the tokenizer and generation files that exist in `src` to `dst`; returns their names."""
    copied = []
    for name in TOKENIZER_FILES:
        s = Path(src) / name
        if s.is_file():
            shutil.copy2(s, Path(dst) / name)
            copied.append(name)
    return copied
