"""Mini-VOC-Seg: JPEGImages + palette PNG masks + ImageSets split files."""
import os.path as osp
from typing import List

from mmengine.dataset import BaseDataset

from onehead.registry import DATASETS
from .utils import DatasetLayoutError, require_dir, require_file

VOC_CLASSES = ('background', 'aeroplane', 'bicycle', 'bird', 'boat', 'bottle',
               'bus', 'car', 'cat', 'chair', 'cow', 'diningtable', 'dog',
               'horse', 'motorbike', 'person', 'pottedplant', 'sheep', 'sofa',
               'train', 'tvmonitor')


def voc_palette(n: int = 256) -> List[tuple]:
    """The standard PASCAL VOC colour map (bit-interleaved label ids)."""
    palette = []
    for i in range(n):
        c, r, g, b = i, 0, 0, 0
        for j in range(8):
            r |= ((c >> 0) & 1) << (7 - j)
            g |= ((c >> 1) & 1) << (7 - j)
            b |= ((c >> 2) & 1) << (7 - j)
            c >>= 3
        palette.append((r, g, b))
    return palette


@DATASETS.register_module()
class MiniVocSegDataset(BaseDataset):
    """PASCAL-VOC-layout semantic segmentation.

    ``ann_file`` is the split file (``ImageSets/Segmentation/train.txt``),
    one image id per line; ``data_prefix`` names the image and mask
    folders. Masks are palette (or 8-bit grayscale) PNGs whose values are
    class indices; 255 is ignore. Mask values are checked when a mask is
    loaded (``LoadAnnotations``).
    """

    TASK = 'seg'
    METAINFO = dict(classes=VOC_CLASSES, palette=voc_palette(21))

    def __init__(self, *args,
                 data_prefix=dict(img_path='JPEGImages',
                                  seg_map_path='SegmentationClass'),
                 img_suffix='.jpg', seg_map_suffix='.png', **kwargs):
        self.img_suffix = img_suffix
        self.seg_map_suffix = seg_map_suffix
        super().__init__(*args, data_prefix=data_prefix, **kwargs)

    def load_data_list(self) -> List[dict]:
        split = require_file(self.ann_file, 'split file')
        hint = ('expected layout: <root>/JPEGImages/*.jpg, '
                '<root>/SegmentationClass/*.png, '
                '<root>/ImageSets/Segmentation/{train,val}.txt')
        img_dir = require_dir(self.data_prefix['img_path'], 'image folder',
                              hint)
        seg_dir = require_dir(self.data_prefix['seg_map_path'],
                              'mask folder', hint)
        with open(split) as f:
            ids = [line.strip() for line in f if line.strip()]
        if not ids:
            raise DatasetLayoutError(f'{split}: split file lists no image')
        data_list = []
        for lineno, img_id in enumerate(ids, 1):
            img_path = osp.join(img_dir, img_id + self.img_suffix)
            seg_path = osp.join(seg_dir, img_id + self.seg_map_suffix)
            for path, what in ((img_path, 'image'), (seg_path, 'mask')):
                if not osp.isfile(path):
                    raise DatasetLayoutError(
                        f'{split}:{lineno}: id {img_id!r} has no {what} '
                        f'file {path}')
            data_list.append(
                dict(img_path=img_path, seg_map_path=seg_path,
                     img_id=img_id, num_classes=len(self._metainfo['classes']),
                     ignore_index=255, task='seg'))
        return data_list
