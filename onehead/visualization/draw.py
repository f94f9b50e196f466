"""Drawing boxes, masks and class labels on RGB uint8 images (OpenCV)."""
from typing import Optional, Sequence

import cv2
import numpy as np

from onehead.datasets.mini_voc_seg import voc_palette
from onehead.structures import TASKS

_PALETTE = np.array(voc_palette(256), dtype=np.uint8)


def _colour(i: int):
    return tuple(int(c) for c in _PALETTE[(i % 20) + 1])


def draw_boxes(img: np.ndarray, boxes, labels, scores=None,
               class_names: Optional[Sequence[str]] = None,
               thickness: int = 2) -> np.ndarray:
    """Boxes (xyxy) with 'name score' tags; returns a new image."""
    out = img.copy()
    boxes = np.asarray(boxes, dtype=np.float32).reshape(-1, 4)
    for k, (b, lbl) in enumerate(zip(boxes, np.asarray(labels))):
        c = _colour(int(lbl))
        x1, y1, x2, y2 = [int(round(v)) for v in b]
        cv2.rectangle(out, (x1, y1), (x2, y2), c, thickness)
        name = class_names[int(lbl)] if class_names else str(int(lbl))
        if scores is not None:
            name += f' {float(scores[k]):.2f}'
        (tw, th), _ = cv2.getTextSize(name, cv2.FONT_HERSHEY_SIMPLEX, 0.45, 1)
        y0 = max(y1, th + 4)
        cv2.rectangle(out, (x1, y0 - th - 4), (x1 + tw + 2, y0), c, -1)
        cv2.putText(out, name, (x1 + 1, y0 - 3), cv2.FONT_HERSHEY_SIMPLEX,
                    0.45, (255, 255, 255), 1, cv2.LINE_AA)
    return out


def draw_sem_seg(img: np.ndarray, seg: np.ndarray, alpha: float = 0.5,
                 ignore_index: int = 255) -> np.ndarray:
    """Overlay class indices in the VOC palette (background and ignore are
    left as they are)."""
    seg = np.asarray(seg)
    if seg.shape != img.shape[:2]:
        seg = cv2.resize(seg.astype(np.uint8), img.shape[1::-1],
                         interpolation=cv2.INTER_NEAREST)
    colour = _PALETTE[seg.astype(np.int64) % 256]
    fg = (seg != 0) & (seg != ignore_index)
    out = img.copy()
    out[fg] = (img[fg] * (1 - alpha) + colour[fg] * alpha).astype(np.uint8)
    return out


def draw_text_lines(img: np.ndarray, lines: Sequence[str]) -> np.ndarray:
    """Text lines on a dark band at the top-left (e.g. top-3 classes)."""
    out = img.copy()
    for i, line in enumerate(lines):
        y = 18 + 18 * i
        (tw, th), _ = cv2.getTextSize(line, cv2.FONT_HERSHEY_SIMPLEX, 0.5, 1)
        cv2.rectangle(out, (2, y - th - 4), (6 + tw, y + 4), (0, 0, 0), -1)
        cv2.putText(out, line, (4, y), cv2.FONT_HERSHEY_SIMPLEX, 0.5,
                    (255, 255, 255), 1, cv2.LINE_AA)
    return out


def draw_sample(img: np.ndarray, sample, class_names=None,
                pred: bool = False, top_k: int = 3,
                tasks: Optional[Sequence[str]] = None) -> np.ndarray:
    """Draw the ground truth (or predictions) of a MultiTaskDataSample;
    only ``tasks`` (default: all), e.g. those a checkpoint was trained on:
    an untrained task's channels are noise."""
    names = class_names or {}
    prefix = 'pred_' if pred else 'gt_'
    tasks = TASKS if tasks is None else tuple(tasks)
    out = img
    if f'{prefix}sem_seg' in sample and 'seg' in tasks:
        out = draw_sem_seg(out, getattr(sample, f'{prefix}sem_seg').data[0]
                           .cpu().numpy())
    inst_key = 'pred_instances' if pred else 'gt_instances'
    if inst_key in sample and 'det' in tasks:
        inst = getattr(sample, inst_key)
        out = draw_boxes(out, inst.bboxes.cpu().numpy(),
                         inst.labels.cpu().numpy(),
                         inst.scores.cpu().numpy() if pred else None,
                         names.get('det'))
    if 'cls' not in tasks:
        return out
    if pred and 'pred_score' in sample:
        score = sample.pred_score.cpu()
        cls_names = names.get('cls')
        top = score.topk(min(top_k, score.numel()))
        out = draw_text_lines(out, [
            f'{cls_names[i] if cls_names else i}: {float(p):.2f}'
            for p, i in zip(top.values, top.indices.tolist())])
    elif not pred and 'gt_label' in sample:
        i = int(sample.gt_label[0])
        cls_names = names.get('cls')
        out = draw_text_lines(out, [str(cls_names[i] if cls_names else i)])
    return out


def render_packed(packed: dict, class_names=None) -> np.ndarray:
    """Picture of one pipeline output (``inputs`` + ``data_samples``): what
    the model sees, with its ground truth drawn on top."""
    img = packed['inputs'].permute(1, 2, 0).cpu().numpy().astype(np.uint8)
    return draw_sample(np.ascontiguousarray(img), packed['data_samples'],
                       class_names)
