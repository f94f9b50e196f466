"""Colour augmentation (mmcv-lite has none)."""
import cv2
import numpy as np
from mmcv.transforms import BaseTransform

from onehead.registry import TRANSFORMS


@TRANSFORMS.register_module()
class PhotoMetricDistortion(BaseTransform):
    """Random brightness, contrast, saturation and hue, each with p=0.5.

    Works on RGB uint8; geometry and labels are untouched.
    """

    def __init__(self, brightness_delta=32, contrast_range=(0.5, 1.5),
                 saturation_range=(0.5, 1.5), hue_delta=18):
        self.brightness_delta = brightness_delta
        self.contrast_range = contrast_range
        self.saturation_range = saturation_range
        self.hue_delta = hue_delta

    def transform(self, results: dict) -> dict:
        rng = np.random
        img = results['img'].astype(np.float32)
        if rng.rand() < 0.5:
            img += rng.uniform(-self.brightness_delta, self.brightness_delta)
        if rng.rand() < 0.5:
            img *= rng.uniform(*self.contrast_range)
        img = np.clip(img, 0, 255).astype(np.uint8)
        do_sat, do_hue = rng.rand() < 0.5, rng.rand() < 0.5
        if do_sat or do_hue:
            hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV).astype(np.float32)
            if do_sat:
                hsv[..., 1] *= rng.uniform(*self.saturation_range)
            if do_hue:  # OpenCV hue is 0..179
                hsv[..., 0] = (hsv[..., 0] + rng.randint(
                    -self.hue_delta, self.hue_delta + 1)) % 180
            hsv = np.clip(hsv, 0, 255).astype(np.uint8)
            img = cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)
        results['img'] = img
        return results
