"""A causal LM run one decoder layer at a time from its safetensors files (memory: a layer, not the model).

The model is built on the meta device (no memory); each decoder layer gets its weights from the
files when its turn comes and gives them back afterwards. The inputs each layer receives (first
hidden states, attention mask, rotary tables …) are captured from the model's own forward with the
layers stubbed out, so every family computes exactly what its own code computes: on the same
device the streamed logits equal the whole model's bit for bit.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from safetensors import safe_open
from torch import nn

from so8t.errors import ModelFolderError
from so8t.memory import release_large_blocks_promptly
from so8t.model.architectures import architecture_for

#: Vocabulary rows of lm_head converted at a time: bounds the float64 copy of lm_head (an 8B model's
#: 128k × 4096 head is 4 GiB in float64) while tiny vocabularies stay one matmul, as in the model.
LM_HEAD_CHUNK_ROWS = 32768
INDEX_FILE = "model.safetensors.index.json"

# Whole or streamed: the one place that decides, for bake, the GGUF check and triality's features.
#: The paths, as records state them.
WHOLE_MODEL, GPU_BF16, STREAMED = "whole-model", "gpu-bf16", "streamed"
#: Bake's whole-model path holds the gated model, its in-place float64 conversion and the reloaded copy:
#: bench/results/bake.json measured 3.3 × the model's size in RSS; 4 leaves room for the interpreter.
BAKE_MODEL_COPIES = 4.0
#: Share of the available RAM bake's whole-model path may plan to use before auto picks streaming.
BAKE_RAM_SHARE = 0.8
#: A scoring model (the check's reference, triality's features) is loaded whole when it takes at most
#: this share of the room (available RAM, or the GPU memory this process may use): activations and
#: the interpreter need the rest.
ROOM_SHARE = 0.7


def gpu_room_bytes() -> int:
    """GPU memory this process may still take: free memory, within its per-process fraction if one is set."""
    free, total = torch.cuda.mem_get_info()
    fraction = torch.cuda.get_per_process_memory_fraction() if hasattr(torch.cuda, "get_per_process_memory_fraction") else 1.0
    return int(min(free, fraction * total - torch.cuda.memory_reserved()))


def bake_path(model_bytes: float) -> str:
    """WHOLE_MODEL or STREAMED for bake's auto choice: whole when its copies of a `model_bytes` model fit the RAM."""
    import psutil

    needed = BAKE_MODEL_COPIES * model_bytes
    return WHOLE_MODEL if needed <= BAKE_RAM_SHARE * psutil.virtual_memory().available else STREAMED


def parameter_count(model_dir: str | os.PathLike[str]) -> int:
    """Parameters in a folder's safetensors files, read from their headers (no tensor is loaded)."""
    count = 0
    for path in sorted(set(weight_index(model_dir).values())):
        with safe_open(str(path), framework="pt") as f:
            for name in f.keys():
                n = 1
                for d in f.get_slice(name).get_shape():
                    n *= int(d)
                count += n
    return count


def scoring_path(model_dir: str | os.PathLike[str], device: str, *, host_beside_bytes: int = 0) -> tuple[str, str]:
    """(path, device) of a scoring model: the whole model where it fits (fp32 on CPU; bf16 with fp32
    accumulation on CUDA), else streamed a decoder layer at a time (fp32 layers, on the GPU when there is one).

    `host_beside_bytes`: host memory the caller will hold beside the model (the GGUF check's
    llama.cpp weights), which the whole fp32 model on the CPU must leave room for.
    """
    import psutil

    params = parameter_count(model_dir)
    if device == "cuda":
        return (GPU_BF16, "cuda") if 2 * params <= ROOM_SHARE * gpu_room_bytes() else (STREAMED, "cuda")
    room = ROOM_SHARE * psutil.virtual_memory().available - host_beside_bytes
    return (WHOLE_MODEL, "cpu") if 4 * params <= room else (STREAMED, "cpu")


