"""Peak GPU memory of a training run, predicted from config.json and the train options alone.

No weights are read: the terms follow from the model's shape (hidden size, layers, heads,
vocabulary) and the options (length, batch, LoRA rank, 4-bit or not, checkpointing, offloading,
fused kernels). Each term is reported in GiB so a user sees where the memory goes;
docs/architecture.md ("Training memory") derives them, and `bench/vram.py` measures them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from so8t.errors import ConfigError, ModelFolderError
from so8t.model.lora_targets import AUTO, resolve_targets
from so8t.train.card import GIB, Card, allocator_in_use, allocator_slack, context_gib, nvml_gib_of

#: Bytes per weight of a 4-bit NF4 linear layer with double quantization: 0.5 for the codes,
#: 1/64 for the 8-bit absmax of each 64-block, 4/(64·256) for the fp32 absmax of the absmax.
NF4_BYTES_PER_WEIGHT = 0.5 + 1 / 64 + 4 / (64 * 256)
#: Bytes per LoRA / gate parameter: fp32 weight, fp32 grad, AdamW's two fp32 moments.
ADAMW_BYTES_PER_PARAM = 16
#: The same with bitsandbytes' paged 8-bit AdamW (two 1-byte moments).
ADAMW8_BYTES_PER_PARAM = 10
#: SO(8) generator entries per 8×8 block (upper triangle).
GENERATOR_PARAMS = 28
#: fp32 vocabulary logits one chunk of the plain loss and of the align stage's log-probs holds at once
#: (so8t.train.loss.token_logps): 2**25 floats, 128 MiB, about 260 positions of a 128k vocabulary.
LOGIT_CHUNK_ELEMENTS = 2**25
#: Positions of the KL probe's vocabulary chunk (so8t.train.probe).
KL_CHUNK_POSITIONS = 256

#: Bytes a checkpointed decoder layer holds while its backward runs, per token, as multiples of
#: the hidden size h and the MLP width I (in the activation dtype's bytes), fitted to the rows of
#: `bench/results/vram_estimate.json` (H200, torch 2.11, transformers 5.17; that file gives each
#: row's error). The compiled layers of the fused path (so8t.train.kernels) measured the same:
#: they launch fewer kernels, but the recomputed layer's backward holds as much.
LAYER_H_FACTOR = 20.0
LAYER_I_FACTOR = 6.0
#: Without checkpointing every layer keeps what its backward needs (less than the transient peak
#: of a recomputed layer): per token, multiples of h and I as above.
SAVED_LAYER_H_FACTOR = 12.0
SAVED_LAYER_I_FACTOR = 6.0
#: Bytes per vocabulary logit of one loss chunk at its peak (the fp32 logits and logsumexp's temporary;
#: the softmax and its gradient are made in place of the logits).
LOSS_BYTES_PER_LOGIT = 8.0
#: Bytes per vocabulary logit of one probe chunk (log-softmax of two views, exp, product).
KL_BYTES_PER_LOGIT = 24.0
#: Python, torch and transformers in a training process, before any model: host RAM.
HOST_BASE_GIB = 2.0
#: transformers' default attention window for Mistral when config.json names none.
MISTRAL_SLIDING_WINDOW = 4096
#: Bytes per (query, key) pair of the explicit attention mask that a sliding window makes
#: transformers build once a sequence is longer than the window (fitted: Mistral-7B, 8,192 and
#: 16,384 tokens); shorter sequences take the causal kernel with no mask.
MASK_BYTES_PER_PAIR = 4.0
#: Longest sequence searched for `max_length_that_fits`.
MAX_LENGTH_SEARCH = 131072
#: Lengths are searched in steps of this many tokens.
LENGTH_STEP = 256

#: Per family: (fused qkv, fused gate+up, q/k/v bias, tied embeddings by default).
FAMILIES = {
    "llama": (False, False, False, False),
    "mistral": (False, False, False, False),
    "qwen2": (False, False, True, False),
    "phi3": (True, True, False, False),
    "gemma": (False, False, False, True),
}
#: The attention block's linear layers among a family's names (`--lora-targets attention`).
ATTENTION_LAYERS = ("q_proj", "k_proj", "v_proj", "qkv_proj", "o_proj")


def _sliding_window(model_type: str, config: dict[str, Any]) -> int | None:
    """The window transformers masks attention to, as it reads config.json (Mistral: 4,096 unless set)."""
    if model_type == "qwen2" and not config.get("use_sliding_window", False):
        return None
    window = config.get("sliding_window", MISTRAL_SLIDING_WINDOW if model_type == "mistral" else None)
    return int(window) if window else None


@dataclass(frozen=True)
class ModelShape:
    """The sizes in config.json that set training memory."""

    model_type: str
    hidden: int
    layers: int
    heads: int
    kv_heads: int
    head_dim: int
    intermediate: int
    vocab: int
    tied: bool
    max_positions: int
    #: Attention window of a sliding-window family (Mistral's default 4,096), else None.
    sliding_window: int | None = None

    @classmethod
    def from_config(cls, config: dict[str, Any], source: str = "config.json") -> ModelShape:
        model_type = config.get("model_type")
        if model_type not in FAMILIES:
            raise ModelFolderError(f"{source}: model type {model_type!r} has no memory model",
                                   f"use one of: {', '.join(sorted(FAMILIES))}")
        try:
            hidden = int(config["hidden_size"])
            heads = int(config["num_attention_heads"])
            shape = cls(
                model_type=model_type, hidden=hidden, layers=int(config["num_hidden_layers"]), heads=heads,
                kv_heads=int(config.get("num_key_value_heads") or heads),
                head_dim=int(config.get("head_dim") or hidden // heads),
                intermediate=int(config["intermediate_size"]), vocab=int(config["vocab_size"]),
                tied=bool(config.get("tie_word_embeddings", FAMILIES[model_type][3])),
                max_positions=int(config.get("max_position_embeddings") or MAX_LENGTH_SEARCH),
                sliding_window=_sliding_window(model_type, config),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelFolderError(f"{source} lacks or garbles {exc}", "use the model's original config.json") from exc
        return shape

    def named_linear_shapes(self) -> dict[str, tuple[int, int]]:
        """(in, out) of each linear layer of one decoder layer by module name, as the family fuses them."""
        h, q, kv, i = self.hidden, self.heads * self.head_dim, self.kv_heads * self.head_dim, self.intermediate
        fused_qkv, fused_mlp = FAMILIES[self.model_type][:2]
        attention = {"qkv_proj": (h, q + 2 * kv)} if fused_qkv else {"q_proj": (h, q), "k_proj": (h, kv),
                                                                      "v_proj": (h, kv)}
        mlp = {"gate_up_proj": (h, 2 * i)} if fused_mlp else {"gate_proj": (h, i), "up_proj": (h, i)}
        return {**attention, "o_proj": (q, h), **mlp, "down_proj": (i, h)}

    def linear_shapes(self) -> list[tuple[int, int]]:
        """(in, out) of each linear layer of one decoder layer."""
        return list(self.named_linear_shapes().values())

    def lora_targets(self, spec: str = AUTO) -> list[str]:
        """The layers `--lora-targets` adapts in this family (so8t.model.lora_targets); a name it lacks is refused."""
        names = list(self.named_linear_shapes())
        return resolve_targets(spec, self.model_type, names, [n for n in names if n in ATTENTION_LAYERS])

    @property
    def linear_weights(self) -> int:
        return self.layers * sum(a * b for a, b in self.linear_shapes())

    @property
    def unquantized_weights(self) -> int:
        """Embeddings, lm_head (when untied), norms and q/k/v biases: the weights 4-bit loading leaves alone."""
        heads = self.heads * self.head_dim + 2 * self.kv_heads * self.head_dim
        bias = self.layers * heads if FAMILIES[self.model_type][2] else 0
        norms = (2 * self.layers + 1) * self.hidden
        return self.vocab * self.hidden * (1 if self.tied else 2) + norms + bias

    def lora_params(self, rank: int, targets: str = AUTO) -> int:
        """LoRA A and B parameters of the `targets` layers (a `--lora-targets` choice) in every decoder layer."""
        shapes = self.named_linear_shapes()
        return self.layers * sum(rank * sum(shapes[name]) for name in self.lora_targets(targets))

    @property
    def gate_params(self) -> int:
        return self.layers * ((self.heads * self.head_dim) // 8 * GENERATOR_PARAMS + 1)


@dataclass(frozen=True)
class Settings:
    """The train options the estimate depends on (a subset of TrainConfig)."""

    max_length: int = 1024
    batch_size: int = 1
    lora_rank: int = 16
    lora_targets: str = AUTO
    quantized: bool = True
    compute_bytes: int = 2
    gradient_checkpointing: bool = True
    offload: bool = False
    fast_kernels: bool = False
    upcast_fp32: bool = False
    optimizer: str = "adamw"
    kl_probe_samples: int = 4
    probe: bool = True
    #: Packed rows (so8t.train.packing): every row is max_length tokens, and its block-diagonal mask is explicit.
    packed: bool = False

    @classmethod
    def from_train_config(cls, config: Any, *, offload: bool | None = None, fast_kernels: bool | None = None) -> Settings:
        """Settings of a TrainConfig as it would run on CUDA ('auto' offloading resolved by the caller)."""
        dtype_bytes = {"fp32": 4, "bf16": 2, "fp16": 2, "auto": 2}[config.compute_dtype]
        fast = config.fast_kernels == "on" if fast_kernels is None else fast_kernels
        return cls(
            max_length=config.max_length, batch_size=config.batch_size, lora_rank=config.lora_rank,
            lora_targets=config.lora_targets, quantized=config.quantize != "none", compute_bytes=dtype_bytes,
            gradient_checkpointing=config.gradient_checkpointing != "off",
            offload=(config.offload_activations == "on") if offload is None else offload,
            fast_kernels=fast, upcast_fp32=config.upcast_fp32, optimizer=config.optimizer,
            kl_probe_samples=config.kl_probe_samples, probe=config.kl_every_steps > 0,
            packed=bool(getattr(config, "packed", False)),
        )

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def chunk_positions(vocab: int, budget: int = LOGIT_CHUNK_ELEMENTS) -> int:
    """Positions per chunk of `token_logps` so that one chunk's fp32 logits stay within `budget` elements (at
    least 1). Each chunk reads the whole output matrix, so far fewer positions would make the reads, not
    the arithmetic, the cost (docs/architecture.md, "Training memory")."""
    return max(1, budget // max(vocab, 1))


def memory_terms(shape: ModelShape, s: Settings) -> dict[str, float]:
    """Each term of the peak, in bytes; `peak_allocated_bytes` combines them."""
    act = 4 if s.upcast_fp32 else s.compute_bytes
    tokens = s.batch_size * s.max_length
    h, i = shape.hidden, shape.intermediate
    weight_bytes = NF4_BYTES_PER_WEIGHT if s.quantized else s.compute_bytes
    unquantized_bytes = 4 if s.upcast_fp32 else s.compute_bytes
    per_param = ADAMW8_BYTES_PER_PARAM if s.optimizer == "paged_adamw_8bit" else ADAMW_BYTES_PER_PARAM
    layer = tokens * (LAYER_H_FACTOR * h + LAYER_I_FACTOR * i) * act
    # A 4-bit matmul dequantizes its weight to the compute dtype for the duration of the call.
    dequantized = max(a * b for a, b in shape.linear_shapes()) * s.compute_bytes if s.quantized else 0
    if s.gradient_checkpointing:
        # Each layer's input (plus the embedding output and the final norm's output) waits for backward.
        held = (shape.layers + 2) * tokens * h * act
        recompute = layer + dequantized
    else:
        held = shape.layers * tokens * (SAVED_LAYER_H_FACTOR * h + SAVED_LAYER_I_FACTOR * i) * act
        recompute = dequantized
    if s.fast_kernels:
        # Liger's fused linear cross-entropy: the input's grad plus two fp32 chunks of logits.
        chunk = max(1, -(-tokens // max(1, -(-shape.vocab // h))))
        loss = tokens * h * 6 + 2 * min(tokens, 1 << (chunk - 1).bit_length()) * shape.vocab * 4
    else:
        loss = min(tokens, chunk_positions(shape.vocab)) * shape.vocab * LOSS_BYTES_PER_LOGIT + tokens * h * 4
    window = shape.sliding_window
    masked = window is not None and s.max_length > window
    # Packed rows keep samples apart with an explicit block-diagonal mask (transformers builds it from the
    # restarting position ids); the probe runs its samples one at a time, unpacked.
    mask = s.batch_size * s.max_length ** 2 * MASK_BYTES_PER_PAIR if masked or s.packed else 0.0
    probe_mask = s.max_length ** 2 * MASK_BYTES_PER_PAIR if masked else 0.0
    probe = 0.0
    if s.probe:
        # One probe sample at a time, no grad: two views' final states, then either one layer's
        # widest intermediates (with the mask) or one chunk of logits per view: never both at once.
        layer_pass = s.max_length * (4 * h + 3 * i) * act + dequantized + probe_mask
        logits_pass = min(s.max_length, KL_CHUNK_POSITIONS) * shape.vocab * KL_BYTES_PER_LOGIT
        probe = 2 * s.max_length * h * act + max(layer_pass, logits_pass)
    return {
        "quantized_weights": shape.linear_weights * weight_bytes,
        "unquantized_weights": shape.unquantized_weights * unquantized_bytes,
        "lora_and_optimizer": shape.lora_params(s.lora_rank, s.lora_targets) * per_param,
        "gates_and_optimizer": shape.gate_params * ADAMW_BYTES_PER_PARAM,
        "activations_held": 0.0 if s.offload else float(held),
        "layer_recompute": float(recompute),
        "attention_mask": float(mask),
        "loss_chunk": float(loss),
        "probe": float(probe),
    }


#: The terms held for the whole run (weights, trainable tensors and their optimizer states).
STATIC_TERMS = ("quantized_weights", "unquantized_weights", "lora_and_optimizer", "gates_and_optimizer")


def peak_allocated_bytes(terms: dict[str, float]) -> float:
    """Static memory, plus what a step holds, plus the larger of its transients (they never overlap)."""
    static = sum(terms[name] for name in STATIC_TERMS)
    step = terms["activations_held"] + terms["attention_mask"] + max(terms["layer_recompute"], terms["loss_chunk"])
    return static + max(step, terms["probe"])


@dataclass
class Estimate:
    """The prediction for one setting, on one card; `to_dict` is `so8t estimate --json`."""

    shape: ModelShape
    settings: Settings
    terms_gib: dict[str, float]
    peak_gib: float
    nvml_gib: float
    card: Card | None
    offload: bool
    max_length_that_fits: int | None = None
    max_batch_that_fits: int | None = None
    without_offload: dict[str, Any] = field(default_factory=dict)
    with_offload: dict[str, Any] = field(default_factory=dict)
    host_ram_gib: dict[str, float] = field(default_factory=dict)
    #: With --nproc N the settings are rank 0's (the largest share of the micro-batch, and the KL
    #: probe); `global_batch_size` is the whole micro-batch the ranks share.
    nproc: int = 1
    global_batch_size: int | None = None

    def per_gpu(self) -> list[dict[str, Any]]:
        """Each rank's prediction: its share of the micro-batch; the KL probe runs on rank 0 only."""
        out = []
        for rank in range(self.nproc):
            if rank == 0:
                batch, peak = self.settings.batch_size, self.peak_gib
            else:
                batch = _rank_share(self.global_batch_size or self.settings.batch_size, rank, self.nproc)
                peak = _gib(self.shape, self.settings.replace(batch_size=batch, probe=False))[1]
            out.append({"gpu": rank, "batch_size": batch, "peak_gib": round(peak, 3),
                        "nvml_gib": round(nvml_gib_of(peak), 3)})
        return out

    @property
    def fits(self) -> bool | None:
        return None if self.card is None else self.nvml_gib <= self.card.gib

    def settings_that_fit(self) -> dict[str, Any] | None:
        """The smallest change to the options that fits the card (offloading first: it changes no numbers)."""
        if self.card is None or self.fits:
            return None
        if not self.offload and self.with_offload.get("fits"):
            return {"offload_activations": "on"}
        offload = bool(self.with_offload.get("max_length_that_fits"))
        best = self.with_offload if offload else self.without_offload
        change: dict[str, Any] = {"offload_activations": "on"} if offload else {}
        if best.get("max_batch_that_fits") and self.settings.batch_size > 1:
            # --batch-size is the whole micro-batch: every rank takes its share of it.
            change["batch_size"] = best["max_batch_that_fits"] * self.nproc
            return change
        if best.get("max_length_that_fits"):
            change["max_length"] = best["max_length_that_fits"]
            if self.settings.batch_size > 1:
                change["batch_size"] = 1
            return change
        return None

    def to_dict(self) -> dict[str, Any]:
        fits = self.fits
        slack_share, slack_gib = allocator_slack()
        return {
            "model_type": self.shape.model_type,
            "peak_gib": round(self.peak_gib, 3),
            "nvml_gib": round(self.nvml_gib, 3),
            "card_gib": round(self.card.gib, 3) if self.card else None,
            "card_source": self.card.source if self.card else None,
            "fits": fits,
            "max_length_that_fits": self.max_length_that_fits,
            "max_batch_that_fits": self.max_batch_that_fits,
            "offload": self.offload,
            "without_offload": self.without_offload,
            "with_offload": self.with_offload,
            "settings_that_fit": self.settings_that_fit(),
            "terms_gib": {k: round(v, 4) for k, v in self.terms_gib.items()},
            "context_gib": context_gib(),
            "allocator": allocator_in_use(),
            "allocator_slack": slack_share, "allocator_slack_gib": slack_gib,
            "host_ram_gib": self.host_ram_gib,
            "per_gpu": self.per_gpu(),
            "settings": dataclasses.asdict(self.settings),
        }


