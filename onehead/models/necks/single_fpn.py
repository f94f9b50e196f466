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

    ``lateral_channels`` (one per level, e.g. ``(64, 64, 256)``): a level's
    lateral may be narrower than the map; it adds into the map's trailing
    channels. The leading channels then carry only the wider levels: a
    fixed path from the deepest level (:class:`PrincipalComponentInitHook`)
    that the finer levels' learned features leave alone, while the fuse
    conv still reads every channel.
    """

    def __init__(self, in_channels: Sequence[int], out_channels: int = 96,
                 private_channels: Optional[Dict[str, int]] = None,
                 lateral_channels: Optional[Sequence[int]] = None,
                 init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        widths = tuple(lateral_channels or [out_channels] * len(in_channels))
        if len(widths) != len(in_channels) or \
                not all(0 < w <= out_channels for w in widths):
            raise ValueError(
                f'SingleFPN: lateral_channels {widths} must give one width '
                f'in 1..{out_channels} (out_channels) per level of '
                f'{tuple(in_channels)}')
        self.laterals, self.fuse = self._fpn(in_channels, out_channels,
                                             widths)
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
    def _fpn(in_channels, out_channels, widths=None):
        widths = widths or [out_channels] * len(in_channels)
        laterals = nn.ModuleList(
            nn.Sequential(nn.Conv2d(c, w, 1, bias=False), nn.BatchNorm2d(w))
            for c, w in zip(in_channels, widths))
        return laterals, conv_bn_relu(out_channels, out_channels)

    @staticmethod
    def _fused(feats, laterals, fuse):
        size, width = feats[0].shape[-2:], fuse[0].in_channels
        x = None
        for i, (lat, f) in enumerate(zip(laterals, feats)):
            y = lat(f)
            if i:
                y = F.interpolate(y, size=size, mode='bilinear',
                                  align_corners=False)
            skip = width - lat[0].out_channels  # a narrower lateral adds
            if skip:                            # into the trailing channels
                y = F.pad(y, (0, 0, 0, 0, skip, 0))
            x = y if x is None else x + y
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
