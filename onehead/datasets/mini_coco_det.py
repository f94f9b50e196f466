"""Mini-COCO-Det: COCO json + images, 10 classes = COCO category ids 1..10."""
import contextlib
import io
import math
import os.path as osp
from typing import List

from mmengine.dataset import BaseDataset
from mmengine.logging import MMLogger
from PIL import Image

from onehead.registry import DATASETS
from .utils import DatasetLayoutError, require_dir, require_file

COCO10_CLASSES = ('person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus',
                  'train', 'truck', 'boat', 'traffic light')
COCO10_PALETTE = [(220, 20, 60), (119, 11, 32), (0, 0, 142), (0, 0, 230),
                  (106, 0, 228), (0, 60, 100), (0, 80, 100), (0, 0, 70),
                  (0, 0, 192), (250, 170, 30)]

#: a box may poke this many pixels out of its image (COCO's own rounding);
#: it is clipped. Further out is an annotation error.
BOX_TOLERANCE = 2.0


def _checked_bbox(ann: dict, ann_file: str, file_name: str) -> list:
    """``ann['bbox']`` as four finite floats, or an error naming it."""
    box = ann.get('bbox')
    where = f'{ann_file}: annotation {ann.get("id")} of image {file_name}'
    if box is None:
        raise DatasetLayoutError(f'{where} has no "bbox"')
    try:
        box = [float(v) for v in box]
    except (TypeError, ValueError):
        raise DatasetLayoutError(f'{where}: bbox {box!r} is not a list of '
                                 'numbers') from None
    if len(box) != 4:
        raise DatasetLayoutError(f'{where}: bbox {box} has {len(box)} '
                                 'numbers, not 4 (x, y, w, h)')
    if not all(math.isfinite(v) for v in box):
        raise DatasetLayoutError(f'{where}: bbox {box} is not finite')
    return box