def _rank_share(batch: int, rank: int, nproc: int) -> int:
    """Samples of a micro-batch of `batch` that rank `rank` of `nproc` takes (r, r + N, …: so8t.train.team)."""
    return len(range(rank, batch, nproc))


def _gib(shape: ModelShape, s: Settings) -> tuple[dict[str, float], float]:
    terms = memory_terms(shape, s)
    return {k: v / GIB for k, v in terms.items()}, peak_allocated_bytes(terms) / GIB


def _fits(shape: ModelShape, s: Settings, card: Card) -> bool:
    return nvml_gib_of(_gib(shape, s)[1]) <= card.gib


def longest_length(shape: ModelShape, s: Settings, card: Card) -> int | None:
    """The longest max_length (a multiple of LENGTH_STEP) that fits, or None if not even one step does."""
    top = min(shape.max_positions, MAX_LENGTH_SEARCH) // LENGTH_STEP
    if top < 1 or not _fits(shape, s.replace(max_length=LENGTH_STEP), card):
        return None
    lo, hi = 1, top  # lo fits; find the largest that does
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _fits(shape, s.replace(max_length=mid * LENGTH_STEP), card):
            lo = mid
        else:
            hi = mid - 1
    return lo * LENGTH_STEP


def largest_batch(shape: ModelShape, s: Settings, card: Card, limit: int = 1024) -> int | None:
    if not _fits(shape, s.replace(batch_size=1), card):
        return None
    lo, hi = 1, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _fits(shape, s.replace(batch_size=mid), card):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _limits(shape: ModelShape, s: Settings, card: Card | None) -> dict[str, Any]:
    terms, peak = _gib(shape, s)
    out: dict[str, Any] = {"peak_gib": round(peak, 3), "nvml_gib": round(nvml_gib_of(peak), 3)}
    if card is not None:
        out.update(fits=nvml_gib_of(peak) <= card.gib, max_length_that_fits=longest_length(shape, s, card),
                   max_batch_that_fits=largest_batch(shape, s, card))
    return out


