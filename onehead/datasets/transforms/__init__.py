import mmcv.transforms  # noqa: F401  (registers Resize, Pad, RandomFlip...)

from .formatting import PackMultiTaskInputs
from .geometric import RandomCrop, RandomResizedCrop
from .loading import (ImageLoadError, LoadAnnotations, LoadImageFromFile,
                      read_rgb)
from .photometric import PhotoMetricDistortion

__all__ = [
    'LoadImageFromFile', 'LoadAnnotations', 'PackMultiTaskInputs',
    'PhotoMetricDistortion', 'RandomCrop', 'RandomResizedCrop',
    'ImageLoadError', 'read_rgb'
]
