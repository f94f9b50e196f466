"""COCO box AP through pycocotools, on ground truth carried by the samples."""
import contextlib
import io
from typing import Sequence

import numpy as np
from mmengine.evaluator import BaseMetric

from onehead.registry import METRICS
from .utils import as_dict, bootstrap_interval, task_meta


@METRICS.register_module()
class CocoDetMetric(BaseMetric):
    """AP@[.5:.95] (``AP``), ``AP50``, AP50 by box size (``AP50_small``,
    ``_medium``, ``_large``), per-class AP50 and ``AP50_agnostic`` (boxes
    matched whatever their class: how well objects are found, apart from
    how well they are named) on 'det' samples.

    Ground truth comes from each sample's ``gt_instances`` (and
    ``ignored_instances`` as crowd regions), in original image pixels, so
    the metric needs no annotation file. Areas are box areas.
    """

    default_prefix = 'det'

    def __init__(self, classwise: bool = True, bootstrap: int = 0,
                 seed: int = 0, collect_device='cpu', prefix=None):
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.classwise = classwise
        #: resamples of the images for ``AP50_ci_low`` / ``AP50_ci_high``
        #: (95% bootstrap interval); 0: none. On a val set of 45 images
        #: whose rarer classes have one or two boxes, the mean over classes
        #: moves a lot with which images happen to be in it.
        self.bootstrap = bootstrap
        self.seed = seed

    def process(self, data_batch, data_samples: Sequence) -> None:
        for s in map(as_dict, data_samples):
            if s.get('task') != 'det':
                continue
            pred, gt = s['pred_instances'], s['gt_instances']
            ign = s.get('ignored_instances') or dict(
                bboxes=np.zeros((0, 4)), labels=np.zeros(0, dtype=int))
            self.results.append(dict(
                gt_boxes=gt['bboxes'].cpu().numpy(),
                gt_labels=gt['labels'].cpu().numpy(),
                ignore_boxes=np.asarray(ign['bboxes']).reshape(-1, 4),
                ignore_labels=np.asarray(ign['labels']).reshape(-1),
                boxes=pred['bboxes'].float().cpu().numpy(),
                scores=pred['scores'].float().cpu().numpy(),
                labels=pred['labels'].cpu().numpy(),
                ori_shape=s.get('ori_shape', (0, 0))))

    def _num_classes(self, results):
        classes = task_meta(self.dataset_meta, 'det').get('classes')
        if classes:
            return len(classes), list(classes)
        n = 1 + max([int(r['gt_labels'].max(initial=-1)) for r in results] +
                    [int(r['labels'].max(initial=-1)) for r in results])
        return n, [str(i) for i in range(n)]

    def compute_metrics(self, results: list) -> dict:
        if not results:
            return {}
        n, names = self._num_classes(results)
        ev = self._coco_eval(results, n, names)
        out = dict(AP=0.0, AP50=0.0)  # nothing detected
        if ev is not None:
            out = dict(AP=max(float(ev.stats[0]), 0.0),
                       AP50=max(float(ev.stats[1]), 0.0))
            out.update(self._ap50_breakdown(ev, names))
            agnostic = self._coco_eval(results, n, names, use_cats=False)
            out['AP50_agnostic'] = max(float(agnostic.stats[1]), 0.0)
        if self.bootstrap:
            def ap50(sample):
                ev = self._coco_eval(sample, n, names)
                return max(float(ev.stats[1]), 0.0) if ev else 0.0
            out['AP50_ci_low'], out['AP50_ci_high'] = bootstrap_interval(
                results, ap50, self.bootstrap, self.seed)
        return out

    def _ap50_breakdown(self, ev, names) -> dict:
        """AP50 by box area (COCO's < 32^2, < 96^2, larger) and per class,
        averaged as COCOeval's summary does; NaN where there is no box."""
        out = {}
        # precision: [iou thr, recall, class, area, max dets]
        prec = ev.eval['precision'][0, :, :, :, -1]
        for a, size in enumerate(('small', 'medium', 'large'), 1):
            p = prec[:, :, a]
            p = p[p > -1]
            out[f'AP50_{size}'] = float(p.mean()) if p.size else float('nan')
        if self.classwise:
            for k, name in enumerate(names):
                p = prec[:, k, 0]
                p = p[p > -1]
                out[f'AP50.{name}'] = float(p.mean()) if p.size else \
                    float('nan')
        return out

    @staticmethod
    def _coco_eval(results, n, names, use_cats=True):
        """COCOeval of ``results`` (one entry per image) after
        ``accumulate``/``summarize``; None when nothing was detected.
        ``use_cats=False``: classes ignored in the matching."""
        from pycocotools.coco import COCO
        from pycocotools.cocoeval import COCOeval
        images, anns, dets = [], [], []
        for img_id, r in enumerate(results, 1):
            h, w = r['ori_shape'][:2]
            images.append(dict(id=img_id, height=int(h), width=int(w)))
            for crowd, boxes, labels in (
                    (0, r['gt_boxes'], r['gt_labels']),
                    (1, r['ignore_boxes'], r['ignore_labels'])):
                for b, lbl in zip(boxes, labels):
                    bw, bh = float(b[2] - b[0]), float(b[3] - b[1])
                    anns.append(dict(id=len(anns) + 1, image_id=img_id,
                                     category_id=int(lbl) + 1,
                                     bbox=[float(b[0]), float(b[1]), bw, bh],
                                     area=bw * bh, iscrowd=crowd))
            for b, sc, lbl in zip(r['boxes'], r['scores'], r['labels']):
                dets.append(dict(image_id=img_id, category_id=int(lbl) + 1,
                                 bbox=[float(b[0]), float(b[1]),
                                       float(b[2] - b[0]),
                                       float(b[3] - b[1])],
                                 score=float(sc)))
        gt = COCO()
        gt.dataset = dict(images=images, annotations=anns,
                          categories=[dict(id=i + 1, name=names[i])
                                      for i in range(n)])
        with contextlib.redirect_stdout(io.StringIO()):
            gt.createIndex()
            if not dets:
                return None
            ev = COCOeval(gt, gt.loadRes(dets), 'bbox')
            ev.params.useCats = int(use_cats)
            ev.evaluate()
            ev.accumulate()
            ev.summarize()
        return ev
