"""Varifocal loss (VarifocalNet, CVPR 2021): IoU-aware confidence."""
import torch.nn as nn
import torch.nn.functional as F

from onehead.registry import MODELS


def varifocal_loss(logits, target, alpha=0.75, gamma=2.0, weight=None):
    """Sum over elements. ``target`` is the IoU at positives, 0 elsewhere.

    Positives are weighted by their IoU target (so good boxes matter most);
    negatives are down-weighted focally by ``alpha * p**gamma``.
    """
    logits = logits.float()
    p = logits.sigmoid()
    pos = (target > 0).float()
    focal_w = target * pos + alpha * p.detach().pow(gamma) * (1 - pos)
    loss = F.binary_cross_entropy_with_logits(
        logits, target, reduction='none') * focal_w
    if weight is not None:
        loss = loss * weight
    return loss.sum()


@MODELS.register_module()
class VarifocalLoss(nn.Module):

    def __init__(self, alpha=0.75, gamma=2.0, loss_weight=1.0):
        super().__init__()
        self.alpha, self.gamma, self.loss_weight = alpha, gamma, loss_weight

    def forward(self, logits, target, weight=None, avg_factor=1.0):
        return self.loss_weight * varifocal_loss(
            logits, target, self.alpha, self.gamma, weight) / avg_factor
