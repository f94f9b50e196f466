"""Embedded sample data: a small synthetic dataset in the three course layouts.

Coloured shapes on textured backgrounds, generated deterministically from a
seed, so the demo configs run on a fresh machine with no download:

* ``mini_coco_det``: shapes with COCO-json boxes and polygons (3 classes,
  category ids 1..3);
* ``mini_voc_seg``: the same kind of scenes with palette-PNG masks
  (0 background, 1..3 shapes, 255 on a thin ignore rim around each shape);
* ``imagenette_160``: four texture classes in ``{split}/<class>/*.JPEG``.

Usage: ``python -m onehead.datasets.sample_data data/sample`` or
:func:`generate_sample_data`. Writing is skipped when a complete set exists.
"""
import argparse
import json
import math
import os
import os.path as osp

import cv2
import numpy as np
from PIL import Image

from .mini_voc_seg import voc_palette

SHAPES = ('circle', 'square', 'triangle')
TEXTURES = ('stripes', 'checker', 'dots', 'waves')
_DONE = '.complete'


def _background(rng, size):
    """Smooth random colour field plus noise: enough clutter to need a CNN."""
    low = rng.randint(40, 215, size=(4, 4, 3)).astype(np.float32)
    bg = cv2.resize(low, (size, size), interpolation=cv2.INTER_CUBIC)
    bg += rng.normal(0, 12, size=bg.shape)
    return np.clip(bg, 0, 255).astype(np.uint8)


def _polygon(shape, cx, cy, r, angle):
    if shape == 'circle':
        n, rr = 24, r
    elif shape == 'square':
        n, rr = 4, r * math.sqrt(2)
    else:
        n, rr = 3, r * 1.3
    a0 = angle if shape != 'circle' else 0.0
    pts = [(cx + rr * math.cos(a0 + 2 * math.pi * k / n),
            cy + rr * math.sin(a0 + 2 * math.pi * k / n)) for k in range(n)]
    return np.array(pts, dtype=np.float32)


def _scene(rng, size, max_objects=3):
    """An image with 1..max_objects shapes; returns img, mask, objects."""
    img = _background(rng, size)
    mask = np.zeros((size, size), np.uint8)
    objects = []
    for _ in range(rng.randint(1, max_objects + 1)):
        label = rng.randint(len(SHAPES))
        r = rng.uniform(0.08, 0.2) * size
        cx, cy = rng.uniform(r, size - r, size=2)
        pts = _polygon(SHAPES[label], cx, cy, r, rng.uniform(0, math.pi))
        pts = np.clip(pts, 0, size - 1)
        colour = tuple(int(c) for c in rng.randint(0, 256, size=3))
        poly = np.round(pts).astype(np.int32)
        cv2.fillPoly(img, [poly], colour)
        # later shapes occlude earlier ones, as in the mask
        cv2.polylines(mask, [poly], True, 255, 2)
        cv2.fillPoly(mask, [poly], label + 1)
        x1, y1 = pts.min(0)
        x2, y2 = pts.max(0)
        objects.append(dict(label=label, bbox=[float(x1), float(y1),
                                               float(x2 - x1),
                                               float(y2 - y1)],
                            polygon=pts.reshape(-1).tolist()))
    return img, mask, objects


def _texture(rng, size, cls):
    img = _background(rng, size).astype(np.float32)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    period = rng.uniform(8, 20)
    theta = rng.uniform(0, math.pi)
    u = xx * math.cos(theta) + yy * math.sin(theta)
    v = -xx * math.sin(theta) + yy * math.cos(theta)
    if cls == 'stripes':
        pat = (np.sin(2 * math.pi * u / period) > 0)
    elif cls == 'checker':
        pat = ((np.floor(u / period) + np.floor(v / period)) % 2) > 0
    elif cls == 'dots':
        pat = (((u % period) - period / 2) ** 2 +
               ((v % period) - period / 2) ** 2) < (period / 4) ** 2
    else:  # waves
        pat = np.sin(2 * math.pi * (u + 4 * np.sin(2 * math.pi * v / 30)) /
                     period) > 0.3
    colour = rng.randint(0, 256, size=3).astype(np.float32)
    img[pat] = 0.35 * img[pat] + 0.65 * colour
    return np.clip(img, 0, 255).astype(np.uint8)


