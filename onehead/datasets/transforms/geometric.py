"""Geometric transforms that mmcv-lite lacks.

Letterboxing is mmcv's ``Resize(keep_ratio=True)`` followed by ``Pad``
(bottom/right), which keeps boxes and masks aligned; see the base dataset
configs.
"""
import math

import cv2
import numpy as np
from mmcv.transforms import BaseTransform

from onehead.registry import TRANSFORMS


@TRANSFORMS.register_module()
class RandomResizedCrop(BaseTransform):
    """Inception-style crop for classification (as torchvision's).

    A crop of random area fraction ``scale`` and aspect ``ratio`` is
    resized to ``size`` (int or (h, w)). Only for image-level labels.
    """

    def __init__(self, size, scale=(0.25, 1.0), ratio=(3 / 4, 4 / 3)):
        self.size = (size, size) if isinstance(size, int) else tuple(size)
        self.scale = scale
        self.ratio = ratio

    def _params(self, h, w):
        area = h * w
        log_ratio = (math.log(self.ratio[0]), math.log(self.ratio[1]))
        for _ in range(10):
            target = area * np.random.uniform(*self.scale)
            aspect = math.exp(np.random.uniform(*log_ratio))
            cw = int(round(math.sqrt(target * aspect)))
            ch = int(round(math.sqrt(target / aspect)))
            if 0 < cw <= w and 0 < ch <= h:
                return (np.random.randint(0, h - ch + 1),
                        np.random.randint(0, w - cw + 1), ch, cw)
        s = min(h, w)  # fallback: central square
        return (h - s) // 2, (w - s) // 2, s, s

    def transform(self, results: dict) -> dict:
        img = results['img']
        y, x, ch, cw = self._params(*img.shape[:2])
        crop = img[y:y + ch, x:x + cw]
        results['img'] = cv2.resize(crop, self.size[::-1],
                                    interpolation=cv2.INTER_LINEAR)
        results['img_shape'] = self.size
        return results