def estimate(shape: ModelShape, settings: Settings, card: Card | None, *, offload: str = "off",
             nproc: int = 1) -> Estimate:
    """The estimate for `settings`; `offload` 'auto' turns offloading on only when it is needed to fit."""
    off = _limits(shape, settings.replace(offload=False), card)
    on = _limits(shape, settings.replace(offload=True), card)
    use = offload == "on" or (offload == "auto" and card is not None and not off.get("fits") and bool(on.get("fits")))
    chosen = settings.replace(offload=use)
    terms, peak = _gib(shape, chosen)
    limits = on if use else off
    pinned = terms["activations_held"] if not use else _gib(shape, chosen.replace(offload=False))[0]["activations_held"]
    host = HOST_BASE_GIB + min(5.0, shape.linear_weights * 2 / GIB) + (pinned if use else 0.0)
    return Estimate(shape=shape, settings=chosen, terms_gib=terms, peak_gib=peak, nvml_gib=nvml_gib_of(peak),
                    card=card, offload=use, max_length_that_fits=limits.get("max_length_that_fits"),
                    max_batch_that_fits=limits.get("max_batch_that_fits"), without_offload=off, with_offload=on,
                    host_ram_gib={"train": round(host, 3)}, nproc=nproc)


def read_shape(model_dir: str | Path) -> ModelShape:
    """The model's shape from DIR/config.json alone (no weights needed)."""
    from so8t.model.folder import read_config

    return ModelShape.from_config(read_config(Path(model_dir)), source=str(Path(model_dir) / "config.json"))


def estimate_train_config(config: Any, card: Card | None, *, fast_kernels: bool | None = None) -> Estimate:
    """The estimate of a TrainConfig's run (its offloading setting, 'auto' resolved against `card`)."""
    if not config.model:
        raise ConfigError("no model given", "pass --model DIR")
    shape = read_shape(config.model)
    settings = Settings.from_train_config(config, fast_kernels=fast_kernels)
    nproc = getattr(config, "nproc", 1)
    if nproc > 1:  # each GPU holds rank 0's share at most: the estimate (and the fit) is that GPU's
        settings = settings.replace(batch_size=_rank_share(config.batch_size, 0, nproc))
    est = estimate(shape, settings, card, offload=config.offload_activations, nproc=nproc)
    est.global_batch_size = config.batch_size
    return est


def describe_settings(change: dict[str, Any]) -> str:
    """Settings as CLI flags, e.g. `--max-length 1024 --offload-activations on`."""
    return " ".join(f"--{k.replace('_', '-')} {v}" for k, v in change.items())
