"""Classification accuracy."""
from typing import Sequence

import numpy as np
from mmengine.evaluator import BaseMetric

from onehead.registry import METRICS
from .utils import as_dict, bootstrap_interval, task_meta


@METRICS.register_module()
class Top1Metric(BaseMetric):
    """Top-1 (and top-5 when there are > 5 classes) on the 'cls' samples;
    with the dataset's class names, ``acc.<class>``: the share of each
    class's images classified right (which classes the errors are in, as
    segmentation's ``IoU.<class>``); ``bootstrap=N`` adds ``top1_ci_low`` /
    ``top1_ci_high`` (95% interval over N resamples of the images)."""

    default_prefix = 'cls'

    def __init__(self, bootstrap: int = 0, seed: int = 0,
                 collect_device='cpu', prefix=None):
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.bootstrap = bootstrap
        self.seed = seed

    def process(self, data_batch, data_samples: Sequence) -> None:
        for s in map(as_dict, data_samples):
            if s.get('task') != 'cls':
                continue
            score = s['pred_score'].float().cpu()
            gt = int(s['gt_label'][0])
            k = min(5, score.numel())
            self.results.append(
                (int(score.argmax()) == gt,
                 gt in score.topk(k).indices.tolist(), score.numel(), gt))

    def compute_metrics(self, results: list) -> dict:
        if not results:
            return {}
        r = np.array([x[:2] for x in results], dtype=np.float64)
        out = dict(top1=float(r[:, 0].mean()))
        if results[0][2] > 5:
            out['top5'] = float(r[:, 1].mean())
        gts = np.array([x[3] for x in results])
        classes = task_meta(self.dataset_meta, 'cls').get('classes') or ()
        for c, name in enumerate(classes):
            if (gts == c).any():
                out[f'acc.{name}'] = float(r[gts == c, 0].mean())
        if self.bootstrap:
            out['top1_ci_low'], out['top1_ci_high'] = bootstrap_interval(
                list(r[:, 0]), np.mean, self.bootstrap, self.seed)
        return out
