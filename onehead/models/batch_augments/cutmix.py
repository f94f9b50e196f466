"""CutMix (Yun et al., ICCV 2019) for one task's samples of a batch."""
from typing import Tuple

import torch
import torch.nn.functional as F
from torchvision.transforms import v2

from onehead.registry import MODELS


@MODELS.register_module()
class CutMix:
    """torchvision's ``v2.CutMix`` in half or all of the batches, by config.

    Each image gets a box of its neighbour in the batch pasted in; the box's
    area is ``1 - lam`` with ``lam ~ Beta(alpha, alpha)`` (clipped at the
    border, ``lam`` then recomputed from the box kept), and the one-hot
    labels are mixed by the same shares. A classifier that averages its
    logits over the cells sees, per cell, the class that cell shows. With
    probability ``1 - prob`` a batch passes unchanged (its scores one-hot).
    Draws use torch's global generator, which the runner seeds.

    Args:
        num_classes: length of the score vectors.
        alpha: the Beta distribution's parameter (1.0: ``lam`` uniform).
        prob: the chance that a batch is mixed.
    """

    def __init__(self, num_classes: int, alpha: float = 1.0,
                 prob: float = 1.0):
        if alpha <= 0 or not 0 <= prob <= 1:
            raise ValueError(f'CutMix needs alpha > 0 and 0 <= prob <= 1; '
                             f'got alpha={alpha}, prob={prob}')
        self.num_classes = num_classes
        self.prob = prob
        self.cutmix = v2.CutMix(alpha=alpha, num_classes=num_classes)

    def __call__(self, inputs: torch.Tensor, labels: torch.Tensor
                 ) -> Tuple[torch.Tensor, torch.Tensor]:
        """``inputs`` [N, C, H, W], ``labels`` [N] -> mixed inputs, scores
        [N, num_classes]."""
        if len(inputs) < 2 or torch.rand(()) >= self.prob:
            return inputs, F.one_hot(labels, self.num_classes).to(
                inputs.dtype)
        return self.cutmix(inputs, labels)
