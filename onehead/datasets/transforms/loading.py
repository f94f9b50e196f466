"""Loading images and per-task annotations, with errors that name the file."""
import numpy as np
from mmcv.transforms import BaseTransform
from PIL import Image

from onehead.registry import TRANSFORMS


class ImageLoadError(ValueError):
    """An image or mask file cannot be decoded or has invalid content."""


def read_rgb(path: str) -> np.ndarray:
    """Decode any image PIL reads into HxWx3 uint8 RGB.

    Grayscale, palette, RGBA and CMYK images are converted; a corrupt or
    truncated file raises ``ImageLoadError`` naming the file.
    """
    try:
        with Image.open(path) as im:
            im.load()  # a truncated JPEG fails here, not later
            if im.mode != 'RGB':
                im = im.convert('RGB')
            return np.array(im, dtype=np.uint8)
    except FileNotFoundError:
        raise ImageLoadError(f'{path}: image file not found')
    except (OSError, SyntaxError, ValueError) as e:
        raise ImageLoadError(f'{path}: cannot decode image ({e})') from e


@TRANSFORMS.register_module()
class LoadImageFromFile(BaseTransform):
    """Load ``results['img_path']`` as RGB uint8; set ``ori_shape``."""

    def transform(self, results: dict) -> dict:
        img = read_rgb(results['img_path'])
        results['img'] = img
        results['img_shape'] = img.shape[:2]
        results['ori_shape'] = img.shape[:2]
        return results


@TRANSFORMS.register_module()
class LoadAnnotations(BaseTransform):
    """Load the ground truth of the sample's task.

    det: ``gt_bboxes`` (float32 xyxy), ``gt_bboxes_labels``,
    ``gt_ignore_flags``; seg: ``gt_seg_map`` (uint8 class indices, values
    checked against ``num_classes`` and 255); cls: ``gt_label``.
    """

    def transform(self, results: dict) -> dict:
        task = results.get('task')
        if task == 'det':
            inst = results.get('instances', [])
            results['gt_bboxes'] = np.array(
                [i['bbox'] for i in inst], dtype=np.float32).reshape(-1, 4)
            results['gt_bboxes_labels'] = np.array(
                [i['bbox_label'] for i in inst], dtype=np.int64)
            results['gt_ignore_flags'] = np.array(
                [i.get('ignore_flag', 0) for i in inst], dtype=bool)
        elif task == 'seg':
            results['gt_seg_map'] = self._load_mask(results)
            results.setdefault('seg_fields', []).append('gt_seg_map')
        elif task == 'cls':
            results['gt_label'] = int(results['gt_label'])
        else:
            raise ValueError(f'{results.get("img_path")}: sample has no '
                             f'known task (got {task!r})')
        return results

    @staticmethod
    def _load_mask(results: dict) -> np.ndarray:
        path = results['seg_map_path']
        try:
            with Image.open(path) as im:
                im.load()
                if im.mode not in ('P', 'L'):
                    raise ImageLoadError(
                        f'{path}: mask must be a palette or 8-bit grayscale '
                        f'PNG of class indices, got mode {im.mode}')
                mask = np.array(im, dtype=np.uint8)
        except ImageLoadError:
            raise
        except (OSError, SyntaxError, ValueError) as e:
            raise ImageLoadError(f'{path}: cannot decode mask ({e})') from e
        num_classes = results.get('num_classes', 256)
        ignore = results.get('ignore_index', 255)
        values = np.unique(mask)
        bad = [int(v) for v in values if v >= num_classes and v != ignore]
        if bad:
            raise ImageLoadError(
                f'{path}: mask values {bad} outside 0..{num_classes - 1} '
                f'and {ignore} (ignore)')
        ori = results.get('ori_shape')
        if ori is not None and tuple(mask.shape) != tuple(ori[:2]):
            raise ImageLoadError(
                f'{path}: mask is {mask.shape[1]}x{mask.shape[0]} but its '
                f'image {results.get("img_path")} is {ori[1]}x{ori[0]}')
        return mask
