"""CutMix (Yun et al., ICCV 2019) for one task's samples of a batch."""
from typing import Tuple

import torch
import torch.nn.functional as F

from onehead.registry import MODELS


@MODELS.register_module()
class CutMix:
    """Paste a box of a shuffled partner into each image; mix the labels.

    The box's area is ``1 - lam`` of the image with ``lam ~ Beta(alpha,
    alpha)`` (clipped at the border, ``lam`` then recomputed from the box
    kept), and each sample's one-hot label becomes ``lam * own + (1 - lam)
    * partner's``. A classifier that averages its logits over the cells
    sees, per cell, the class that cell shows. With probability ``1 -
    prob`` a batch passes unchanged (its scores one-hot). Draws use torch's
    global generator, which the runner seeds.

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
        self.alpha = alpha
        self.prob = prob

    def __call__(self, inputs: torch.Tensor, labels: torch.Tensor
                 ) -> Tuple[torch.Tensor, torch.Tensor]:
        """``inputs`` [N, C, H, W], ``labels`` [N] -> mixed inputs, scores
        [N, num_classes]."""
        scores = F.one_hot(labels, self.num_classes).to(inputs.dtype)
        if len(inputs) < 2 or torch.rand(()) >= self.prob:
            return inputs, scores
        lam = torch.distributions.Beta(self.alpha, self.alpha).sample()
        perm = torch.randperm(len(inputs))
        h, w = inputs.shape[-2:]
        cut = (1 - lam).sqrt()
        ch, cw = int(h * cut), int(w * cut)
        cy, cx = (int(torch.randint(h, ())), int(torch.randint(w, ())))
        y1, y2 = max(cy - ch // 2, 0), min(cy + ch // 2, h)
        x1, x2 = max(cx - cw // 2, 0), min(cx + cw // 2, w)
        mixed = inputs.clone()
        mixed[..., y1:y2, x1:x2] = inputs[perm][..., y1:y2, x1:x2]
        lam = 1 - (y2 - y1) * (x2 - x1) / (h * w)
        return mixed, lam * scores + (1 - lam) * scores[perm]
