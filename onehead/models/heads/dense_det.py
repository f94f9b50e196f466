"""Single-level anchor-free detection on the unified head's cells.

Per cell at stride ``s`` and grid position (i, j) the head predicts
``(tx, ty, tw, th, conf, cls...)``; the box is
``cx = (j + 0.5 + tx) * s``, ``cy = (i + 0.5 + ty) * s``,
``w = exp(tw) * s``, ``h = exp(th) * s``. Ground truths are assigned to
cells by center sampling (FCOS): a cell is positive for a box when its
center lies inside the box and within ``radius * s`` of the box center;
the smallest box wins ties, and a box that catches no cell takes the cell
that holds its center.
"""
import math

import torch
from torchvision.ops import batched_nms

MAX_LOG_WH = math.log(2048.0)


def grid_centers(h: int, w: int, stride: int, device=None, dtype=None):
    """[h*w, 2] (x, y) cell centers in input pixels, row-major."""
    ys = (torch.arange(h, device=device, dtype=dtype) + 0.5) * stride
    xs = (torch.arange(w, device=device, dtype=dtype) + 0.5) * stride
    yy, xx = torch.meshgrid(ys, xs, indexing='ij')
    return torch.stack([xx.reshape(-1), yy.reshape(-1)], -1)


def decode_boxes(reg: torch.Tensor, centers: torch.Tensor, stride: int):
    """reg [..., N, 4] raw (tx, ty, tw, th) -> xyxy [..., N, 4]."""
    cxy = centers + reg[..., :2] * stride
    wh = reg[..., 2:].clamp(max=MAX_LOG_WH - math.log(stride)).exp() * stride
    return torch.cat([cxy - wh / 2, cxy + wh / 2], -1)


@torch.no_grad()
def center_sampling_assign(centers, gt_boxes, stride, radius=2.5):
    """Return ``assigned`` [N] (gt index or -1) for cell centers [N, 2]."""
    n, m = centers.shape[0], gt_boxes.shape[0]
    assigned = centers.new_full((n,), -1, dtype=torch.long)
    if m == 0:
        return assigned
    x, y = centers[:, 0:1], centers[:, 1:2]
    x1, y1, x2, y2 = gt_boxes.T
    inside_box = (x > x1) & (x < x2) & (y > y1) & (y < y2)
    gcx, gcy = (x1 + x2) / 2, (y1 + y2) / 2
    r = radius * stride
    inside_ctr = ((x - gcx).abs() < r) & ((y - gcy).abs() < r)
    cand = inside_box & inside_ctr  # [N, M]
    # a box that catches no cell takes the cell holding its center
    empty = ~cand.any(0)
    if empty.any():
        d = (x - gcx) ** 2 + (y - gcy) ** 2  # [N, M]
        nearest = d.argmin(0)
        idx = torch.nonzero(empty).squeeze(1)
        cand[nearest[idx], idx] = True
    area = ((x2 - x1) * (y2 - y1)).expand(n, m)
    area = torch.where(cand, area, torch.full_like(area, float('inf')))
    best_area, best = area.min(1)
    pos = torch.isfinite(best_area)
    assigned[pos] = best[pos]
    return assigned


def inside_any(centers, boxes):
    """[N] bool: cell center inside any of ``boxes`` (e.g. crowd regions)."""
    if boxes.numel() == 0:
        return centers.new_zeros(centers.shape[0], dtype=torch.bool)
    x, y = centers[:, 0:1], centers[:, 1:2]
    x1, y1, x2, y2 = boxes.T
    return ((x > x1) & (x < x2) & (y > y1) & (y < y2)).any(1)


def postprocess(boxes, conf_logits, cls_logits, score_thr=0.05, nms_pre=1000,
                iou_thr=0.45, max_per_img=100):
    """One image: boxes [N, 4], conf [N], cls [N, C] -> (boxes, scores,
    labels) after score threshold, top-k and class-wise NMS."""
    scores = conf_logits.float().sigmoid()[:, None] * \
        cls_logits.float().sigmoid()
    num_classes = scores.shape[1]
    flat = scores.reshape(-1)
    keep = flat > score_thr
    idx = torch.nonzero(keep).squeeze(1)
    if idx.numel() > nms_pre:
        idx = idx[flat[idx].topk(nms_pre).indices]
    cell, labels = idx // num_classes, idx % num_classes
    b, s = boxes[cell].float(), flat[idx]
    keep = batched_nms(b, s, labels, iou_thr)[:max_per_img]
    return b[keep], s[keep], labels[keep]


def rescale_boxes(boxes, scale_factor, ori_shape):
    """Input-pixel boxes -> original image pixels, clipped to the image."""
    sx, sy = scale_factor
    boxes = boxes / boxes.new_tensor([sx, sy, sx, sy])
    h, w = ori_shape[:2]
    boxes[:, 0::2] = boxes[:, 0::2].clamp(0, w)
    boxes[:, 1::2] = boxes[:, 1::2].clamp(0, h)
    return boxes


def aligned_iou(a, b):
    """IoU of matching rows of two xyxy tensors [N, 4] -> [N]."""
    lt = torch.max(a[:, :2], b[:, :2])
    rb = torch.min(a[:, 2:], b[:, 2:])
    inter = (rb - lt).clamp(min=0).prod(1)
    area_a = (a[:, 2:] - a[:, :2]).clamp(min=0).prod(1)
    area_b = (b[:, 2:] - b[:, :2]).clamp(min=0).prod(1)
    return inter / (area_a + area_b - inter).clamp(min=1e-6)
