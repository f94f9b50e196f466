"""Fast-SCNN (Poudel et al., BMVC 2019), a course backbone, from scratch."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule
from torchvision.models.mobilenetv2 import InvertedResidual
from torchvision.ops.misc import Conv2dNormActivation

from onehead.registry import MODELS


def _dsconv(cin, cout, stride):
    """Depthwise-separable conv: 3x3 depthwise, then 1x1, each BN ReLU."""
    return nn.Sequential(
        Conv2dNormActivation(cin, cin, 3, stride, groups=cin),
        Conv2dNormActivation(cin, cout, 1))


def _bottlenecks(cin, cout, n, stride, t=6):
    return nn.Sequential(*[InvertedResidual(cin if i == 0 else cout, cout,
                                            stride if i == 0 else 1, t)
                           for i in range(n)])


class PyramidPooling(nn.Module):
    """Pool to 1, 2, 3 and 6 bins, 1x1 conv each, upsample, concatenate
    with the input, 1x1 conv."""

    def __init__(self, channels, out_channels, bins=(1, 2, 3, 6)):
        super().__init__()
        self.bins = bins
        self.stages = nn.ModuleList(
            Conv2dNormActivation(channels, channels // 4, 1) for _ in bins)
        self.out = Conv2dNormActivation(channels * 2, out_channels, 1)

    def forward(self, x):
        size = x.shape[-2:]
        pooled = [F.interpolate(conv(F.adaptive_avg_pool2d(x, b)), size,
                                mode='bilinear', align_corners=False)
                  for b, conv in zip(self.bins, self.stages)]
        return self.out(torch.cat([x] + pooled, 1))


class FeatureFusion(nn.Module):
    """The stride-32 map upsampled x4 (depthwise conv, 1x1), added to the
    stride-8 map (1x1), ReLU."""

    def __init__(self, high_channels, low_channels, out_channels):
        super().__init__()
        self.low = nn.Sequential(
            Conv2dNormActivation(low_channels, low_channels, 3,
                                 groups=low_channels),
            Conv2dNormActivation(low_channels, out_channels, 1,
                                 activation_layer=None))
        self.high = Conv2dNormActivation(high_channels, out_channels, 1,
                                         activation_layer=None)

    def forward(self, high, low):
        low = F.interpolate(low, high.shape[-2:], mode='bilinear',
                            align_corners=False)
        return F.relu(self.high(high) + self.low(low))


@MODELS.register_module()
class FastSCNN(BaseModule):
    """The paper's encoder, as stages the neck can read.

    Stages: 0 learning-to-downsample (stride 8, 64 channels), 1 the first
    bottlenecks of the global feature extractor (stride 16, 64), 2 the
    rest of it with pyramid pooling (stride 32, 128), 3 the feature fusion
    module (stride 8, 128). Default levels (0, 1, 2) feed an FPN neck;
    ``out_indices=(3,)`` gives the paper's fused map alone (for a neck of
    ConvBNReLU layers). No ImageNet weights exist for it: the homework
    reports trained it from scratch, as here.
    """

    arch_strides = (8, 16, 32, 8)
    arch_channels = (64, 64, 128, 128)

    def __init__(self, out_indices=(0, 1, 2), init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        if not out_indices or any(not 0 <= i < 4 for i in out_indices):
            raise ValueError(f'FastSCNN out_indices {out_indices}: each '
                             'must be in 0..3')
        self.out_indices = tuple(out_indices)
        self.learning_to_downsample = nn.Sequential(
            Conv2dNormActivation(3, 32, 3, 2), _dsconv(32, 48, 2),
            _dsconv(48, 64, 2))
        self.bottleneck1 = _bottlenecks(64, 64, 3, 2)
        self.bottleneck2 = nn.Sequential(_bottlenecks(64, 96, 3, 2),
                                         _bottlenecks(96, 128, 3, 1))
        self.ppm = PyramidPooling(128, 128)
        if 3 in self.out_indices:
            self.fusion = FeatureFusion(64, 128, 128)
        self.out_strides = [self.arch_strides[i] for i in self.out_indices]
        self.out_channels = [self.arch_channels[i] for i in self.out_indices]

    def forward(self, x, tasks=None):
        """The levels every task reads (``tasks`` is not needed)."""
        s8 = self.learning_to_downsample(x)
        s16 = self.bottleneck1(s8)
        s32 = self.ppm(self.bottleneck2(s16))
        levels = [s8, s16, s32]
        if 3 in self.out_indices:
            levels.append(self.fusion(s8, s32))
        return tuple(levels[i] for i in self.out_indices)
