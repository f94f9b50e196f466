"""Shared helpers: load shipped configs against the test's sample data."""
import os
import os.path as osp

from mmengine.config import Config

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


def load_config(rel_path: str, sample_root: str = None) -> Config:
    """Config.fromfile with $ONEHEAD_SAMPLE_DATA pointing at ``sample_root``
    (the substitution happens at parse time)."""
    old = os.environ.get('ONEHEAD_SAMPLE_DATA')
    if sample_root is not None:
        os.environ['ONEHEAD_SAMPLE_DATA'] = sample_root
    try:
        return Config.fromfile(osp.join(ROOT, rel_path))
    finally:
        if old is None:
            os.environ.pop('ONEHEAD_SAMPLE_DATA', None)
        else:
            os.environ['ONEHEAD_SAMPLE_DATA'] = old


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
        osp.join('configs', '_base_', 'datasets', 'sample_data.py'),
        sample_root)
