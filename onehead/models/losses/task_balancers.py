"""Weighting of the task losses in a batch that carries several tasks.

A balancer gives each task present in the batch a weight (multiplying every
loss term of that task) and, for uncertainty weighting, a regulariser; the
model logs the weights as ``weight.<task>``.
"""
from typing import Dict, Optional, Sequence, Tuple

import torch
import torch.nn as nn

from onehead.registry import MODELS
from onehead.structures import TASKS


@MODELS.register_module()
class FixedTaskWeights(nn.Module):
    """Constant weights from the config (missing tasks: 1)."""

    def __init__(self, weights: Dict[str, float] = None,
                 tasks: Sequence[str] = TASKS):
        super().__init__()
        self.weights = {t: 1.0 for t in tasks}
        self.weights.update(weights or {})

    def forward(self, tasks: Sequence[str]
                ) -> Tuple[Dict[str, torch.Tensor], Optional[torch.Tensor]]:
        return {t: torch.tensor(float(self.weights[t])) for t in tasks}, None


@MODELS.register_module()
class LearnableTaskWeights(nn.Module):
    """Learned logits normalised by softmax (the weights of all tasks sum to
    their number) or sigmoid (each in (0, 1))."""

    def __init__(self, tasks: Sequence[str] = TASKS,
                 normalize: str = 'softmax'):
        super().__init__()
        if normalize not in ('softmax', 'sigmoid'):
            raise ValueError(f'normalize must be softmax or sigmoid, got '
                             f'{normalize!r}')
        self.tasks = list(tasks)
        self.normalize = normalize
        self.logits = nn.Parameter(torch.zeros(len(self.tasks)))

    def forward(self, tasks):
        if self.normalize == 'softmax':
            w = self.logits.softmax(0) * len(self.tasks)
        else:
            w = self.logits.sigmoid()
        return {t: w[self.tasks.index(t)] for t in tasks}, None


@MODELS.register_module()
class UncertaintyTaskWeights(nn.Module):
    """Homoscedastic uncertainty weighting (Kendall, Gal & Cipolla, CVPR
    2018): ``sum_t exp(-s_t) * L_t + s_t`` with learned ``s_t = log
    sigma_t^2``; the weight of task t is ``exp(-s_t)``."""

    def __init__(self, tasks: Sequence[str] = TASKS):
        super().__init__()
        self.tasks = list(tasks)
        self.log_vars = nn.Parameter(torch.zeros(len(self.tasks)))

    def forward(self, tasks):
        s = {t: self.log_vars[self.tasks.index(t)] for t in tasks}
        return ({t: torch.exp(-v) for t, v in s.items()},
                sum(s.values()))
