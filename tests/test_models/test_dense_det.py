"""Detection assignment, decoding and NMS on hand-built cases."""
import math

import torch

from onehead.models.heads.dense_det import (aligned_iou,
                                            center_sampling_assign,
                                            decode_boxes, grid_centers,
                                            postprocess, rescale_boxes)


def test_grid_centers():
    c = grid_centers(2, 3, 8)
    assert c.tolist() == [[4, 4], [12, 4], [20, 4], [4, 12], [12, 12],
                          [20, 12]]


def test_decode_is_cxcywh_in_cells():
    centers = torch.tensor([[12., 20.]])
    reg = torch.tensor([[0.5, -0.25, 0.0, math.log(2.0)]])
    box = decode_boxes(reg, centers, stride=8)
    # cx = 12 + 4, cy = 20 - 2, w = 8, h = 16
    assert torch.allclose(box, torch.tensor([[12., 10., 20., 26.]]))


def test_center_sampling_assignment():
    centers = grid_centers(4, 4, 8)  # centers 4, 12, 20, 28
    gt = torch.tensor([[0., 0., 32., 32.],     # big: every cell inside
                       [9., 9., 15., 15.],     # small: holds center (12,12)
                       [30., 30., 31., 31.]])  # tiny: catches no center
    a = center_sampling_assign(centers, gt, stride=8, radius=1.0)
    a = a.view(4, 4)
    # radius 8 px around (16, 16) for the big box: cells at 12 and 20
    assert a[1, 1] == 1  # smallest box wins the shared cell
    assert a[1, 2] == 0 and a[2, 1] == 0 and a[2, 2] == 0
    assert a[0, 0] == -1 and a[0, 3] == -1  # outside the center region
    assert a[3, 3] == 2  # tiny box takes the cell holding its center
    assert (a >= 0).sum() == 5


def test_postprocess_nms_exact():
    boxes = torch.tensor([[0., 0., 10., 10.], [1., 1., 10., 10.],
                          [20., 20., 30., 30.], [0., 0., 10., 10.]])
    conf = torch.logit(torch.tensor([0.9, 0.8, 0.6, 0.02]))
    cls = torch.logit(torch.tensor([[0.9, 0.01], [0.9, 0.01],
                                    [0.01, 0.5], [0.9, 0.9]]))
    b, s, lbl = postprocess(boxes, conf, cls, score_thr=0.05, iou_thr=0.5)
    # box 1 overlaps box 0 (IoU .81, same class) and is suppressed; box 3
    # scores .018 < thr
    assert b.tolist() == [[0., 0., 10., 10.], [20., 20., 30., 30.]]
    assert torch.allclose(s, torch.tensor([0.81, 0.3]))
    assert lbl.tolist() == [0, 1]
    # class-wise: the same overlap in another class is kept
    cls[1] = torch.logit(torch.tensor([0.01, 0.9]))
    b, s, lbl = postprocess(boxes, conf, cls, score_thr=0.05, iou_thr=0.5)
    assert lbl.tolist() == [0, 1, 1] and len(b) == 3


def test_rescale_and_clip():
    boxes = torch.tensor([[10., 20., 200., 600.]])
    out = rescale_boxes(boxes, (0.5, 0.5), (300, 350))
    assert out.tolist() == [[20., 40., 350., 300.]]


def test_aligned_iou():
    a = torch.tensor([[0., 0., 10., 10.], [0., 0., 10., 10.]])
    b = torch.tensor([[0., 0., 10., 10.], [5., 0., 15., 10.]])
    assert torch.allclose(aligned_iou(a, b), torch.tensor([1.0, 1 / 3]))
