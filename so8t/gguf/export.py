"""Export a plain Hugging Face model folder to GGUF (f16, bf16 or f32), streaming one tensor at a time."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import gguf
import numpy as np

from so8t.errors import GGUFError, ModelFolderError, OutputPathError
from so8t.events import EventSink
from so8t.fileio import DISK_FULL_ERRNOS, fsync_dir, replace_with_retries
from so8t.gguf import families, tensors, vocab
from so8t.gguf.config import ExportConfig
from so8t.gguf.paths import check_output_file, temp_path_beside
from so8t.memory import PeakMemoryMeter
from so8t.store.records import MemoryPeaks

#: Output types of an export: GGUF tensor type and llama.cpp file type.
EXPORT_TYPES = {
    "f16": (gguf.GGMLQuantizationType.F16, gguf.LlamaFileType.MOSTLY_F16),
    "bf16": (gguf.GGMLQuantizationType.BF16, gguf.LlamaFileType.MOSTLY_BF16),
    "f32": (gguf.GGMLQuantizationType.F32, gguf.LlamaFileType.ALL_F32),
}
_BYTES_PER_ELEM = {gguf.GGMLQuantizationType.F16: 2, gguf.GGMLQuantizationType.BF16: 2, gguf.GGMLQuantizationType.F32: 4}
_NP_DTYPE = {gguf.GGMLQuantizationType.F16: np.float16, gguf.GGMLQuantizationType.BF16: np.uint16,
             gguf.GGMLQuantizationType.F32: np.float32}
#: Room kept free beyond the estimated file size before an export starts (metadata, filesystem slack).
FREE_SPACE_MARGIN = 16 << 20
#: HF tensors that GGUF does not store (llama.cpp computes rotary frequencies itself).
_SKIPPED_SUFFIXES = (".rotary_emb.inv_freq",)


#: llama.cpp sets strip attributes on these tokens, looked up by text, when general.name contains
#: "phi-3"/"phi3"; a vocabulary without them makes llama.cpp fail to load ("unordered_map::at").
_PHI3_NAME_TOKENS = ("</s>", "<unk>", "<s>", "<|endoftext|>")


def safe_model_name(name: str, folder: Path) -> str:
    """The name to store; names that trip a reader's name-based rules on this model are altered.

    - llama.cpp: a name containing "phi3"/"phi-3" makes it look up Phi-3's special tokens by text;
      a vocabulary without them fails to load ("unordered_map::at").
    - transformers: a llama-architecture file named exactly "mistral" is read as model type
      "mistral", for which its GGUF reader has no tensor map, so reading it back fails.
    """
    if name.strip().lower() == "mistral":
        return f"{name}-model"
    lowered = name.lower()
    if "phi3" not in lowered and "phi-3" not in lowered:
        return name
    try:
        data = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))
        known = set(data["model"]["vocab"]) | {t["content"] for t in data.get("added_tokens", [])}
    except (OSError, ValueError, KeyError, TypeError):
        return name
    if all(tok in known for tok in _PHI3_NAME_TOKENS):
        return name
    return re.sub(r"(?i)phi-?3", lambda m: m.group(0)[:3] + "_3", name)


@dataclass
class ExportResult(MemoryPeaks):
    """What an export wrote, and the export's peak memory."""

    out: str
    out_type: str
    arch: str
    model_type: str
    n_tensors: int
    size_bytes: int
    seconds: float
    mb_per_s: float
    tokenizer: dict[str, Any]
    modelfile: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Planned:
    gguf_name: str
    ggml_type: gguf.GGMLQuantizationType
    shape: tuple[int, ...]
    ref: tensors.TensorRef | None = None
    array: np.ndarray | None = None  # extra tensors computed from the config
    hf_name: str = ""

    @property
    def nbytes(self) -> int:
        n = 1
        for d in self.shape:
            n *= d
        return n * _BYTES_PER_ELEM[self.ggml_type]


def _plan(folder: Path, config: dict[str, Any], family: families.Family, target: gguf.GGMLQuantizationType,
          extra: list[tuple[str, np.ndarray]]) -> list[_Planned]:
    n_layers = int(config["num_hidden_layers"])
    name_map = gguf.get_tensor_name_map(family.arch, n_layers)
    tied = bool(config.get("tie_word_embeddings", family.model_type == "gemma"))
    plan: list[_Planned] = []
    for ref in tensors.model_tensors(folder):
        if ref.name.endswith(_SKIPPED_SUFFIXES):
            continue
        if ref.name == "lm_head.weight" and tied:
            continue  # llama.cpp reuses token_embd when output.weight is absent
        mapped = name_map.get_name(ref.name, try_suffixes=(".weight", ".bias"))
        if mapped is None:
            raise GGUFError(
                f"tensor {ref.name} in {ref.file} has no place in a {family.arch_name} GGUF",
                "export a plain model folder (bake gates and merge adapters first: so8t bake)",
            )
        one_d = len(ref.shape) <= 1
        keep_f32 = one_d or mapped.endswith("_norm.weight") or not mapped.endswith(".weight")
        plan.append(_Planned(mapped, gguf.GGMLQuantizationType.F32 if keep_f32 else target, ref.shape, ref=ref,
                             hf_name=ref.name))
    for name, arr in extra:
        plan.append(_Planned(name, gguf.GGMLQuantizationType.F32, arr.shape, array=arr))
    names = [p.gguf_name for p in plan]
    if "token_embd.weight" not in names:
        raise ModelFolderError(f"{folder} has no token embedding tensor", "re-save the complete model folder")
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise GGUFError(f"tensors of {folder} map twice onto {sorted(dupes)[0]}", "re-save the model folder")
    return plan


