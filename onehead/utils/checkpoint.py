"""Let mmengine 0.10.7 load checkpoints under torch >= 2.6.

torch 2.6 made ``torch.load(weights_only=True)`` the default, and mmengine's
checkpoints hold a pickled message hub and config, so mmengine's own local
loader fails on them. Importing onehead replaces the local ('' prefix)
scheme with one that loads the project's own files with
``weights_only=False``: only load checkpoints you trust.
"""
import os.path as osp

import torch
from mmengine.runner.checkpoint import CheckpointLoader


@CheckpointLoader.register_scheme(prefixes='', force=True)
def load_from_local(filename, map_location):
    filename = osp.expanduser(filename)
    if not osp.isfile(filename):
        raise FileNotFoundError(f'{filename} can not be found.')
    return torch.load(filename, map_location=map_location, weights_only=False)
