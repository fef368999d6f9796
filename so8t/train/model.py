"""The model being trained: frozen base (4-bit NF4 on CUDA), PEFT LoRA adapters, SO(8) gates, and their bypass."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import torch
from torch import nn

from so8t.errors import ConfigError, ModelFolderError
from so8t.model.architectures import unwrap_model
from so8t.model.folder import inspect_model_folder, load_model
from so8t.model.gates import SO8Gate, attach_gates, gates_bypassed, gates_of
from so8t.model.lora_targets import AUTO, resolve_targets
from so8t.train.recompute import recompute_decoder_layers


@dataclass
class Runtime:
    """Where and how the model runs, resolved from the config and the machine."""

    device: str
    quantized: bool
    compute_dtype: torch.dtype
    gradient_checkpointing: bool
    #: Fused Triton kernels (so8t.train.kernels) and activation offloading (so8t.train.offload), once resolved.
    fast_kernels: bool = False
    offload: bool = False
    #: torch's expandable CUDA segments (so8t.train.memory.grow_cuda_memory_in_pages).
    expandable_segments: bool = False

    @property
    def autocast(self) -> bool:
        return self.device == "cuda" and self.compute_dtype != torch.float32

    def to_dict(self) -> dict[str, Any]:
        return {"device": self.device, "quantized": self.quantized,
                "compute_dtype": str(self.compute_dtype).replace("torch.", ""),
                "gradient_checkpointing": self.gradient_checkpointing, "fast_kernels": self.fast_kernels,
                "offload_activations": self.offload, "expandable_segments": self.expandable_segments}


def resolve_runtime(config: Any) -> Runtime:
    """Pick device, quantization, compute dtype and checkpointing from the config ('auto' resolved here)."""
    cuda = torch.cuda.is_available()
    device = ("cuda" if cuda else "cpu") if config.device == "auto" else config.device
    if device == "cuda" and not cuda:
        raise ConfigError("device cuda was asked for, but torch sees no CUDA GPU",
                          "install a CUDA build of torch and a driver, or use --device cpu")
    quantized = config.quantize == "4bit" or (config.quantize == "auto" and device == "cuda")
    if quantized and device != "cuda":
        raise ConfigError("4-bit base weights need CUDA", "use --quantize none on CPU")
    if config.optimizer == "paged_adamw_8bit" and device != "cuda":
        raise ConfigError("the paged 8-bit optimizer needs CUDA", "use --optimizer adamw on CPU")
    names = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}
    if config.compute_dtype != "auto":
        dtype = names[config.compute_dtype]
    elif device == "cuda":
        dtype = torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    else:
        dtype = torch.float32
    gc = config.gradient_checkpointing == "on" or (config.gradient_checkpointing == "auto" and device == "cuda")
    return Runtime(device, quantized, dtype, gc)


def lora_targets(model: nn.Module, spec: str) -> list[str]:
    """The module names `--lora-targets` (`spec`) adapts in this model (so8t.model.lora_targets)."""
    from so8t.model.architectures import attention_sites

    output = model.get_output_embeddings()
    # PEFT's all-linear: every linear layer but the output head (its matches are by the name's last part).
    linear = [name.rpartition(".")[2] for name, module in model.named_modules()
              if isinstance(module, nn.Linear) and module is not output]
    attention = [name.rpartition(".")[2] for site in attention_sites(model)
                 for name, module in site.attention.named_modules() if isinstance(module, nn.Linear)]
    return resolve_targets(spec, model.config.model_type, linear, attention)


def load_base_model(model_dir: str, runtime: Runtime) -> nn.Module:
    """The frozen base model: 4-bit NF4 with double quantization on CUDA, full precision on CPU."""
    if not runtime.quantized:
        dtype = torch.float32 if runtime.device == "cpu" else runtime.compute_dtype
        model = load_model(model_dir, dtype=dtype, device=runtime.device)
    else:
        from transformers import AutoModelForCausalLM, BitsAndBytesConfig

        info = inspect_model_folder(model_dir)
        quant = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=runtime.compute_dtype,
        )
        try:
            model = AutoModelForCausalLM.from_pretrained(
                str(info.path), quantization_config=quant, dtype=runtime.compute_dtype,
                device_map={"": torch.cuda.current_device()}, use_safetensors=True,
                local_files_only=True, trust_remote_code=False,
            )
        except (OSError, ValueError, RuntimeError, KeyError) as exc:
            raise ModelFolderError(f"model in {info.path} could not be loaded in 4-bit ({' '.join(str(exc).split())[:300]})",
                                   "check the folder, or train with --quantize none") from exc
    model.config.use_cache = False
    for p in model.parameters():
        p.requires_grad_(False)
    return model


def resize_for_tokenizer(model: nn.Module, vocab_size: int) -> list[int]:
    """Grow the embeddings to `vocab_size` rows; new rows are the mean of the old ones (no RNG draw).

    A deterministic init means a restore rebuilds exactly the base the adapters were trained on.
    """
    emb = model.get_input_embeddings()
    old = emb.weight.shape[0]
    if vocab_size <= old:
        return []
    model.resize_token_embeddings(vocab_size, mean_resizing=False)
    with torch.no_grad():
        for layer in {id(model.get_input_embeddings()): model.get_input_embeddings(),
                      id(model.get_output_embeddings()): model.get_output_embeddings()}.values():
            if layer is None:
                continue
            w = layer.weight
            w[old:] = w[:old].float().mean(dim=0).to(w.dtype)
    return list(range(old, vocab_size))


def wrap_trainable(
    base: nn.Module, config: Any, runtime: Runtime, new_token_ids: list[int]
) -> tuple[nn.Module, list[SO8Gate]]:
    """PEFT LoRA on the `lora_targets` layers, new token rows trainable, then SO(8) gates on o_proj.

    The gates are attached after PEFT wraps o_proj, so each gate feeds the LoRA path too.
    """
    from peft import LoraConfig

    if getattr(config, "upcast_fp32", False):
        upcast_unquantized(base)
    if runtime.gradient_checkpointing:
        # The embedding output needs a grad for the recomputed layers to reach the adapters.
        base.enable_input_require_grads()
    lora = LoraConfig(
        r=config.lora_rank,
        lora_alpha=config.lora_alpha,
        lora_dropout=config.lora_dropout,
        target_modules=lora_targets(base, getattr(config, "lora_targets", AUTO)),
        bias="none",
        task_type="CAUSAL_LM",
        trainable_token_indices=new_token_ids or None,
    )
    peft_model = peft_wrap(base, lora)
    gates = attach_gates(peft_model, seed=config.seed)
    device = next(p.device for p in peft_model.parameters() if p.is_floating_point())
    for gate in gates:
        gate.to(device=device, dtype=torch.float32)
    if runtime.gradient_checkpointing:
        recompute_decoder_layers(peft_model, offload=runtime.offload)
    return peft_model, gates


def upcast_unquantized(model: nn.Module) -> int:
    """Cast every half-precision weight that is not 4-bit (embeddings, lm_head, norms) to fp32; returns how many.

    Off by default: keeping them in the compute dtype is what plain PEFT QLoRA recipes do and
    saves 2 bytes per such weight (docs/architecture.md, "Training memory").
    """
    count = 0
    for p in model.parameters():
        if p.dtype in (torch.float16, torch.bfloat16):
            p.data = p.data.float()
            count += 1
    return count


def final_hidden_states(model: nn.Module, **inputs: Any) -> torch.Tensor:
    """The decoder's final-norm hidden states, without logits or the other layers' outputs.

    Asking the causal LM for `output_hidden_states` would keep every layer's input referenced
    until the step ends, so offloading them to CPU memory would free nothing on the GPU.
    """
    base = unwrap_model(model)
    decoder = getattr(base, base.base_model_prefix)
    return decoder(**inputs, use_cache=False).last_hidden_state


def peft_wrap(model: nn.Module, lora: Any) -> nn.Module:
    """get_peft_model without the deprecation chatter it triggers in transformers."""
    from peft import get_peft_model

    with warnings.catch_warnings():
        # peft reads transformers' deprecated `is_gradient_checkpointing`; nothing for the user to act on.
        warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*", category=FutureWarning)
        return get_peft_model(model, lora)


@contextlib.contextmanager
def base_model_view(peft_model: nn.Module) -> Iterator[None]:
    """The frozen base model's outputs from the same weights: adapters disabled and gates bypassed."""
    with peft_model.disable_adapter(), gates_bypassed(gates_of(peft_model)):
        yield


def parameter_groups(peft_model: nn.Module, gates: list[SO8Gate], config: Any) -> list[dict[str, Any]]:
    """Optimizer groups: adapters (+ new token rows), gate generators, gate α (its own warm-up)."""
    gate_ids = {id(p) for g in gates for p in g.parameters()}
    adapters = [p for p in peft_model.parameters() if p.requires_grad and id(p) not in gate_ids]
    skews = [g.skew for g in gates]
    alphas = [g.alpha for g in gates]
    return [
        {"params": adapters, "lr": config.learning_rate, "weight_decay": config.weight_decay, "name": "adapters"},
        {"params": skews, "lr": config.gate_learning_rate, "weight_decay": 0.0, "name": "gate_generators"},
        {"params": alphas, "lr": config.gate_learning_rate, "weight_decay": 0.0, "name": "gate_alpha"},
    ]
