"""SO(8) block rotations: R = exp(s·(A − Aᵀ)), s = sigmoid(α), 28 free parameters per block."""

from __future__ import annotations

import torch

from so8t.model.block import BLOCK  # noqa: E402 - one definition, torch-free

#: Free parameters of one 8×8 skew-symmetric generator: the strict upper triangle.
GENERATOR_PARAMS = BLOCK * (BLOCK - 1) // 2  # 28

_ROWS, _COLS = torch.triu_indices(BLOCK, BLOCK, offset=1)


def skew_from_params(params: torch.Tensor) -> torch.Tensor:
    """(…, 28) upper-triangle entries → (…, 8, 8) skew-symmetric A − Aᵀ."""
    if params.shape[-1] != GENERATOR_PARAMS:
        raise ValueError(f"expected {GENERATOR_PARAMS} generator parameters, got {params.shape[-1]}")
    upper = params.new_zeros(*params.shape[:-1], BLOCK, BLOCK)
    upper[..., _ROWS, _COLS] = params
    return upper - upper.transpose(-1, -2)


def params_from_skew(skew: torch.Tensor) -> torch.Tensor:
    """Inverse of `skew_from_params`: the strict upper triangle of a skew-symmetric matrix."""
    return skew[..., _ROWS, _COLS]


def rotation_blocks(params: torch.Tensor, alpha: torch.Tensor) -> torch.Tensor:
    """(k, 28) generators and a scalar α → (k, 8, 8) rotations exp(sigmoid(α)·(A − Aᵀ)).

    Computed in the dtype of `params` (float64 for baking, the gate's dtype for training).
    """
    scale = torch.sigmoid(alpha.to(params.dtype))
    return torch.linalg.matrix_exp(scale * skew_from_params(params))


def orthogonality_error(blocks: torch.Tensor) -> torch.Tensor:
    """Per block: max |RᵀR − I| (0 for an exact rotation)."""
    eye = torch.eye(BLOCK, dtype=blocks.dtype, device=blocks.device)
    return (blocks.transpose(-1, -2) @ blocks - eye).abs().amax(dim=(-1, -2))


def determinant_error(blocks: torch.Tensor) -> torch.Tensor:
    """Per block: |det R − 1| (a reflection would give 2)."""
    return (torch.linalg.det(blocks) - 1).abs()


def block_diagonal(blocks: torch.Tensor) -> torch.Tensor:
    """(k, 8, 8) → the (8k, 8k) block-diagonal matrix blockdiag(R_1 … R_k)."""
    return torch.block_diag(*blocks.unbind(0))


def random_generator(
    num_blocks: int, angle: float, generator: torch.Generator, dtype: torch.dtype = torch.float32
) -> torch.Tensor:
    """Random (k, 28) generator parameters whose blocks rotate by at most `angle` radians at s = 1.

    The largest rotation angle of exp(G) is the largest |eigenvalue| of the skew matrix G, i.e. its
    spectral norm, so each block's generator is rescaled to that norm.
    """
    raw = torch.randn(num_blocks, GENERATOR_PARAMS, generator=generator, dtype=torch.float64)
    norms = torch.linalg.matrix_norm(skew_from_params(raw), ord=2)
    return (raw * (angle / norms).unsqueeze(-1)).to(dtype)


def fold_into_weight(weight: torch.Tensor, blocks: torch.Tensor) -> torch.Tensor:
    """W · blockdiag(R_1 … R_k) computed in float64 (W is (out, 8k), blocks (k, 8, 8)); float64 result.

    W'[:, block j] = W[:, block j] @ R_j: right-multiplication by the block-diagonal matrix.
    """
    w = weight.detach().to(torch.float64)
    out_features, k = w.shape[0], blocks.shape[0]
    rot = blocks.to(device=w.device, dtype=torch.float64)
    return torch.einsum("okm,kmi->oki", w.reshape(out_features, k, BLOCK), rot).reshape(w.shape)
