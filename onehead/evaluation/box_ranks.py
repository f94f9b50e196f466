"""Which boxes make one class's AP50: each ground-truth box of the class,
the detection matched to it and the false positives ranked above it.

On a val split where a class has one or two boxes, its AP50 (and the
mean over classes) can halve when one true detection's score slips below
a false positive's elsewhere: the model found the object as well as
before. These records say whether a drop is of that kind or a box that
is no longer found.

The matching is COCOeval's at one IoU threshold, over all box areas:
per image the class's detections (at most ``max_dets``, best score first)
each take the unmatched ground-truth box they overlap most, at IoU >=
``iou_thr``; over the set, detections are ranked by score and precision
is read at 101 recall points. Crowd regions are not used (a detection on
one counts as a false positive), so AP can be below COCOeval's where the
set has them.
"""
from typing import List, Sequence

import numpy as np
import torch
from torchvision.ops import box_iou


def _iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    if not len(a) or not len(b):
        return np.zeros((len(a), len(b)))
    return box_iou(torch.as_tensor(a, dtype=torch.float64),
                   torch.as_tensor(b, dtype=torch.float64)).numpy()


def ap_101(tp: Sequence[bool], num_gt: int) -> float:
    """COCO's AP of a ranked list of detections (``tp`` in score order):
    the precision envelope read at recalls 0, 0.01, ..., 1."""
    if num_gt == 0:
        return float('nan')
    tp = np.asarray(tp, dtype=float)
    if not len(tp):
        return 0.0
    recall = np.cumsum(tp) / num_gt
    precision = np.cumsum(tp) / np.arange(1, len(tp) + 1)
    precision = np.maximum.accumulate(precision[::-1])[::-1]
    idx = np.searchsorted(recall, np.linspace(0, 1, 101), side='left')
    return float(np.where(idx < len(tp),
                          precision[np.minimum(idx, len(tp) - 1)],
                          0.0).mean())


def class_box_ranks(results: List[dict], label: int, iou_thr: float = 0.5,
                    max_dets: int = 100) -> dict:
    """``results``: one entry per image as :class:`CocoDetMetric` keeps
    them (``gt_boxes``, ``gt_labels``, ``boxes``, ``scores``, ``labels``).

    Returns ``dict(ap50=, detections=N, boxes=[...])`` with, for each
    ground-truth box of ``label``: ``image`` (its index in ``results``),
    ``box``, ``iou`` (the best overlap of any detection of the class in
    its image), ``score`` and ``rank`` (1 = the class's top-scored
    detection over the set) of the detection matched to it (None when
    none is), and ``fp_above``: false positives of the class ranked above
    that detection."""
    dets, num_gt, boxes = [], 0, []
    for i, r in enumerate(results):
        gt = np.asarray(r['gt_boxes']).reshape(-1, 4)[
            np.asarray(r['gt_labels']) == label]
        keep = np.asarray(r['labels']) == label
        pb = np.asarray(r['boxes']).reshape(-1, 4)[keep]
        ps = np.asarray(r['scores'])[keep]
        order = np.argsort(-ps, kind='mergesort')[:max_dets]
        pb, ps = pb[order], ps[order]
        iou = _iou(pb, gt)
        taken = np.zeros(len(gt), dtype=bool)
        matched = [None] * len(gt)
        for d in range(len(pb)):
            m, best = -1, min(iou_thr, 1 - 1e-10)
            for g in range(len(gt)):
                if not taken[g] and iou[d, g] >= best:
                    m, best = g, iou[d, g]
            if m >= 0:
                taken[m] = True
                matched[m] = len(dets)
            dets.append((float(ps[d]), m >= 0))
        for g in range(len(gt)):
            boxes.append(dict(image=i, box=[float(x) for x in gt[g]],
                              iou=float(iou[:, g].max(initial=0.0)),
                              det=matched[g]))
        num_gt += len(gt)
    order = np.argsort(-np.array([s for s, _ in dets]), kind='mergesort')
    rank = np.empty(len(dets), dtype=int)
    rank[order] = np.arange(len(dets))
    tp = [dets[j][1] for j in order]
    fp_before = np.cumsum([not t for t in tp])  # false positives so far
    for b in boxes:
        d = b.pop('det')
        b['score'] = None if d is None else dets[d][0]
        b['rank'] = None if d is None else int(rank[d]) + 1
        b['fp_above'] = None if d is None else int(fp_before[rank[d]])
    return dict(ap50=ap_101(tp, num_gt), detections=len(dets), boxes=boxes)
