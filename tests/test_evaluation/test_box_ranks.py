"""One class's boxes, their matched detections and the false positives
above them, on hand-built cases and against CocoDetMetric."""
import json
import os.path as osp

import pytest
import torch
from mmengine.runner import save_checkpoint
from test_metrics import det_sample

from onehead.evaluation.box_ranks import ap_101, class_box_ranks
from onehead.registry import METRICS
from tests_helpers import ROOT, build_model, import_tool, load_config


def records(samples):
    metric = METRICS.build(dict(type='CocoDetMetric'))
    metric.dataset_meta = dict(classes=('a', 'b'))
    metric.process({}, samples)
    return metric


def hand_built():
    """Class a: image 0's box found at .8 below a false positive at .9;
    image 1's box found at .95, a false positive at .85 beside it; image
    2's box overlapped (IoU 25/175) by its only detection, at .1. A
    class-b detection on image 0's box counts for class a in no way."""
    return [
        det_sample([[10, 10, 50, 50]], [0],
                   [[0, 60, 20, 80], [10, 10, 50, 50], [10, 10, 50, 50]],
                   [0.9, 0.8, 0.99], [0, 0, 1]),
        det_sample([[60, 60, 90, 90]], [0],
                   [[60, 60, 90, 90], [0, 0, 30, 30]], [0.95, 0.85], [0, 0]),
        det_sample([[0, 0, 10, 10]], [0], [[5, 5, 15, 15]], [0.1], [0]),
    ]


def test_each_box_gets_its_detection_rank_and_false_positives_above():
    r = class_box_ranks(records(hand_built()).results, label=0)
    # ranked: .95 (image 1's box), .9 FP, .85 FP, .8 (image 0's), .1 FP
    assert r['detections'] == 5
    assert [b['image'] for b in r['boxes']] == [0, 1, 2]
    assert [b['score'] for b in r['boxes'][:2]] == pytest.approx([0.8, 0.95])
    assert r['boxes'][2]['score'] is None
    assert [b['rank'] for b in r['boxes']] == [4, 1, None]
    assert [b['fp_above'] for b in r['boxes']] == [2, 0, None]
    assert [b['iou'] for b in r['boxes']] == pytest.approx(
        [1.0, 1.0, 25 / 175])
    assert r['boxes'][0]['box'] == [10, 10, 50, 50]
    # recall 1/3 at precision 1 (34 of the 101 recall points), 2/3 at the
    # envelope's .5 (33 points), never 1
    assert r['ap50'] == pytest.approx((34 + 33 * 0.5) / 101)


def test_ap_agrees_with_the_metric_on_every_class():
    g = torch.Generator().manual_seed(1)
    samples = []
    for _ in range(8):
        xy = torch.rand(3, 2, generator=g) * 60
        gt = torch.cat([xy, xy + 10 + torch.rand(3, 2, generator=g) * 30], 1)
        gl = torch.randint(0, 2, (3, ), generator=g)
        boxes = torch.cat([gt, gt[:2]]) + torch.randn(5, 4, generator=g) * 5
        boxes[:, 2:] = torch.maximum(boxes[:, 2:], boxes[:, :2] + 1)
        samples.append(det_sample(
            gt.tolist(), gl.tolist(), boxes.tolist(),
            torch.rand(5, generator=g).tolist(),
            torch.randint(0, 2, (5, ), generator=g).tolist()))
    metric = records(samples)
    expected = metric.compute_metrics(metric.results)
    for label, name in enumerate(('a', 'b')):
        r = class_box_ranks(metric.results, label)
        assert r['ap50'] == pytest.approx(expected[f'AP50.{name}'],
                                          abs=1e-9)
        assert 0 < r['ap50'] < 1  # neither trivial case


def test_ap_101_edge_cases():
    assert ap_101([], 2) == 0.0
    assert ap_101([True], 1) == 1.0
    assert ap_101([False, True], 1) == pytest.approx(0.5)
    assert ap_101([True], 0) != ap_101([True], 0)  # NaN: nothing to find


def test_tool_prints_the_boxes_of_a_class(sample_data, tmp_path,
                                          monkeypatch, capsys):
    monkeypatch.setenv('ONEHEAD_DATASETS', 'sample_data')
    monkeypatch.setenv('ONEHEAD_SAMPLE_DATA', sample_data)
    config = osp.join(ROOT, 'configs', 'stage3_cls.py')
    cfg = load_config('configs/stage3_cls.py', sample_data, 'sample_data')
    torch.manual_seed(0)
    path = str(tmp_path / 'model.pth')
    save_checkpoint(dict(state_dict=build_model(cfg).state_dict()), path)
    main = import_tool('det_class_boxes').main
    out = tmp_path / 'boxes.json'
    res = main([config, path, '--class', 'square', '--out', str(out)])
    boxes = res[path]['boxes']
    with open(osp.join(sample_data, 'mini_coco_det', 'annotations',
                       'instances_val.json')) as f:
        ann = json.load(f)
    square = [c['id'] for c in ann['categories'] if c['name'] == 'square']
    names = {i['id']: i['file_name'] for i in ann['images']}
    # every val square, each in its image (the val set keeps every image)
    assert sorted(b['image'] for b in boxes) == sorted(
        osp.basename(names[a['image_id']]) for a in ann['annotations']
        if a['category_id'] in square and not a.get('iscrowd'))
    assert json.loads(out.read_text())['models'][path]['boxes'] == boxes
    assert 'square AP50' in capsys.readouterr().out
    with pytest.raises(SystemExit, match='no detection class'):
        main([config, path, '--class', 'hexagon'])
