"""Classification accuracy."""
from typing import Sequence

import numpy as np
from mmengine.evaluator import BaseMetric

from onehead.registry import METRICS
from .utils import as_dict


@METRICS.register_module()
class Top1Metric(BaseMetric):
    """Top-1 (and top-5 when there are > 5 classes) on the 'cls' samples."""

    default_prefix = 'cls'

    def process(self, data_batch, data_samples: Sequence) -> None:
        for s in map(as_dict, data_samples):
            if s.get('task') != 'cls':
                continue
            score = s['pred_score'].float().cpu()
            gt = int(s['gt_label'][0])
            k = min(5, score.numel())
            self.results.append(
                (int(score.argmax()) == gt,
                 gt in score.topk(k).indices.tolist(), score.numel()))

    def compute_metrics(self, results: list) -> dict:
        if not results:
            return {}
        r = np.array([x[:2] for x in results], dtype=np.float64)
        out = dict(top1=float(r[:, 0].mean()))
        if results[0][2] > 5:
            out['top5'] = float(r[:, 1].mean())
        return out
