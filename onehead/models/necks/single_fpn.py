"""One FPN layer that fuses several backbone levels into one map."""
from typing import Sequence

import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule

from onehead.registry import MODELS
from .conv_neck import conv_bn_relu


@MODELS.register_module()
class SingleFPN(BaseModule):
    """Lateral 1x1 on every level, resize all to the finest, sum, 3x3 conv.

    Output stride is the stride of the finest input level (8 or 16 with
    MobileNetV2 levels (2, 3, 4) or (3, 4)): a single map that keeps small
    objects (detection) and fine borders (segmentation) while carrying the
    deep levels' semantics.
    """

    def __init__(self, in_channels: Sequence[int], out_channels: int = 96,
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.out_channels = out_channels
        self.laterals = nn.ModuleList(
            nn.Sequential(nn.Conv2d(c, out_channels, 1, bias=False),
                          nn.BatchNorm2d(out_channels))
            for c in in_channels)
        self.fuse = conv_bn_relu(out_channels, out_channels)

    def forward(self, feats):
        if len(feats) != len(self.laterals):
            raise ValueError(f'SingleFPN expects {len(self.laterals)} levels, '
                             f'got {len(feats)}')
        size = feats[0].shape[-2:]
        x = self.laterals[0](feats[0])
        for lat, f in zip(self.laterals[1:], feats[1:]):
            x = x + F.interpolate(lat(f), size=size, mode='bilinear',
                                  align_corners=False)
        return self.fuse(F.relu(x))
