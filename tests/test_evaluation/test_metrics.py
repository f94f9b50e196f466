"""Metrics on hand-computed cases and against torchmetrics."""
import numpy as np
import pytest
import torch
from mmengine.structures import InstanceData, PixelData

from onehead.registry import METRICS
from onehead.structures import MultiTaskDataSample


def seg_sample(pred, gt):
    s = MultiTaskDataSample().set_task('seg')
    s.pred_sem_seg = PixelData(data=torch.tensor(pred)[None])
    s.gt_sem_seg = PixelData(data=torch.tensor(gt)[None])
    return s.to_dict()  # as mmengine's Evaluator hands them over


def evaluate(metric, samples, meta=None):
    metric.dataset_meta = meta or {}
    metric.process({}, samples)
    return metric.compute_metrics(metric.results)


def test_seg_metric_hand_computed():
    gt = [[0, 0, 1, 1], [0, 0, 1, 255], [2, 2, 2, 255]]
    pred = [[0, 1, 1, 1], [0, 0, 1, 1], [2, 2, 0, 0]]
    r = evaluate(METRICS.build(dict(type='SegMetric', num_classes=4)),
                 [seg_sample(pred, gt)])
    # class 0: inter 3, gt 4, pred 4 -> 3/5; class 1: inter 3, gt 3,
    # pred 4 -> 3/4; class 2: inter 2, gt 3, pred 2 -> 2/3; class 3: absent
    iou = [3 / 5, 3 / 4, 2 / 3]
    assert r['IoU.0'] == pytest.approx(iou[0])
    assert r['IoU.1'] == pytest.approx(iou[1])
    assert r['IoU.2'] == pytest.approx(iou[2])
    assert np.isnan(r['IoU.3'])
    assert r['mIoU'] == pytest.approx(sum(iou) / 3)
    assert r['mIoU_all'] == pytest.approx(sum(iou) / 4)
    assert r['aAcc'] == pytest.approx(8 / 10)


def test_seg_metric_matches_torchmetrics():
    from torchmetrics.classification import MulticlassJaccardIndex
    rng = np.random.RandomState(0)
    metric = METRICS.build(dict(type='SegMetric', num_classes=5))
    tm = MulticlassJaccardIndex(5, average='none', ignore_index=255)
    for _ in range(3):
        gt = rng.randint(0, 5, (16, 20))
        gt[rng.rand(16, 20) < 0.1] = 255
        pred = rng.randint(0, 5, (16, 20))
        metric.process({}, [seg_sample(pred, gt)])
        tm.update(torch.tensor(pred), torch.tensor(gt))
    r = metric.compute_metrics(metric.results)
    ref = tm.compute()
    for c in range(5):
        assert r[f'IoU.{c}'] == pytest.approx(float(ref[c]), abs=1e-6)
    assert r['mIoU'] == pytest.approx(float(ref.mean()), abs=1e-6)


def cls_sample(score, label):
    s = MultiTaskDataSample().set_task('cls').set_gt_label(label)
    s.pred_score = torch.tensor(score)
    return s.to_dict()


def test_top1_hand_computed_and_torchmetrics():
    from torchmetrics.classification import MulticlassAccuracy
    scores = torch.softmax(torch.randn(40, 7, generator=torch.Generator()
                                       .manual_seed(1)), -1)
    labels = torch.arange(40) % 7
    r = evaluate(METRICS.build(dict(type='Top1Metric')),
                 [cls_sample(s.tolist(), int(y))
                  for s, y in zip(scores, labels)])
    ref = MulticlassAccuracy(7, average='micro')(scores, labels)
    assert r['top1'] == pytest.approx(float(ref))
    r = evaluate(METRICS.build(dict(type='Top1Metric')),
                 [cls_sample([0.1, 0.7, 0.2], 1),
                  cls_sample([0.5, 0.3, 0.2], 2),
                  seg_sample([[0]], [[0]])])  # other tasks are skipped
    assert r == dict(top1=0.5)


