from .cross_entropy_loss import CrossEntropyLoss
from .focal_loss import FocalLoss
from .giou_loss import GIoULoss
from .task_balancers import (FixedTaskWeights, LearnableTaskWeights,
                             UncertaintyTaskWeights)
from .varifocal_loss import VarifocalLoss, varifocal_loss

__all__ = [
    'CrossEntropyLoss', 'FocalLoss', 'GIoULoss', 'VarifocalLoss',
    'varifocal_loss', 'FixedTaskWeights', 'LearnableTaskWeights',
    'UncertaintyTaskWeights'
]
