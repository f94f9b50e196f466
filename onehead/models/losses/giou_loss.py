"""GIoU box loss (torchvision's)."""
import torch.nn as nn
from torchvision.ops import generalized_box_iou_loss

from onehead.registry import MODELS


@MODELS.register_module()
class GIoULoss(nn.Module):

    def __init__(self, loss_weight=2.0):
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self, pred, target, weight=None, avg_factor=1.0):
        """``pred`` and ``target`` are xyxy [N, 4]; sum / avg_factor."""
        if pred.numel() == 0:
            return pred.sum() * 0.0
        loss = generalized_box_iou_loss(pred.float(), target.float(),
                                        reduction='none')
        if weight is not None:
            loss = loss * weight
        return self.loss_weight * loss.sum() / avg_factor