def test_top1_per_class_accuracy_hand_computed():
    # tench: 2 of 3 right; golf ball: 0 of 1 (called tench); church: none
    samples = [cls_sample([0.9, 0.1, 0.0], 0), cls_sample([0.8, 0.2, 0.0], 0),
               cls_sample([0.2, 0.7, 0.1], 0), cls_sample([0.6, 0.3, 0.1], 1)]
    meta = dict(cls=dict(classes=('tench', 'golf ball', 'church')))
    r = evaluate(METRICS.build(dict(type='Top1Metric')), samples, meta)
    assert r == {'top1': 0.5, 'acc.tench': pytest.approx(2 / 3),
                 'acc.golf ball': 0.0}
    # a plain (not task-keyed) metainfo names the classes too
    r = evaluate(METRICS.build(dict(type='Top1Metric')), samples,
                 dict(classes=('a', 'b', 'c')))
    assert r['acc.a'] == pytest.approx(2 / 3) and r['acc.b'] == 0.0


def det_sample(gt, gt_labels, boxes, scores, labels, shape=(100, 100)):
    s = MultiTaskDataSample().set_task('det')
    s.set_metainfo(dict(ori_shape=shape))
    s.gt_instances = InstanceData(bboxes=torch.tensor(gt).float().view(-1, 4),
                                  labels=torch.tensor(gt_labels))
    s.pred_instances = InstanceData(
        bboxes=torch.tensor(boxes).float().view(-1, 4),
        scores=torch.tensor(scores).float(), labels=torch.tensor(labels))
    return s.to_dict()


def test_coco_det_metric_hand_computed():
    meta = dict(classes=('a', 'b'))
    perfect = det_sample([[10, 10, 50, 50]], [0], [[10, 10, 50, 50]], [0.9],
                         [0])
    r = evaluate(METRICS.build(dict(type='CocoDetMetric')), [perfect], meta)
    assert r['AP50'] == pytest.approx(1.0) and r['AP'] == pytest.approx(1.0)
    # two objects; an FP (score .9) ranked before the one TP (.8), the
    # other object missed: precision .5 up to recall .5, then 0 ->
    # 101-point AP50 = 51 * 0.5 / 101
    case = det_sample([[10, 10, 50, 50], [60, 60, 90, 90]], [0, 0],
                      [[0, 60, 20, 80], [10, 10, 50, 50]], [0.9, 0.8],
                      [0, 0])
    r = evaluate(METRICS.build(dict(type='CocoDetMetric')), [case], meta)
    assert r['AP50'] == pytest.approx(51 * 0.5 / 101)
    assert r['AP50.a'] == pytest.approx(51 * 0.5 / 101)
    assert np.isnan(r['AP50.b'])  # no ground truth of class b
    # by size: the object found is 40x40 (medium: >= 32^2, < 96^2), the
    # one missed 30x30 (small), no box is large
    assert r['AP50_medium'] == pytest.approx(1.0)
    assert r['AP50_small'] == 0.0
    assert np.isnan(r['AP50_large'])
    # the right box with the wrong class: found (class-agnostic AP50 1)
    # but not named (AP50 0)
    named_b = det_sample([[10, 10, 50, 50]], [0], [[10, 10, 50, 50]], [0.9],
                         [1])
    r = evaluate(METRICS.build(dict(type='CocoDetMetric')), [named_b], meta)
    assert r['AP50'] == 0.0 and r['AP50_agnostic'] == pytest.approx(1.0)


def test_coco_det_metric_crowd_regions_keep_their_class():
    # one car (class 1) found, and a higher-scoring car detection inside a
    # crowd region of cars: the crowd hit is ignored, not a false positive
    meta = dict(classes=('person', 'car'))
    s = det_sample([[10, 10, 50, 50]], [1], [[60, 60, 90, 90],
                                             [10, 10, 50, 50]],
                   [0.95, 0.9], [1, 1])
    s['ignored_instances'] = dict(bboxes=torch.tensor([[55., 55., 95., 95.]]),
                                  labels=torch.tensor([1]))
    r = evaluate(METRICS.build(dict(type='CocoDetMetric')), [s], meta)
    assert r['AP50.car'] == pytest.approx(1.0)
    # the same region as a crowd of persons does not excuse a car box
    s['ignored_instances']['labels'] = torch.tensor([0])
    r = evaluate(METRICS.build(dict(type='CocoDetMetric')), [s], meta)
    # (an FP ranked first: precision 1/2 at every recall)
    assert r['AP50.car'] == pytest.approx(0.5)