def weight_index(folder: str | os.PathLike[str]) -> dict[str, Path]:
    """Tensor name → the safetensors file that holds it (from the index file, else the headers)."""
    folder = Path(folder)
    index = folder / INDEX_FILE
    if index.is_file():
        weight_map = json.loads(index.read_text(encoding="utf-8")).get("weight_map", {})
        return {name: folder / file for name, file in weight_map.items()}
    found: dict[str, Path] = {}
    for path in sorted(folder.glob("*.safetensors")):
        with safe_open(str(path), framework="pt") as f:
            found.update({name: path for name in f.keys()})
    return found


def read_tensors(index: dict[str, Path], names: list[str]) -> dict[str, torch.Tensor]:
    """The named tensors, each file opened once."""
    by_file: dict[Path, list[str]] = {}
    for name in names:
        by_file.setdefault(index[name], []).append(name)
    out = {}
    for path, file_names in by_file.items():
        with safe_open(str(path), framework="pt") as f:
            for name in file_names:
                out[name] = f.get_tensor(name)
    return out


@contextlib.contextmanager
def _parameters_on_meta() -> Iterator[None]:
    """Modules built inside get their parameters on the meta device (no memory) and their buffers
    for real: rotary frequencies and embedding scales are computed at construction, not stored."""
    register = nn.Module.register_parameter

    def on_meta(module: nn.Module, name: str, param: nn.Parameter | None) -> None:
        register(module, name, param)
        if param is not None and not param.is_meta:
            module._parameters[name] = nn.Parameter(param.to("meta"), requires_grad=param.requires_grad)

    nn.Module.register_parameter = on_meta  # type: ignore[method-assign]
    try:
        yield
    finally:
        nn.Module.register_parameter = register  # type: ignore[method-assign]


def _release_parameters(module: nn.Module) -> None:
    """Every parameter of `module` back to the meta device; buffers (small, computed) stay."""
    for m in module.modules():
        for name, param in m._parameters.items():
            if param is not None and not param.is_meta:
                m._parameters[name] = nn.Parameter(param.to("meta"), requires_grad=False)


class _StopForward(Exception):
    """Raised by the last captured layer: nothing after the decoder layers is needed."""


class _LayerInputs(nn.Module):
    """Stands in for a decoder layer: records what the model passes it and returns its input."""

    def __init__(self, layer: nn.Module, store: list, last: bool) -> None:
        super().__init__()
        # Some families look up per-layer attributes (sliding or full attention) while iterating.
        for name in ("attention_type", "layer_idx", "is_sliding"):
            if hasattr(layer, name):
                setattr(self, name, getattr(layer, name))
        self._store = store
        self._last = last

    def forward(self, hidden_states: torch.Tensor, *args: Any, **kwargs: Any) -> torch.Tensor:
        self._store.append((hidden_states, args, kwargs))
        if self._last:
            raise _StopForward
        return hidden_states


@dataclass
class PromptState:
    """One prompt's hidden states between layers and the inputs every layer receives."""

    hidden: torch.Tensor
    layer_args: list[tuple[tuple, dict]]


def _to(value: Any, device: torch.device | str) -> Any:
    if isinstance(value, torch.Tensor):
        return value.to(device)
    if isinstance(value, tuple):
        return tuple(_to(v, device) for v in value)
    if isinstance(value, list):
        return [_to(v, device) for v in value]
    if isinstance(value, dict):
        return {k: _to(v, device) for k, v in value.items()}
    return value


