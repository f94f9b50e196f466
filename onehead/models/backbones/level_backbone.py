"""A torchvision ``features`` stack cut into stages, returning levels."""
from typing import Sequence

import torch.nn as nn
from mmengine.model import BaseModule


class LevelBackbone(BaseModule):
    """Runs ``features`` and returns the outputs of the ``out_indices``
    stages. Subclasses set ``arch``: one ``(last layer index in features,
    stride, channels)`` per stage, and build ``self.features`` with
    torchvision's module names, so torchvision's checkpoints load as is.

    Args:
        out_indices: stages to return (default: those at strides 8, 16
            and 32, the levels the neck fuses).
        frozen_stages: stages up to this index (-1: none) get no gradient
            and keep their BatchNorm statistics.
    """

    arch: Sequence[tuple] = ()
    default_out_indices: Sequence[int] = ()

    def __init__(self, features: nn.Sequential, out_indices=None,
                 frozen_stages: int = -1, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        out_indices = tuple(self.default_out_indices if out_indices is None
                            else out_indices)
        for i in out_indices:
            if not 0 <= i < len(self.arch):
                raise ValueError(f'{type(self).__name__} out_indices '
                                 f'{out_indices}: each must be in '
                                 f'0..{len(self.arch) - 1}')
        self.out_indices = out_indices
        self.frozen_stages = frozen_stages
        last = self.arch[max(out_indices)][0]
        self.features = nn.Sequential(*list(features.children())[:last + 1])
        self.out_strides = [self.arch[i][1] for i in out_indices]
        self.out_channels = [self.arch[i][2] for i in out_indices]
        self._freeze_stages()

    def _freeze_stages(self):
        if self.frozen_stages < 0:
            return
        for m in self.features[:self.arch[self.frozen_stages][0] + 1]:
            m.eval()
            for p in m.parameters():
                p.requires_grad = False

    def forward(self, x, tasks=None):
        """The levels every task reads (``tasks`` is not needed)."""
        outs, start = [], 0
        for i in range(max(self.out_indices) + 1):
            end = self.arch[i][0] + 1
            x = self.features[start:end](x)
            start = end
            if i in self.out_indices:
                outs.append(x)
        return tuple(outs)

    def train(self, mode: bool = True):
        super().train(mode)
        self._freeze_stages()
        return self
