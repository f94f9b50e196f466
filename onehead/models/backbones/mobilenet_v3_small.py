"""MobileNetV3-Small (a course backbone) as torchvision defines it."""
from torchvision.models import mobilenet_v3_small

from onehead.registry import MODELS
from .level_backbone import LevelBackbone


@MODELS.register_module()
class MobileNetV3Small(LevelBackbone):
    """torchvision's ``mobilenet_v3_small().features``, by stage.

    Stages 0..4 end at strides 2, 4, 8, 16, 32 (16, 16, 24, 48, 96
    channels); stage 5 is the final 1x1 conv (576 channels, stride 32).
    Default levels: strides 8, 16 and 32 (the 576-channel map).
    ImageNet weights: ``init_cfg=dict(type='Pretrained',
    checkpoint='torchvision://mobilenet_v3_small')``.
    """

    arch = ((0, 2, 16), (1, 4, 16), (3, 8, 24), (8, 16, 48), (11, 32, 96),
            (12, 32, 576))
    default_out_indices = (2, 3, 5)

    def __init__(self, out_indices=None, frozen_stages=-1, init_cfg=None):
        super().__init__(mobilenet_v3_small().features, out_indices,
                         frozen_stages, init_cfg)
