import json
import os
import os.path as osp

import numpy as np
from PIL import Image

from onehead.datasets.sample_data import generate_sample_data
from onehead.registry import DATASETS


def _files(root):
    return sorted(osp.relpath(osp.join(d, f), root)
                  for d, _, fs in os.walk(root) for f in fs)


def test_deterministic_and_not_overwritten(tmp_path):
    a, b = tmp_path / 'a', tmp_path / 'b'
    generate_sample_data(str(a), seed=3, num_train=4, num_val=2, img_size=64)
    generate_sample_data(str(b), seed=3, num_train=4, num_val=2, img_size=64)
    assert _files(a) == _files(b)
    for f in _files(a):
        assert (a / f).read_bytes() == (b / f).read_bytes(), f
    # a complete set is left alone
    marker = a / 'mini_voc_seg' / 'JPEGImages' / 'train_00000.jpg'
    mtime = marker.stat().st_mtime_ns
    generate_sample_data(str(a), seed=4, num_train=4, num_val=2, img_size=64)
    assert marker.stat().st_mtime_ns == mtime


def test_sample_data_loads_in_course_layouts(sample_data):
    det = DATASETS.build(dict(
        type='MiniCocoDetDataset',
        data_root=osp.join(sample_data, 'mini_coco_det'),
        ann_file='annotations/instances_train.json',
        data_prefix=dict(img_path='train'),
        metainfo=dict(classes=('circle', 'square', 'triangle'),
                      cat_ids=(1, 2, 3))))
    assert len(det) == 8
    assert all(det.get_data_info(i)['instances'] for i in range(8))
    seg = DATASETS.build(dict(
        type='MiniVocSegDataset',
        data_root=osp.join(sample_data, 'mini_voc_seg'),
        ann_file='ImageSets/Segmentation/val.txt',
        metainfo=dict(classes=('background', 'circle', 'square',
                               'triangle'))))
    assert len(seg) == 4
    mask = np.array(Image.open(seg.get_data_info(0)['seg_map_path']))
    assert set(np.unique(mask)) <= {0, 1, 2, 3, 255}
    assert len(set(np.unique(mask)) - {0, 255}) >= 1
    cls = DATASETS.build(dict(
        type='ImagenetteDataset',
        data_root=osp.join(sample_data, 'imagenette_160'),
        data_prefix=dict(img_path='train'),
        metainfo=dict(classes=('checker', 'dots', 'stripes', 'waves'),
                      wnids=('checker', 'dots', 'stripes', 'waves'))))
    assert cls.metainfo['classes'] == ('checker', 'dots', 'stripes', 'waves')
    assert len(cls) == 8
    ann = json.load(open(osp.join(sample_data, 'mini_coco_det', 'annotations',
                                  'instances_val.json')))
    assert {c['id'] for c in ann['categories']} == {1, 2, 3}
