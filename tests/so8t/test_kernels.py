"""The fused path's compiled decoder layers, on CPU with a backend that needs no GPU: same training, gates still act."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from so8t.model.gates import rotations_batched
from so8t.train import TrainConfig
from so8t.train.data import SFT_SAMPLE
from so8t.train.kernels import compile_decoder_layers, fast_kernels_unavailable, uncompiled
from so8t.train.loop import EventSink, Trainer
from so8t.train.model import final_hidden_states
from tests.conftest import ARCHITECTURES

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("one_torch_thread")]  # trains with and without the fused kernels

#: Traces the layer as the fused path does (dynamo, then AOT autograd's joint forward/backward graph),
#: but runs the traced ATen ops instead of generated Triton kernels, so it needs neither a GPU nor a compiler.
BACKEND = "aot_eager"


def _trainer(model_dir: Path, run_dir: Path) -> Trainer:
    """A trainer as the fused path sets it up: LoRA, gates, checkpointing on (as 'auto' keeps it with them)."""
    config = TrainConfig(model=str(model_dir), data=str(SFT_SAMPLE), max_steps=4, max_length=64, batch_size=2,
                         device="cpu", lora_rank=4, lora_dropout=0.0, gradient_checkpointing="on",
                         ckpt_every_steps=100, ckpt_every_seconds=0, kl_every_steps=100, alpha_warmup_steps=0,
                         learning_rate=2e-3)
    run_dir.mkdir(parents=True)
    trainer = Trainer(config, run_dir, EventSink(log_path=run_dir / "events.jsonl"), None)
    trainer.setup()
    trainer.model.train()
    return trainer


def _final(trainer: Trainer, ids: torch.Tensor) -> torch.Tensor:
    with torch.enable_grad(), rotations_batched(trainer.gates):
        return final_hidden_states(trainer.model, input_ids=ids, attention_mask=torch.ones_like(ids)).detach()


def fresh_dynamo() -> None:
    """Forget what Dynamo compiled earlier in this process: every family's checkpointed layer runs through
    one transformers function, and after 8 compiles of it (other tests, other families) Dynamo stops
    compiling it and runs it eagerly. A training process compiles one model, so only tests meet that."""
    torch._dynamo.reset()


@pytest.fixture(scope="module")
def eager_and_compiled(tiny_model_dirs, tmp_path_factory):
    root = tmp_path_factory.mktemp("kernels")
    eager = _trainer(tiny_model_dirs["llama"], root / "eager")
    compiled = _trainer(tiny_model_dirs["llama"], root / "compiled")
    keys = list(compiled.model.state_dict())
    fresh_dynamo()
    assert compile_decoder_layers(compiled.model, backend=BACKEND) == 2
    assert list(compiled.model.state_dict()) == keys  # checkpoints and restore see the same names
    return eager, compiled


def test_compiled_layers_train_as_the_eager_ones(eager_and_compiled):
    from torch._dynamo.utils import counters

    eager, compiled = eager_and_compiled
    for _ in range(3):
        a, b = eager._train_step(), compiled._train_step()
        assert b["loss"] == pytest.approx(a["loss"], rel=1e-5)
        assert b["grad_norm"] == pytest.approx(a["grad_norm"], rel=1e-4)
    assert counters["stats"]["unique_graphs"] >= 1  # the layers did run compiled
    theirs = dict(compiled.model.named_parameters())
    for name, p in eager.model.named_parameters():
        if p.requires_grad:
            torch.testing.assert_close(theirs[name], p, rtol=1e-4, atol=1e-6, msg=name)
    torch.testing.assert_close(compiled.gates[0].skew, eager.gates[0].skew, rtol=1e-4, atol=1e-6)
    assert float((compiled.gates[0].skew - _trainer_init_skew(compiled)).abs().max()) > 0  # the gates learnt


def _trainer_init_skew(trainer: Trainer) -> torch.Tensor:
    from so8t.model.gates import SO8Gate

    gate = SO8Gate(trainer.gates[0].in_features, layer=0)
    gate.reset_parameters(torch.Generator().manual_seed(trainer.config.seed))
    return gate.skew.detach()


def test_the_gates_act_inside_the_compiled_layers(eager_and_compiled):
    eager, compiled = eager_and_compiled
    ids = torch.tensor(compiled.samples[0].input_ids[:32])[None]
    gated = _final(compiled, ids)
    torch.testing.assert_close(gated, _final(eager, ids), rtol=1e-4, atol=1e-5)
    saved = [g.skew.detach().clone() for g in compiled.gates]
    with torch.no_grad():
        for g in compiled.gates:
            g.skew.zero_()  # every block the identity rotation
    try:
        identity = _final(compiled, ids)
    finally:
        with torch.no_grad():
            for g, s in zip(compiled.gates, saved, strict=True):
                g.skew.copy_(s)
    assert float((gated - identity).abs().max()) > 1e-3


def test_evaluation_passes_run_the_layers_uncompiled(eager_and_compiled):
    from torch._dynamo.utils import counters

    _eager, compiled = eager_and_compiled
    compiled._train_step()
    before = counters["stats"]["unique_graphs"]
    compiled.kl_to_base()  # no grad, eval mode, adapters off: each would be one more compile
    assert counters["stats"]["unique_graphs"] == before
    with torch.no_grad(), uncompiled():
        compiled.model(input_ids=torch.tensor(compiled.samples[0].input_ids[:16])[None])
    assert counters["stats"]["unique_graphs"] == before


@pytest.mark.slow
@pytest.mark.parametrize("arch", ARCHITECTURES)
def test_the_fused_path_compiles_the_decoder_layers_of_the_installed_transformers(arch, tiny_model_dirs, tmp_path):
    """Each decoder layer runs as one compiled graph, without a graph break (which would run parts of it,
    or under checkpointing all of it, eagerly and silently): a new transformers may wrap the layer's code."""
    from torch._dynamo import lookup_backend
    from torch._dynamo.utils import counters

    from so8t.model.architectures import decoder_layers

    runs = []

    def counting(gm, example_inputs):
        compiled = lookup_backend(BACKEND)(gm, example_inputs)

        def run(*args):
            runs.append(gm)
            return compiled(*args)

        return run

    trainer = _trainer(tiny_model_dirs[arch], tmp_path / "run")
    layers = decoder_layers(trainer.model)
    fresh_dynamo()
    breaks = sum(counters["graph_break"].values())
    assert compile_decoder_layers(trainer.model, backend=counting) == len(layers)
    trainer._train_step()
    assert sum(counters["graph_break"].values()) == breaks, dict(counters["graph_break"])
    assert runs and len(runs) % len(layers) == 0  # every layer's forward was the compiled graph


def test_fused_kernels_say_why_they_cannot_run():
    assert fast_kernels_unavailable("cpu") == "they need CUDA"


def test_the_estimate_finds_the_kernels_packages_without_importing_them(monkeypatch):
    """The estimate's check (so8t.train.kernels_installed) names what is missing, as the run's check does."""
    from so8t.train import kernels_installed as ki

    found = {"triton", "liger_kernel"}
    monkeypatch.setattr(ki, "find_spec", lambda name: object() if name in found else None)
    monkeypatch.setattr(ki, "_card_capability", lambda: 8)
    assert ki.fast_kernels_not_installed() is None
    monkeypatch.setattr(ki, "_card_capability", lambda: 6)
    assert "compute capability 7.0" in ki.fast_kernels_not_installed()
    monkeypatch.setattr(ki, "_card_capability", lambda: None)  # no NVML: the packages decide
    assert ki.fast_kernels_not_installed() is None
    found.discard("liger_kernel")
    assert ki.fast_kernels_not_installed() == "liger-kernel is not installed (pip install liger-kernel)"
    found.discard("triton")
    assert ki.fast_kernels_not_installed() == "triton is not installed (on Windows: pip install triton-windows)"