class StreamedModel:
    """A model folder opened for layer-by-layer passes; holds at most the embedding rows the prompts
    use, the final norm, and one decoder layer at a time."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        from transformers import AutoConfig, AutoModelForCausalLM

        release_large_blocks_promptly()
        self.folder = Path(folder)
        self.config = AutoConfig.from_pretrained(str(self.folder), local_files_only=True, trust_remote_code=False)
        self.arch = architecture_for(self.config.model_type)
        self.index = weight_index(self.folder)
        with _parameters_on_meta():
            self.model = AutoModelForCausalLM.from_config(self.config, trust_remote_code=False)
        self.model.eval()
        self.decoder = self.model.get_decoder()
        self.layers = self._resolve(self.arch.layers)
        self.num_layers = len(self.layers)
        names = set(self.model.state_dict())
        missing = sorted(n for n in names if n not in self.index and n != "lm_head.weight")
        if missing:
            raise ModelFolderError(
                f"{self.folder} lacks tensors the {self.config.model_type} model needs ({', '.join(missing[:3])} …)",
                "re-save the model with save_pretrained (safetensors)",
            )
        self.embed_name = self._param_name(self.model.get_input_embeddings())
        self.head_name = "lm_head.weight" if "lm_head.weight" in self.index else self.embed_name

    # -- structure -----------------------------------------------------------------------------
    def _resolve(self, dotted: str) -> Any:
        obj: Any = self.model
        for part in dotted.split("."):
            obj = getattr(obj, part)
        return obj

    def _param_name(self, module: nn.Module) -> str:
        for name, m in self.model.named_modules():
            if m is module:
                return f"{name}.weight"
        raise ModelFolderError("the model's input embedding was not found", "this is a bug; please report it")

    def layer_tensor_names(self, i: int) -> list[str]:
        prefix = f"{self.arch.layers}.{i}."
        return [prefix + n for n in self.layers[i].state_dict()]

    def o_proj_name(self, i: int) -> str:
        return f"{self.arch.layers}.{i}.{self.arch.attention}.{self.arch.o_proj}.weight"

    # -- one layer at a time -------------------------------------------------------------------
    def load_layer(self, i: int, dtype: torch.dtype, index: dict[str, Path] | None = None) -> nn.Module:
        """Decoder layer `i` with its weights from the files, converted to `dtype` (on the CPU)."""
        prefix = f"{self.arch.layers}.{i}."
        tensors = read_tensors(index or self.index, self.layer_tensor_names(i))
        state = {name[len(prefix):]: t.to(dtype) for name, t in tensors.items()}
        layer = self.layers[i]
        layer.load_state_dict(state, strict=True, assign=True)
        for p in layer.parameters():
            p.requires_grad_(False)
        return layer

    def release_layer(self, i: int) -> None:
        """Give layer `i`'s weights back (its parameters return to the meta device)."""
        _release_parameters(self.layers[i])

    # -- the parts around the layers -----------------------------------------------------------
    def start(self, batches: list[torch.Tensor], dtype: torch.dtype, device: str = "cpu",
              masks: list[torch.Tensor] | None = None) -> list[PromptState]:
        """Each prompt's input to layer 0 and the arguments every layer receives, in `dtype` on `device`.

        Only the embedding rows the prompts use are read (ids are renumbered for the lookup).
        """
        all_ids = torch.cat([b.reshape(-1) for b in batches])
        used, _ = torch.unique(all_ids, return_inverse=True)
        embed = self.model.get_input_embeddings()
        rows = read_tensors(self.index, [self.embed_name])[self.embed_name][used]
        embed.weight = nn.Parameter(rows.to(device=device, dtype=dtype), requires_grad=False)
        self._to_device_small_parts(dtype, device)
        lookup = torch.full((int(used.max()) + 1,), -1, dtype=torch.long)
        lookup[used] = torch.arange(len(used))
        layers = self.layers
        states = []
        try:
            for n, ids in enumerate(batches):
                extra = {} if masks is None else {"attention_mask": masks[n].to(device)}
                store: list = []
                stubs = nn.ModuleList(
                    _LayerInputs(layer, store, last=(j == len(layers) - 1)) for j, layer in enumerate(layers)
                )
                self._set_layers(stubs)
                try:
                    self.model(input_ids=lookup[ids].to(device), use_cache=False, **extra)
                except _StopForward:
                    pass
                finally:
                    self._set_layers(layers)
                first = store[0][0]
                states.append(PromptState(first, [(a, kw) for _, a, kw in store]))
        finally:
            _release_parameters(embed)
        return states

    def _set_layers(self, modules: nn.ModuleList) -> None:
        parent_path, _, attr = self.arch.layers.rpartition(".")
        parent = self._resolve(parent_path) if parent_path else self.model
        setattr(parent, attr, modules)

    def _to_device_small_parts(self, dtype: torch.dtype, device: str) -> None:
        """Final norm and any other small parameters outside the layers, embedding and head."""
        big = {self.embed_name, "lm_head.weight"}
        layer_prefix = f"{self.arch.layers}."
        names = [n for n in self.model.state_dict() if n not in big and not n.startswith(layer_prefix)]
        state = {n: t.to(device=device, dtype=dtype) for n, t in read_tensors(self.index, names).items()}
        for name, tensor in state.items():
            module_path, _, attr = name.rpartition(".")
            module = self.model.get_submodule(module_path)
            setattr(module, attr, nn.Parameter(tensor, requires_grad=False))
        for module in self.model.modules():
            for bname, buf in list(module._buffers.items()):
                if buf is not None and not buf.is_meta and buf.device != torch.device(device):
                    module._buffers[bname] = buf.to(device)

    @torch.no_grad()
    def run_layer(self, layer: nn.Module, states: list[PromptState], i: int) -> None:
        """Every prompt's hidden states through decoder layer `i` (in place in `states`)."""
        for state in states:
            args, kwargs = state.layer_args[i]
            out = layer(state.hidden, *args, **kwargs)
            state.hidden = out[0] if isinstance(out, tuple) else out

    @torch.no_grad()
    def final_hidden(self, states: list[PromptState], dtype: torch.dtype, device: str = "cpu") -> list[torch.Tensor]:
        """Each batch's final (normed) hidden states, as the decoder's last_hidden_state."""
        self._to_device_small_parts(dtype, device)
        return [self.decoder.norm(s.hidden.to(device)) for s in states]

    @torch.no_grad()
    def run_all_layers(self, states: list[PromptState], dtype: torch.dtype, device: str = "cpu",
                       progress: Callable[[int, int], None] | None = None) -> None:
        """Every layer over `states`, one layer's weights in memory at a time."""
        for i in range(self.num_layers):
            layer = self.load_layer(i, dtype).to(device)
            self.run_layer(layer, states, i)
            self.release_layer(i)
            if progress is not None:
                progress(i + 1, self.num_layers)

    @torch.no_grad()
    def head_logits(self, hidden: list[torch.Tensor], dtype: torch.dtype, device: str = "cpu") -> list[torch.Tensor]:
        """lm_head over final hidden states (each (1, n, h) or (n, h)): (n, vocab) logits on the CPU each.

        The head is converted `LM_HEAD_CHUNK_ROWS` vocabulary rows at a time; each input goes through
        it on its own, as in the model's forward.
        """
        head = read_tensors(self.index, [self.head_name])[self.head_name]
        bias = read_tensors(self.index, ["lm_head.bias"])["lm_head.bias"] if "lm_head.bias" in self.index else None
        rows_in = [h.reshape(-1, h.shape[-1]).to(device) for h in hidden]
        columns: list[list[torch.Tensor]] = [[] for _ in rows_in]
        for start in range(0, head.shape[0], LM_HEAD_CHUNK_ROWS):
            rows = slice(start, start + LM_HEAD_CHUNK_ROWS)
            w = head[rows].to(device=device, dtype=dtype)
            b = None if bias is None else bias[rows].to(device=device, dtype=dtype)
            for cols, h in zip(columns, rows_in, strict=True):
                cols.append(F.linear(h, w, b).cpu())
            del w
        out = [torch.cat(cols, dim=-1) for cols in columns]
        cap = getattr(self.config, "final_logit_softcapping", None)
        if cap:
            out = [torch.tanh(o / cap) * cap for o in out]
        return out

    @torch.no_grad()
    def finish(self, states: list[PromptState], dtype: torch.dtype, device: str = "cpu") -> torch.Tensor:
        """Final norm and lm_head: (positions, vocab) logits on the CPU, stacked as `model_logits` stacks them."""
        return torch.cat(self.head_logits(self.final_hidden(states, dtype, device), dtype, device), dim=0)
