"""Let mmengine 0.10.7 load checkpoints under torch >= 2.6.

torch 2.6 made ``torch.load(weights_only=True)`` the default, and mmengine's
checkpoints hold a pickled message hub and config, so mmengine's own local
loader fails on them. Importing onehead replaces the local ('' prefix)
scheme with one that loads the project's own files with
``weights_only=False``: only load checkpoints you trust.
"""
import logging
import os.path as osp
from typing import List

import torch
from mmengine.logging import print_log
from mmengine.runner.checkpoint import CheckpointLoader


@CheckpointLoader.register_scheme(prefixes='', force=True)
def load_from_local(filename, map_location):
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'{filename} can not be found.')
    return torch.load(filename, map_location=map_location, weights_only=False)


def check_shapes(model, filename: str) -> List[str]:
    """Fail when ``filename`` holds a tensor of another shape than the
    model's parameter or buffer of the same name.

    mmengine's ``load_from`` skips such tensors with a warning, so a stage
    started from a checkpoint of another architecture (e.g. another head
    width) would train a partly random model without saying so. Modules
    the checkpoint lacks altogether (a block new in this stage, such as a
    neck of the new task's own) keep their fresh initialisation: they are
    logged and returned (the top-level module names).
    """
    ckpt = CheckpointLoader.load_checkpoint(filename, map_location='cpu')
    state = ckpt.get('state_dict', ckpt)
    own = model.state_dict()
    bad = []
    for key, value in state.items():
        key = key[len('module.'):] if key.startswith('module.') else key
        if key in own and hasattr(value, 'shape') and \
                tuple(value.shape) != tuple(own[key].shape):
            bad.append(f'{key}: {tuple(value.shape)} in the checkpoint, '
                       f'{tuple(own[key].shape)} in the model')
    if bad:
        raise ValueError(
            f'{filename}: {len(bad)} tensors do not fit the model built '
            'from the config (was it trained with another architecture, '
            'e.g. another head.feat_channels?): ' + '; '.join(bad[:3]) +
            (' ...' if len(bad) > 3 else ''))
    saved = {k[len('module.'):] if k.startswith('module.') else k
             for k in state}
    fresh = []  # the outermost modules none of whose tensors were saved
    for name, module in model.named_modules():
        keys = [f'{name}.{k}' for k in module.state_dict()]
        if name and keys and not saved.intersection(keys) and not any(
                name.startswith(f + '.') for f in fresh):
            fresh.append(name)
    if fresh:
        print_log(f'{filename} has no weights for {", ".join(fresh)}: '
                  'they start from their initialisation', logger='current',
                  level=logging.WARNING)
    return fresh


def saved_config(filename: str):
    """The config that training saved in ``filename`` (mmengine's Runner
    writes it into ``meta['cfg']``), or None for a bare state dict."""
    from mmengine.config import Config
    ckpt = CheckpointLoader.load_checkpoint(filename, map_location='cpu')
    meta = ckpt.get('meta') if isinstance(ckpt, dict) else None
    text = meta.get('cfg') if isinstance(meta, dict) else None
    if not text:
        return None
    try:
        return Config.fromstring(text, '.py')
    except Exception as e:  # a config we cannot parse is the user's to name
        raise ValueError(f'{filename}: the config saved in the checkpoint '
                         f'does not parse ({e}); pass --config') from e


def saved_model_config(filename: str):
    """The ``model`` of :func:`saved_config`, or None. Lets ``eval.py
    --weights`` build a checkpoint of any architecture (head width, private
    channels) without ``--config``."""
    cfg = saved_config(filename)
    return None if cfg is None else cfg.get('model')