@DATASETS.register_module()
class MiniCocoDetDataset(BaseDataset):
    """COCO-format detection dataset.

    Layout: ``{data_root}/{split}/*.jpg`` and
    ``{data_root}/annotations/instances_{split}.json``.

    ``metainfo['cat_ids']`` lists the COCO category ids kept, in label
    order (default 1..10 -> labels 0..9). Annotations of other categories
    that the json declares are dropped (counted); a category id the json
    does not declare is an error. Crowd boxes become ignore regions
    (``ignore_flag=1``) that keep their class. Zero-area boxes, and
    annotations whose image id names no image, are skipped, counted and
    logged. An empty annotation list, a missing, short, NaN or infinite
    ``bbox``, and an image whose ``width``/``height`` disagree with its
    file are errors naming the file and the annotation or image id.
    Images without boxes are kept unless ``filter_cfg=dict(filter_empty_gt=
    True)``.
    """

    TASK = 'det'
    METAINFO = dict(classes=COCO10_CLASSES,
                    cat_ids=tuple(range(1, 11)),
                    palette=COCO10_PALETTE)

    def __init__(self, *args, data_prefix=dict(img_path='train'), **kwargs):
        self.skipped = {}
        super().__init__(*args, data_prefix=data_prefix, **kwargs)

    def load_data_list(self) -> List[dict]:
        from pycocotools.coco import COCO
        ann_file = require_file(self.ann_file, 'COCO annotation file')
        img_dir = require_dir(
            self.data_prefix['img_path'], 'image folder',
            hint='expected layout: <root>/{train,val}/*.jpg and '
            '<root>/annotations/instances_{train,val}.json')
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                coco = COCO(ann_file)
        except Exception as e:  # bad json, missing keys
            raise DatasetLayoutError(
                f'{ann_file}: not a readable COCO annotation file ({e})')
        for key in ('images', 'annotations', 'categories'):
            if key not in coco.dataset:
                raise DatasetLayoutError(
                    f'{ann_file}: COCO annotation file has no "{key}"')
        if not coco.dataset['annotations']:
            raise DatasetLayoutError(
                f'{ann_file}: the "annotations" list is empty: nothing to '
                'train or evaluate on')

        cat_ids = list(self._metainfo.get('cat_ids', range(1, 11)))
        declared = set(coco.getCatIds())
        missing = [c for c in cat_ids if c not in declared]
        if missing:
            raise DatasetLayoutError(
                f'{ann_file}: category ids {missing} asked for in '
                f'metainfo["cat_ids"] are not declared in the file')
        names = {c['id']: c.get('name') for c in coco.dataset['categories']}
        for cid, cls in zip(cat_ids, self._metainfo.get('classes', ())):
            if names.get(cid) not in (None, cls):
                raise DatasetLayoutError(
                    f'{ann_file}: category {cid} is {names[cid]!r} in the '
                    f'file but {cls!r} in the classes asked for (data of '
                    'other classes than the config or checkpoint expects)')
        cat2label = {c: i for i, c in enumerate(cat_ids)}

        skipped = dict(zero_area=0, not_selected=0, orphan=sum(
            a.get('image_id') not in coco.imgs
            for a in coco.dataset['annotations']))
        data_list = []
        for img_id in sorted(coco.getImgIds()):
            img = coco.imgs[img_id]
            img_path = osp.join(img_dir, img['file_name'])
            if not osp.isfile(img_path):
                raise DatasetLayoutError(
                    f'{ann_file}: image {img["file_name"]} (id {img_id}) '
                    f'is missing: no file {img_path}')
            w, h = img['width'], img['height']
            with Image.open(img_path) as f:
                if f.size != (w, h):
                    raise DatasetLayoutError(
                        f'{ann_file}: image {img["file_name"]} (id {img_id}) '
                        f'is declared {w}x{h}, its file is '
                        f'{f.size[0]}x{f.size[1]}')
            instances = []
            for ann in coco.imgToAnns.get(img_id, []):
                cid = ann['category_id']
                if cid not in declared:
                    raise DatasetLayoutError(
                        f'{ann_file}: annotation {ann.get("id")} of image '
                        f'{img["file_name"]} has unknown category id {cid}')
                if cid not in cat2label:
                    skipped['not_selected'] += 1
                    continue
                x, y, bw, bh = _checked_bbox(ann, ann_file, img['file_name'])
                if bw <= 0 or bh <= 0:
                    skipped['zero_area'] += 1
                    continue
                x2, y2 = x + bw, y + bh
                t = BOX_TOLERANCE
                if x < -t or y < -t or x2 > w + t or y2 > h + t:
                    raise DatasetLayoutError(
                        f'{ann_file}: annotation {ann.get("id")} of image '
                        f'{img["file_name"]} has box {ann["bbox"]} (xywh) '
                        f'outside the {w}x{h} image')
                bbox = [max(x, 0.), max(y, 0.), min(x2, w), min(y2, h)]
                instances.append(
                    dict(bbox=bbox,
                         bbox_label=cat2label[cid],
                         ignore_flag=int(ann.get('iscrowd', 0)),
                         segmentation=ann.get('segmentation')))
            data_list.append(
                dict(img_path=img_path, img_id=img_id, height=h, width=w,
                     instances=instances, task='det'))
        self.skipped = skipped
        for why, what in (('zero_area', 'zero-area boxes'),
                          ('orphan', 'annotations whose image_id names no '
                           'image')):
            if skipped[why]:
                MMLogger.get_current_instance().warning(
                    f'{ann_file}: skipped {skipped[why]} {what}')
        return data_list

    def filter_data(self) -> List[dict]:
        if self.test_mode or not (self.filter_cfg or {}).get(
                'filter_empty_gt', False):
            return self.data_list
        return [d for d in self.data_list
                if any(not i['ignore_flag'] for i in d['instances'])]

    def get_cat_ids(self, idx: int) -> List[int]:
        return [i['bbox_label'] for i in self.get_data_info(idx)['instances']]
