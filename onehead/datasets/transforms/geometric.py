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


@TRANSFORMS.register_module()
class RandomCrop(BaseTransform):
    """Random ``crop_size`` (h, w) window of the image and its ground truth.

    The second half of scale augmentation after mmcv's ``RandomResize``
    (mmseg's and mmdet's ``RandomCrop``, which mmcv-lite lacks): an image
    smaller than the window is kept whole (``Pad`` fills it afterwards).
    Masks (``seg_fields``) are cropped with the image; boxes are shifted,
    clipped to the window, and dropped with their labels when nothing of
    them is left inside. ``cat_max_ratio`` < 1 retries a window (up to 10
    times) while it holds a single class or one class covers that share of
    its labelled pixels or more, as mmseg does, so that crops of background
    alone are rare.
    """

    def __init__(self, crop_size, cat_max_ratio: float = 1.0,
                 ignore_index: int = 255):
        self.crop_size = ((crop_size, crop_size) if isinstance(crop_size, int)
                          else tuple(crop_size))
        if min(self.crop_size) <= 0:
            raise ValueError(f'crop_size must be positive, got {crop_size}')
        self.cat_max_ratio = cat_max_ratio
        self.ignore_index = ignore_index

    def _window(self, h, w):
        ch, cw = min(self.crop_size[0], h), min(self.crop_size[1], w)
        y = np.random.randint(0, h - ch + 1)
        x = np.random.randint(0, w - cw + 1)
        return y, x, ch, cw

    def _too_uniform(self, seg, window) -> bool:
        y, x, ch, cw = window
        counts = np.bincount(seg[y:y + ch, x:x + cw].ravel(), minlength=256)
        counts = np.delete(counts, self.ignore_index)
        counts = counts[counts > 0]
        return not (len(counts) > 1
                    and counts.max() / counts.sum() < self.cat_max_ratio)

    def transform(self, results: dict) -> dict:
        img = results['img']
        h, w = img.shape[:2]
        window = self._window(h, w)
        seg = results.get('gt_seg_map')
        if self.cat_max_ratio < 1 and seg is not None:
            for _ in range(10):
                if not self._too_uniform(seg, window):
                    break
                window = self._window(h, w)
        y, x, ch, cw = window
        results['img'] = img[y:y + ch, x:x + cw]
        results['img_shape'] = (ch, cw)
        masks = set(results.get('seg_fields', []))
        # mmcv's Resize reads gt_seg_map without seg_fields
        if seg is not None:
            masks.add('gt_seg_map')
        for key in masks:
            results[key] = results[key][y:y + ch, x:x + cw]
        if results.get('gt_bboxes') is not None:
            boxes = results['gt_bboxes'] - np.array([x, y, x, y],
                                                    dtype=np.float32)
            boxes[:, 0::2] = boxes[:, 0::2].clip(0, cw)
            boxes[:, 1::2] = boxes[:, 1::2].clip(0, ch)
            keep = (boxes[:, 2] > boxes[:, 0]) & (boxes[:, 3] > boxes[:, 1])
            results['gt_bboxes'] = boxes[keep]
            for key in ('gt_bboxes_labels', 'gt_ignore_flags'):
                if key in results:
                    results[key] = results[key][keep]
        return results
