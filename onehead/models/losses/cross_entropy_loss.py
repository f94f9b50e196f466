"""Softmax cross-entropy for segmentation (ignore 255) and classification."""
import torch.nn as nn
import torch.nn.functional as F

from onehead.registry import MODELS


@MODELS.register_module()
class CrossEntropyLoss(nn.Module):
    """``F.cross_entropy`` with ``ignore_index`` and ``label_smoothing``.

    The mean is over non-ignored elements; an all-ignored input gives 0
    (with a gradient path) instead of NaN. A floating ``target`` [N, C] is
    a soft label per sample (CutMix's), with nothing to ignore.
    """

    def __init__(self, loss_weight: float = 1.0, ignore_index: int = 255,
                 label_smoothing: float = 0.0, class_weight=None):
        super().__init__()
        self.loss_weight = loss_weight
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing
        self.class_weight = class_weight

    def forward(self, logits, target):
        weight = None
        if self.class_weight is not None:
            weight = logits.new_tensor(self.class_weight)
        if target.is_floating_point():
            return self.loss_weight * F.cross_entropy(
                logits.float(), target.float(), weight=weight,
                label_smoothing=self.label_smoothing)
        valid = (target != self.ignore_index).sum()
        if valid == 0:
            return logits.sum() * 0.0
        loss = F.cross_entropy(logits.float(), target, weight=weight,
                               ignore_index=self.ignore_index,
                               label_smoothing=self.label_smoothing)
        return self.loss_weight * loss
