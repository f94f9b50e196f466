"""Boxes and masks stay aligned with the image through resize/flip/pad."""
import os.path as osp

import cv2
import numpy as np
import pytest
from mmcv.transforms import Compose

from onehead.registry import DATASETS
from tests_helpers import sample_datasets
from onehead.visualization import render_packed

GEOMETRY = [
    dict(type='Resize', scale=(512, 512), keep_ratio=True),
    dict(type='RandomFlip', prob=1.0),  # always flip: the harder case
    dict(type='Pad', size=(512, 512), pad_val=dict(img=114, seg=255)),
]


def instance_map(info):
    """Rasterise each instance's polygons with value (index + 1)."""
    m = np.zeros((info['height'], info['width']), np.uint8)
    for k, inst in enumerate(info['instances']):
        seg = inst.get('segmentation')
        if not isinstance(seg, list):  # RLE (crowd): skip
            continue
        for poly in seg:
            pts = np.array(poly, np.float32).reshape(-1, 2)
            cv2.fillPoly(m, [np.round(pts).astype(np.int32)], k + 1)
    return m


def check_masks_inside_boxes(ds, n):
    """Every instance's mask pixels lie inside its box (up to rasterising
    and nearest-resize rounding), and boxes hug their masks (median edge
    gap under a source pixel): misalignment is off by tens of pixels."""
    pipeline = Compose([dict(type='LoadImageFromFile'),
                        dict(type='LoadAnnotations')] + GEOMETRY)
    checked, gaps = 0, []
    for i in range(n):
        info = ds.get_data_info(i)
        if len(info['instances']) > 250:
            continue
        results = pipeline(dict(info, gt_seg_map=instance_map(info),
                                seg_fields=['gt_seg_map']))
        assert results['img'].shape == (512, 512, 3)
        assert results['gt_seg_map'].shape == (512, 512)
        scale = max(results['scale_factor'])
        tol = 1.5 * scale + 1  # one source pixel of rasterising, + resize
        for k, box in enumerate(results['gt_bboxes']):
            ys, xs = np.nonzero(results['gt_seg_map'] == k + 1)
            if xs.size == 0:
                continue
            x1, y1, x2, y2 = box
            assert xs.min() >= x1 - tol and xs.max() + 1 <= x2 + tol, (i, k)
            assert ys.min() >= y1 - tol and ys.max() + 1 <= y2 + tol, (i, k)
            edges = (xs.min() - x1, xs.max() + 1 - x2, ys.min() - y1,
                     ys.max() + 1 - y2)
            gaps += [abs(v) / scale for v in edges]
            checked += 1
    assert np.median(gaps) < 1.0
    return checked


def sample_det(root, split):
    return DATASETS.build(
        dict(sample_datasets(root)[f'det_{split}'], pipeline=[]))


def test_sample_masks_inside_boxes(sample_data):
    ds = sample_det(sample_data, 'train')
    assert check_masks_inside_boxes(ds, len(ds)) >= 8


def test_coco_masks_inside_boxes(shared_data):
    ds = DATASETS.build(dict(
        type='MiniCocoDetDataset',
        data_root=osp.join(shared_data, 'mini_coco_det'),
        ann_file='annotations/instances_val.json',
        data_prefix=dict(img_path='val')))
    assert check_masks_inside_boxes(ds, 20) > 50


def test_flip_moves_boxes_and_masks_together(sample_data):
    """A flipped box must be the mirror of the unflipped one."""
    info = sample_det(sample_data, 'val').get_data_info(0)
    load = [dict(type='LoadImageFromFile'), dict(type='LoadAnnotations')]
    resize = dict(type='Resize', scale=(512, 512), keep_ratio=True)
    plain = Compose(load + [resize])(dict(info))
    flipped = Compose(load + [resize, dict(type='RandomFlip', prob=1.0)])(
        dict(info))
    w = plain['img'].shape[1]
    mirrored = plain['gt_bboxes'].copy()
    mirrored[:, [0, 2]] = w - plain['gt_bboxes'][:, [2, 0]]
    np.testing.assert_allclose(flipped['gt_bboxes'], mirrored, atol=1e-4)
    np.testing.assert_array_equal(flipped['img'], plain['img'][:, ::-1])


@pytest.mark.parametrize('task', ['det', 'seg', 'cls'])
def test_picture_of_transformed_sample(sample_data, tmp_path, task):
    ds = DATASETS.build(sample_datasets(sample_data)[f'{task}_train'])
    packed = ds[0]
    assert packed['inputs'].dtype.is_floating_point is False
    img = render_packed(packed, {task: ds.metainfo['classes']})
    raw = packed['inputs'].permute(1, 2, 0).numpy()
    assert img.shape == raw.shape
    assert (img != raw).any()  # ground truth was drawn
    path = str(tmp_path / f'{task}.png')
    assert cv2.imwrite(path, img[..., ::-1])
    assert cv2.imread(path).shape == img.shape