def test_coco_det_metric_matches_torchmetrics():
    from torchmetrics.detection import MeanAveragePrecision
    g = torch.Generator().manual_seed(0)
    samples, preds, targets = [], [], []
    for _ in range(6):
        xy = torch.rand(4, 2, generator=g) * 60
        gt = torch.cat([xy, xy + 10 + torch.rand(4, 2, generator=g) * 30], 1)
        gl = torch.randint(0, 3, (4, ), generator=g)
        noise = torch.randn(6, 4, generator=g) * 4
        boxes = torch.cat([gt, gt[:2]]) + noise
        boxes[:, 2:] = torch.maximum(boxes[:, 2:], boxes[:, :2] + 1)
        sc = torch.rand(6, generator=g)
        pl = torch.cat([gl, torch.randint(0, 3, (2, ), generator=g)])
        samples.append(det_sample(gt.tolist(), gl.tolist(), boxes.tolist(),
                                  sc.tolist(), pl.tolist()))
        preds.append(dict(boxes=boxes, scores=sc, labels=pl))
        targets.append(dict(boxes=gt, labels=gl,
                            area=(gt[:, 2:] - gt[:, :2]).prod(1)))
    r = evaluate(METRICS.build(dict(type='CocoDetMetric')), samples,
                 dict(classes=('a', 'b', 'c')))
    # pycocotools' own float64 thresholds (torchmetrics' float32 linspace
    # moves recall thresholds that sit exactly on a recall step)
    tm = MeanAveragePrecision(
        iou_type='bbox', iou_thresholds=np.linspace(0.5, 0.95, 10).tolist(),
        rec_thresholds=np.linspace(0, 1, 101).tolist())
    tm.update(preds, targets)
    ref = tm.compute()
    assert r['AP50'] == pytest.approx(float(ref['map_50']), abs=1e-6)
    assert r['AP'] == pytest.approx(float(ref['map']), abs=1e-6)


def test_bootstrap_intervals():
    """Resampling two images, one right and one wrong, gives both extremes
    (each drawn twice with probability 1/4, so inside the 2.5-97.5%
    percentiles); identical images leave no room at all."""
    meta = dict(classes=('a', 'b'))
    right = [cls_sample([0.9, 0.1], 0), cls_sample([0.9, 0.1], 0)]
    wrong = cls_sample([0.9, 0.1], 1)
    r = evaluate(METRICS.build(dict(type='Top1Metric', bootstrap=200)),
                 [right[0], wrong])
    assert (r['top1_ci_low'], r['top1'], r['top1_ci_high']) == (0, .5, 1)
    r = evaluate(METRICS.build(dict(type='Top1Metric', bootstrap=50)), right)
    assert r['top1_ci_low'] == r['top1_ci_high'] == 1.0

    good = seg_sample([[0, 1]], [[0, 1]])
    bad = seg_sample([[1, 0]], [[0, 1]])
    r = evaluate(METRICS.build(dict(type='SegMetric', num_classes=2,
                                    bootstrap=200)), [good, bad])
    assert r['mIoU'] == pytest.approx(1 / 3)  # inter 1, union 3 per class
    assert (r['mIoU_ci_low'], r['mIoU_ci_high']) == (0.0, 1.0)
    r = evaluate(METRICS.build(dict(type='SegMetric', num_classes=2,
                                    bootstrap=20)), [good, good])
    assert r['mIoU_ci_low'] == r['mIoU_ci_high'] == r['mIoU'] == 1.0

    found = det_sample([[10, 10, 50, 50]], [0], [[10, 10, 50, 50]], [0.9],
                       [0])
    missed = det_sample([[10, 10, 50, 50]], [0], [], [], [])
    r = evaluate(METRICS.build(dict(type='CocoDetMetric', bootstrap=200)),
                 [found, missed], meta)
    assert r['AP50'] == pytest.approx(51 / 101)  # precision 1 to recall .5
    assert (r['AP50_ci_low'], r['AP50_ci_high']) == (0.0, 1.0)
    r = evaluate(METRICS.build(dict(type='CocoDetMetric', bootstrap=20)),
                 [found, found], meta)
    assert r['AP50_ci_low'] == r['AP50_ci_high'] == 1.0
    assert 'AP50_ci_low' not in evaluate(
        METRICS.build(dict(type='CocoDetMetric')), [found], meta)
    r = evaluate(METRICS.build(dict(type='CocoDetMetric', bootstrap=5)),
                 [missed], meta)  # no detection at all
    assert r == dict(AP=0.0, AP50=0.0, AP50_ci_low=0.0, AP50_ci_high=0.0)
