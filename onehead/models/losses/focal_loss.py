"""Sigmoid focal loss (RetinaNet), torchvision's kernel."""
import torch.nn as nn
from torchvision.ops import sigmoid_focal_loss

from onehead.registry import MODELS


@MODELS.register_module()
class FocalLoss(nn.Module):
    """Per-class sigmoid focal loss; summed, divided by ``avg_factor``."""

    def __init__(self, alpha=0.25, gamma=2.0, loss_weight=1.0):
        super().__init__()
        self.alpha, self.gamma, self.loss_weight = alpha, gamma, loss_weight

    def forward(self, logits, target, avg_factor=1.0):
        if logits.numel() == 0:
            return logits.sum() * 0.0
        loss = sigmoid_focal_loss(logits.float(), target.float(), self.alpha,
                                  self.gamma, reduction='sum')
        return self.loss_weight * loss / avg_factor
