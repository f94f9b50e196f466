"""Refit a task's output rows to stored outputs by least squares.

The output conv is 1x1: a task's outputs at a cell are its rows times the
hidden map's vector there, plus their bias. When the shared layers under
them have moved, the rows that best give back the outputs stored for some
samples solve a linear least-squares problem over those samples' cells.
A ridge pulls the solution towards the current rows, so rows whose map
did not move stay where they are.
"""
from typing import Tuple

import torch


class RowsLeastSquares:
    """Normal equations of ``rows @ [hidden; 1] ~ targets``, summed over
    the cells of the batches given to :meth:`add` (float64)."""

    def __init__(self):
        self.gram = self.cross = None
        self.sq = 0.0
        self.cells = 0

    def add(self, hidden: torch.Tensor, targets: torch.Tensor) -> None:
        """``hidden [N, H, h, w]``, ``targets [N, C, h, w]``."""
        if hidden.shape[0] != targets.shape[0] or \
                hidden.shape[2:] != targets.shape[2:]:
            raise ValueError(f'RowsLeastSquares: hidden {tuple(hidden.shape)}'
                             f' and targets {tuple(targets.shape)} differ in '
                             'samples or cells')
        x = hidden.double().permute(0, 2, 3, 1).flatten(0, 2)
        x = torch.cat([x, x.new_ones(len(x), 1)], 1)
        y = targets.double().permute(0, 2, 3, 1).flatten(0, 2)
        if self.gram is None:
            self.gram = x.new_zeros(x.shape[1], x.shape[1])
            self.cross = x.new_zeros(x.shape[1], y.shape[1])
        self.gram += x.T @ x
        self.cross += x.T @ y
        self.sq += float((y * y).sum())
        self.cells += len(x)

    @staticmethod
    def stack(weight: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        """Rows ``[C, H, 1, 1]`` and bias ``[C]`` -> ``[H + 1, C]``."""
        return torch.cat([weight.flatten(1), bias[:, None]], 1).T.double()

    def mse(self, weight: torch.Tensor, bias: torch.Tensor) -> float:
        """Mean squared error of these rows' outputs over the added cells
        and channels."""
        w = self.stack(weight, bias).to(self.gram.device)
        err = (w * (self.gram @ w)).sum() - 2 * (w * self.cross).sum() + \
            self.sq
        return float(err) / (self.cells * w.shape[1])

    def solve(self, weight: torch.Tensor, bias: torch.Tensor,
              ridge: float = 1e-3) -> Tuple[torch.Tensor, torch.Tensor]:
        """The rows minimising the squared error plus ``ridge`` (relative to
        the hidden map's mean energy per channel) times their squared
        distance to ``weight``/``bias``; returned in their shapes and
        dtypes."""
        if self.gram is None:
            raise ValueError('RowsLeastSquares: no cells added')
        w0 = self.stack(weight, bias).to(self.gram.device)
        lam = ridge * float(self.gram.diagonal()[:-1].mean())
        eye = torch.eye(len(w0), dtype=w0.dtype, device=w0.device)
        w = torch.linalg.solve(self.gram + lam * eye, self.cross + lam * w0)
        new_weight = w[:-1].T.reshape(weight.shape).to(weight)
        return new_weight, w[-1].to(bias)
