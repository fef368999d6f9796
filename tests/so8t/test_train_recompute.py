"""Recomputed decoder layers (so8t.train.recompute): the gradients of a pass that keeps every activation.

On the five families' tiny models (CPU, float32), LoRA and SO(8) gates as training sets them up,
with offloading on and off, and with LoRA dropout (the recompute must draw the same masks).
"""

from __future__ import annotations

import pytest
import torch

from so8t.model.gates import rotations_batched
from so8t.train import TrainConfig
from so8t.train.model import final_hidden_states, load_base_model, resolve_runtime, wrap_trainable
from so8t.train.offload import offloaded_activations
from so8t.train.recompute import recompute_decoder_layers
from tests.conftest import ARCHITECTURES

pytestmark = pytest.mark.usefixtures("one_torch_thread")

TOLERANCE = 1e-5


def _trainable(model_dir, checkpointing: str, dropout: float = 0.0, offload: bool = False):
    config = TrainConfig(model=str(model_dir), data="x", device="cpu", lora_rank=4, lora_dropout=dropout,
                         gradient_checkpointing=checkpointing)
    runtime = resolve_runtime(config)
    runtime.offload = offload
    torch.manual_seed(0)  # the LoRA matrices' init draws from the global generator
    model, gates = wrap_trainable(load_base_model(str(model_dir), runtime), config, runtime, [])
    model.train()
    with torch.no_grad():
        g = torch.Generator().manual_seed(1)
        for gate in gates:
            gate.skew.normal_(0.0, 1.0, generator=g)
        for name, p in model.named_parameters():
            if "lora_B" in name:  # B starts at zero: give the adapters an effect on the activations
                p.normal_(0.0, 0.1, generator=g)
    return model, gates


def _gradients(model, gates, offload: bool = False, seed: int = 3, device: str = "cpu") -> dict[str, torch.Tensor]:
    ids = torch.randint(3, 200, (2, 24), generator=torch.Generator().manual_seed(seed)).to(device)
    torch.manual_seed(seed)  # dropout's masks
    with rotations_batched(gates):
        with offloaded_activations(offload):
            hidden = final_hidden_states(model, input_ids=ids, attention_mask=torch.ones_like(ids))
            loss = (hidden.float() ** 2).mean() + hidden.float().sum(-1).std()
        loss.backward()
    return {n: p.grad.clone() for n, p in model.named_parameters() if p.requires_grad and p.grad is not None}


def _rel(a: torch.Tensor, b: torch.Tensor) -> float:
    return float((a - b).norm() / b.norm().clamp_min(1e-30))


def _check_equal(got: dict[str, torch.Tensor], want: dict[str, torch.Tensor]) -> None:
    assert got.keys() == want.keys()
    assert any("skew" in n for n in want) and any("layers.0." in n and "lora_A" in n for n in want)
    for name in want:
        assert _rel(got[name], want[name]) < TOLERANCE, name


@pytest.mark.parametrize("family", ARCHITECTURES)
def test_recomputed_layers_give_the_gradients_of_kept_activations(tiny_model_dirs, family):
    model_dir = tiny_model_dirs[family]
    kept = _gradients(*_trainable(model_dir, "off"))
    model, gates = _trainable(model_dir, "on")
    assert type(model.base_model.model.model.layers[0]).__name__ == type(
        _trainable(model_dir, "off")[0].base_model.model.model.layers[0]).__name__
    _check_equal(_gradients(model, gates), kept)
    _check_equal(_gradients(*_trainable(model_dir, "on", offload=True), offload=True), kept)


def test_the_recompute_draws_the_same_dropout_masks(tiny_model_dirs):
    model_dir = tiny_model_dirs["llama"]
    kept = _gradients(*_trainable(model_dir, "off", dropout=0.3))
    _check_equal(_gradients(*_trainable(model_dir, "on", dropout=0.3)), kept)
    # Negative control: other masks (another seed) give other gradients, far beyond the tolerance.
    other = _gradients(*_trainable(model_dir, "off", dropout=0.3), seed=4)
    assert max(_rel(other[n], kept[n]) for n in kept if "lora_" in n) > 1e-2


def test_a_recomputed_layer_keeps_only_its_input(tiny_model_dirs, tmp_path):
    """Nothing inside a layer is saved for backward: the saved tensors do not grow with the layer count."""
    from so8t.model.tiny import build_tiny_model

    def saved(layers: int, checkpointing: str) -> int:
        folder = build_tiny_model("llama", tmp_path / f"l{layers}", seed=0, num_hidden_layers=layers,
                                  with_tokenizer=False)
        model, gates = _trainable(folder, checkpointing)
        count = 0

        def pack(t: torch.Tensor) -> torch.Tensor:
            nonlocal count
            count += 1
            return t

        ids = torch.randint(3, 200, (1, 16), generator=torch.Generator().manual_seed(0))
        with rotations_batched(gates), torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
            final_hidden_states(model, input_ids=ids, attention_mask=torch.ones_like(ids))
        return count

    assert saved(2, "on") == saved(4, "on")
    assert saved(4, "off") > saved(2, "off") + 10  # negative control: kept activations grow with the layers


