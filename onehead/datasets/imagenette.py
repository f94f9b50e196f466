"""Imagenette-160: ``{split}/<wnid>/*.JPEG``, sorted wnids -> labels."""
import os
import os.path as osp
from typing import List

from mmengine.dataset import BaseDataset

from onehead.registry import DATASETS
from .utils import DatasetLayoutError, require_dir

IMAGENETTE_WNIDS = {
    'n01440764': 'tench', 'n02102040': 'English springer',
    'n02979186': 'cassette player', 'n03000684': 'chain saw',
    'n03028079': 'church', 'n03394916': 'French horn',
    'n03417042': 'garbage truck', 'n03425413': 'gas pump',
    'n03445777': 'golf ball', 'n03888257': 'parachute'
}
#: ImageNet-1k class index of each Imagenette class (for weight checks).
IMAGENETTE_TO_IMAGENET = {
    'n01440764': 0, 'n02102040': 217, 'n02979186': 482, 'n03000684': 491,
    'n03028079': 497, 'n03394916': 566, 'n03417042': 569, 'n03425413': 571,
    'n03445777': 574, 'n03888257': 701
}
IMG_EXTENSIONS = ('.jpg', '.jpeg', '.png', '.bmp', '.webp')


@DATASETS.register_module()
class ImagenetteDataset(BaseDataset):
    """Folder-per-class classification (``data_prefix`` = the split folder).

    The classes are fixed by ``metainfo['wnids']`` (default: the ten
    Imagenette wnids in their sorted order; ``classes`` gives their names),
    not by the folders that happen to exist: a folder of no listed class, a
    listed class without its folder, or a class folder without an image is
    a layout error naming the folder, so no label can shift. A file
    directly in the split folder is a layout error too.
    """

    TASK = 'cls'
    METAINFO = dict(classes=tuple(IMAGENETTE_WNIDS.values()),
                    wnids=tuple(IMAGENETTE_WNIDS))

    def __init__(self, *args, data_prefix=dict(img_path='train'), **kwargs):
        super().__init__(*args, data_prefix=data_prefix, **kwargs)

    def load_data_list(self) -> List[dict]:
        root = require_dir(self.data_prefix['img_path'], 'split folder',
                           hint='expected layout: <root>/{train,val}/'
                           '<class folder>/*.JPEG')
        wnids = tuple(self._metainfo['wnids'])
        if len(self._metainfo['classes']) != len(wnids):
            raise DatasetLayoutError(
                f'{root}: metainfo lists {len(wnids)} wnids but '
                f'{len(self._metainfo["classes"])} class names')
        entries = sorted(os.listdir(root))
        stray = [e for e in entries if not osp.isdir(osp.join(root, e))]
        if stray:
            raise DatasetLayoutError(
                f'{osp.join(root, stray[0])}: file outside a class folder; '
                f'expected <split>/<class folder>/<image>')
        unknown = [e for e in entries if e not in wnids]
        if unknown:
            raise DatasetLayoutError(
                f'{osp.join(root, unknown[0])}: folder of no known class '
                f'(the classes are {", ".join(wnids)}); move or remove it')
        data_list = []
        for label, wnid in enumerate(wnids):
            folder = osp.join(root, wnid)
            if not osp.isdir(folder):
                raise DatasetLayoutError(
                    f'{folder}: class folder missing (class {label}, '
                    f'{self._metainfo["classes"][label]})')
            files = sorted(f for f in os.listdir(folder)
                           if f.lower().endswith(IMG_EXTENSIONS))
            if not files:
                exts = ', '.join(IMG_EXTENSIONS)
                raise DatasetLayoutError(f'{folder}: class folder holds no '
                                         f'image ({exts})')
            data_list += [dict(img_path=osp.join(folder, f), gt_label=label,
                               task='cls') for f in files]
        return data_list

    def get_cat_ids(self, idx: int) -> List[int]:
        return [self.get_data_info(idx)['gt_label']]
