"""Build a model from a config + checkpoint and run it on one image."""
import logging
import os.path as osp
from typing import Optional, Sequence, Union

import numpy as np
import torch
from mmcv.transforms import Compose
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.logging import MMLogger
from mmengine.registry import init_default_scope
from mmengine.runner import load_checkpoint

from onehead.datasets import (COCO10_CLASSES, IMAGENETTE_WNIDS, VOC_CLASSES)
from onehead.registry import MODELS
from onehead.structures import MultiTaskDataSample
from onehead.utils import (CheckpointError, check_fit, checkpoint_meta,
                           register_all_modules, resolve_checkpoint,
                           saved_config)

DEFAULT_CLASS_NAMES = dict(det=COCO10_CLASSES, seg=VOC_CLASSES,
                           cls=tuple(IMAGENETTE_WNIDS.values()))


def _class_names(cfg, head, trained: dict) -> dict:
    """Per-task class names: those the checkpoint was trained with
    (``meta['tasks']``), else ``cfg.class_names``, else the course
    datasets' names; each only where its count fits the head, else
    indices."""
    given = dict(cfg.get('class_names') or {})
    sizes = dict(det=head.num_det_classes, seg=head.num_seg_classes,
                 cls=head.num_cls_classes)
    out = {}
    for task, n in sizes.items():
        names = (trained.get(task, {}).get('classes') or given.get(task) or
                 DEFAULT_CLASS_NAMES[task])
        out[task] = tuple(names) if len(names) == n else tuple(
            str(i) for i in range(n))
    return out


def init_model(config: Union[str, Config, None] = None,
               checkpoint: Optional[str] = None, device: str = 'cpu',
               cfg_options: Optional[dict] = None):
    """Model in eval mode on ``device``. Without a checkpoint the backbone
    gets its ImageNet weights (``init_cfg``) and the rest is random.
    Without a config, the one saved in the checkpoint (read as data).

    ``model.class_names`` holds each task's class names and
    ``model.trained_tasks`` the tasks the checkpoint was trained on (None:
    unknown, a checkpoint without ``meta['tasks']``).
    """
    register_all_modules()
    if checkpoint is not None:
        checkpoint = resolve_checkpoint(checkpoint)  # a work dir is fine
        if not osp.isfile(checkpoint):
            raise FileNotFoundError(f'{checkpoint}: checkpoint not found')
    if config is None:
        cfg = saved_config(checkpoint) if checkpoint else None
        if cfg is None:
            raise CheckpointError(f'{checkpoint}: no config is saved in '
                                  'it; name the config it was trained with')
    else:
        cfg = Config.fromfile(config) if isinstance(config, str) else config
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    init_default_scope(cfg.get('default_scope', 'onehead'))
    model_cfg = cfg.model.copy()
    if checkpoint is not None:  # the checkpoint holds every weight
        model_cfg.backbone = dict(model_cfg.backbone, init_cfg=None)
    model = MODELS.build(model_cfg)
    trained = {}
    if checkpoint is None:
        # mmengine reports every tensor's initialisation at INFO: hundreds
        # of lines on a console without a log file
        logger = MMLogger.get_current_instance()
        level = logger.level
        logger.setLevel(max(level, logging.WARNING))
        try:
            model.init_weights()
        finally:
            logger.setLevel(level)
    else:
        check_fit(model, checkpoint, strict=True)  # names the mismatch
        load_checkpoint(model, checkpoint, map_location='cpu', strict=True,
                        logger='silent')
        trained = checkpoint_meta(checkpoint).get('tasks') or {}
    model.cfg = cfg
    model.class_names = _class_names(cfg, model.head, trained)
    model.trained_tasks = tuple(trained) or None
    return model.to(device).eval()


def inference_pipeline(scale: Sequence[int] = (512, 512)) -> Compose:
    """Letterbox to the model input; the sample asks for every task."""
    return Compose([
        dict(type='LoadImageFromFile'),
        dict(type='Resize', scale=tuple(scale), keep_ratio=True),
        dict(type='Pad', size=tuple(scale), pad_val=dict(img=114, seg=255)),
        dict(type='PackMultiTaskInputs'),
    ])


def infer_scale(cfg) -> tuple:
    """The input size a model was trained for: ``cfg.infer_scale`` if set,
    else the letterbox size of its detection (or segmentation) val
    pipeline, else 512x512. A model trained on 128x128 sample images
    finds noise in every corner of a 512x512 input."""
    if cfg.get('infer_scale'):
        return tuple(cfg['infer_scale'])
    for task in ('det', 'seg'):
        for t in (cfg.get(f'{task}_val') or {}).get('pipeline') or []:
            if t.get('type') == 'Resize' and t.get('keep_ratio'):
                return tuple(t['scale'])
    return (512, 512)


@torch.no_grad()
def inference_model(model, image: Union[str, np.ndarray],
                    scale: Optional[Sequence[int]] = None
                    ) -> MultiTaskDataSample:
    """Run all three tasks on one image (path, or RGB uint8 array).

    Returns a data sample with ``pred_instances`` (boxes in original
    pixels, scores, labels), ``pred_sem_seg`` (original size) and
    ``pred_score`` (class probabilities).
    """
    scale = scale or infer_scale(getattr(model, 'cfg', None) or {})
    pipeline = inference_pipeline(scale)
    if isinstance(image, np.ndarray):
        results = dict(img=image, img_shape=image.shape[:2],
                       ori_shape=image.shape[:2], img_path=None, task='all')
        results = Compose(pipeline.transforms[1:])(results)
    else:
        results = pipeline(dict(img_path=image, task='all'))
    batch = pseudo_collate([results])
    data = model.data_preprocessor(batch, False)
    return model(**data, mode='predict')[0]
