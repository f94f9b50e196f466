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

    Class folders are sorted; their index is the label. Known Imagenette
    wnids get human names, other folders keep their own name. A file
    directly in the split folder, or a split folder without class folders,
    is a layout error.
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
        entries = sorted(os.listdir(root))
        stray = [e for e in entries if not osp.isdir(osp.join(root, e))]
        if stray:
            raise DatasetLayoutError(
                f'{osp.join(root, stray[0])}: file outside a class folder; '
                f'expected <split>/<class folder>/<image>')
        if not entries:
            raise DatasetLayoutError(f'{root}: split folder has no class '
                                     'folder')
        data_list = []
        for label, wnid in enumerate(entries):
            files = sorted(
                f for f in os.listdir(osp.join(root, wnid))
                if f.lower().endswith(IMG_EXTENSIONS))
            for f in files:
                data_list.append(
                    dict(img_path=osp.join(root, wnid, f), gt_label=label,
                         task='cls'))
        self._metainfo['wnids'] = tuple(entries)
        self._metainfo['classes'] = tuple(
            IMAGENETTE_WNIDS.get(w, w) for w in entries)
        return data_list

    def get_cat_ids(self, idx: int) -> List[int]:
        return [self.get_data_info(idx)['gt_label']]
