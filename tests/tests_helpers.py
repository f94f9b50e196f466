"""Shared helpers: load shipped configs against the test's sample data."""
import importlib
import os
import os.path as osp
import sys

from mmengine.config import Config

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


def import_tool(name: str):
    """A script of ``tools/`` as a module (they are not a package)."""
    sys.path.insert(0, osp.join(ROOT, 'tools'))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.pop(0)


def load_config(rel_path: str, sample_root: str = None,
                datasets: str = None) -> Config:
    """Config.fromfile with $ONEHEAD_SAMPLE_DATA pointing at ``sample_root``
    and, with ``datasets`` (e.g. ``'sample_data'``), $ONEHEAD_DATASETS set
    (the substitutions happen at parse time)."""
    env = dict(ONEHEAD_SAMPLE_DATA=sample_root, ONEHEAD_DATASETS=datasets)
    old = {k: os.environ.get(k) for k in env}
    os.environ.update({k: v for k, v in env.items() if v is not None})
    try:
        return Config.fromfile(osp.join(ROOT, rel_path))
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def corrupt_mask(path, value: int = 42) -> None:
    """Write ``value`` (no class) into the first pixels of a palette mask."""
    import numpy as np
    from PIL import Image
    m = Image.open(path)
    arr = np.array(m)
    arr[0, :3] = value
    bad = Image.fromarray(arr, mode='P')
    bad.putpalette(m.getpalette())
    bad.save(path)


def build_model(cfg):
    """The model of a loaded config, without its ImageNet weights (tests
    need the architecture, not the weight package)."""
    from onehead.registry import MODELS
    model_cfg = cfg.model.copy()
    model_cfg.backbone = dict(model_cfg.backbone, init_cfg=None)
    return MODELS.build(model_cfg)


def sample_datasets(sample_root: str) -> Config:
    """The shipped sample-data config: ``{det,seg,cls}_{train,val}``."""
    return load_config(
        osp.join('configs', '_base_', 'datasets', 'course_layout.py'),
        sample_root, 'sample_data')


def sample_sized_model(seed: int = 0, **model_options):
    """The shipped MobileNetV2 model (random weights) with the sample
    data's class counts, built after ``torch.manual_seed(seed)``;
    ``model_options`` (``frozen``, ``norm_eval``) as in its config."""
    import torch

    from onehead.registry import MODELS
    cfg = load_config(osp.join('configs', '_base_', 'models',
                               'mobilenetv2_fpn_unified.py'))
    cfg.model.backbone.init_cfg = None
    cfg.model.head.update(num_det_classes=3, num_seg_classes=4,
                          num_cls_classes=4)
    cfg.model.update(model_options)
    torch.manual_seed(seed)
    model = MODELS.build(cfg.model)
    model.init_weights()
    return model, cfg


def train_on_seg_samples(model, seg_train, steps: int = 2, after_step=None):
    """``steps`` AdamW steps (lr 1e-2) of everything that trains on the
    first two samples of ``seg_train`` (a dataset config);
    ``after_step(i)`` after each, as a hook's ``after_train_iter``. Returns
    the batch."""
    import copy

    import torch
    from mmengine.dataset import pseudo_collate

    from onehead.registry import DATASETS
    ds = DATASETS.build(copy.deepcopy(seg_train))
    batch = model.data_preprocessor(pseudo_collate([ds[0], ds[1]]), True)
    opt = torch.optim.AdamW([p for p in model.parameters()
                             if p.requires_grad], lr=1e-2)
    for i in range(steps):
        loss = sum(v for k, v in model(**batch, mode='loss').items()
                   if 'loss' in k)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if after_step is not None:
            after_step(i)
    return batch
