"""Small helpers shared by tools and hooks."""
import glob
import os.path as osp
import re

from mmengine.model import is_model_wrapper


def resolve_checkpoint(path: str) -> str:
    """A checkpoint file, or a work dir -> its latest checkpoint.

    mmengine writes ``last_checkpoint`` (the path of the newest file) in
    the work dir; without it the highest ``epoch_N.pth``/``iter_N.pth``
    is taken.
    """
    if path is None or not osp.isdir(path):
        return path
    marker = osp.join(path, 'last_checkpoint')
    if osp.isfile(marker):
        with open(marker) as f:
            last = f.read().strip()
        if osp.isfile(last):
            return last
        if osp.isfile(osp.join(path, osp.basename(last))):
            return osp.join(path, osp.basename(last))
    ckpts = glob.glob(osp.join(path, '*.pth'))
    if not ckpts:
        raise FileNotFoundError(f'{path}: work dir holds no checkpoint')

    def number(p):
        m = re.search(r'(\d+)\.pth$', p)
        return int(m.group(1)) if m else -1

    return max(ckpts, key=number)


def unwrap(model):
    """The model inside a DDP (or other mmengine) wrapper."""
    return model.module if is_model_wrapper(model) else model
