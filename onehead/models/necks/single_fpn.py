"""One FPN layer that fuses several backbone levels into one map."""
from typing import Dict, Optional, Sequence

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

    ``private_channels`` (e.g. ``dict(cls=96)``): a second FPN of that
    width per task, whose map the neck returns beside the shared one, by
    task (``{'shared': x, 'cls': x_cls}``; ``out_channels`` likewise), for
    that task's private head block alone. It runs only when its task is
    asked for (``tasks``), like the head's private blocks, so a task added
    in a later stage gets a neck path of its own while the shared one stays
    as the earlier tasks left it.
    """

    def __init__(self, in_channels: Sequence[int], out_channels: int = 96,
                 private_channels: Optional[Dict[str, int]] = None,
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.laterals, self.fuse = self._fpn(in_channels, out_channels)
        self.private_channels = dict(private_channels or {})
        self.private = nn.ModuleDict()
        for task, n in self.private_channels.items():
            laterals, fuse = self._fpn(in_channels, n)
            self.private[task] = nn.ModuleDict(dict(laterals=laterals,
                                                    fuse=fuse))
        self.out_channels = dict(shared=out_channels,
                                 **self.private_channels) \
            if self.private_channels else out_channels

    @staticmethod
    def _fpn(in_channels, out_channels):
        laterals = nn.ModuleList(
            nn.Sequential(nn.Conv2d(c, out_channels, 1, bias=False),
                          nn.BatchNorm2d(out_channels))
            for c in in_channels)
        return laterals, conv_bn_relu(out_channels, out_channels)

    @staticmethod
    def _fused(feats, laterals, fuse):
        size = feats[0].shape[-2:]
        x = laterals[0](feats[0])
        for lat, f in zip(laterals[1:], feats[1:]):
            x = x + F.interpolate(lat(f), size=size, mode='bilinear',
                                  align_corners=False)
        return fuse(F.relu(x))

    def forward(self, feats, tasks: Optional[Sequence[str]] = None):
        """``[B, C, h, w]``, or with ``private_channels`` the maps by task:
        ``shared`` and each asked-for task's own (all when ``tasks`` is
        None). ``feats``: the backbone's levels, or its levels by task
        (``shared`` and a task's own, MobileNetV2 ``private_stages``): a
        task's private FPN reads its own levels where it has them."""
        per_task = feats if isinstance(feats, dict) else dict(shared=feats)
        feats = per_task['shared']
        if len(feats) != len(self.laterals):
            raise ValueError(f'SingleFPN expects {len(self.laterals)} levels, '
                             f'got {len(feats)}')
        shared = self._fused(feats, self.laterals, self.fuse)
        if not self.private_channels:
            return shared
        outs = dict(shared=shared)
        for task, m in self.private.items():
            if tasks is None or task in tasks:
                outs[task] = self._fused(per_task.get(task, feats),
                                         m['laterals'], m['fuse'])
        return outs