def _convert(chunk: np.ndarray, ggml_type: gguf.GGMLQuantizationType) -> np.ndarray:
    if ggml_type == gguf.GGMLQuantizationType.F16:
        return chunk.astype(np.float16)
    if ggml_type == gguf.GGMLQuantizationType.BF16:
        return tensors.float32_to_bf16_bits(chunk)
    return np.ascontiguousarray(chunk, dtype=np.float32)


def _write_tensor(fout: Any, item: _Planned, fix: Any) -> int:
    """Write one tensor's data; returns the number of values that overflowed to inf."""
    overflow = 0
    if item.array is not None:
        chunks = [item.array.astype(np.float32)]
    elif fix is not None:
        chunks = [fix(tensors.read_all(item.ref))]
    else:
        chunks = tensors.iter_row_chunks(item.ref)
    for chunk in chunks:
        data = _convert(chunk, item.ggml_type)
        if item.ggml_type == gguf.GGMLQuantizationType.F16:
            overflow += int(np.count_nonzero(np.isinf(data)) - np.count_nonzero(np.isinf(chunk)))
        fout.write(memoryview(np.ascontiguousarray(data)).cast("B"))
    return overflow


def export_gguf(config: ExportConfig, events: EventSink | None = None) -> ExportResult:
    """Write `config.model` as a GGUF file at `config.out`; nothing appears under that name unless complete."""
    from so8t.model.folder import inspect_model_folder, read_config

    events = events or EventSink()
    folder = Path(config.model)
    hf_config = read_config(folder)
    family = families.family_for(hf_config.get("model_type"), str(folder))
    inspect_model_folder(folder, for_gates=False)
    out = check_output_file(config.out, force=config.force)
    target, file_type = EXPORT_TYPES[config.out_type]
    name = safe_model_name(config.name or folder.resolve().name, folder)
    events.state("started")
    events.log(f"exporting {folder} ({family.model_type}) to {out} as {config.out_type}")

    writer = gguf.GGUFWriter(path=None, arch=family.arch_name)
    writer.add_name(name)
    writer.add_file_type(int(file_type))
    extra = families.write_hparams(writer, family, hf_config)
    vocab_info = vocab.write_vocab(writer, folder, int(hf_config["vocab_size"]))
    if config.modelfile:  # the Modelfile renders the chat template: refuse a template bomb before writing
        from so8t.gguf.modelfile import chat_layout

        template = gguf.SpecialVocab(folder, load_merges=False).chat_template
        if isinstance(template, str):
            chat_layout(template)
    for note in vocab_info.notes:
        events.log(f"tokenizer: {note}", "warning")
    plan = _plan(folder, hf_config, family, target, extra)
    for item in plan:
        writer.add_tensor_info(item.gguf_name, item.shape, _NP_DTYPE[item.ggml_type], item.nbytes,
                               raw_dtype=item.ggml_type)

    need = sum(writer.ggml_pad(p.nbytes, writer.data_alignment) for p in plan) + FREE_SPACE_MARGIN
    free = shutil.disk_usage(out.parent).free
    if free < need:
        raise GGUFError(
            f"not enough free space for {out}: {need / 2**20:.0f} MiB needed, {free / 2**20:.0f} MiB free",
            f"free space on the drive of {out.parent} or export to another drive",
        )

    tmp = temp_path_beside(out)
    start = time.perf_counter()
    done = False
    overflow = 0
    meter = PeakMemoryMeter().__enter__()
    try:
        writer.write_header_to_file(path=tmp)
        writer.write_kv_data_to_file()
        writer.write_ti_data_to_file()
        fout = writer.fout[0]
        writer.write_padding(fout, fout.tell())
        for i, item in enumerate(plan):
            fix = families.whole_tensor_fix(family, hf_config, item.hf_name) if item.ref is not None else None
            overflow += _write_tensor(fout, item, fix)
            writer.write_padding(fout, item.nbytes)
            events.progress(i + 1, len(plan), "tensor")
        fout.flush()
        os.fsync(fout.fileno())
        writer.close()
        replace_with_retries(tmp, out)
        fsync_dir(out.parent)
        done = True
    except OSError as exc:
        if exc.errno in DISK_FULL_ERRNOS:
            raise GGUFError(
                f"the disk filled up while writing {out} ({exc.strerror}); no file was left under that name",
                f"free at least {need / 2**20:.0f} MiB on the drive of {out.parent} and export again",
            ) from exc
        raise OutputPathError(f"cannot write {out} ({exc.strerror or exc})", "pick a folder you can write to") from exc
    finally:
        meter.__exit__(None, None, None)
        if not done:
            with contextlib.suppress(Exception):
                writer.close()
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    seconds = time.perf_counter() - start
    size = out.stat().st_size
    if overflow:
        events.log(f"{overflow} weights exceed the f16 range and became inf; export as bf16 or f32", "warning")
    result = ExportResult(
        out=str(out), out_type=config.out_type, arch=family.arch_name, model_type=family.model_type,
        n_tensors=len(plan), size_bytes=size, seconds=round(seconds, 3),
        mb_per_s=round(size / 1e6 / max(seconds, 1e-9), 1), tokenizer=asdict(vocab_info),
    )
    result.set_peak_memory(meter.figures())
    if config.modelfile:
        from so8t.gguf.modelfile import write_modelfile

        result.modelfile = str(write_modelfile(out))
    events.state("finished")
    return result
