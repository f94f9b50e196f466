"""RandomCrop: the image, its mask and its boxes are cut by one window."""
import numpy as np
import pytest
from mmcv.transforms import Compose

from onehead.datasets.transforms import RandomCrop


def coords_image(h, w):
    """Each pixel holds its own (y, x): a crop shows where it was cut."""
    ys, xs = np.mgrid[:h, :w]
    return np.stack([ys, xs, np.zeros_like(ys)], -1).astype(np.int32)


def test_image_mask_and_boxes_share_the_window():
    np.random.seed(0)
    img = coords_image(40, 60)
    seg = (img[..., 0] * 60 + img[..., 1]).astype(np.int64)  # unique ids
    boxes = np.array([[0, 0, 60, 40],      # whole image: clipped
                      [50, 30, 58, 38],    # bottom-right corner
                      [1, 1, 3, 3]],       # top-left corner
                     dtype=np.float32)
    for _ in range(20):
        out = RandomCrop((16, 24))(dict(
            img=img, gt_seg_map=seg, seg_fields=['gt_seg_map'],
            gt_bboxes=boxes.copy(), gt_bboxes_labels=np.array([4, 5, 6]),
            gt_ignore_flags=np.array([False, True, False])))
        assert out['img'].shape == (16, 24, 3) and out['img_shape'] == (16, 24)
        y0, x0 = out['img'][0, 0, :2]
        np.testing.assert_array_equal(out['gt_seg_map'],
                                      seg[y0:y0 + 16, x0:x0 + 24])
        assert out['gt_bboxes'].shape[0] == out['gt_bboxes_labels'].shape[0]
        # the whole-image box becomes the window
        np.testing.assert_array_equal(out['gt_bboxes'][0], [0, 0, 24, 16])
        assert out['gt_bboxes_labels'][0] == 4
        for box, label, flag in zip(boxes[1:], [5, 6], [True, False]):
            inside = (box[2] > x0 and box[0] < x0 + 24
                      and box[3] > y0 and box[1] < y0 + 16)
            hit = np.nonzero(out['gt_bboxes_labels'] == label)[0]
            assert len(hit) == int(inside)
            if inside:
                expect = np.clip(box - [x0, y0, x0, y0], 0, [24, 16, 24, 16])
                np.testing.assert_array_equal(out['gt_bboxes'][hit[0]], expect)
                assert out['gt_ignore_flags'][hit[0]] == flag


def test_mask_without_seg_fields_is_cropped_too():
    np.random.seed(0)
    img = coords_image(20, 20)
    out = RandomCrop(8)(dict(img=img, gt_seg_map=img[..., 1].astype(np.uint8)))
    assert out['gt_seg_map'].shape == (8, 8)
    np.testing.assert_array_equal(out['gt_seg_map'], out['img'][..., 1])


def test_image_smaller_than_window_is_kept_whole():
    img = coords_image(10, 30)
    out = RandomCrop(16)(dict(img=img, gt_bboxes=np.array(
        [[2, 2, 8, 8]], np.float32), gt_bboxes_labels=np.array([1])))
    assert out['img'].shape == (10, 16, 3)
    assert out['img'][0, 0, 0] == 0  # rows: all of them, from the top


def test_cat_max_ratio_rejects_windows_one_class_dominates():
    seg = np.zeros((100, 100), np.uint8)
    seg[:50, :50] = 7  # an object in one corner
    seg[90:, :] = 255  # ignored rows do not count
    img = np.zeros((100, 100, 3), np.uint8)

    def mixed(transform, n=200):
        """Windows in which neither class has 75% of the labelled pixels."""
        np.random.seed(0)
        count = 0
        for _ in range(n):
            out = transform(dict(img=img, gt_seg_map=seg,
                                 seg_fields=['gt_seg_map']))['gt_seg_map']
            share = (out[out != 255] == 7).mean()
            count += 0.25 < share < 0.75
        return count

    plain = mixed(RandomCrop(50))
    balanced = mixed(RandomCrop(50, cat_max_ratio=0.75))
    assert plain < 100 and balanced == 200, (plain, balanced)


def test_scale_augmentation_pipeline_gives_padded_512_samples():
    """RandomResize (mmcv) + RandomCrop + Pad always yields 512x512, with
    the mask aligned to the image at every scale."""
    np.random.seed(1)
    img = np.zeros((300, 400, 3), np.uint8)
    img[100:200, 150:250] = 200
    seg = np.zeros((300, 400), np.uint8)
    seg[100:200, 150:250] = 3
    pipeline = Compose([
        dict(type='RandomResize', scale=(512, 512), ratio_range=(0.5, 2.0),
             keep_ratio=True),
        dict(type='RandomCrop', crop_size=(512, 512), cat_max_ratio=0.75),
        dict(type='Pad', size=(512, 512), pad_val=dict(img=114, seg=255)),
    ])
    sizes = set()
    for _ in range(10):
        out = pipeline(dict(img=img, gt_seg_map=seg,
                            seg_fields=['gt_seg_map'], img_shape=(300, 400)))
        assert out['img'].shape == (512, 512, 3)
        assert out['gt_seg_map'].shape == (512, 512)
        obj = out['gt_seg_map'] == 3
        assert obj.any()
        # bilinear edges blur a pixel; nearest-resized masks do not
        assert (out['img'][obj] > 100).mean() > 0.97
        assert (out['img'][out['gt_seg_map'] == 0] < 100).mean() > 0.97
        sizes.add(int(obj.sum()))
    assert len(sizes) > 5  # the object's size varies with the scale


def test_bad_crop_size_is_refused():
    with pytest.raises(ValueError, match='crop_size'):
        RandomCrop((0, 10))
