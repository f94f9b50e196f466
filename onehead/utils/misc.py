"""Small helpers shared by tools and hooks."""
import difflib
import glob
import inspect
import os.path as osp
import re
from typing import Optional

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


def latest_checkpoint(work_dir: str) -> Optional[str]:
    """The newest complete checkpoint in ``work_dir``, or None (no dir, or
    no checkpoint yet). Unfinished ``*.pth.tmp`` files are not candidates."""
    if not work_dir or not osp.isdir(work_dir):
        return None
    try:
        return resolve_checkpoint(work_dir)
    except FileNotFoundError:
        return None


def check_cfg_options(cfg, options: dict) -> None:
    """Refuse a ``--cfg-options`` key whose first part neither the config
    nor mmengine's Runner knows: mmengine would add it silently
    (``trian_cfg.max_epochs=1`` would leave the real schedule running).
    Nested keys under an existing one are mmengine's to check."""
    from mmengine.runner import Runner
    known = list(cfg.keys()) + [
        k for k in inspect.signature(Runner.__init__).parameters
        if k != 'self'] + ['custom_imports']
    for key in options:
        top = key.split('.')[0]
        if top not in known:
            near = difflib.get_close_matches(top, known, n=3, cutoff=0.6)
            raise KeyError(
                f'--cfg-options {key}: the config has no key {top!r}' +
                (f'; did you mean {", ".join(near)}?' if near else ''))


def unwrap(model):
    """The model inside a DDP (or other mmengine) wrapper."""
    return model.module if is_model_wrapper(model) else model


def default_work_dir(config: str) -> str:
    """``work_dirs/<config name>``; a config in a recipe folder
    (``configs/<recipe>/stage2_det.py``, ``configs/<recipe>/<variant>/...``)
    gets ``work_dirs/<recipe>[/<variant>]/<name>``, where the recipe's next
    stage looks for it and where ``tools/train_stages.py`` runs it."""
    path = osp.splitext(osp.abspath(config))[0].split(osp.sep)
    if 'configs' in path[:-1]:
        rel = path[len(path) - path[::-1].index('configs'):]
        if not any(p.startswith('_') for p in rel):
            return osp.join('work_dirs', *rel)
    return osp.join('work_dirs', path[-1])
