"""Save pictures of transformed training samples to check the pipeline.

``python tools/browse_dataset.py CONFIG --out DIR [--num 4] [--split val]``
draws boxes / masks / labels on the images exactly as the model receives
them (after resize, flip, padding): misaligned ground truth shows at once.
"""
import argparse
import os
import os.path as osp

import cv2
from mmengine.config import Config, DictAction
from mmengine.registry import init_default_scope

from onehead.registry import DATASETS
from onehead.utils import register_all_modules
from onehead.visualization import render_packed


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('config')
    p.add_argument('--out', default='work_dirs/browse')
    p.add_argument('--num', type=int, default=4)
    p.add_argument('--split', choices=['train', 'val'], default='train')
    p.add_argument('--cfg-options', nargs='+', action=DictAction)
    args = p.parse_args()
    register_all_modules()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'onehead'))
    ds = DATASETS.build(cfg[f'{args.split}_dataloader'].dataset)
    task = ds.get_data_info(0)['task']
    names = {task: ds.metainfo.get('classes')}
    os.makedirs(args.out, exist_ok=True)
    for i in range(min(args.num, len(ds))):
        img = render_packed(ds[i], names)
        path = osp.join(args.out, f'{task}_{i:03d}.png')
        cv2.imwrite(path, cv2.cvtColor(img, cv2.COLOR_RGB2BGR))
        print(path)


if __name__ == '__main__':
    main()
