"""EfficientNet-B0 (a course backbone) as torchvision defines it."""
from torchvision.models import efficientnet_b0

from onehead.registry import MODELS
from .level_backbone import LevelBackbone


@MODELS.register_module()
class EfficientNetB0(LevelBackbone):
    """torchvision's ``efficientnet_b0().features``, by stage.

    Stages 0..7 are torchvision's ``features[0..7]`` (strides 2, 2, 4, 8,
    16, 16, 32, 32; 32, 16, 24, 40, 80, 112, 192, 320 channels); stage 8 is
    the final 1x1 conv (1280 channels). Default levels: strides 8, 16 and
    32 (40, 112, 320 channels). ImageNet weights: ``init_cfg=dict(
    type='Pretrained', checkpoint='torchvision://efficientnet_b0')``.
    """

    arch = ((0, 2, 32), (1, 2, 16), (2, 4, 24), (3, 8, 40), (4, 16, 80),
            (5, 16, 112), (6, 32, 192), (7, 32, 320), (8, 32, 1280))
    default_out_indices = (3, 5, 7)

    def __init__(self, out_indices=None, frozen_stages=-1, init_cfg=None):
        super().__init__(efficientnet_b0().features, out_indices,
                         frozen_stages, init_cfg)