def test_the_model_is_unchanged_but_for_the_call(tiny_model_dirs):
    plain, _ = _trainable(tiny_model_dirs["qwen2"], "off")
    model, _ = _trainable(tiny_model_dirs["qwen2"], "on")
    assert list(model.state_dict()) == list(plain.state_dict())
    layer = model.base_model.model.model.layers[0]
    assert isinstance(layer, type(plain.base_model.model.model.layers[0]))
    assert recompute_decoder_layers(model, offload=False) == len(model.base_model.model.model.layers)
    assert type(layer).__mro__[1] is type(plain.base_model.model.model.layers[0])  # not wrapped twice
    model.eval()
    ids = torch.randint(3, 200, (1, 12), generator=torch.Generator().manual_seed(0))
    with torch.no_grad():  # evaluation runs the layer as it is
        torch.testing.assert_close(model(input_ids=ids).logits, plain.eval()(input_ids=ids).logits)


def test_an_input_that_needs_a_gradient_besides_the_hidden_states_still_gets_it(tiny_model_dirs):
    """The recompute hands back the hidden states' gradient only; any other input needing one (here position
    embeddings computed from a parameter, shared by two layers) goes through torch's checkpoint, so its gradient
    is the one of a plain pass (a second backward through their shared graph would fail)."""
    def grads(checkpointing: str) -> list[torch.Tensor]:
        model, gates = _trainable(tiny_model_dirs["llama"], checkpointing)
        decoder = model.base_model.model.model
        g = torch.Generator().manual_seed(5)
        hidden = torch.randn(1, 10, decoder.config.hidden_size, generator=g, requires_grad=True)
        position = torch.arange(10)[None]
        scale = torch.tensor(1.5, requires_grad=True)
        cos, sin = (t * scale for t in decoder.rotary_emb(hidden, position))
        with rotations_batched(gates):
            out = hidden
            for layer in decoder.layers[:2]:
                out = layer(out, attention_mask=None, position_ids=position, position_embeddings=(cos, sin))
                out = out[0] if isinstance(out, tuple) else out
            out.square().sum().backward()
        return [hidden.grad, scale.grad]

    for got, want in zip(grads("on"), grads("off"), strict=True):
        assert want is not None and float(want.abs().max()) > 0
        assert _rel(got, want) < TOLERANCE


def test_a_forward_with_a_cache_is_not_recomputed(tiny_model_dirs):
    """Training-mode forward with grad and a KV cache: the recompute would write the cache twice (and attend to
    the keys twice), so the layer keeps its activations; the gradients are those of the plain model."""
    from transformers import DynamicCache

    def grads(checkpointing: str) -> dict[str, torch.Tensor]:
        model, gates = _trainable(tiny_model_dirs["llama"], checkpointing)
        ids = torch.randint(3, 200, (1, 12), generator=torch.Generator().manual_seed(2))
        with rotations_batched(gates):
            out = model(input_ids=ids, use_cache=True, past_key_values=DynamicCache(config=model.config))
            out.logits.float().square().mean().backward()
        return {n: p.grad.clone() for n, p in model.named_parameters() if p.grad is not None}

    kept, recomputed = grads("off"), grads("on")
    assert kept.keys() == recomputed.keys() and kept
    for name in kept:
        assert _rel(recomputed[name], kept[name]) < TOLERANCE, name


@pytest.mark.skipif(not torch.cuda.is_available(), reason="the side stream's copies need CUDA (run on the GPU machine)")
def test_offloaded_inputs_come_back_exact_from_the_side_stream(tiny_model_dirs, monkeypatch):
    """On CUDA each layer's input goes to pinned memory on a side stream and comes back, prefetched while the
    layer after it recomputes: the gradients are those of kept activations, and every load but the first of
    backward finds its copy queued already."""
    from so8t.train.offload import Offloaded

    def on_cuda(checkpointing: str, offload: bool = False):
        model, gates = _trainable(tiny_model_dirs["llama"], checkpointing, offload=offload)
        return model.cuda(), gates

    kept = _gradients(*on_cuda("off"), device="cuda")
    loads: list[bool] = []
    load = Offloaded.load

    def spy(self: Offloaded) -> torch.Tensor:
        loads.append(self.back is not None)  # queued by the layer after it
        return load(self)

    monkeypatch.setattr(Offloaded, "load", spy)
    model, gates = on_cuda("on", offload=True)
    got = _gradients(model, gates, offload=True, device="cuda")
    layers = len(model.base_model.model.model.layers)
    assert loads == [False] + [True] * (layers - 1)
    _check_equal({k: v.cpu() for k, v in got.items()}, {k: v.cpu() for k, v in kept.items()})
    # Negative control: without the offload nothing is loaded.
    loads.clear()
    _gradients(*on_cuda("on"), device="cuda")
    assert loads == []
