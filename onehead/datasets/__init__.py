from .imagenette import (IMAGENETTE_TO_IMAGENET, IMAGENETTE_WNIDS,
                         ImagenetteDataset)
from .mini_coco_det import COCO10_CLASSES, MiniCocoDetDataset
from .multi_task_dataset import MultiTaskDataset
from .mini_voc_seg import VOC_CLASSES, MiniVocSegDataset, voc_palette
from .transforms import *  # noqa: F401,F403
from .utils import DatasetLayoutError

__all__ = [
    'MiniCocoDetDataset', 'MiniVocSegDataset', 'ImagenetteDataset',
    'MultiTaskDataset',
    'DatasetLayoutError', 'COCO10_CLASSES', 'VOC_CLASSES', 'voc_palette',
    'IMAGENETTE_WNIDS', 'IMAGENETTE_TO_IMAGENET'
]
