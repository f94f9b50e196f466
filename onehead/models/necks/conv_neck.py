"""Two ConvBNReLU on one backbone level: the simplest neck."""
from typing import Sequence, Union

import torch.nn as nn
from mmengine.model import BaseModule

from onehead.registry import MODELS


def conv_bn_relu(cin, cout, k=3, stride=1):
    return nn.Sequential(
        nn.Conv2d(cin, cout, k, stride, k // 2, bias=False),
        nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


@MODELS.register_module()
class ConvNeck(BaseModule):
    """Take backbone level ``in_index`` and apply two 3x3 ConvBNReLU."""

    def __init__(self, in_channels: Union[int, Sequence[int]],
                 out_channels: int = 128, in_index: int = -1, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        if not isinstance(in_channels, int):
            in_channels = in_channels[in_index]
        self.in_index = in_index
        self.out_channels = out_channels
        self.convs = nn.Sequential(conv_bn_relu(in_channels, out_channels),
                                   conv_bn_relu(out_channels, out_channels))

    def forward(self, feats, tasks=None):
        """Every task reads the same map (``tasks`` is not needed)."""
        return self.convs(feats[self.in_index])
