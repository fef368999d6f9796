"""SO(8) rotation math: skew generators, exp map, orthogonality and determinant."""

import math

import pytest
import torch

from so8t.model.rotation import (
    BLOCK,
    GENERATOR_PARAMS,
    block_diagonal,
    determinant_error,
    orthogonality_error,
    params_from_skew,
    random_generator,
    rotation_blocks,
    skew_from_params,
)


def test_generator_has_28_free_parameters_and_is_skew():
    assert GENERATOR_PARAMS == 28
    params = torch.randn(5, 28, dtype=torch.float64)
    skew = skew_from_params(params)
    assert skew.shape == (5, 8, 8)
    torch.testing.assert_close(skew, -skew.transpose(-1, -2), rtol=0, atol=0)
    torch.testing.assert_close(params_from_skew(skew), params, rtol=0, atol=0)


@pytest.mark.parametrize("alpha", [-5.0, 0.0, 3.0])
def test_rotations_are_in_so8(alpha):
    params = torch.randn(16, 28, dtype=torch.float64, generator=torch.Generator().manual_seed(1)) * 2
    rot = rotation_blocks(params, torch.tensor(alpha))
    assert orthogonality_error(rot).max() < 1e-13
    assert determinant_error(rot).max() < 1e-12
    expected = torch.linalg.matrix_exp(torch.sigmoid(torch.tensor(alpha, dtype=torch.float64)) * skew_from_params(params))
    torch.testing.assert_close(rot, expected, rtol=0, atol=1e-15)


def test_a_reflection_is_caught_by_the_determinant_check():
    reflection = torch.eye(BLOCK, dtype=torch.float64)
    reflection[0, 0] = -1
    assert orthogonality_error(reflection[None]).max() == 0
    assert determinant_error(reflection[None]).max() == pytest.approx(2.0)


def test_fresh_gate_init_is_almost_identity():
    params = torch.randn(4, 28, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    rot = rotation_blocks(params, torch.tensor(-5.0))
    off = (rot - torch.eye(BLOCK, dtype=torch.float64)).abs().max().item()
    assert 0 < off < 0.05


def test_random_generator_rotates_by_the_requested_largest_angle():
    params = random_generator(6, 0.5, torch.Generator().manual_seed(3), dtype=torch.float64)
    rot = torch.linalg.matrix_exp(skew_from_params(params))
    angles = torch.linalg.eigvals(rot).angle().abs().amax(dim=-1)
    torch.testing.assert_close(angles, torch.full((6,), 0.5, dtype=torch.float64), rtol=0, atol=1e-12)
    assert angles.max() < math.pi


def test_block_diagonal_places_each_block():
    blocks = torch.arange(2 * 64, dtype=torch.float64).reshape(2, 8, 8)
    full = block_diagonal(blocks)
    assert full.shape == (16, 16)
    torch.testing.assert_close(full[:8, :8], blocks[0])
    torch.testing.assert_close(full[8:, 8:], blocks[1])
    assert full[:8, 8:].abs().sum() == 0 and full[8:, :8].abs().sum() == 0
