"""The three datasets on the real course-layout data (skipped if absent)."""
import os.path as osp

import pytest

from onehead.registry import DATASETS


def det(root, split):
    return DATASETS.build(dict(
        type='MiniCocoDetDataset', data_root=osp.join(root, 'mini_coco_det'),
        ann_file=f'annotations/instances_{split}.json',
        data_prefix=dict(img_path=split)))


@pytest.mark.parametrize('split,n_img,n_box', [('train', 217, 1177),
                                               ('val', 45, 237)])
def test_det_counts(shared_data, split, n_img, n_box):
    ds = det(shared_data, split)
    infos = [ds.get_data_info(i) for i in range(len(ds))]
    assert len(ds) == n_img
    assert sum(len(d['instances']) for d in infos) == n_box
    labels = {i['bbox_label'] for d in infos for i in d['instances']}
    assert labels <= set(range(10)) and 0 in labels  # person is label 0
    assert ds.metainfo['classes'][0] == 'person'
    for d in infos:
        for i in d['instances']:
            x1, y1, x2, y2 = i['bbox']
            assert 0 <= x1 < x2 <= d['width'] and 0 <= y1 < y2 <= d['height']


@pytest.mark.parametrize('split,n', [('train', 240), ('val', 60)])
def test_seg_and_cls_counts(shared_data, split, n):
    seg = DATASETS.build(dict(
        type='MiniVocSegDataset', data_root=osp.join(shared_data,
                                                     'mini_voc_seg'),
        ann_file=f'ImageSets/Segmentation/{split}.txt'))
    cls = DATASETS.build(dict(
        type='ImagenetteDataset', data_root=osp.join(shared_data,
                                                     'imagenette_160'),
        data_prefix=dict(img_path=split)))
    assert len(seg) == n and len(cls) == n
    assert len(seg.metainfo['classes']) == 21
    assert cls.metainfo['classes'][0] == 'tench'
    labels = [cls.get_data_info(i)['gt_label'] for i in range(len(cls))]
    assert sorted(set(labels)) == list(range(10))
    assert labels.count(0) == n // 10
