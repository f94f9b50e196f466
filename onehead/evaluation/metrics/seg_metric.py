"""Semantic segmentation: per-class IoU and mIoU from a confusion matrix."""
from typing import Optional, Sequence

import numpy as np
import torch
from mmengine.evaluator import BaseMetric

from onehead.registry import METRICS
from .utils import as_dict, bootstrap_interval, task_meta


def confusion_matrix(pred: torch.Tensor, gt: torch.Tensor, num_classes: int,
                     ignore_index: int = 255) -> torch.Tensor:
    """[num_classes, num_classes] counts, rows = ground truth."""
    valid = gt != ignore_index
    idx = gt[valid].long() * num_classes + pred[valid].long()
    return torch.bincount(idx, minlength=num_classes ** 2).reshape(
        num_classes, num_classes)


def iou_from_confusion(cm: np.ndarray) -> np.ndarray:
    """Per-class IoU; NaN for a class absent from both gt and prediction."""
    cm = np.asarray(cm, dtype=np.float64)
    inter = np.diag(cm)
    union = cm.sum(0) + cm.sum(1) - inter
    with np.errstate(invalid='ignore', divide='ignore'):
        return np.where(union > 0, inter / union, np.nan)


def miou(iou: np.ndarray) -> float:
    """Mean over the classes present in ground truth or prediction."""
    return float(np.nanmean(iou)) if np.any(~np.isnan(iou)) else 0.0


@METRICS.register_module()
class SegMetric(BaseMetric):
    """mIoU over the 'seg' samples of a batch (others are skipped).

    Reports ``mIoU`` (mean over classes present in ground truth or
    prediction, as mmseg), ``mIoU_all`` (mean over all classes, a class
    never seen nor predicted counting 0), ``aAcc`` and per-class IoU
    (``IoU.<class>``; NaN when undefined). ``bootstrap=N`` adds
    ``mIoU_ci_low`` / ``mIoU_ci_high``: the 95% interval of mIoU over N
    resamples of the images.
    """

    default_prefix = 'seg'

    def __init__(self, num_classes: Optional[int] = None,
                 ignore_index: int = 255, class_names: Sequence[str] = None,
                 bootstrap: int = 0, seed: int = 0, collect_device='cpu',
                 prefix=None):
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.bootstrap = bootstrap
        self.seed = seed
        self.num_classes = num_classes
        self.ignore_index = ignore_index
        self.class_names = class_names

    def _n(self):
        if self.num_classes is not None:
            return self.num_classes
        classes = self.class_names or task_meta(self.dataset_meta,
                                                'seg').get('classes')
        if not classes:
            raise ValueError('SegMetric needs num_classes or dataset classes')
        return len(classes)

    def process(self, data_batch, data_samples: Sequence) -> None:
        n = self._n()
        for s in map(as_dict, data_samples):
            if s.get('task') != 'seg':
                continue
            pred = s['pred_sem_seg']['data'].squeeze(0).cpu()
            gt = s['gt_sem_seg']['data'].squeeze(0).cpu()
            self.results.append(
                confusion_matrix(pred, gt, n, self.ignore_index).numpy())

    def compute_metrics(self, results: list) -> dict:
        n = self._n()
        if not results:
            return {}
        cm = np.sum(results, axis=0)
        iou = iou_from_confusion(cm)
        out = dict(mIoU=miou(iou),
                   mIoU_all=float(np.nan_to_num(iou).sum() / n),
                   aAcc=float(np.diag(cm).sum() / max(cm.sum(), 1)))
        names = self.class_names or task_meta(
            self.dataset_meta, 'seg').get('classes') or [
                str(i) for i in range(n)]
        for name, v in zip(names, iou):
            out[f'IoU.{name}'] = float(v)
        if self.bootstrap:
            out['mIoU_ci_low'], out['mIoU_ci_high'] = bootstrap_interval(
                results, lambda cms: miou(iou_from_confusion(
                    np.sum(cms, axis=0))), self.bootstrap, self.seed)
        return out
