"""token_logps: the log-probs and their gradient equal log_softmax's, and no chunk's logits are kept for backward."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from so8t.model.tiny import tiny_config
from so8t.train.estimate import chunk_positions
from so8t.train.loss import token_logps
from tests.so8t.lora_models import lora_model


def _states(model, positions: int = 23) -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(5)
    width = model.config.hidden_size
    states = torch.randn(positions, width, generator=generator, requires_grad=True)
    targets = torch.randint(0, model.config.vocab_size, (positions,), generator=generator)
    return states, targets


def _plain(model, states: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    logits = model.get_output_embeddings()(states).float()
    cap = getattr(model.config, "final_logit_softcapping", None)
    if cap:
        logits = torch.tanh(logits / cap) * cap
    return F.log_softmax(logits, dim=-1).gather(-1, targets[:, None]).squeeze(-1)


@pytest.mark.parametrize("cap", [None, 3.0])
def test_values_and_gradient_equal_log_softmax(cap):
    model = lora_model(tiny_config("llama"))
    model.config.final_logit_softcapping = cap
    states, targets = _states(model)
    weights = torch.linspace(-1.0, 2.0, states.shape[0])  # each position's own incoming gradient

    got = token_logps(model, states, targets, chunk=5)  # 5 does not divide 23
    (grad,) = torch.autograd.grad((got * weights).sum(), states)
    expected = _plain(model, states, targets)
    (expected_grad,) = torch.autograd.grad((expected * weights).sum(), states)

    torch.testing.assert_close(got, expected, rtol=1e-6, atol=1e-6)
    torch.testing.assert_close(grad, expected_grad, rtol=1e-5, atol=1e-7)


def test_a_trainable_head_takes_the_checkpointed_path_with_the_same_values():
    model = lora_model(tiny_config("llama"))
    model.get_output_embeddings().weight.requires_grad_(True)
    states, targets = _states(model)
    got = token_logps(model, states, targets, chunk=4)
    got.sum().backward()
    assert model.get_output_embeddings().weight.grad is not None  # the head learns on this path
    torch.testing.assert_close(got, _plain(model, states, targets), rtol=1e-6, atol=1e-6)


def _largest_saved(fn) -> int:
    sizes: list[int] = []

    def pack(t: torch.Tensor) -> torch.Tensor:
        sizes.append(t.numel())
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        fn()
    return max(sizes)


def test_no_chunk_logits_are_kept_for_backward_and_log_softmax_keeps_them():
    model = lora_model(tiny_config("llama"))
    states, targets = _states(model, positions=40)
    vocab, width = model.config.vocab_size, model.config.hidden_size
    assert vocab > 2 * width  # so the two kinds of tensor are told apart by size
    ours = _largest_saved(lambda: token_logps(model, states, targets, chunk=8))
    plain = _largest_saved(lambda: _plain(model, states, targets))
    assert ours <= 40 * width  # one gradient vector per position
    assert plain >= 40 * vocab  # negative control: the full logits


def test_without_a_gradient_nothing_is_prepared_for_backward():
    model = lora_model(tiny_config("llama"))
    states, targets = _states(model)
    with torch.no_grad():
        got = token_logps(model, states, targets)
    assert not got.requires_grad
    torch.testing.assert_close(got, _plain(model, states, targets).detach(), rtol=1e-6, atol=1e-6)


def test_the_chunk_holds_a_fixed_budget_of_logits():
    assert chunk_positions(128_256) * 128_256 <= 2**25 < (chunk_positions(128_256) + 1) * 128_256
    assert chunk_positions(10**9) == 1