def _save_jpg(img, path):
    Image.fromarray(img).save(path, quality=92)


def generate_sample_data(root: str, seed: int = 0, num_train: int = 48,
                         num_val: int = 16, img_size: int = 128,
                         force: bool = False) -> dict:
    """Write the three sample datasets under ``root``; return their paths.

    Deterministic: the same seed gives the same files. A root that already
    holds a complete set (marker file) is left alone unless ``force``.
    """
    paths = dict(det=osp.join(root, 'mini_coco_det'),
                 seg=osp.join(root, 'mini_voc_seg'),
                 cls=osp.join(root, 'imagenette_160'))
    if osp.isfile(osp.join(root, _DONE)) and not force:
        return paths
    rng = np.random.RandomState(seed)
    splits = (('train', num_train), ('val', num_val))

    # detection: COCO json with boxes and polygons
    det = paths['det']
    os.makedirs(osp.join(det, 'annotations'), exist_ok=True)
    categories = [dict(id=i + 1, name=n, supercategory='shape')
                  for i, n in enumerate(SHAPES)]
    ann_id = 1
    for split, n in splits:
        os.makedirs(osp.join(det, split), exist_ok=True)
        images, anns = [], []
        for i in range(n):
            img, _, objects = _scene(rng, img_size)
            name = f'{split}_{i:05d}.jpg'
            _save_jpg(img, osp.join(det, split, name))
            images.append(dict(id=i + 1, file_name=name, width=img_size,
                               height=img_size))
            for o in objects:
                anns.append(dict(id=ann_id, image_id=i + 1,
                                 category_id=o['label'] + 1, bbox=o['bbox'],
                                 area=o['bbox'][2] * o['bbox'][3],
                                 segmentation=[o['polygon']], iscrowd=0))
                ann_id += 1
        with open(osp.join(det, 'annotations', f'instances_{split}.json'),
                  'w') as f:
            json.dump(dict(images=images, annotations=anns,
                           categories=categories), f)

    # segmentation: VOC layout with palette PNG masks
    seg = paths['seg']
    for sub in ('JPEGImages', 'SegmentationClass', 'ImageSets/Segmentation'):
        os.makedirs(osp.join(seg, sub), exist_ok=True)
    palette = [c for rgb in voc_palette(256) for c in rgb]
    for split, n in splits:
        ids = []
        for i in range(n):
            img, mask, _ = _scene(rng, img_size)
            img_id = f'{split}_{i:05d}'
            _save_jpg(img, osp.join(seg, 'JPEGImages', img_id + '.jpg'))
            m = Image.fromarray(mask, mode='P')
            m.putpalette(palette)
            m.save(osp.join(seg, 'SegmentationClass', img_id + '.png'))
            ids.append(img_id)
        with open(osp.join(seg, 'ImageSets', 'Segmentation', split + '.txt'),
                  'w') as f:
            f.write('\n'.join(ids) + '\n')

    # classification: folder per class
    cls = paths['cls']
    for split, n in splits:
        for c, name in enumerate(TEXTURES):
            os.makedirs(osp.join(cls, split, name), exist_ok=True)
        for i in range(n):
            name = TEXTURES[i % len(TEXTURES)]
            _save_jpg(_texture(rng, img_size, name),
                      osp.join(cls, split, name, f'{name}_{i:05d}.JPEG'))

    open(osp.join(root, _DONE), 'w').close()
    return paths


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('root', nargs='?', default='data/sample')
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--num-train', type=int, default=48)
    parser.add_argument('--num-val', type=int, default=16)
    parser.add_argument('--img-size', type=int, default=128)
    parser.add_argument('--force', action='store_true')
    args = parser.parse_args(argv)
    paths = generate_sample_data(args.root, args.seed, args.num_train,
                                 args.num_val, args.img_size, args.force)
    for task, path in paths.items():
        print(f'{task}: {path}')


if __name__ == '__main__':
    main()
